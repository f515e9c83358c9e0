// The kiosk's frame logic without a window: which scene is up (playlist, quote rotation, cross-fade),
// which posts just arrived, when the cached static layer must be redrawn, and whether anything moves.
// The live loop and the --bench mode drive the same Player, so the benchmark measures the real thing.
#pragma once

#include <SFML/Graphics/Rect.hpp>
#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/Shader.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/playlist.hpp"
#include "render/renderer.hpp"

namespace lw::kiosk {

// What a frame changed on its target: everything, or only some rectangles (target pixels, top-left origin).
// A presenter that can show part of a frame (presenter.hpp) copies only those to the screen.
struct FrameUpdate {
    bool whole = true;
    std::vector<sf::IntRect> areas;  // when !whole: the only pixels that differ from the previous frame
};

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
    // With partial drawing on (the target keeps its pixels from one frame to the next), a frame in which only
    // the overlay changed redraws just the overlay's places, and says which (docs/kiosk-cpu.md).
    FrameUpdate render(sf::RenderTarget& window, std::int64_t now_us);
    // The target keeps the last frame's pixels until the next render (a presenter that copies rectangles to
    // the screen instead of swapping buffers): frames in which only the overlay moved then cost its area only.
    void set_partial(bool on) {
        partial_ = on;
        target_exact_ = false;
    }
    // Someone else drew on the target (the watchdog's test modes): the next frame is drawn whole.
    void target_touched() { target_exact_ = false; }
    // What the last render drew, for the benchmark's account of where the CPU goes: the static layer anew, a
    // cross-fade, the layer and the overlay whole, or only the overlay's places (overlay_part, whether it was
    // then shown in rectangles or, covering most of the screen, whole).
    enum class FrameKind { layer, cross_fade, overlay_whole, overlay_part };
    [[nodiscard]] FrameKind last_frame_kind() const { return last_kind_; }

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
    std::vector<WallLeader> previous_board_;     // its rows, for those that leave the board
    std::vector<std::string> previous_teams_;    // the team board before ranks_since_
    std::int64_t wake_at_ = 0;  // a held highlight changes then: a frame is due although nothing moves
    bool rows_in_overlay_ = false;  // the static layer holds the board without its rows (they slide)
    std::vector<std::string> new_ids_;
    std::size_t quote_index_ = 0;
    std::int64_t page_ = -1;  // the wall's page of posts on the page clock (docs/screen-time.md)
    SceneKind scene_ = SceneKind::wall;
    std::uint64_t static_redraws_ = 0;
    // Partial drawing: whether the target holds exactly the current layer plus the overlay drawn at
    // last_areas_ (then only those places and the new overlay's need drawing).
    bool partial_ = false, target_exact_ = false;
    std::vector<sf::FloatRect> last_areas_;
    FrameKind last_kind_ = FrameKind::layer;
    // The cross-fade in one pass (both layers sampled, no blending): about half the pixel work of drawing
    // one layer over the other on a software renderer. Loaded on first use; two sprites where shaders fail.
    sf::Shader mix_;
    int mix_state_ = 0;  // 0 not tried, 1 ready, -1 unavailable
};

}  // namespace lw::kiosk
