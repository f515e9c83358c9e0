// The kiosk's frame logic without a window: which scene is up (playlist, quote rotation, cross-fade),
// which posts just arrived, when the cached static layer must be redrawn, and whether anything moves.
// The live loop and the --bench mode drive the same Player, so the benchmark measures the real thing.
#pragma once

#include <SFML/Graphics/RenderTexture.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/playlist.hpp"
#include "render/renderer.hpp"

namespace lw::kiosk {

class Player {
public:
    static constexpr std::int64_t kFadeUs = 700'000;
    // Relative times ("3 min ago") and time left today are whole minutes: refreshing once a minute is enough,
    // and each refresh is a static redraw (the costliest frame).
    static constexpr std::int64_t kPeriodicUs = 60'000'000;

    Player(SceneRenderer& renderer, std::optional<SceneKind> fixed_scene, std::optional<Instant> pretend_start);
    [[nodiscard]] bool resize(sf::Vector2u size);  // false when the offscreen layers cannot be made

    // A new wall (or the same wall with a new error). Posts not on the previous wall get an entrance.
    void set_wall(std::shared_ptr<const Wall> wall, std::string waiting_reason, std::int64_t now_us);
    void set_stale(bool stale, std::string text);
    void invalidate() { dirty_ = static_dirty_ = true; }  // an image arrived, the window was exposed

    // Advances the playlist and timers; true when a frame must be drawn now.
    bool due(std::int64_t now_us);
    // Draws the frame: the cached static layer (redrawn only when needed), a cross-fade, the overlay.
    void render(sf::RenderTarget& window, std::int64_t now_us);

    [[nodiscard]] bool animating() const { return animating_; }
    // How long the loop may sleep before it next calls due(): a frame period while something moves, else the
    // idle period in which new walls, images and keys are looked for. The live loop and --bench live use it.
    [[nodiscard]] std::int64_t next_frame_in_us(std::int64_t now_us) const;
    static constexpr std::int64_t kFrameUs = 33'333;  // 30 fps while something moves
    static constexpr std::int64_t kIdleUs = 40'000;
    [[nodiscard]] SceneKind scene() const { return scene_; }
    [[nodiscard]] const LayoutLog& layout() const { return static_log_; }
    [[nodiscard]] std::uint64_t static_redraws() const { return static_redraws_; }
    // True once after the static layer was laid out anew (for --layout-json).
    bool take_layout_changed() {
        bool c = layout_changed_;
        layout_changed_ = false;
        return c;
    }

private:
    Instant clock(std::int64_t now_us) const;  // the wall clock, or the pretended one (--now)

    SceneRenderer& renderer_;
    std::optional<SceneKind> fixed_;
    std::optional<Instant> pretend_;
    sf::RenderTexture layers_[2];
    int cur_ = 0;
    LayoutLog static_log_;
    std::shared_ptr<const Wall> wall_;
    std::string waiting_;
    bool stale_ = false;
    std::string stale_text_;
    bool dirty_ = true, static_dirty_ = true, animating_ = false, layout_changed_ = false;
    std::int64_t next_periodic_ = kPeriodicUs, fade_start_ = -kFadeUs, quote_started_ = 0;
    PlaylistClock play_;  // which playlist slot is up, since when
    bool play_started_ = false;
    std::int64_t new_since_ = 0;
    std::int64_t ranks_since_ = -1;
    std::vector<std::string> previous_leaders_;  // the board before ranks_since_: its rows slide from there
    std::int64_t wake_at_ = 0;  // a held highlight changes then: a frame is due although nothing moves
    bool rows_in_overlay_ = false;  // the static layer holds the board without its rows (they slide)
    std::vector<std::string> new_ids_;
    std::size_t quote_index_ = 0;
    std::int64_t page_ = -1;  // the wall's page of posts on the page clock (docs/screen-time.md)
    SceneKind scene_ = SceneKind::wall;
    std::uint64_t static_redraws_ = 0;
};

}  // namespace lw::kiosk
