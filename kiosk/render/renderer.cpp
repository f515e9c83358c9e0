// The renderer's frame: background, the scene (or the waiting or blank screen), the stale badge; then
// the overlay that moves every frame (arrivals, rank sweeps, the ticker). The scenes and the chrome live
// in their own files (wall_scene.cpp, leaderboard_scene.cpp, challenge_scene.cpp, quote_scene.cpp,
// chrome.cpp) and draw through a SceneContext.
#include "render/renderer.hpp"

#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

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
    LayoutLog moved;  // apart: the overlay reads the static record while it places the sliding rows
    bool moving = draw_overlay(target, in, l, &moved);
    l.items.insert(l.items.end(), moved.items.begin(), moved.items.end());
    return moving;
}

namespace {

// A highlight's strength `since` into its `length`: up over the fade, 1 while it holds, down over the last fade.
float highlight_level(std::int64_t since, std::int64_t length) {
    const auto fade = SceneRenderer::kHighlightFadeUs;
    if (since < 0 || since >= length) return 0.0f;
    if (since < fade) return static_cast<float>(since) / static_cast<float>(fade);
    if (since > length - fade) return static_cast<float>(length - since) / static_cast<float>(fade);
    return 1.0f;
}

bool highlight_fading(std::int64_t since, std::int64_t length) {
    return since >= 0 && since < length && (since < SceneRenderer::kHighlightFadeUs || since > length - SceneRenderer::kHighlightFadeUs);
}

std::int64_t rank_highlight_start(const FrameInput& in) { return std::max(in.ranks_since_us, in.scene_started_us); }

}  // namespace

std::int64_t SceneRenderer::next_change_us(const FrameInput& in) {
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    const auto consider = [&](std::int64_t at) {
        if (at > in.elapsed_us) next = std::min(next, at);
    };
    if (!in.new_post_ids.empty())
        for (std::int64_t at : {kHighlightFadeUs, kNewPostGlowUs - kHighlightFadeUs, kNewPostGlowUs}) consider(in.new_since_us + at);
    if (in.ranks_since_us >= 0) {
        for (std::int64_t at : {kHighlightFadeUs, kRankGlowUs - kHighlightFadeUs, kRankGlowUs})
            consider(rank_highlight_start(in) + at);
        if (!in.previous_leaders.empty() || !in.previous_teams.empty()) consider(in.ranks_since_us + kRankSlideUs);
    }
    return next;
}

bool SceneRenderer::rows_sliding(const FrameInput& in) {
    return detail::leader_slide_progress(in) >= 0 || detail::team_slide_progress(in) >= 0;
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
    if (in.wall) detail::draw_ticker_band(c, *in.wall);
    if (in.stale) detail::draw_stale_badge(c);
}

bool SceneRenderer::draw_overlay(sf::RenderTarget& target, const FrameInput& in, const LayoutLog& static_log,
                                 LayoutLog* moving_log, std::vector<sf::FloatRect>* areas) {
    if (!in.wall || in.wall->display.blank) return false;
    sf::Vector2f size = target.getView().getSize();
    Metrics m(size.x, size.y);
    bool moving = false;
    const auto drew = [areas](sf::FloatRect r) {
        if (areas) areas->push_back(r);
    };

    // New posts: a glow around the card and a "NEW" tab, so people notice arrivals. It fades in, holds and
    // fades out; it moves (and needs frames) only while it fades, and only where a new post is on screen.
    std::int64_t since = in.elapsed_us - in.new_since_us;
    if (!in.new_post_ids.empty() && since >= 0 && since < kNewPostGlowUs) {
        auto alpha = static_cast<sf::Uint8>(235 * highlight_level(since, kNewPostGlowUs));
        bool shown = false;
        for (const auto& it : static_log.items) {
            if (it.kind != "post_card") continue;
            if (std::find(in.new_post_ids.begin(), in.new_post_ids.end(), it.id) == in.new_post_ids.end()) continue;
            shown = true;
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
            // The glow's frame and the tab above it (the tab is no wider than a card).
            drew({r.left - g, std::min(r.top - g, tab.top), r.width + 2 * g,
                  r.top + r.height + g - std::min(r.top - g, tab.top)});
            drew(tab);
        }
        if (shown && highlight_fading(since, kNewPostGlowUs)) moving = true;
    }

    // Rank changes: the rows slide from their old places to the new ones (drawn here every frame while they
    // move, the static layer holding the board without them); then people who moved up glow green and those
    // who went down red, for a few seconds after the board changed or its scene came up.
    SceneContext rows_c{target, in, moving_log, m, *fonts_, pal_, logo_, &images_};
    for (const auto& it : static_log.items) {
        if (it.kind != "leader_slide") continue;
        detail::draw_leader_panel(rows_c, *in.wall, it.rect, it.id.empty() ? nullptr : it.id.c_str(), detail::LeaderPass::rows_only);
        drew(it.rect);  // the rows move inside their panel
        moving = true;
    }
    for (const auto& it : static_log.items) {
        if (it.kind != "team_slide") continue;
        detail::draw_team_panel(rows_c, *in.wall, it.rect, detail::LeaderPass::rows_only);
        drew(it.rect);
        moving = true;
    }
    std::int64_t rank_since = in.elapsed_us - rank_highlight_start(in);
    if (in.ranks_since_us >= 0 && rank_since >= 0 && rank_since < kRankGlowUs) {
        auto alpha = static_cast<sf::Uint8>(64 * highlight_level(rank_since, kRankGlowUs));
        std::size_t k = 0;  // rows are drawn in board order (names may repeat: match by position)
        bool shown = false;
        for (const auto& it : static_log.items) {
            if (it.kind != "leader_row") continue;
            if (k >= in.wall->leaderboard.size()) break;
            const WallLeader& l = in.wall->leaderboard[k++];
            int movement = l.is_new ? 1 : l.movement;
            if (movement == 0) continue;
            sf::Color c = movement > 0 ? pal_.up : pal_.down;
            fill_rounded(target, it.rect, m.px(12), sf::Color(c.r, c.g, c.b, alpha));
            drew(it.rect);
            shown = true;
        }
        if (shown && highlight_fading(rank_since, kRankGlowUs)) moving = true;
    }

    SceneContext c{target, in, nullptr, m, *fonts_, pal_, logo_, &images_};
    // The connections scene: the newest connections draw in for a few seconds after it comes up.
    if (in.scene == SceneKind::connections) {
        sf::FloatRect conn_area;
        if (detail::draw_connections_overlay(c, *in.wall, static_log, &conn_area)) {
            drew(conn_area);
            moving = true;
        }
    }

    // Announcements ticker along the bottom edge: only its words move (band and label are static).
    if (sf::FloatRect words; detail::draw_ticker(c, *in.wall, &words)) {
        drew(words);
        moving = true;
    }
    return moving;
}

}  // namespace lw::kiosk
