// Fair screen time (docs/screen-time.md): which posts the wall scene shows now, so that every approved post
// comes round within a known bound, newest first, featured more often, and every screen of a site shows the
// same page at the same time. Pure: the page follows from the posts, the clock and the screen's slots only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "learnwall/playlist.hpp"
#include "learnwall/time.hpp"

namespace lw {

inline constexpr int kDefaultPageSeconds = 20;
inline constexpr int kMinPageSeconds = 5;    // a page must be readable
inline constexpr int kMaxPageSeconds = 600;  // beyond ten minutes a wall looks frozen

struct ScreenTimePost {
    std::string id;
    Instant created_at{};
    bool featured = false;
    bool pinned = false;  // drawn on every page by the scene; not part of the rotation
};

struct ScreenPage {
    std::int64_t number = 0;         // page number on the page clock (wall-scene seconds / page seconds)
    std::vector<std::size_t> posts;  // indexes into the input: this page's turn, in draw order
    std::vector<std::size_t> next;   // the queue after this page's turn: fill-ins for spare room, not a turn
};

// Seconds the wall scene has been on screen since the epoch when the playlist runs on the wall clock
// (its position is unix time modulo its cycle, the same on every screen). An empty playlist counts every
// second; a playlist without a wall slot never advances.
std::int64_t wall_scene_seconds(const std::vector<PlaylistSlot>& playlist, std::int64_t unix_seconds);

// Where the playlist stands at unix_seconds when it runs on the wall clock: the slot and the microseconds
// already spent in it. Every screen with the same playlist is in the same slot at the same time. An empty
// playlist stays at slot 0.
struct PlaylistPosition {
    std::size_t index = 0;
    std::int64_t spent_us = 0;
};
PlaylistPosition playlist_on_wall_clock(const std::vector<PlaylistSlot>& playlist, std::int64_t unix_seconds);

// The page on screen at unix_seconds: `slots` cards for the rotation (pinned posts excluded; at least 1),
// each page `page_seconds` of wall-scene time (clamped to kMinPageSeconds..kMaxPageSeconds). The rotation
// is replayed from 00:00 UTC of the day before, so it does not depend on when a kiosk started.
ScreenPage screen_page(const std::vector<ScreenTimePost>& posts, std::int64_t unix_seconds, int page_seconds,
                       int slots, const std::vector<PlaylistSlot>& playlist = {});

// The longest a post waits for its turn, in pages, with `posts` approved posts in the rotation, `featured`
// of them featured, and `slots` cards per page: ceil((posts + featured) / B) + 1, B = slots - slots / 2.
std::int64_t longest_wait_pages(std::size_t posts, std::size_t featured, int slots);

}  // namespace lw
