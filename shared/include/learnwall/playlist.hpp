// Which scene a screen shows when: the playlist from the event's display settings, its default, and
// the step from one scene to the next. Pure timing over integer microseconds, testable without a display.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/model.hpp"

namespace lw {

// The scenes a screen knows: wall, leaderboard, challenge, quote, connections.
bool is_scene_name(std::string_view name);

struct PlaylistSlot {
    std::string scene;  // one of the scene names
    std::int64_t us = 0;  // always > 0
};

// The rotation a screen plays: the items with a known scene and a positive time, in order; when none is
// left (an empty list, only zero-length or unknown items), the default: wall 60 s, leaderboard 15 s,
// (connections 15 s,) challenge 15 s, quote 10 s. A zero-length slot would flip scenes every frame, so it
// never plays. `has_connections` (the wall carries connections, total > 0): without it every
// "connections" slot is skipped, so a screen never shows an empty network (issue 14).
std::vector<PlaylistSlot> effective_playlist(const std::vector<PlaylistItem>& items, bool has_connections = false);

// Where the rotation stands: the slot showing and since when (the caller's monotonic microseconds).
struct PlaylistClock {
    std::size_t index = 0;
    std::int64_t started_us = 0;
};

// At now_us, moves to the next slot when the current one's time is up; true when it moved. One slot per
// call, and the new slot starts at now_us: after a jump of the clock (a suspended machine) the screen
// shows the next scene for its full time instead of racing through the rotation. A playlist that became
// shorter than the index starts again at its first slot. An empty playlist never moves.
bool advance_playlist(const std::vector<PlaylistSlot>& playlist, PlaylistClock& clock, std::int64_t now_us);

// How long each quote stays up: the display setting, at least 3 s (a quote must be readable).
std::int64_t quote_period_us(int quote_seconds);

}  // namespace lw
