// The quote scene: one quote large and centred, the event's name and hashtags at the foot.
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "learnwall/quote_id.hpp"
#include "render/scene_context.hpp"

namespace lw::kiosk::detail {

void draw_quote_scene(SceneContext& c, const Wall& w) {
    const Metrics& m = c.m;
    if (w.quotes.empty()) return draw_wall_scene(c, w);
    const Quote& q = w.quotes[c.in.quote_index % w.quotes.size()];
    float width = std::min(m.w * 0.8f, m.px(1500));
    TextStyle qs{m.text(64), false, c.pal.on_dark, 1.3f, Align::center};
    auto qb = layout_text(c.fonts, "\u201C" + q.text + "\u201D", qs, width, 6);
    TextStyle as{m.text(36), true, c.pal.accent, 1.25f, Align::center};
    auto ab = layout_text(c.fonts, q.author.empty() ? "" : "\u2014 " + q.author, as, width, 1);
    float total = qb.height + m.px(40) + ab.height;
    float y = (c.bottom + m.px(44) - total) / 2;
    float x = (m.w - width) / 2;
    // A large, faint quotation mark behind the words, and the event's name and hashtags at the foot: the
    // scene belongs to the event even when someone walks by mid-quote.
    TextStyle big{m.text(220), true, sf::Color(c.pal.accent.r, c.pal.accent.g, c.pal.accent.b, 70), 1.0f, Align::center};
    auto bm = layout_text(c.fonts, "\u201C", big, width, 1);
    draw_text(c.t, bm, {x, y - m.px(170)});
    std::string foot = w.event_name;
    for (const auto& t : w.hashtags) foot += (foot.empty() ? "" : "   \u00B7   ") + with_hash(t);
    TextStyle fs{m.text(30), true, c.pal.on_dark_soft, 1.25f, Align::center};
    auto fb = layout_text(c.fonts, foot, fs, m.w - m.px(120), 2);
    float fy = c.bottom - fb.height;
    if (fy > y + total + m.px(40)) {
        draw_text(c.t, fb, {m.px(60), fy});
        c.record("quote_footer", "", {m.px(60) + (m.w - m.px(120) - fb.width) / 2, fy, fb.width, fb.height});
    }
    draw_text(c.t, qb, {x, y});
    // Named by its words (lw::quote_id): the watchdog then expects a new picture when another quote comes up.
    c.record("quote", quote_id(q), {x + (width - qb.width) / 2, y, qb.width, qb.height});
    draw_text(c.t, ab, {x, y + qb.height + m.px(40)});
    if (!q.author.empty())
        c.record("quote_author", "", {x + (width - ab.width) / 2, y + qb.height + m.px(40), ab.width, ab.height});
}

}  // namespace lw::kiosk::detail
