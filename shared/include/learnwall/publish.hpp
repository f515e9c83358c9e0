// Publishing: builds the screen-safe snapshot from the state and writes wall.json atomically.
#pragma once

#include "learnwall/store.hpp"
#include "learnwall/wall.hpp"

namespace lw {

// A post's text on the wall is cut to this many bytes (at a character boundary, ending in an
// ellipsis): a screen shows a few lines, and every screen re-reads wall.json after each change.
inline constexpr std::size_t kWallTextMaxBytes = 4000;

// Pure: what screens may show now. `previous` (the last published wall, if any) gives rank movement.
Wall build_wall(const State& state, Instant at, const Wall* previous = nullptr);

// The same, rehearsing local day `as_of` (publish --as-of): challenge_today is that day's, for
// kiosks that predate `challenges`; newer kiosks pick the day from their own clock (--now).
Wall build_wall_as_of(const State& state, Instant at, Date as_of, const Wall* previous = nullptr);

// Under the writers' lock: catches `state` up, builds the wall and replaces publish/wall.json.
Result<Wall> publish_wall(const DataDir& dir, State& state, Instant at, std::optional<Date> as_of = std::nullopt);

}  // namespace lw
