// The frame chrome: the header on every scene, the announcement ticker, the stale badge, the waiting
// screen before the first wall, and the organisers' "blank all screens" slide.
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "render/scene_context.hpp"

namespace lw::kiosk::detail {

float ticker_height(const Metrics& m, const Wall& w) {
    return w.display.announcements.empty() || w.display.blank ? 0.0f : std::round(m.px(64));
}

float draw_header(SceneContext& c, const Wall& w) {
    const Metrics& m = c.m;
    float margin = m.px(44);
    float y = m.px(34);
    TextStyle title{m.text(46), true, c.pal.on_dark};
    std::string tags;
    for (const auto& t : w.hashtags) tags += (tags.empty() ? "" : "   ") + with_hash(t);
    // The event's theme (learnwall-admin event theme) leads the hashtags: the week's one-word idea.
    if (!w.theme.empty()) tags = w.theme + (tags.empty() ? "" : "  \u00B7  " + tags);
    TextStyle tag_style{m.text(30), true, c.pal.accent};
    float tag_w = measure_line(c.fonts, to_display_u32(tags), tag_style.size, true);
    std::string event_name = w.event_name.empty() ? std::string("Learning week") : w.event_name;
    float name_w = measure_line(c.fonts, to_display_u32(event_name), title.size, true);
    // Side by side when both fit; otherwise (portrait, long names) the hashtags go under the name.
    float full_w = m.w - 2 * margin;
    bool stacked = name_w + tag_w + 2 * margin > full_w;
    float name_x = margin;
    if (c.logo && c.logo->getSize().y > 0) {
        // The logo stands as tall as the title's line, left of it.
        float lh = static_cast<float>(title.size) * 1.25f;
        float lw = std::min(lh * static_cast<float>(c.logo->getSize().x) / static_cast<float>(c.logo->getSize().y), m.px(400));
        sf::RectangleShape logo({lw, lh});
        logo.setPosition(margin, y);
        logo.setTexture(c.logo);
        c.t.draw(logo);
        c.record("logo", "", {margin, y, lw, lh});
        name_x += lw + m.px(20);
        full_w -= lw + m.px(20);
        stacked = name_w + tag_w + 2 * margin > full_w;
    }
    auto name = layout_text(c.fonts, event_name, title, stacked ? full_w : full_w - tag_w - margin, 1);
    draw_text(c.t, name, {name_x, y});
    auto tb = layout_text(c.fonts, tags, tag_style, stacked ? full_w : tag_w + 1, 1);
    float bottom;
    if (stacked) {
        draw_text(c.t, tb, {name_x, y + name.height + m.px(4)});
        bottom = y + name.height + m.px(4) + tb.height + m.px(10);
    } else {
        float tag_y = y + (static_cast<float>(title.size) - static_cast<float>(tag_style.size)) * 0.6f;
        draw_text(c.t, tb, {m.w - margin - tb.width, tag_y});
        bottom = y + name.height + m.px(14);
    }
    sf::RectangleShape rule({m.w - 2 * margin, std::max(1.0f, m.px(3))});
    rule.setPosition(margin, bottom);
    rule.setFillColor(sf::Color(c.pal.accent.r, c.pal.accent.g, c.pal.accent.b, 140));
    c.t.draw(rule);
    c.record("header", "", {margin, y, m.w - 2 * margin, bottom - y});
    return bottom + m.px(26);
}

namespace {
// The ticker's parts: its band along the bottom edge and the "WHAT'S ON" label at its left, whole pixels
// (the text's clip rectangle is a viewport, which SFML rounds to pixels).
struct TickerGeometry {
    sf::FloatRect band, label, text;
};

TickerGeometry ticker_geometry(const SceneContext& c, float th, const TextBlock& label_text) {
    const Metrics& m = c.m;
    TickerGeometry g;
    g.band = {0, std::round(m.h - th), std::round(m.w), th};
    g.label = {0, g.band.top, std::round(label_text.width + m.px(64)), th};
    g.text = {g.label.width, g.band.top, g.band.width - g.label.width, th};
    return g;
}

TextBlock ticker_label(const SceneContext& c) {
    const TextStyle ls{c.m.text(22), true, sf::Color::White};
    return layout_text(c.fonts, "WHAT'S ON", ls, c.m.px(300), 1);
}
}  // namespace

void draw_ticker_band(SceneContext& c, const Wall& w) {
    // The still part of the announcements ticker (its band and label) belongs to the static layer: a frame
    // in which only the words move redraws the band right of the label, nothing else (docs/kiosk-cpu.md).
    const Metrics& m = c.m;
    const float th = ticker_height(m, w);
    if (th <= 0) return;
    const TextBlock lb = ticker_label(c);
    const TickerGeometry g = ticker_geometry(c, th, lb);
    sf::RectangleShape bg({g.band.width, g.band.height});
    bg.setPosition(g.band.left, g.band.top);
    bg.setFillColor(sf::Color(8, 16, 28, 235));
    c.t.draw(bg);
    sf::RectangleShape lbg({g.label.width, g.label.height});
    lbg.setPosition(g.label.left, g.label.top);
    lbg.setFillColor(c.pal.accent_dark);
    c.t.draw(lbg);
    draw_text(c.t, lb, {m.px(32), g.band.top + (th - static_cast<float>(c.m.text(22)) * 1.25f) / 2});
    c.record("ticker", "", g.band);
}

bool draw_ticker(SceneContext& c, const Wall& w, sf::FloatRect* area) {
    // The announcements scrolling along the band, right of the label (the band itself is in the static layer).
    const Metrics& m = c.m;
    const float th = ticker_height(m, w);
    if (th <= 0) return false;
    const TickerGeometry g = ticker_geometry(c, th, ticker_label(c));
    if (g.text.width <= 0) return false;
    std::string joined;
    for (const auto& a : w.display.announcements) joined += (joined.empty() ? "" : "      \u2022      ") + a;
    TextStyle ts{m.text(28), false, c.pal.on_dark};
    auto tb = layout_text(c.fonts, joined, ts, 1e6f, 1);
    float gap = m.px(160);
    float speed = m.px(110);  // px per second: slow enough to read from a distance
    float period = tb.width + gap;
    float offset = std::fmod(static_cast<float>(c.in.elapsed_us) / 1e6f * speed, period);
    float y = g.band.top + (th - static_cast<float>(ts.size) * 1.25f) / 2;
    // Clipped to the band right of the label by a view whose viewport is that rectangle (SFML has no scissor):
    // the words pass behind the label as before, and never draw outside the area this reports.
    const sf::View saved = c.t.getView();
    const sf::Vector2u size = c.t.getSize();
    sf::View clip(g.text);
    clip.setViewport({g.text.left / static_cast<float>(size.x), g.text.top / static_cast<float>(size.y),
                      g.text.width / static_cast<float>(size.x), g.text.height / static_cast<float>(size.y)});
    c.t.setView(clip);
    // Starts just right of the label, so a screenshot or a fresh start shows words at once.
    for (float x = m.px(260) - offset; x < m.w; x += period)
        if (x + tb.width > g.text.left) draw_text(c.t, tb, {x, y});
    c.t.setView(saved);
    if (area) *area = g.text;
    return true;
}

namespace {
// Three linked dots centred at height cy: the quiet, event-neutral mark ("connect") of the waiting and
// blank screens; `faded` (the blank slide) draws the dots translucent.
void draw_linked_dots(SceneContext& c, float cy, sf::Uint8 line_alpha, bool faded) {
    const Metrics& m = c.m;
    float cx = m.w / 2, d = m.px(70), r = m.px(22);
    sf::Color line(c.pal.accent.r, c.pal.accent.g, c.pal.accent.b, line_alpha);
    for (float x0 : {cx - d, cx}) {
        sf::RectangleShape seg({d, m.px(6)});
        seg.setPosition(x0, cy - m.px(3));
        seg.setFillColor(line);
        c.t.draw(seg);
    }
    auto dot = [faded](sf::Color col, sf::Uint8 alpha) { return faded ? sf::Color(col.r, col.g, col.b, alpha) : col; };
    fill_circle(c.t, {cx - d, cy}, r, dot(c.pal.accent, 160));
    fill_circle(c.t, {cx, cy}, r * 1.25f, dot(c.pal.on_dark, 200));
    fill_circle(c.t, {cx + d, cy}, r, dot(c.pal.warm, 160));
}
}  // namespace

void draw_blank(SceneContext& c, const Wall& w) {
    // The organisers' "blank all screens" switch: a calm slide with nothing from the feed on it.
    const Metrics& m = c.m;
    float cy = m.h * 0.45f;
    draw_linked_dots(c, cy, 90, true);
    TextStyle ts{m.text(40), true, c.pal.on_dark_soft, 1.2f, Align::center};
    float width = m.w - m.px(120);
    auto tb = layout_text(c.fonts, w.event_name.empty() ? std::string("Learning week") : w.event_name, ts, width, 2);
    draw_text(c.t, tb, {m.px(60), cy + m.px(80)});
    c.record("blank", "", {m.px(60) + (width - tb.width) / 2, cy + m.px(80), tb.width, tb.height});
}

void draw_waiting(SceneContext& c, const std::string& reason) {
    const Metrics& m = c.m;
    // Three linked dots: a quiet, event-neutral mark ("connect") instead of a blank screen.
    float cy = m.h * 0.36f;
    draw_linked_dots(c, cy, 120, false);
    float width = std::min(m.w - m.px(120), m.px(1400));
    TextStyle ts{m.text(64), true, c.pal.on_dark, 1.2f, Align::center};
    auto tb = layout_text(c.fonts, "The wall is getting ready", ts, width, 2);
    float y = cy + m.px(90);
    draw_text(c.t, tb, {(m.w - width) / 2, y});
    c.record("waiting", "", {(m.w - width) / 2 + (width - tb.width) / 2, y, tb.width, tb.height});
    TextStyle ss{m.text(32), false, c.pal.on_dark_soft, 1.3f, Align::center};
    auto sb = layout_text(c.fonts, "Posts, leaderboards and quotes will appear here in a moment.", ss, width, 3);
    draw_text(c.t, sb, {(m.w - width) / 2, y + tb.height + m.px(24)});
    if (!reason.empty()) {
        TextStyle rs{m.text(18), false, sf::Color(c.pal.on_dark_soft.r, c.pal.on_dark_soft.g, c.pal.on_dark_soft.b, 170),
                     1.3f, Align::center};
        auto rb = layout_text(c.fonts, reason, rs, m.w - m.px(120), 3);
        float ry = c.bottom - rb.height;
        draw_text(c.t, rb, {m.px(60), ry});
        c.record("waiting_reason", "", {m.px(60) + (m.w - m.px(120) - rb.width) / 2, ry, rb.width, rb.height});
    }
}

void draw_stale_badge(SceneContext& c) {
    const Metrics& m = c.m;
    TextStyle s{m.text(20), true, c.pal.ink};
    auto b = layout_text(c.fonts, c.in.stale_text.empty() ? "Offline \u2014 showing the last update" : c.in.stale_text,
                         s, m.w * 0.5f, 1);
    float pw = b.width + m.px(36), ph = static_cast<float>(s.size) * 1.9f;
    // In the margin between the content and the ticker (or the screen edge): it never covers a card.
    sf::FloatRect pill{m.w - m.px(44) - pw, c.bottom + std::max(0.0f, (m.px(44) - ph) / 2), pw, ph};
    fill_rounded(c.t, pill, ph / 2, c.pal.gold);
    draw_text(c.t, b, {pill.left + m.px(18), pill.top + ph * 0.2f});
    c.record("stale_badge", "", pill);
}

}  // namespace lw::kiosk::detail
