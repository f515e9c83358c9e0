// [kiosk] measured wrapping, ellipsis, highlighting, bidi order and relative times.
#include <doctest/doctest.h>

#include "render/fonts.hpp"
#include "kiosk_helpers.hpp"
#include "render/renderer.hpp"
#include "render/text_layout.hpp"

using namespace lw::kiosk;
using kiosk_test::fonts;

namespace {
std::u32string line_text(const TextBlock& b, float y) {
    std::u32string s;
    for (const auto& r : b.runs)
        if (r.pos.y == y) s += std::u32string(reinterpret_cast<const char32_t*>(r.text.getData()), r.text.getSize());
    return s;
}
}  // namespace

TEST_CASE("[kiosk] text wraps by measured width and never overflows the box") {
    auto f = fonts();
    TextStyle st{30};
    const std::string text = "Write the question down before you search for the answer; it saves ten minutes.";
    auto wide = layout_text(*f, text, st, 2000, 0);
    CHECK(wide.lines == 1);
    for (float width : {600.0f, 300.0f, 150.0f}) {
        auto b = layout_text(*f, text, st, width, 0);
        CHECK(b.lines > 1);
        CHECK(b.width <= width);
        for (const auto& r : b.runs) CHECK(r.pos.x + r.width <= width + 0.5f);
    }
    CHECK(layout_text(*f, text, st, 150, 0).lines > layout_text(*f, text, st, 600, 0).lines);
}

TEST_CASE("[kiosk] a word longer than the line is broken inside, not drawn past the edge") {
    auto f = fonts();
    auto b = layout_text(*f, std::string(60, 'W'), TextStyle{30}, 200, 0);
    CHECK(b.lines > 3);
    CHECK(b.width <= 200);
}

TEST_CASE("[kiosk] text that runs out of lines ends with an ellipsis inside the width") {
    auto f = fonts();
    std::string text;
    for (int i = 0; i < 40; ++i) text += "learning ";
    auto b = layout_text(*f, text, TextStyle{30}, 400, 2);
    CHECK(b.lines == 2);
    CHECK(b.truncated);
    CHECK(b.width <= 400);
    auto last = line_text(b, b.runs.back().pos.y);
    REQUIRE(!last.empty());
    CHECK(last.back() == U'\u2026');
    CHECK_FALSE(layout_text(*f, "short", TextStyle{30}, 400, 2).truncated);
}

TEST_CASE("[kiosk] emoji are drawn with the fallback face, letters with the primary") {
    auto f = fonts();
    if (!f->has_symbols()) return;  // fonts-symbola is a bootstrap package; without it only boxes change
    CHECK(&f->pick(U'a', false) == &f->primary(false));
    CHECK(&f->pick(U'\U0001F389', false) != &f->primary(false));
    auto b = layout_text(*f, "party \xF0\x9F\x8E\x89 time", TextStyle{30}, 1000, 1);
    CHECK(b.runs.size() == 3);
}

TEST_CASE("[kiosk] invalid UTF-8 and control characters never cut the text short") {
    auto u = to_display_u32("ab\xC3 cd\x01" "ef\xEF\xB8\x8F");
    CHECK(u.find(U"cd") != std::u32string::npos);
    CHECK(u.find(U'\x01') == std::u32string::npos);
    CHECK(u.find(U'\uFE0F') == std::u32string::npos);
    CHECK(u.back() == U'f');
}

TEST_CASE("[kiosk] right-to-left text is reordered for display and right-aligned") {
    auto f = fonts();
    // Hebrew "shalom" (shin, lamed, vav, final mem): visual order reverses the logical one.
    auto b = layout_text(*f, "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", TextStyle{30}, 500, 1);
    CHECK(b.rtl);
    auto s = line_text(b, 0);
    REQUIRE(s.size() == 4);
    CHECK(s.front() == U'\u05DD');
    CHECK(s.back() == U'\u05E9');
    CHECK(b.runs.front().pos.x > 250);  // right-aligned in its box
}

TEST_CASE("[kiosk] a right-to-left override cannot reverse a post's letters; Hebrew still reads right to left") {
    auto f = fonts();
    // U+202E (RLO) before Latin text would draw "Tip" as "piT": what a moderator approved must be what shows.
    auto b = layout_text(*f, "\xE2\x80\xAETip: ok \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", TextStyle{30}, 900, 1);
    auto s = line_text(b, 0);
    REQUIRE(s.size() >= 3);
    CHECK(s.substr(0, 3) == U"Tip");
    CHECK(s.find(U'\u202E') == std::u32string::npos);
    // The Hebrew word inside is still in visual (reversed) order: final mem first.
    auto heb = s.find(U'\u05DD');
    REQUIRE(heb != std::u32string::npos);
    CHECK(s.find(U'\u05E9') > heb);
}

TEST_CASE("[kiosk] hashtags and mentions are highlighted, C# and e-mail addresses are not") {
    sf::Color base = sf::Color::Black, tag = sf::Color::Green, men = sf::Color::Blue;
    std::u32string t = U"I like C# and #NLAWWeek, ask @lena@social.example or me@work.com";
    auto c = highlight_spans(t, base, tag, men);
    CHECK(c[t.find(U"C#") + 1] == base);
    auto h = t.find(U"#NLAW");
    CHECK(c[h] == tag);
    CHECK(c[h + 8] == tag);
    CHECK(c[h + 9] == base);  // the comma ends the tag
    auto m = t.find(U"@lena");
    CHECK(c[m] == men);
    CHECK(c[t.find(U"example")] == men);
    CHECK(c[t.find(U"@work")] == base);
}

TEST_CASE("[kiosk] character sizes come from a bounded set") {
    for (float px = 5; px < 400; px += 0.7f) {
        unsigned s = snap_char_size(px);
        CHECK(s >= 12);
        CHECK(s <= 200);
        CHECK(snap_char_size(static_cast<float>(s)) == s);
    }
}

TEST_CASE("[kiosk] combining marks no font has are dropped, the ones it has are kept") {
    auto f = fonts();
    REQUIRE(!f->drawable(U'\u1DFA', false));  // DejaVu and Symbola lack it: it would be a box
    REQUIRE(f->drawable(U'\u0301', false));   // combining acute: DejaVu has it
    // Only Symbola has U+0354: it must be drawn from Symbola, not as DejaVu's box.
    CHECK(&f->pick(U'\u0354', false) != &f->primary(false));
    TextStyle st{32, false, sf::Color::Black};
    auto b = layout_text(*f, "Z\u1DFA\u20F1a\u0301lgo", st, 800, 1);
    auto shown = line_text(b, 0);
    CHECK(shown.find(U'\u1DFA') == std::u32string::npos);
    CHECK(shown.find(U'\u20F1') == std::u32string::npos);
    CHECK(shown.find(U'\u0301') != std::u32string::npos);
    CHECK(shown.find(U"lgo") != std::u32string::npos);
}

// ---- text in every script (issue 11) ----

namespace {
bool all_drawable(const FontSet& f, const std::u32string& s, bool bold) {
    for (char32_t cp : s)
        if (cp != U' ' && !f.drawable(cp, bold)) return false;
    return true;
}
}  // namespace

TEST_CASE("[kiosk] Chinese name drawn as boxes: CJK comes from the CJK fallback face, regular and bold") {
    auto f = fonts();
    REQUIRE_MESSAGE(f->has_cjk(), "fonts-wqy-microhei is a bootstrap package: " << f->warning());
    for (bool bold : {false, true}) {
        CAPTURE(bold);
        // 李雷 (a name), 今天学习 (post text), かな and 한글 (Japanese kana, Korean Hangul).
        CHECK(all_drawable(*f, U"\u674E\u96F7 \u4ECA\u5929\u5B66\u4E60 \u304B\u306A \uD55C\uAE00", bold));
        const sf::Font& li = f->pick(U'\u674E', bold);
        CHECK(&li != &f->primary(bold));
        // The CJK face has one weight: bold runs in it are emboldened, not drawn thin.
        CHECK(f->synthetic_bold(li, bold) == bold);
    }
    auto b = layout_text(*f, "\xE6\x9D\x8E\xE9\x9B\xB7", TextStyle{30, true}, 500, 1);  // 李雷
    REQUIRE(b.runs.size() == 1);
    CHECK(b.runs[0].synthetic_bold);
    CHECK(b.width > 40);  // two full-width glyphs, not two zero-width boxes
}

TEST_CASE("[kiosk] Devanagari, Hebrew, Cyrillic and Arabic presentation forms have a face") {
    auto f = fonts();
    REQUIRE_MESSAGE(f->has_devanagari(), "fonts-lohit-deva is a bootstrap package: " << f->warning());
    CHECK(all_drawable(*f, U"\u092A\u094D\u0930\u093F\u092F\u093E \u0936\u0930\u094D\u092E\u093E", false));  // प्रिया शर्मा
    CHECK(all_drawable(*f, U"\u05D3\u05E0\u05D4 \u05DB\u05D4\u05DF", true));                                    // דנה כהן
    CHECK(all_drawable(*f, U"\u041E\u043B\u044C\u0433\u0430", true));                                            // Ольга
    CHECK(all_drawable(*f, U"\uFEDF\uFEF4\uFEE0\uFEF0 \uFEA3\uFEB4\uFEE6", true));  // ليلى حسن, shaped
}

TEST_CASE("[kiosk] Arabic letters are joined: the layout draws their contextual forms") {
    auto f = fonts();
    // ليلى (lam, yeh, lam, alef maksura): initial, medial, medial, final forms.
    auto b = layout_text(*f, "\xD9\x84\xD9\x8A\xD9\x84\xD9\x89", TextStyle{30, true}, 500, 1);
    CHECK(b.rtl);
    auto s = line_text(b, 0);
    REQUIRE(s.size() == 4);
    // Visual order, left to right: final alef maksura, medial lam, medial yeh, initial lam.
    CHECK(s == std::u32string(U"\uFEF0\uFEE0\uFEF4\uFEDF"));
    // Lam + alef become one ligature (لا), the second letter gone rather than left as a box.
    auto la = line_text(layout_text(*f, "\xD9\x84\xD8\xA7", TextStyle{30}, 500, 1), 0);
    CHECK(la == std::u32string(U"\uFEFB"));
    // Colours follow the letters through shaping: an Arabic hashtag is coloured as a whole.
    std::u32string tagged = U"\u0644\u064A\u0644\u0649 #\u0644\u064A\u0644\u0649";
    std::vector<sf::Color> colours(tagged.size(), sf::Color::White);
    for (std::size_t i = 5; i < tagged.size(); ++i) colours[i] = sf::Color::Red;
    auto cb = layout_text(*f, tagged, colours, TextStyle{30}, 500, 1);
    std::size_t red = 0;
    for (const auto& r : cb.runs)
        if (r.color == sf::Color::Red) red += r.text.getSize();
    CHECK(red == 5);
}

TEST_CASE("[kiosk] Devanagari vowel sign I is drawn before its consonant cluster") {
    auto f = fonts();
    // कि (ka + vowel sign i) is drawn vowel first; प्रि (pa virama ra + i) puts it before the cluster.
    CHECK(line_text(layout_text(*f, "\xE0\xA4\x95\xE0\xA4\xBF", TextStyle{30}, 500, 1), 0) == std::u32string(U"\u093F\u0915"));
    CHECK(line_text(layout_text(*f, "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xBF", TextStyle{30}, 500, 1), 0) ==
          std::u32string(U"\u093F\u092A\u094D\u0930"));
}
