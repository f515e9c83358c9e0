// The kiosk's renderer: one frame of the wall (live wall, leaderboard, challenge, quote, connections, waiting) drawn
// into any sf::RenderTarget: the kiosk window, an offscreen screenshot, or the admin's live preview.
// It knows nothing of windows, options, sources or the clock: the caller says what to draw (FrameInput).
#pragma once

#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Graphics/Texture.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/wall.hpp"
#include "render/fonts.hpp"
#include "render/layout_log.hpp"
#include "render/theme.hpp"

namespace lw::kiosk {

enum class SceneKind { wall, leaderboard, challenge, quote, connections };
std::optional<SceneKind> scene_from_string(std::string_view s);
const char* to_string(SceneKind k);

struct FrameInput {
    const Wall* wall = nullptr;  // null: the waiting screen
    std::string waiting_reason;  // small print on the waiting screen
    SceneKind scene = SceneKind::wall;
    Instant now{};               // wall-clock time for relative times and the event day
    std::int64_t elapsed_us = 0; // monotonic, for animations
    std::int64_t scene_started_us = 0;
    bool stale = false;          // the source has failed for a while: say so, keep showing
    std::string stale_text;
    std::size_t quote_index = 0;
    std::vector<std::string> new_post_ids;  // arrived with the latest wall: they get an entrance
    std::int64_t new_since_us = 0;
    std::int64_t ranks_since_us = -1;  // when the leaderboard last changed (-1: never, no highlight)
    std::vector<std::string> previous_leaders;  // the board's names before that change: its rows slide from there
    std::vector<WallLeader> previous_board;     // that board's rows: those that left it fade out as they sink
    std::vector<std::string> previous_teams;    // the team board's names before that change: its rows slide too
};

// Where avatars and post images come from: the texture for a URL once it has arrived, else null (the
// renderer draws a placeholder of the same size). Called on the render thread for every picture of a
// static redraw; it must not block (an image cache starts the fetch and answers null until it is ready).
// A function rather than a cache class, so the renderer links without any cache, network or disk code.
using ImageLookup = std::function<const sf::Texture*(const std::string& url)>;

// One colour per code point: hashtags and mentions in their colours, the rest in base.
std::vector<sf::Color> highlight_spans(const std::u32string& text, sf::Color base, sf::Color tag, sf::Color mention);

// The last line of a board that cannot show every team: "+1 more team", "+24 more teams".
std::string more_teams_label(std::size_t more);

class SceneRenderer {
public:
    explicit SceneRenderer(std::shared_ptr<const FontSet> fonts);
    // Where avatars and post images come from; without one, placeholders are drawn.
    void set_images(ImageLookup images) { images_ = std::move(images); }
    // The event's colours and logo (the logo is drawn left of the event name in every header).
    void set_theme(const Palette& palette, const sf::Texture* logo) {
        pal_ = palette;
        logo_ = logo;
    }
    // Draws one whole frame filling the target's view: the static layer, then the overlay.
    // Returns true while something on screen is animating.
    bool draw(sf::RenderTarget& target, const FrameInput& in, LayoutLog* log);
    // The part of a frame that changes only with the wall, the scene or the minute: the live loop keeps
    // it in a render texture and redraws it only then.
    void draw_static(sf::RenderTarget& target, const FrameInput& in, LayoutLog* log);
    // What moves every frame (announcement ticker, entrance of new posts, sliding leaderboard rows), drawn
    // over the static layer. `static_log` is where the static layer put things; what the overlay places (the
    // sliding rows) goes to `moving_log` when given. Returns true while anything moves: a highlight that only
    // holds still is drawn but is not moving, so no frame is due until next_change_us.
    // `areas`, when given, receives rectangles that hold every pixel the overlay drew (the kiosk redraws only
    // those when nothing else changed): whatever this function draws must lie inside what it reports.
    bool draw_overlay(sf::RenderTarget& target, const FrameInput& in, const LayoutLog& static_log,
                      LayoutLog* moving_log = nullptr, std::vector<sf::FloatRect>* areas = nullptr);
    // The next instant after in.elapsed_us at which the overlay looks different although nothing moves now
    // (a held highlight starts to fade out or is gone); the largest int64 when none.
    static std::int64_t next_change_us(const FrameInput& in);
    // True while the leaderboard's rows (people or teams) slide to their new places: the static layer then
    // holds the board without its rows, and must be drawn again once they stop.
    static bool rows_sliding(const FrameInput& in);

    // Highlights fade in, hold still and fade out: only the fades are drawn at the frame rate, the hold
    // costs no frame at all (issue 15: an arrival every 10 s kept a pulsing glow, and the wall, at 30 fps).
    // The rank tint lasts as long as the arrival glow: a new wall brings both, so they fade out together, in
    // the same frames.
    static constexpr std::int64_t kNewPostGlowUs = 6'000'000;
    static constexpr std::int64_t kRankGlowUs = 6'000'000;
    static constexpr std::int64_t kHighlightFadeUs = 300'000;
    static constexpr std::int64_t kRankSlideUs = 700'000;  // rows move to their new places, eased

private:
    std::shared_ptr<const FontSet> fonts_;
    ImageLookup images_;
    const sf::Texture* logo_ = nullptr;
    Palette pal_;
};

}  // namespace lw::kiosk
