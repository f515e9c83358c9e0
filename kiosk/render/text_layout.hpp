// Measured text layout for the kiosk: wraps by the real glyph advances of the faces that will draw
// each code point, ends with an ellipsis when the lines run out, colours spans (hashtags, mentions)
// joins Arabic and reorders right-to-left runs (learnwall/bidi.hpp, FriBidi). Layout is separate from drawing so scenes can place
// a block before drawing it and report where it went.
#pragma once

#include <SFML/Graphics/Color.hpp>
#include <SFML/Graphics/Rect.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/System/String.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "render/fonts.hpp"

namespace lw::kiosk {

enum class Align { left, center, right };

struct TextStyle {
    unsigned size = 32;  // pixels; callers pass snap_char_size(...)
    bool bold = false;
    sf::Color color = sf::Color::White;
    float line_spacing = 1.25f;  // line height as a multiple of size
    Align align = Align::left;
};

struct PlacedRun {
    const sf::Font* font = nullptr;
    sf::String text;
    sf::Vector2f pos;  // top-left of the run's line box, relative to the block
    float width = 0;
    sf::Color color;
    unsigned size = 0;
    bool synthetic_bold = false;  // a bold run in a fallback face with no bold of its own
};

struct TextBlock {
    std::vector<PlacedRun> runs;
    float width = 0;   // widest line
    float height = 0;  // lines * line height
    float box_width = 0;  // the width it was laid out into
    int lines = 0;
    bool truncated = false;  // an ellipsis was added
    bool rtl = false;        // paragraph direction
};

// Untrusted UTF-8 to drawable code points: repaired, control characters made spaces (newlines kept),
// invisible joiners and variation selectors dropped (they would draw as boxes).
std::u32string to_display_u32(std::string_view utf8);

// colours: one per code point of text, or empty for style.color throughout.
// max_lines <= 0 means unlimited.
TextBlock layout_text(const FontSet& fonts, const std::u32string& text, const std::vector<sf::Color>& colours,
                      const TextStyle& style, float max_width, int max_lines);
inline TextBlock layout_text(const FontSet& fonts, std::string_view utf8, const TextStyle& style, float max_width,
                             int max_lines) {
    return layout_text(fonts, to_display_u32(utf8), {}, style, max_width, max_lines);
}

// Width of a single line without wrapping.
float measure_line(const FontSet& fonts, const std::u32string& text, unsigned size, bool bold);

// Draws a laid-out block with its top-left at origin; alpha scales every run's colour (fades).
void draw_text(sf::RenderTarget& target, const TextBlock& block, sf::Vector2f origin, float alpha = 1.0f);

}  // namespace lw::kiosk
