// The kiosk's scenes (live wall, leaderboard, challenge, quote, waiting) drawn into any
// sf::RenderTarget: the kiosk window, an offscreen screenshot, or the admin's live preview.
#pragma once

#include <SFML/Graphics/RenderTarget.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fonts.hpp"
#include "image_cache.hpp"
#include "layout_log.hpp"
#include "learnwall/wall.hpp"
#include "text_layout.hpp"
#include "theme.hpp"

namespace lw::kiosk {

enum class SceneKind { wall, leaderboard, challenge, quote };
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
};

// "just now", "5 min ago", "3 h ago", "yesterday", "2 days ago"; a time in the future (clock skew) is
// "just now". From an hour on, days count the local calendar days of `zone` (the event's).
std::string relative_time(Instant then, Instant now, const std::string& zone = "UTC");
// One colour per code point: hashtags and mentions in their colours, the rest in base.
std::vector<sf::Color> highlight_spans(const std::u32string& text, sf::Color base, sf::Color tag, sf::Color mention);

// The last line of a board that cannot show every team: "+1 more team", "+24 more teams".
std::string more_teams_label(std::size_t more);

class SceneRenderer {
public:
    explicit SceneRenderer(std::shared_ptr<const FontSet> fonts);
    // Where avatars and post images come from; without one, placeholders are drawn.
    void set_images(ImageCache* images) { images_ = images; }
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
    // What moves every frame (announcement ticker, entrance of new posts), drawn over the static layer.
    // `static_log` is where the static layer put things. Returns true while anything moves.
    bool draw_overlay(sf::RenderTarget& target, const FrameInput& in, const LayoutLog& static_log);

    static constexpr std::int64_t kNewPostGlowUs = 6'000'000;
    static constexpr std::int64_t kRankGlowUs = 4'000'000;

private:
    struct Ctx;
    float ticker_height(const Metrics& m, const Wall& w) const;
    void draw_blank(Ctx& c, const Wall& w);
    void draw_join_card(Ctx& c, const Wall& w, sf::FloatRect r);
    void draw_team_panel(Ctx& c, const Wall& w, sf::FloatRect r);
    struct TeamRowSizes;
    TeamRowSizes team_row_sizes(const Metrics& m, const Wall& w, bool with_members) const;
    // The height a team panel needs to show every team of w, at most at_most (portrait layouts share
    // their height by it).
    float team_panel_height(const Metrics& m, const Wall& w, float at_most) const;
    float draw_header(Ctx& c, const Wall& w);
    void draw_wall(Ctx& c, const Wall& w);
    void draw_leaderboard_scene(Ctx& c, const Wall& w);
    void draw_challenge_scene(Ctx& c, const Wall& w);
    void draw_quote_scene(Ctx& c, const Wall& w);
    void draw_waiting(Ctx& c, const std::string& reason);
    float card_height(Ctx& c, const WallPost& p, float width, int max_lines = 0, bool with_image = true);
    float image_height(const Metrics& m, float width) const;
    void draw_picture(Ctx& c, const std::string& url, sf::FloatRect box);
    void draw_card(Ctx& c, const WallPost& p, sf::FloatRect r, int max_lines = 0, bool with_image = true);
    void draw_leader_panel(Ctx& c, const Wall& w, sf::FloatRect r, const char* title = nullptr);
    void draw_quote_panel(Ctx& c, const Wall& w, sf::FloatRect r);
    void draw_stale_badge(Ctx& c);

    std::shared_ptr<const FontSet> fonts_;
    ImageCache* images_ = nullptr;
    const sf::Texture* logo_ = nullptr;
    Palette pal_;
};

}  // namespace lw::kiosk
