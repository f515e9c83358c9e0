// Right-to-left text for renderers that draw glyph by glyph (the kiosk's SFML text, the admin's ImGui):
// Arabic joined into its contextual forms and each line put in visual order, with FriBidi. Shared so
// the wall and the moderation queue show a name the same way. No graphics types here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lw {

// Arabic letters replaced by the presentation form their neighbours call for (isolated, initial,
// medial, final) and lam + alef made one ligature, in logical order. Neither SFML nor ImGui shapes
// text, so without this Arabic is drawn as a row of unjoined letters. Text with no Arabic comes
// back unchanged. `origin`, when given, receives for each output code point the index of the input
// code point it came from (a lam-alef ligature keeps one of its two letters' indices).
std::u32string shape_arabic(std::u32string_view logical, std::vector<std::size_t>* origin = nullptr);

// Devanagari's vowel sign I (ि, U+093F) is written after its consonant cluster but drawn before it.
// Without a shaping engine (SFML, ImGui) it would sit after the consonant; this moves it before the
// cluster (consonant, or consonants joined by virama). Conjuncts and half forms still need a shaper:
// the virama stays visible. `origin` as for shape_arabic (updated in place when given).
std::u32string place_prebase_vowels(std::u32string_view logical, std::vector<std::size_t>* origin = nullptr);

// True when the first strong character is right-to-left (Hebrew, Arabic): the paragraph's direction
// by the Unicode rules P2/P3. False for text with no strong character.
bool starts_right_to_left(std::u32string_view text);
// True when any character is right-to-left.
bool has_right_to_left(std::u32string_view text);

// One line in the order it is drawn, left to right. `from[i]` is the logical index shown at visual
// position i; brackets are mirrored inside right-to-left runs; bidi control characters are removed.
struct VisualLine {
    std::u32string text;
    std::vector<std::size_t> from;
};
VisualLine visual_line(std::u32string_view logical_line, bool rtl_paragraph);

// UTF-8 in, UTF-8 ready for a left-to-right glyph-by-glyph renderer out: repaired, Arabic shaped,
// Devanagari's vowel sign I put before its cluster,
// each '\n'-separated line reordered (paragraph direction from its own first strong character).
// Lines must not be wrapped afterwards by a renderer that wraps in logical order.
std::string visual_utf8(std::string_view utf8);

}  // namespace lw
