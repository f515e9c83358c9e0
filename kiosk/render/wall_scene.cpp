// The live wall: header, masonry of post cards (whole or absent), leaderboard, quote and "join in" beside
// (landscape) or below (portrait).
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "render/scene_context.hpp"

namespace lw::kiosk::detail {

void draw_wall_scene(SceneContext& c, const Wall& w) {
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44), gap = m.px(24);
    float bottom = c.bottom;
    sf::FloatRect posts_area, leader_area, quote_area, join_area;
    const float join_h = m.px(m.portrait ? 220 : 170);
    if (!m.portrait) {
        // Sidebar: leaderboard, then the quote, then "join in" with its QR code at the bottom.
        float side_w = std::max(m.px(440), m.w * 0.28f);
        posts_area = {margin, top, m.w - 2 * margin - side_w - gap, bottom - top};
        float sx = posts_area.left + posts_area.width + gap;
        float leader_h = std::min(m.px(410), (bottom - top) * 0.46f);
        leader_area = {sx, top, side_w, leader_h};
        join_area = {sx, bottom - join_h, side_w, join_h};
        quote_area = {sx, top + leader_h + gap, side_w, bottom - join_h - gap - (top + leader_h + gap)};
    } else {
        float lower_h = std::max(m.px(500), (bottom - top) * 0.3f);
        posts_area = {margin, top, m.w - 2 * margin, bottom - top - lower_h - gap};
        float lw = (m.w - 2 * margin - gap) * 0.52f;
        float rx = margin + lw + gap, rw = m.w - 2 * margin - gap - lw;
        leader_area = {margin, bottom - lower_h, lw, lower_h};
        join_area = {rx, bottom - join_h, rw, join_h};
        quote_area = {rx, bottom - lower_h, rw, lower_h - join_h - gap};
    }
    c.record("posts_area", "", posts_area);

    if (w.posts.empty()) {
        TextStyle es{m.text(40), true, c.pal.on_dark};
        auto eb = layout_text(c.fonts, "Be the first on the wall!", es, posts_area.width, 2);
        float y = posts_area.top + posts_area.height * 0.35f;
        draw_text(c.t, eb, {posts_area.left, y});
        std::string how = w.display.call_to_action.empty()
                              ? (w.hashtags.empty() ? std::string("Share what you learned today.")
                                                    : "Share what you learned today with " + with_hash(w.hashtags[0]))
                              : w.display.call_to_action;
        TextStyle hs{m.text(30), false, c.pal.on_dark_soft};
        auto hb = layout_text(c.fonts, how, hs, posts_area.width, 3);
        draw_text(c.t, hb, {posts_area.left, y + eb.height + m.px(16)});
        c.record("empty_wall", "", {posts_area.left, y, posts_area.width, eb.height + hb.height});
    } else {
        // Masonry: each card goes into the shortest column; a card that would cross the bottom is left out
        // rather than cut, so every card on screen is whole.
        float col_min = m.px(m.portrait ? 440 : 520);
        int cols = std::clamp(static_cast<int>((posts_area.width + gap) / (col_min + gap)), 1, 4);
        float col_w = (posts_area.width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        std::vector<float> col_y(static_cast<std::size_t>(cols), posts_area.top);
        // Pinned posts first, then the rest newest first (the order wall.json gives).
        std::vector<const WallPost*> order;
        for (const auto& p : w.posts)
            if (p.pinned) order.push_back(&p);
        for (const auto& p : w.posts)
            if (!p.pinned) order.push_back(&p);
        const float area_bottom = posts_area.top + posts_area.height;
        std::vector<bool> drawn(order.size(), false);
        for (std::size_t i = 0; i < order.size(); ++i) {
            const WallPost* p = order[i];
            float h = card_height(c, *p, col_w);
            // The shortest column that still has room for this card; a card that fits nowhere is left out
            // (a later, shorter one may still fill the gap).
            std::optional<std::size_t> best;
            for (std::size_t k = 0; k < col_y.size(); ++k)
                if (col_y[k] + h <= area_bottom && (!best || col_y[k] < col_y[*best])) best = k;
            if (!best) continue;
            sf::FloatRect r{posts_area.left + static_cast<float>(*best) * (col_w + gap), col_y[*best], col_w, h};
            draw_card(c, *p, r);
            drawn[i] = true;
            col_y[*best] += h + gap;
        }
        // A gap left at the foot of a column takes the next post with its text cut short (ellipsis), so the
        // wall looks full instead of ragged.
        for (std::size_t k = 0; k < col_y.size(); ++k) {
            for (std::size_t i = 0; i < order.size(); ++i) {
                if (drawn[i]) continue;
                int lines = 0;
                for (int n = 6; n >= 2 && lines == 0; --n)
                    if (col_y[k] + card_height(c, *order[i], col_w, n, false) <= area_bottom) lines = n;
                if (lines == 0) break;
                // Text only: the image would not fit, and a post's words matter more than its picture.
                float h = card_height(c, *order[i], col_w, lines, false);
                draw_card(c, *order[i], {posts_area.left + static_cast<float>(k) * (col_w + gap), col_y[k], col_w, h}, lines,
                          false);
                drawn[i] = true;
                col_y[k] += h + gap;
            }
        }
    }
    draw_leader_panel(c, w, leader_area);
    draw_quote_panel(c, w, quote_area);
    draw_join_card(c, w, join_area);
}

}  // namespace lw::kiosk::detail
