// Font loading and per-code-point fallback for the kiosk.
#include "render/fonts.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <array>
#include <cmath>

#include "learnwall/fsutil.hpp"

namespace lw::kiosk {

namespace {
constexpr std::array<unsigned, 22> kSizes = {12, 14, 16, 18, 20, 22, 24, 28, 32, 36, 40,
                                             44, 48, 56, 64, 72, 84, 96, 112, 128, 160, 200};
}

unsigned snap_char_size(float px) {
    unsigned best = kSizes.front();
    for (unsigned s : kSizes)
        if (static_cast<float>(s) <= px + 0.5f) best = s;
    return best;
}

Result<std::shared_ptr<FontSet>> FontSet::load(const FontPaths& paths) {
    std::shared_ptr<FontSet> fs(new FontSet());
    auto need = [](sf::Font& f, const std::string& path) -> Status {
        if (!file_exists(path)) return fail(path + ": font file not found (install fonts-dejavu-core)");
        if (!f.loadFromFile(path)) return fail(path + ": cannot load font");
        return {};
    };
    if (auto s = need(fs->regular_, paths.regular); !s) return fail(s.error());
    if (auto s = need(fs->bold_, paths.bold); !s) return fail(s.error());
    struct Fallback {
        const std::string* path;
        const char* package;
        const char* loses;
    };
    const std::array<Fallback, kFallbacks> fallbacks = {{
        {&paths.devanagari, "fonts-lohit-deva", "Devanagari (Hindi, Marathi) shows as boxes"},
        {&paths.symbols, "fonts-symbola", "emoji show as boxes"},
        {&paths.cjk, "fonts-wqy-microhei", "Chinese, Japanese and Korean show as boxes"},
    }};
    for (int i = 0; i < kFallbacks; ++i) {
        const Fallback& f = fallbacks[static_cast<std::size_t>(i)];
        if (file_exists(*f.path) && fs->fallback_[static_cast<std::size_t>(i)].loadFromFile(*f.path)) {
            fs->loaded_[static_cast<std::size_t>(i)] = true;
        } else {
            fs->warning_ += (fs->warning_.empty() ? "" : "; ") + *f.path + ": font not available (install " +
                            f.package + "); " + f.loses;
        }
    }
    FT_Library lib = nullptr;
    if (FT_Init_FreeType(&lib) == 0) {
        fs->ft_library_ = lib;
        const std::array<const std::string*, 2 + kFallbacks> files = {&paths.regular, &paths.bold, &paths.devanagari,
                                                                        &paths.symbols, &paths.cjk};
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (i >= 2 && !fs->loaded_[i - 2]) continue;
            FT_Face face = nullptr;
            if (FT_New_Face(lib, files[i]->c_str(), 0, &face) == 0) fs->ft_faces_[i] = face;
        }
    }
    return fs;
}

FontSet::~FontSet() {
    for (void*& f : ft_faces_)
        if (f) FT_Done_Face(static_cast<FT_Face>(f));
    if (ft_library_) FT_Done_FreeType(static_cast<FT_Library>(ft_library_));
}

bool FontSet::covers(int face, char32_t cp) const {
    auto i = static_cast<std::size_t>(face);
    if (!ft_faces_[i]) return face < 2;  // without FreeType, trust the primary face
    auto& cache = coverage_[i];
    auto it = cache.find(cp);
    if (it != cache.end()) return it->second != 0;
    bool has = FT_Get_Char_Index(static_cast<FT_Face>(ft_faces_[i]), cp) != 0;
    cache.emplace(cp, has ? 1 : 0);
    return has;
}

bool FontSet::drawable(char32_t cp, bool bold) const {
    if (covers(bold ? 1 : 0, cp)) return true;
    for (int i = 0; i < kFallbacks; ++i)
        if (loaded_[static_cast<std::size_t>(i)] && covers(2 + i, cp)) return true;
    return false;
}

const sf::Font& FontSet::pick(char32_t cp, bool bold) const {
    int primary_face = bold ? 1 : 0;
    // Latin below U+0300 is all in DejaVu; above it (combining marks, Greek, Cyrillic, symbols) ask the face.
    if (cp < 0x0300 || covers(primary_face, cp)) return bold ? bold_ : regular_;
    for (int i = 0; i < kFallbacks; ++i)
        if (loaded_[static_cast<std::size_t>(i)] && covers(2 + i, cp)) return fallback_[static_cast<std::size_t>(i)];
    return bold ? bold_ : regular_;
}

}  // namespace lw::kiosk
