// Scene rotation, arrivals, cross-fades and the cached static layer for the kiosk's frames.
#include "player.hpp"

#include <SFML/Graphics/Sprite.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "learnwall/screen_time.hpp"

namespace lw::kiosk {

namespace {
std::vector<std::pair<std::string, std::int64_t>> ranks_of(const Wall& w) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& l : w.leaderboard) out.emplace_back(l.name, l.points);
    for (const auto& t : w.teams) out.emplace_back("team:" + t.team, t.points);
    return out;
}

std::vector<std::string> leader_names(const Wall& w) {
    std::vector<std::string> out;
    for (const auto& l : w.leaderboard) out.push_back(l.name);
    return out;
}

std::vector<std::string> team_names(const Wall& w) {
    std::vector<std::string> out;
    for (const auto& t : w.teams) out.push_back(t.team);
    return out;
}
}  // namespace

Player::Player(SceneRenderer& renderer, std::optional<SceneKind> fixed_scene, std::optional<Instant> pretend_start)
    : renderer_(renderer), fixed_(fixed_scene), pretend_(pretend_start) {
    scene_ = fixed_.value_or(SceneKind::wall);
}

bool Player::resize(sf::Vector2u size) {
    for (auto& l : layers_)
        if (!l.create(size.x, size.y)) return false;
    dirty_ = static_dirty_ = true;
    return true;
}

void Player::set_wall(std::shared_ptr<const Wall> wall, std::string waiting_reason, std::int64_t now_us) {
    // Posts that were not on the previous wall get an entrance (not at start-up: everything is new then).
    if (wall_ && wall && wall != wall_) {
        std::unordered_set<std::string> known;
        for (const auto& q : wall_->posts) known.insert(q.id);
        std::vector<std::string> ids;
        for (const auto& p : wall->posts)
            if (!known.count(p.id)) ids.push_back(p.id);
        if (!ids.empty()) {
            new_ids_ = std::move(ids);
            new_since_ = now_us;
        }
    }
    if (wall && (!wall_ || ranks_of(*wall) != ranks_of(*wall_))) {
        ranks_since_ = now_us;
        // At start-up nothing slides (there was no board before), and a board whose order did not change (only
        // points) keeps its rows in the static layer: a slide by nothing would cost frames for no movement.
        previous_leaders_.clear();
        previous_board_.clear();
        previous_teams_.clear();
        if (wall_ && leader_names(*wall_) != leader_names(*wall)) {
            previous_leaders_ = leader_names(*wall_);
            previous_board_ = wall_->leaderboard;
        }
        if (wall_ && team_names(*wall_) != team_names(*wall)) previous_teams_ = team_names(*wall_);
    }
    if (wall != wall_ || waiting_reason != waiting_) dirty_ = static_dirty_ = true;
    wall_ = std::move(wall);
    waiting_ = std::move(waiting_reason);
}

void Player::set_stale(bool stale, std::string text) {
    if (stale == stale_ && text == stale_text_) return;
    stale_ = stale;
    stale_text_ = std::move(text);
    dirty_ = static_dirty_ = true;
}

bool Player::due(std::int64_t now_us) {
    const auto playlist = effective_playlist(wall_ ? wall_->display.playlist : std::vector<PlaylistItem>{},
                                             wall_ && wall_has_connections(*wall_));
    const auto unix_s = std::chrono::duration_cast<std::chrono::seconds>(clock(now_us).time_since_epoch()).count();
    // The playlist runs on the wall clock (its position is the time modulo its cycle), so every screen of a
    // site shows the same scene at the same time and the wall's pages (docs/screen-time.md) are never
    // turned while a screen shows another scene.
    if (!fixed_ && !playlist.empty()) {
        const PlaylistPosition pos = playlist_on_wall_clock(playlist, unix_s);
        if (pos.index != play_.index || !play_started_) {
            if (play_started_ && playlist[pos.index].scene == "quote") ++quote_index_, quote_started_ = now_us;
            if (play_started_) {
                cur_ ^= 1;
                fade_start_ = now_us;
            }
            play_.index = pos.index;
            play_.started_us = now_us - pos.spent_us;
            play_started_ = true;
            dirty_ = static_dirty_ = true;
        }
    }
    if (play_.index >= playlist.size()) play_.index = 0;
    scene_ = fixed_.value_or(scene_from_string(playlist[play_.index].scene).value_or(SceneKind::wall));
    if (scene_ == SceneKind::quote && now_us - quote_started_ >= quote_period_us(wall_ ? wall_->display.quote_seconds : 12)) {
        ++quote_index_;
        quote_started_ = now_us;
        cur_ ^= 1;  // the next quote fades in over the previous one
        fade_start_ = now_us;
        dirty_ = static_dirty_ = true;
    }
    // A new page of posts (docs/screen-time.md) is a new static layer, cross-faded like a scene change. Pages
    // turn on the wall clock, so every screen of a site turns them at the same moment.
    if (scene_ == SceneKind::wall && wall_ && !wall_->posts.empty()) {
        const std::int64_t page = wall_scene_seconds(playlist, unix_s) /
                                  std::clamp(wall_->display.page_seconds, kMinPageSeconds, kMaxPageSeconds);
        if (page != page_) {
            if (page_ >= 0) {
                cur_ ^= 1;
                fade_start_ = now_us;
            }
            page_ = page;
            dirty_ = static_dirty_ = true;
        }
    }
    if (now_us >= wake_at_) dirty_ = true;
    if (now_us >= next_periodic_) {
        next_periodic_ = now_us + kPeriodicUs;
        dirty_ = static_dirty_ = true;
    }
    return dirty_ || animating_;
}

std::int64_t Player::next_frame_in_us(std::int64_t /*now_us*/) const { return animating_ ? kFrameUs : kIdleUs; }

Instant Player::clock(std::int64_t now_us) const {
    return pretend_ ? *pretend_ + std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::microseconds(now_us))
                    : lw::now();
}

namespace {

// The pixels of a float rectangle, widened to whole pixels (and one more for rounding), kept on the target.
sf::IntRect pixel_area(const sf::FloatRect& r, sf::Vector2u size) {
    const int l = std::max(0, static_cast<int>(std::floor(r.left)) - 1);
    const int t = std::max(0, static_cast<int>(std::floor(r.top)) - 1);
    const int rr = std::min(static_cast<int>(size.x), static_cast<int>(std::ceil(r.left + r.width)) + 1);
    const int b = std::min(static_cast<int>(size.y), static_cast<int>(std::ceil(r.top + r.height)) + 1);
    return {l, t, std::max(0, rr - l), std::max(0, b - t)};
}

const char* const kCrossFadeShader =
    "uniform sampler2D texture;\n"
    "uniform sampler2D previous;\n"
    "uniform float amount;\n"
    "void main() {\n"
    "    vec2 uv = gl_TexCoord[0].xy;\n"
    "    gl_FragColor = mix(texture2D(previous, uv), texture2D(texture, uv), amount);\n"
    "}\n";

}  // namespace

FrameUpdate Player::render(sf::RenderTarget& window, std::int64_t now_us) {
    FrameInput in;
    in.wall = wall_.get();
    in.waiting_reason = waiting_;
    in.scene = scene_;
    in.now = clock(now_us);
    in.elapsed_us = now_us;
    in.scene_started_us = play_.started_us;
    in.quote_index = quote_index_;
    in.new_post_ids = new_ids_;
    in.new_since_us = new_since_;
    in.ranks_since_us = ranks_since_;
    in.previous_leaders = previous_leaders_;
    in.previous_board = previous_board_;
    in.previous_teams = previous_teams_;
    in.stale = stale_;
    in.stale_text = stale_text_;
    // The rows have slid into place: the static layer takes them back (one redraw per change of ranks).
    if (rows_in_overlay_ && !SceneRenderer::rows_sliding(in)) static_dirty_ = true;
    bool layer_redrawn = false;
    if (static_dirty_) {
        // The static layer (cards, panels, text) changes only with the wall, the scene or the minute; each
        // frame otherwise costs one textured quad plus the overlay.
        static_log_.items.clear();
        layers_[cur_].clear();
        renderer_.draw_static(layers_[cur_], in, &static_log_);
        layers_[cur_].display();
        static_dirty_ = false;
        rows_in_overlay_ = std::any_of(static_log_.items.begin(), static_log_.items.end(), [](const LayoutItem& it) {
            return it.kind == "leader_slide" || it.kind == "team_slide";
        });
        layout_changed_ = true;
        ++static_redraws_;
        layer_redrawn = true;
    }
    const std::int64_t into_fade = now_us - fade_start_;
    const bool fading = into_fade < kFadeUs;
    const sf::Vector2u size = window.getSize();
    FrameUpdate update;
    update.whole = !partial_ || !target_exact_ || layer_redrawn || fading;
    if (update.whole) {
        // No clear: the layer is opaque and covers the whole target (one full-screen fill less per frame).
        // The layer is opaque, so it is copied, not blended: the same pixels for less work per frame.
        sf::Sprite top(layers_[cur_].getTexture());
        const float amount = static_cast<float>(std::max<std::int64_t>(0, into_fade)) / static_cast<float>(kFadeUs);
        if (fading && mix_state_ == 0)
            mix_state_ = sf::Shader::isAvailable() && mix_.loadFromMemory(kCrossFadeShader, sf::Shader::Fragment) ? 1 : -1;
        if (fading && mix_state_ > 0) {
            mix_.setUniform("texture", sf::Shader::CurrentTexture);
            mix_.setUniform("previous", layers_[cur_ ^ 1].getTexture());
            mix_.setUniform("amount", amount);
            sf::RenderStates states(sf::BlendNone);
            states.shader = &mix_;
            window.draw(top, states);
        } else if (fading) {
            window.draw(sf::Sprite(layers_[cur_ ^ 1].getTexture()), sf::RenderStates(sf::BlendNone));
            top.setColor(sf::Color(255, 255, 255, static_cast<sf::Uint8>(255.0f * amount)));
            window.draw(top);
        } else {
            window.draw(top, sf::RenderStates(sf::BlendNone));
        }
    } else {
        // Only the overlay changed: put the layer back where the last overlay was, then draw the new one.
        for (const auto& r : last_areas_) {
            const sf::IntRect px = pixel_area(r, size);
            if (px.width <= 0 || px.height <= 0) continue;
            sf::Sprite patch(layers_[cur_].getTexture(), px);
            patch.setPosition(static_cast<float>(px.left), static_cast<float>(px.top));
            window.draw(patch, sf::RenderStates(sf::BlendNone));
            update.areas.push_back(px);
        }
    }
    std::vector<sf::FloatRect> areas;
    bool moving = renderer_.draw_overlay(window, in, static_log_, nullptr, &areas);
    const bool drawn_in_part = !update.whole;
    if (!update.whole) {
        std::int64_t changed = 0;
        for (const auto& r : areas) update.areas.push_back(pixel_area(r, size));
        for (const auto& a : update.areas) changed += static_cast<std::int64_t>(a.width) * a.height;
        // Most of the screen anyway (rectangles may overlap): one whole copy is simpler and no dearer.
        if (changed * 2 > static_cast<std::int64_t>(size.x) * size.y) update.whole = true, update.areas.clear();
    }
    last_kind_ = layer_redrawn ? FrameKind::layer
                 : fading      ? FrameKind::cross_fade
                 : drawn_in_part ? FrameKind::overlay_part
                                 : FrameKind::overlay_whole;
    // The target now holds the layer plus this overlay exactly, unless a cross-fade blended two layers.
    target_exact_ = partial_ && !fading;
    last_areas_ = std::move(areas);
    animating_ = moving || fading;
    wake_at_ = SceneRenderer::next_change_us(in);
    dirty_ = false;
    if (!new_ids_.empty() && now_us - new_since_ >= SceneRenderer::kNewPostGlowUs) new_ids_.clear();
    return update;
}

}  // namespace lw::kiosk
