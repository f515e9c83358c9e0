// [kiosk] measured wrapping, ellipsis, highlighting, bidi order and relative times.
#include <doctest/doctest.h>

#include "fonts.hpp"
#include "kiosk_helpers.hpp"
#include "scenes.hpp"
#include "text_layout.hpp"

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

TEST_CASE("[kiosk] relative times") {
    using namespace std::chrono;
    lw::Instant now = lw::Instant{} + hours(24 * 400 + 12);  // noon UTC
    CHECK(relative_time(now - seconds(5), now) == "just now");
    CHECK(relative_time(now + minutes(3), now) == "just now");
    CHECK(relative_time(now - minutes(5), now) == "5 min ago");
    CHECK(relative_time(now - hours(3), now) == "3 h ago");
    CHECK(relative_time(now - hours(20), now) == "yesterday");
    CHECK(relative_time(now - hours(24 * 4), now) == "4 days ago");
}

TEST_CASE("[kiosk] relative times are off across local days: days count the event's calendar days") {
    auto t = [](const char* s) { return *lw::parse_rfc3339(s); };
    const std::string london = "Europe/London";
    // 23:00 on Monday seen at 00:30 on Wednesday (25.5 hours): two days ago, not "yesterday".
    CHECK(relative_time(t("2026-05-18T23:00:00+01:00"), t("2026-05-20T00:30:00+01:00"), london) == "2 days ago");
    // 23:30 seen at 09:00 the next morning: yesterday, not "9 h ago".
    CHECK(relative_time(t("2026-05-19T23:30:00+01:00"), t("2026-05-20T09:00:00+01:00"), london) == "yesterday");
    // The zone decides: 23:30 to 00:50 in London is "yesterday", the same instants in UTC one day.
    CHECK(relative_time(t("2026-05-19T22:30:00Z"), t("2026-05-19T23:50:00Z"), london) == "yesterday");
    CHECK(relative_time(t("2026-05-19T22:30:00Z"), t("2026-05-19T23:50:00Z"), "UTC") == "1 h ago");
    CHECK(relative_time(t("2026-05-19T00:30:00+01:00"), t("2026-05-19T09:00:00+01:00"), london) == "8 h ago");
    CHECK(relative_time(t("2026-05-19T00:30:00+01:00"), t("2026-05-19T09:00:00+01:00"), "UTC") == "yesterday");
    // Across the spring change (29 March 2026): Saturday noon seen at 00:30 on Monday is two days back.
    CHECK(relative_time(t("2026-03-28T12:00:00Z"), t("2026-03-29T23:30:00Z"), london) == "2 days ago");
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
