// The kiosk's fonts: DejaVu Sans (regular, bold) with Symbola as a per-code-point fallback for emoji
// and symbols, and the bounded set of character sizes every scene snaps to.
#pragma once

#include <SFML/Graphics/Font.hpp>

#include <memory>
#include <string>
#include <unordered_map>

#include "learnwall/result.hpp"

namespace lw::kiosk {

struct FontPaths {
    std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    std::string symbols = "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf";
};

class FontSet {
public:
    // Fails (naming the file) when a DejaVu face is missing; a missing Symbola only loses emoji.
    static Result<std::shared_ptr<FontSet>> load(const FontPaths& paths = {});
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    // The face that draws a code point: the primary face when it has the glyph, else Symbola when
    // it has it, else the primary face (which shows its own missing-glyph box).
    [[nodiscard]] const sf::Font& pick(char32_t cp, bool bold) const;
    [[nodiscard]] const sf::Font& primary(bool bold) const { return bold ? bold_ : regular_; }
    // True when some face has a glyph for the code point (else pick() would draw a missing-glyph box).
    [[nodiscard]] bool drawable(char32_t cp, bool bold) const {
        return covers(bold ? 1 : 0, cp) || (has_symbols_ && covers(2, cp));
    }
    [[nodiscard]] bool has_symbols() const { return has_symbols_; }
    [[nodiscard]] const std::string& warning() const { return warning_; }

private:
    FontSet() = default;
    bool covers(int face, char32_t cp) const;  // face: 0 regular, 1 bold, 2 symbols

    sf::Font regular_, bold_, symbols_;
    bool has_symbols_ = false;
    std::string warning_;
    // FreeType faces only answer "has this code point"; SFML 2.5 has no Font::hasGlyph.
    void* ft_library_ = nullptr;
    void* ft_faces_[3] = {nullptr, nullptr, nullptr};
    mutable std::unordered_map<char32_t, unsigned char> coverage_[3];
};

// Snaps a wanted pixel size to the bounded set, so each face grows a bounded number of glyph pages
// (SFML keeps one texture per character size and never evicts).
unsigned snap_char_size(float px);

}  // namespace lw::kiosk
