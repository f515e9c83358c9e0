// What every part of a frame is drawn with (target, input, metrics, fonts, palette, pictures) and the
// parts the scenes share (header, cards, boards, side panels, chrome). Private to the renderer: the
// kiosk and the admin see only render/renderer.hpp.
#pragma once

#include <SFML/Graphics/RenderTarget.hpp>

#include <cstdint>
#include <string>

#include "render/draw_util.hpp"
#include "render/renderer.hpp"
#include "render/text_layout.hpp"

namespace lw::kiosk::detail {

struct SceneContext {
    sf::RenderTarget& t;
    const FrameInput& in;
    LayoutLog* log;
    Metrics m;
    const FontSet& fonts;
    const Palette& pal;
    const sf::Texture* logo = nullptr;
    const ImageLookup* images = nullptr;
    float bottom = 0;  // lowest y content may use (above the ticker band)

    void record(const char* kind, const std::string& id, sf::FloatRect r) const {
        if (log) log->add(kind, id, r);
    }
    // The picture for a URL once it has arrived; null while loading, failed, or without an image source.
    const sf::Texture* picture(const std::string& url) const {
        return images && *images && !url.empty() ? (*images)(url) : nullptr;
    }
};

// Small text helpers several scenes use.
std::string with_hash(const std::string& tag);  // "NLAWWeek" -> "#NLAWWeek"
std::string thousands(std::int64_t v);           // 12345 -> "12,345"

// Frame chrome (chrome.cpp): the header on every scene, the announcement ticker, the stale badge, the
// waiting screen before the first wall, and the organisers' "blank all screens" slide.
float ticker_height(const Metrics& m, const Wall& w);
float draw_header(SceneContext& c, const Wall& w);  // returns the y where content starts
void draw_ticker_band(SceneContext& c, const Wall& w);  // the band and its label, in the static layer
// The scrolling words, clipped to the band right of the label (`area`); true while it moves.
bool draw_ticker(SceneContext& c, const Wall& w, sf::FloatRect* area);
void draw_stale_badge(SceneContext& c);
void draw_waiting(SceneContext& c, const std::string& reason);
void draw_blank(SceneContext& c, const Wall& w);

// Post cards (cards.cpp).
float card_height(SceneContext& c, const WallPost& p, float width, int max_lines = 0, bool with_image = true);
void draw_card(SceneContext& c, const WallPost& p, sf::FloatRect r, int max_lines = 0, bool with_image = true);

// Boards (boards.cpp): people and teams.
// whole: the panel and its rows; while the rows slide (leader_slide_progress) the static layer gets the
// panel alone (panel_only, recorded as "leader_slide") and the overlay draws the moving rows (rows_only).
enum class LeaderPass { whole, panel_only, rows_only };
void draw_leader_panel(SceneContext& c, const Wall& w, sf::FloatRect r, const char* title = nullptr,
                       LeaderPass pass = LeaderPass::whole);
// How far the rows' slide to their new places is, 0..1, or -1 when they are not sliding.
float leader_slide_progress(const FrameInput& in);
// The team board the same way: while its rows slide, the static layer gets the panel alone (recorded as
// "team_slide") and the overlay draws the rows.
void draw_team_panel(SceneContext& c, const Wall& w, sf::FloatRect r, LeaderPass pass = LeaderPass::whole);
float team_slide_progress(const FrameInput& in);
// The height a team panel needs to show every team of w, at most at_most (portrait layouts share
// their height by it).
float team_panel_height(const SceneContext& c, const Wall& w, float at_most);

// Side panels (side_panels.cpp): "join in" with its QR code, and the rotating quote.
void draw_join_card(SceneContext& c, const Wall& w, sf::FloatRect r);
void draw_quote_panel(SceneContext& c, const Wall& w, sf::FloatRect r);

// The scenes, one file each.
void draw_wall_scene(SceneContext& c, const Wall& w);
void draw_leaderboard_scene(SceneContext& c, const Wall& w);
void draw_challenge_scene(SceneContext& c, const Wall& w);
void draw_quote_scene(SceneContext& c, const Wall& w);
void draw_connections_scene(SceneContext& c, const Wall& w);
// The connections scene's arrival animation (new connections drawing in), over the static layer; true
// while it moves. Brief by design: the kiosk must stay cheap on a core (issue 15).
// `area` receives a rectangle holding everything it drew.
bool draw_connections_overlay(SceneContext& c, const Wall& w, const LayoutLog& static_log, sf::FloatRect* area);

}  // namespace lw::kiosk::detail
