// The renderer's frame: background, the scene (or the waiting or blank screen), the stale badge; then
// the overlay that moves every frame (arrivals, rank sweeps, the ticker). The scenes and the chrome live
// in their own files (wall_scene.cpp, leaderboard_scene.cpp, challenge_scene.cpp, quote_scene.cpp,
// chrome.cpp) and draw through a SceneContext.
#include "render/renderer.hpp"

#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "render/scene_context.hpp"

namespace lw::kiosk {

std::optional<SceneKind> scene_from_string(std::string_view s) {
    if (s == "wall") return SceneKind::wall;
    if (s == "leaderboard") return SceneKind::leaderboard;
    if (s == "challenge") return SceneKind::challenge;
    if (s == "quote") return SceneKind::quote;
    if (s == "connections") return SceneKind::connections;
    return std::nullopt;
}

const char* to_string(SceneKind k) {
    switch (k) {
        case SceneKind::wall: return "wall";
        case SceneKind::leaderboard: return "leaderboard";
        case SceneKind::challenge: return "challenge";
        case SceneKind::quote: return "quote";
        case SceneKind::connections: return "connections";
    }
    return "wall";
}

namespace detail {

std::string with_hash(const std::string& tag) { return tag.empty() || tag[0] == '#' ? tag : "#" + tag; }

std::string thousands(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out = v < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

}  // namespace detail

using detail::SceneContext;

SceneRenderer::SceneRenderer(std::shared_ptr<const FontSet> fonts) : fonts_(std::move(fonts)) {}

bool SceneRenderer::draw(sf::RenderTarget& target, const FrameInput& in, LayoutLog* log) {
    LayoutLog local;
    LayoutLog& l = log ? *log : local;
    draw_static(target, in, &l);
    return draw_overlay(target, in, l);
}

void SceneRenderer::draw_static(sf::RenderTarget& target, const FrameInput& in, LayoutLog* log) {
    sf::Vector2f size = target.getView().getSize();
    SceneContext c{target, in, log, Metrics(size.x, size.y), *fonts_, pal_, logo_, &images_};
    c.bottom = c.m.h - c.m.px(44) - (in.wall ? detail::ticker_height(c.m, *in.wall) : 0.0f);
    fill_vertical_gradient(target, {0, 0, size.x, size.y}, pal_.background, pal_.background_2);
    if (!in.wall) {
        detail::draw_waiting(c, in.waiting_reason);
    } else if (in.wall->display.blank) {
        detail::draw_blank(c, *in.wall);
    } else {
        const Wall& w = *in.wall;
        switch (in.scene) {
            case SceneKind::wall: detail::draw_wall_scene(c, w); break;
            case SceneKind::leaderboard: detail::draw_leaderboard_scene(c, w); break;
            case SceneKind::challenge: detail::draw_challenge_scene(c, w); break;
            case SceneKind::quote: detail::draw_quote_scene(c, w); break;
            case SceneKind::connections: detail::draw_connections_scene(c, w); break;
        }
    }
    if (in.stale) detail::draw_stale_badge(c);
}

bool SceneRenderer::draw_overlay(sf::RenderTarget& target, const FrameInput& in, const LayoutLog& static_log) {
    if (!in.wall || in.wall->display.blank) return false;
    sf::Vector2f size = target.getView().getSize();
    Metrics m(size.x, size.y);
    bool moving = false;

    // New posts: a glow around the card that fades out, and a "New" tab, so people notice arrivals.
    std::int64_t since = in.elapsed_us - in.new_since_us;
    if (!in.new_post_ids.empty() && since >= 0 && since < kNewPostGlowUs) {
        float t = static_cast<float>(since) / static_cast<float>(kNewPostGlowUs);
        float pulse = 0.5f + 0.5f * std::cos(static_cast<float>(since) / 1e6f * 2 * 3.14159265f);
        auto alpha = static_cast<sf::Uint8>(255 * (1 - t) * (0.55f + 0.45f * pulse));
        for (const auto& it : static_log.items) {
            if (it.kind != "post_card") continue;
            if (std::find(in.new_post_ids.begin(), in.new_post_ids.end(), it.id) == in.new_post_ids.end()) continue;
            float g = m.px(6);
            sf::FloatRect r = it.rect;
            sf::Color glow(pal_.accent.r, pal_.accent.g, pal_.accent.b, alpha);
            for (sf::FloatRect edge : {sf::FloatRect{r.left - g, r.top - g, r.width + 2 * g, g},
                                       sf::FloatRect{r.left - g, r.top + r.height, r.width + 2 * g, g},
                                       sf::FloatRect{r.left - g, r.top, g, r.height},
                                       sf::FloatRect{r.left + r.width, r.top, g, r.height}}) {
                sf::RectangleShape e({edge.width, edge.height});
                e.setPosition(edge.left, edge.top);
                e.setFillColor(glow);
                target.draw(e);
            }
            TextStyle ns{m.text(18), true, sf::Color::White};
            auto nb = layout_text(*fonts_, "NEW", ns, m.px(100), 1);
            sf::FloatRect tab{r.left + r.width / 2 - nb.width / 2 - m.px(12), r.top - m.px(16), nb.width + m.px(24),
                              m.px(30)};
            fill_rounded(target, tab, m.px(10), sf::Color(pal_.accent.r, pal_.accent.g, pal_.accent.b, alpha));
            draw_text(target, nb, {tab.left + m.px(12), tab.top + m.px(4)}, static_cast<float>(alpha) / 255.0f);
        }
        moving = true;
    }

    // Rank changes: people who moved up glow green, and everyone who moved gets a sweep of light, for a few
    // seconds after the board changed or its scene came up, so a glance shows who is climbing.
    std::int64_t rank_since = in.elapsed_us - std::max(in.ranks_since_us, in.scene_started_us);
    if (in.ranks_since_us >= 0 && rank_since >= 0 && rank_since < kRankGlowUs) {
        float t = static_cast<float>(rank_since) / static_cast<float>(kRankGlowUs);
        std::size_t k = 0;  // rows are drawn in board order (names may repeat: match by position)
        for (const auto& it : static_log.items) {
            if (it.kind != "leader_row") continue;
            if (k >= in.wall->leaderboard.size()) break;
            const WallLeader& l = in.wall->leaderboard[k++];
            int movement = l.is_new ? 1 : l.movement;
            if (movement == 0) continue;
            sf::Color c = movement > 0 ? pal_.up : pal_.down;
            auto alpha = static_cast<sf::Uint8>(64 * (1 - t));
            fill_rounded(target, it.rect, m.px(12), sf::Color(c.r, c.g, c.b, alpha));
            float sweep_w = it.rect.width * 0.25f;
            float x = it.rect.left + (it.rect.width + sweep_w) * std::min(1.0f, t * 1.6f) - sweep_w;
            sf::FloatRect band{std::max(it.rect.left, x), it.rect.top,
                               std::min(x + sweep_w, it.rect.left + it.rect.width) - std::max(it.rect.left, x),
                               it.rect.height};
            if (band.width > 0) fill_rounded(target, band, m.px(8), sf::Color(255, 255, 255, static_cast<sf::Uint8>(40 * (1 - t))));
        }
        moving = true;
    }

    SceneContext c{target, in, nullptr, m, *fonts_, pal_, logo_, &images_};
    // The connections scene: the newest connections draw in for a few seconds after it comes up.
    if (in.scene == SceneKind::connections && detail::draw_connections_overlay(c, *in.wall, static_log)) moving = true;

    // Announcements ticker along the bottom edge.
    if (detail::draw_ticker(c, *in.wall)) moving = true;
    return moving;
}

}  // namespace lw::kiosk
