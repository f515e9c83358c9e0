// The kiosk's fonts: DejaVu Sans (regular, bold) with a per-code-point fallback chain for the scripts
// and symbols it lacks (Devanagari, emoji, CJK), and the bounded set of character sizes every scene
// snaps to.
#pragma once

#include <SFML/Graphics/Font.hpp>

#include <array>
#include <memory>
#include <string>
#include <unordered_map>

#include "learnwall/result.hpp"

namespace lw::kiosk {

struct FontPaths {
    std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    // Fallbacks, asked in this order for a code point DejaVu lacks. Devanagari (fonts-lohit-deva,
    // 155 KB) before emoji so Hindi names get a real face; Symbola (fonts-symbola) for emoji and
    // symbols, as before; WenQuanYi Micro Hei (fonts-wqy-microhei, 5 MB, one regular face) for Chinese,
    // Japanese kana and Korean Hangul last, so it never replaces a symbol Symbola already drew.
    std::string devanagari = "/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf";
    std::string symbols = "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf";
    std::string cjk = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
};

class FontSet {
public:
    // Fails (naming the file) when a DejaVu face is missing; a missing fallback only loses its script
    // (listed in warning()).
    static Result<std::shared_ptr<FontSet>> load(const FontPaths& paths = {});
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    // The face that draws a code point: the primary face when it has the glyph, else the first
    // fallback that has it, else the primary face (which shows its own missing-glyph box).
    [[nodiscard]] const sf::Font& pick(char32_t cp, bool bold) const;
    [[nodiscard]] const sf::Font& primary(bool bold) const { return bold ? bold_ : regular_; }
    // True when a bold run drawn in `face` must be emboldened by FreeType (sf::Text::Bold): the
    // fallbacks have only a regular face, and a bold name would otherwise turn thin at its CJK letters.
    [[nodiscard]] bool synthetic_bold(const sf::Font& face, bool bold) const {
        return bold && &face != &bold_ && &face != &regular_ && &face != &fallback_[kSymbols];
    }
    // True when some face has a glyph for the code point (else pick() would draw a missing-glyph box).
    [[nodiscard]] bool drawable(char32_t cp, bool bold) const;
    [[nodiscard]] bool has_symbols() const { return loaded_[kSymbols]; }
    [[nodiscard]] bool has_cjk() const { return loaded_[kCjk]; }
    [[nodiscard]] bool has_devanagari() const { return loaded_[kDevanagari]; }
    [[nodiscard]] const std::string& warning() const { return warning_; }

private:
    FontSet() = default;
    static constexpr int kDevanagari = 0, kSymbols = 1, kCjk = 2, kFallbacks = 3;
    bool covers(int face, char32_t cp) const;  // face: 0 regular, 1 bold, 2 + fallback index

    sf::Font regular_, bold_;
    std::array<sf::Font, kFallbacks> fallback_;
    std::array<bool, kFallbacks> loaded_{};
    std::string warning_;
    // FreeType faces only answer "has this code point"; SFML 2.5 has no Font::hasGlyph.
    void* ft_library_ = nullptr;
    std::array<void*, 2 + kFallbacks> ft_faces_{};
    mutable std::array<std::unordered_map<char32_t, unsigned char>, 2 + kFallbacks> coverage_;
};

// Snaps a wanted pixel size to the bounded set, so each face grows a bounded number of glyph pages
// (SFML keeps one texture per character size and never evicts).
unsigned snap_char_size(float px);

}  // namespace lw::kiosk
