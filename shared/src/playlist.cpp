// Scene rotation timing (see playlist.hpp).
#include "learnwall/playlist.hpp"

#include <algorithm>

namespace lw {

bool is_scene_name(std::string_view name) {
    return name == "wall" || name == "leaderboard" || name == "challenge" || name == "quote" || name == "connections";
}

std::vector<PlaylistSlot> effective_playlist(const std::vector<PlaylistItem>& items, bool has_connections) {
    std::vector<PlaylistSlot> out;
    for (const auto& item : items)
        if (is_scene_name(item.scene) && item.seconds > 0 && (has_connections || item.scene != "connections"))
            out.push_back({item.scene, static_cast<std::int64_t>(item.seconds) * 1'000'000});
    if (out.empty()) {
        out = {{"wall", 60'000'000}, {"leaderboard", 15'000'000}, {"challenge", 15'000'000}, {"quote", 10'000'000}};
        // The week's theme is "connect": once there is something to show, the network joins the rotation
        // after the leaderboard.
        if (has_connections) out.insert(out.begin() + 2, {"connections", 15'000'000});
    }
    return out;
}

bool advance_playlist(const std::vector<PlaylistSlot>& playlist, PlaylistClock& clock, std::int64_t now_us) {
    if (playlist.empty()) return false;
    if (clock.index >= playlist.size()) clock.index = 0;
    if (now_us - clock.started_us < playlist[clock.index].us) return false;
    clock.index = (clock.index + 1) % playlist.size();
    clock.started_us = now_us;
    return true;
}

std::int64_t quote_period_us(int quote_seconds) { return std::max<std::int64_t>(3, quote_seconds) * 1'000'000; }

}  // namespace lw
