// The live wall: header, masonry of post cards (whole or absent), leaderboard, quote and "join in" beside
// (landscape) or below (portrait). The posts are the page lw::screen_page chooses (docs/screen-time.md):
// pinned first, then this page's turn, then the posts next in turn wherever room is left.
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "learnwall/screen_time.hpp"
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
        // Slots for the rotation: columns times the rows a typical card takes. Fixed per post area, so every
        // screen of one size pages alike; a card that is taller than typical is cut short or left to the
        // fill-ins, which come after the page's own posts.
        const float typical_card = m.px(300);
        const int rows = std::max(1, static_cast<int>((posts_area.height + gap) / (typical_card + gap)));
        std::vector<ScreenTimePost> rotation;
        rotation.reserve(w.posts.size());
        int pinned = 0;
        for (const auto& p : w.posts) {
            rotation.push_back({p.id, p.created_at, p.featured, p.pinned});
            pinned += p.pinned ? 1 : 0;
        }
        const int slots = std::max(1, cols * rows - pinned);
        const auto unix_s = std::chrono::duration_cast<std::chrono::seconds>(c.in.now.time_since_epoch()).count();
        // Pages turn only while the wall scene is up on the wall-clock playlist (docs/screen-time.md).
        const ScreenPage page =
            screen_page(rotation, unix_s, w.display.page_seconds, slots, effective_playlist(w.display.playlist, wall_has_connections(w)));
        // Pinned posts first (as wall.json gives them, newest first), then the page, then the fill-ins.
        std::vector<const WallPost*> order;
        for (const auto& p : w.posts)
            if (p.pinned) order.push_back(&p);
        for (std::size_t i : page.posts) order.push_back(&w.posts[i]);
        const std::size_t turn_end = order.size();
        for (std::size_t i : page.next) order.push_back(&w.posts[i]);
        const float area_bottom = posts_area.top + posts_area.height;
        std::vector<bool> drawn(order.size(), false);
        // Whole cards into the shortest column that still has room; a card that fits nowhere is left for the
        // gaps (a later, shorter one may still fill it).
        auto place_whole = [&](std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to; ++i) {
                const WallPost* p = order[i];
                float h = card_height(c, *p, col_w);
                std::optional<std::size_t> best;
                for (std::size_t k = 0; k < col_y.size(); ++k)
                    if (col_y[k] + h <= area_bottom && (!best || col_y[k] < col_y[*best])) best = k;
                if (!best) continue;
                sf::FloatRect r{posts_area.left + static_cast<float>(*best) * (col_w + gap), col_y[*best], col_w, h};
                draw_card(c, *p, r);
                drawn[i] = true;
                col_y[*best] += h + gap;
            }
        };
        // A gap left at the foot of a column takes the next post with its text cut short (ellipsis), so the
        // wall looks full instead of ragged and a post of this page's turn still shows its words.
        auto place_cut = [&](std::size_t from, std::size_t to) {
            for (std::size_t k = 0; k < col_y.size(); ++k) {
                for (std::size_t i = from; i < to; ++i) {
                    if (drawn[i]) continue;
                    int lines = 0;
                    for (int n = 6; n >= 2 && lines == 0; --n)
                        if (col_y[k] + card_height(c, *order[i], col_w, n, false) <= area_bottom) lines = n;
                    if (lines == 0) break;
                    // Text only: the image would not fit, and a post's words matter more than its picture.
                    float h = card_height(c, *order[i], col_w, lines, false);
                    draw_card(c, *order[i], {posts_area.left + static_cast<float>(k) * (col_w + gap), col_y[k], col_w, h},
                              lines, false);
                    drawn[i] = true;
                    col_y[k] += h + gap;
                }
            }
        };
        // The page's own turn comes first, whole or cut; only then the fill-ins, so columns are full while
        // posts wait but no fill-in takes the room of a post whose turn it is.
        place_whole(0, turn_end);
        place_cut(0, turn_end);
        place_whole(turn_end, order.size());
        place_cut(turn_end, order.size());
    }
    draw_leader_panel(c, w, leader_area);
    draw_quote_panel(c, w, quote_area);
    draw_join_card(c, w, join_area);
}

}  // namespace lw::kiosk::detail
