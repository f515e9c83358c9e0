// [bidi] Arabic shaping, visual order and Devanagari's pre-base vowel for glyph-by-glyph renderers.
#include <doctest/doctest.h>

#include "learnwall/bidi.hpp"
#include "learnwall/utf8.hpp"

using namespace lw;

TEST_CASE("[bidi] Arabic letters not joined: shaping gives the contextual forms, in logical order") {
    // ليلى: lam (initial), yeh (medial), lam (medial), alef maksura (final).
    std::vector<std::size_t> origin;
    CHECK(shape_arabic(U"\u0644\u064A\u0644\u0649", &origin) == U"\uFEDF\uFEF4\uFEE0\uFEF0");
    CHECK(origin == std::vector<std::size_t>{0, 1, 2, 3});
    // A letter alone is isolated; a non-joining letter (reh) ends the word's joins.
    CHECK(shape_arabic(U"\u0628") == U"\uFE8F");
    CHECK(shape_arabic(U"\u0628\u0631\u0628") == U"\uFE91\uFEAE\uFE8F");
    // Lam + alef: one ligature, one index left in the map.
    CHECK(shape_arabic(U"\u0644\u0627 x", &origin) == U"\uFEFB x");
    CHECK(origin == std::vector<std::size_t>{1, 2, 3});  // FriBidi keeps the ligature at the alef
    // Lines are shaped apart: a letter before a newline is final, not joined across it.
    CHECK(shape_arabic(U"\u0628\u0628\n\u0628") == U"\uFE91\uFE90\n\uFE8F");
    // No Arabic: unchanged, identity map.
    CHECK(shape_arabic(U"Zo\u00EB", &origin) == U"Zo\u00EB");
    CHECK(origin == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("[bidi] a line in visual order: RTL reversed, numbers and Latin kept, controls dropped") {
    auto v = visual_line(U"\u05E9\u05DC\u05D5\u05DD", true);  // שלום
    CHECK(v.text == U"\u05DD\u05D5\u05DC\u05E9");
    CHECK(v.from == std::vector<std::size_t>{3, 2, 1, 0});
    // Latin inside Hebrew keeps its own order; the bracket is mirrored in the RTL run.
    auto m = visual_line(U"\u05D0 (abc)", true);
    CHECK(m.text == U"(abc) \u05D0");
    CHECK(visual_line(U"a\u200Fb", false).text == U"ab");
    CHECK(starts_right_to_left(U"  \u05D0 abc"));
    CHECK_FALSE(starts_right_to_left(U"abc \u05D0"));
    CHECK(visual_utf8("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\nab") == "\xD7\x9D\xD7\x95\xD7\x9C\xD7\xA9\nab");
}

TEST_CASE("[bidi] Devanagari vowel sign I moves before its consonant cluster") {
    CHECK(place_prebase_vowels(U"\u0915\u093F") == U"\u093F\u0915");                          // कि
    CHECK(place_prebase_vowels(U"\u092A\u094D\u0930\u093F\u092F\u093E") == U"\u093F\u092A\u094D\u0930\u092F\u093E");  // प्रिया
    CHECK(place_prebase_vowels(U"\u093F\u0915") == U"\u093F\u0915");  // a stray sign at the start stays
    std::vector<std::size_t> origin{0, 1, 2, 3};
    CHECK(place_prebase_vowels(U"a\u0915\u093Fb", &origin) == U"a\u093F\u0915b");
    CHECK(origin == std::vector<std::size_t>{0, 2, 1, 3});
}
