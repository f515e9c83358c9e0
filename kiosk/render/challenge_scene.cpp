// The challenge scene: before the event a countdown, during it today's challenge (or the next one), after
// it the final boards; "join in" beside it.
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "render/scene_context.hpp"
#include "learnwall/time.hpp"
#include "learnwall/time_text.hpp"

namespace lw::kiosk::detail {

namespace {
// "18 to 22 May 2026", "29 May to 2 June 2026": how a poster would write the event's dates.
std::string pretty_range(Date a, Date b) {
    auto day = [](Date d) { return std::to_string(static_cast<unsigned>(d.day())); };
    auto month = [](Date d) { return std::string(month_name(d.month())); };
    auto year = [](Date d) { return std::to_string(static_cast<int>(d.year())); };
    if (!a.ok() || !b.ok()) return format_date(a) + " to " + format_date(b);
    if (a.year() != b.year()) return day(a) + " " + month(a) + " " + year(a) + " to " + day(b) + " " + month(b) + " " + year(b);
    if (a.month() != b.month()) return day(a) + " " + month(a) + " to " + day(b) + " " + month(b) + " " + year(b);
    return day(a) + " to " + day(b) + " " + month(b) + " " + year(b);
}

// "3 days 4 h", "5 h 12 min", "12 min": the two most significant parts, whole minutes.
std::string duration_text(std::chrono::milliseconds d) {
    auto mins = std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::minutes>(d).count());
    auto days = mins / (24 * 60), hours = (mins / 60) % 24, rest = mins % 60;
    if (days > 0) return std::to_string(days) + (days == 1 ? " day " : " days ") + std::to_string(hours) + " h";
    if (hours > 0) return std::to_string(hours) + " h " + std::to_string(rest) + " min";
    return std::to_string(rest) + " min";
}
std::string upper_ascii(std::string s) {
    for (char& ch : s)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return s;
}

// "tomorrow", "on Thursday" (within the week), "on 21 May": when the next challenge comes.
std::string day_words(Date today, Date d) {
    auto gap = (std::chrono::sys_days{d} - std::chrono::sys_days{today}).count();
    if (gap == 1) return "tomorrow";
    if (gap > 1 && gap < 7) return std::string("on ") + weekday_name(weekday_of(d));
    return "on " + std::to_string(static_cast<unsigned>(d.day())) + " " + month_name(d.month());
}
}  // namespace

void draw_challenge_scene(SceneContext& c, const Wall& w) {
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44), gap = m.px(28);
    sf::FloatRect area{margin, top, m.w - 2 * margin, c.bottom - top};
    // Where the event stands today, in the event's own time zone.
    enum class Phase { before, during, after } phase = Phase::during;
    std::chrono::milliseconds until{0};
    auto today = local_date(c.in.now, w.timezone.empty() ? std::string("UTC") : w.timezone);
    if (today) {
        auto day = std::chrono::sys_days{*today};
        if (day < std::chrono::sys_days{w.start}) {
            phase = Phase::before;
            if (auto s = start_of_local_day(w.start, w.timezone)) until = *s - c.in.now;
        } else if (day > std::chrono::sys_days{w.end}) {
            phase = Phase::after;
        } else if (auto e = start_of_local_day(Date{day + std::chrono::days{1}}, w.timezone)) {
            until = *e - c.in.now;
        }
    }
    // Today's challenge by this screen's own clock in the event's zone, never the publishing day's:
    // a wall published yesterday (or last week) still shows the right one.
    const std::optional<Challenge> todays = challenge_for(w, c.in.now);
    const std::optional<Challenge> next_one = todays ? std::nullopt : next_challenge_after(w, c.in.now);
    sf::FloatRect main = area, side{};
    bool with_join = phase != Phase::after;
    if (with_join) {
        if (!m.portrait) {
            float sw = std::max(m.px(420), area.width * 0.3f);
            main = {area.left, area.top, area.width - sw - gap, area.height};
            side = {main.left + main.width + gap, area.top, sw, area.height};
        } else {
            float jh = std::min(m.px(420), area.height * 0.3f);
            main = {area.left, area.top, area.width, area.height - jh - gap};
            side = {area.left, area.top + area.height - jh, area.width, jh};
        }
    }
    fill_rounded(c.t, main, m.px(24), c.pal.panel);
    c.record("challenge_panel", "", main);
    float pad = m.px(56);
    float tw = main.width - 2 * pad;
    // Laid out twice: once to measure, once to draw, so the content sits in the middle of its panel.
    auto content = [&](float y0, bool dry) -> float {
        float y = y0;
        auto put = [&](const TextBlock& b, sf::Vector2f at) {
            if (!dry) draw_text(c.t, b, at);
        };
        auto kicker = [&](const std::string& text) {
            TextStyle ks{m.text(30), true, c.pal.accent};
            auto kb = layout_text(c.fonts, text, ks, tw, 1);
            put(kb, {main.left + pad, y});
            y += kb.height + m.px(20);
        };
        // The panel's big line (the challenge, the thanks), recorded as `kind` for the layout checks.
        auto headline = [&](const std::string& text, float size, int lines, const char* kind, const std::string& id,
                            float after) {
            TextStyle hs{m.text(size), true, c.pal.on_dark};
            auto hb = layout_text(c.fonts, text, hs, tw, lines);
            put(hb, {main.left + pad, y});
            if (!dry) c.record(kind, id, {main.left + pad, y, hb.width, hb.height});
            y += hb.height + after;
        };
        if (phase == Phase::before) {
            kicker("COMING SOON");
            TextStyle ts{m.text(56), true, c.pal.on_dark};
            auto tb = layout_text(c.fonts, (w.event_name.empty() ? std::string("The learning week") : w.event_name) + " starts in",
                                  ts, tw, 3);
            put(tb, {main.left + pad, y});
            y += tb.height + m.px(24);
            TextStyle cs{m.text(96), true, c.pal.gold};
            auto cb = layout_text(c.fonts, duration_text(until), cs, tw, 2);
            put(cb, {main.left + pad, y});
            if (!dry) c.record("countdown", "", {main.left + pad, y, cb.width, cb.height});
            y += cb.height + m.px(24);
            TextStyle ds{m.text(32), false, c.pal.on_dark_soft};
            auto db = layout_text(c.fonts, pretty_range(w.start, w.end), ds, tw, 1);
            put(db, {main.left + pad, y});
            y += db.height;
        } else if (phase == Phase::after) {
            kicker("THAT'S A WRAP");
            headline("Thank you for learning together!", 64, 2, "thanks", "", m.px(30));
            sf::FloatRect board{main.left + pad, y, tw, main.top + main.height - pad - y};
            if (!m.portrait && !w.teams.empty()) {
                float bw = (tw - gap) * 0.58f;
                if (!dry) draw_leader_panel(c, w, {board.left, board.top, bw, board.height}, "Final leaderboard");
                if (!dry) draw_team_panel(c, w, {board.left + bw + gap, board.top, tw - bw - gap, board.height});
            } else if (!w.teams.empty()) {
                // Portrait: the teams under the people, so the final board names every team that fits too.
                float bh = board.height - gap - team_panel_height(c, w, (board.height - gap) * 0.5f);
                if (!dry) draw_leader_panel(c, w, {board.left, board.top, tw, bh}, "Final leaderboard");
                if (!dry) draw_team_panel(c, w, {board.left, board.top + bh + gap, tw, board.height - bh - gap});
            } else if (!dry) {
                draw_leader_panel(c, w, board, "Final leaderboard");
            }
            y = main.top + main.height - pad;
        } else if (!todays) {
            kicker("TODAY");
            headline("Share one thing you learned today", 56, 3, "challenge", "", m.px(30));
            TextStyle ls{m.text(32), false, c.pal.on_dark_soft};
            auto lb = layout_text(c.fonts, duration_text(until) + " left today", ls, tw, 1);
            put(lb, {main.left + pad, y});
            if (!dry) c.record("time_left", "", {main.left + pad, y, lb.width, lb.height});
            y += lb.height;
            if (next_one && today) {
                // What comes next, so a day without a challenge still points somewhere.
                y += m.px(44);
                TextStyle hs{m.text(30), true, c.pal.accent};
                auto hb = layout_text(c.fonts, "NEXT CHALLENGE " + upper_ascii(day_words(*today, next_one->date)), hs, tw, 1);
                put(hb, {main.left + pad, y});
                y += hb.height + m.px(14);
                TextStyle xs{m.text(44), true, c.pal.gold};
                auto xb = layout_text(c.fonts, next_one->title, xs, tw, 2);
                put(xb, {main.left + pad, y});
                if (!dry) c.record("next_challenge", next_one->tag, {main.left + pad, y, xb.width, xb.height});
                y += xb.height;
            }
        } else {
            const Challenge& ch = *todays;
            kicker("TODAY'S CHALLENGE");
            headline(ch.title, 64, 3, "challenge", ch.tag, m.px(24));
            if (!ch.description.empty()) {
                TextStyle ds{m.text(36), false, c.pal.on_dark_soft};
                float room = main.top + main.height - pad - y - m.px(170);
                int lines = std::max(1, static_cast<int>(room / (static_cast<float>(ds.size) * ds.line_spacing)));
                auto db = layout_text(c.fonts, ch.description, ds, tw, std::min(lines, 6));
                put(db, {main.left + pad, y});
                y += db.height + m.px(30);
            }
            // Hashtag chip, bonus chip, time left: the three facts to carry away.
            float cx = main.left + pad;
            auto chip = [&](const std::string& text, sf::Color bg, sf::Color fg) {
                TextStyle cs{m.text(40), true, fg};
                auto cb = layout_text(c.fonts, text, cs, tw, 1);
                sf::FloatRect r{cx, y, cb.width + m.px(48), static_cast<float>(cs.size) * 1.7f};
                if (r.left + r.width > main.left + main.width - pad && cx > main.left + pad) {
                    cx = main.left + pad;
                    y += r.height + m.px(16);
                    r.left = cx;
                    r.top = y;
                }
                if (!dry) fill_rounded(c.t, r, r.height / 2, bg);
                put(cb, {r.left + m.px(24), r.top + r.height * 0.16f});
                if (!dry) c.record("challenge_chip", text, r);
                cx = r.left + r.width + m.px(20);
                return r;
            };
            chip(with_hash(ch.tag), c.pal.accent, sf::Color::White);
            if (ch.bonus > 0) chip("+" + std::to_string(ch.bonus) + " bonus points", c.pal.gold, c.pal.ink);  // "+0" promises nothing
            y += static_cast<float>(m.text(40)) * 1.7f + m.px(24);
            TextStyle ls{m.text(40), true, c.pal.on_dark};
            auto lb = layout_text(c.fonts, "\u23F0 " + duration_text(until) + " left today", ls, tw, 1);
            if (y + lb.height <= main.top + main.height) {
                put(lb, {main.left + pad, y});
                if (!dry) c.record("time_left", "", {main.left + pad, y, lb.width, lb.height});
            }
            y += lb.height;
        }
        return y - y0;
    };
    float h = content(0, true);
    float y0 = phase == Phase::after ? main.top + pad : main.top + std::max(pad, (main.height - h) / 2);
    content(y0, false);
    if (with_join) draw_join_card(c, w, side);
}

}  // namespace lw::kiosk::detail
