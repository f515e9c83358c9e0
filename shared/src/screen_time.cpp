// Fair screen time: the rotation replayed page by page from a fixed anchor (docs/screen-time.md).
#include "learnwall/screen_time.hpp"

#include <algorithm>
#include <deque>

namespace lw {

namespace {
constexpr std::int64_t kUsPerSecond = 1'000'000;
constexpr std::int64_t kDaySeconds = 86'400;
constexpr std::size_t kMaxFillIns = 64;  // more than any post area holds

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t unix_seconds_of(Instant t) {
    return floor_div(t.time_since_epoch().count(), 1000);
}

// Fresh slots: about half the page, so a burst of arrivals never takes the whole page from the backlog.
int fresh_slots(int slots) {
    return slots / 2;
}
}  // namespace

std::int64_t wall_scene_seconds(const std::vector<PlaylistSlot>& playlist, std::int64_t unix_seconds) {
    if (playlist.empty()) return unix_seconds;
    std::int64_t cycle = 0, wall = 0;
    for (const auto& s : playlist) {
        cycle += s.us;
        if (s.scene == "wall") wall += s.us;
    }
    if (cycle <= 0 || wall == 0) return 0;
    // Seconds to microseconds cannot overflow for any date a screen will see (year 2262 and before).
    const std::int64_t t = unix_seconds * kUsPerSecond;
    std::int64_t elapsed = floor_div(t, cycle) * wall;
    std::int64_t rem = t - floor_div(t, cycle) * cycle, start = 0;
    for (const auto& s : playlist) {
        if (s.scene == "wall") elapsed += std::clamp<std::int64_t>(rem - start, 0, s.us);
        start += s.us;
    }
    return floor_div(elapsed, kUsPerSecond);
}

PlaylistPosition playlist_on_wall_clock(const std::vector<PlaylistSlot>& playlist, std::int64_t unix_seconds) {
    PlaylistPosition pos;
    std::int64_t cycle = 0;
    for (const auto& s : playlist) cycle += s.us;
    if (cycle <= 0) return pos;
    const std::int64_t t = unix_seconds * kUsPerSecond;
    std::int64_t rem = t - floor_div(t, cycle) * cycle;
    for (std::size_t i = 0; i < playlist.size(); ++i) {
        if (rem < playlist[i].us) {
            pos.index = i;
            pos.spent_us = rem;
            return pos;
        }
        rem -= playlist[i].us;
    }
    return pos;  // unreachable: rem < cycle
}

std::int64_t longest_wait_pages(std::size_t posts, std::size_t featured, int slots) {
    slots = std::max(1, slots);
    const auto backlog = static_cast<std::int64_t>(slots - fresh_slots(slots));
    const auto turns = static_cast<std::int64_t>(posts + featured);
    return (turns + backlog - 1) / backlog + 1;
}

ScreenPage screen_page(const std::vector<ScreenTimePost>& posts, std::int64_t unix_seconds, int page_seconds,
                       int slots, const std::vector<PlaylistSlot>& playlist) {
    const std::int64_t T = std::clamp(page_seconds, kMinPageSeconds, kMaxPageSeconds);
    slots = std::max(1, slots);
    const auto fresh_cap = static_cast<std::size_t>(fresh_slots(slots));
    const auto page_size = static_cast<std::size_t>(slots);
    auto page_of = [&](std::int64_t unix_s) { return floor_div(wall_scene_seconds(playlist, unix_s), T); };
    // The first page that starts at or after a moment: a post arriving mid-page waits for the next one.
    auto arrival_page = [&](Instant t) {
        std::int64_t s = wall_scene_seconds(playlist, unix_seconds_of(t));
        return floor_div(s + T - 1, T);
    };

    ScreenPage out;
    out.number = page_of(unix_seconds);
    const std::int64_t anchor = page_of((floor_div(unix_seconds, kDaySeconds) - 1) * kDaySeconds);

    // Rotation posts, by arrival page and within one page newest first (id breaks ties, so every screen
    // agrees whatever order wall.json lists them in).
    struct Arrival {
        std::int64_t page;
        std::size_t index;
    };
    std::vector<Arrival> arrivals;
    for (std::size_t i = 0; i < posts.size(); ++i)
        if (!posts[i].pinned) arrivals.push_back({std::max(anchor, arrival_page(posts[i].created_at)), i});
    std::sort(arrivals.begin(), arrivals.end(), [&](const Arrival& a, const Arrival& b) {
        if (a.page != b.page) return a.page < b.page;
        const auto& pa = posts[a.index];
        const auto& pb = posts[b.index];
        if (pa.created_at != pb.created_at) return pa.created_at > pb.created_at;
        return pa.id < pb.id;
    });

    std::deque<std::size_t> queue;
    std::size_t next_arrival = 0;
    // Posts from before the anchor start in the queue newest first.
    while (next_arrival < arrivals.size() && arrivals[next_arrival].page <= anchor)
        queue.push_back(arrivals[next_arrival++].index);

    std::vector<std::size_t> fresh, shown;
    std::vector<char> extra_turn(posts.size(), 1);
    for (std::int64_t p = anchor + 1; p <= out.number; ++p) {
        fresh.clear();
        while (next_arrival < arrivals.size() && arrivals[next_arrival].page <= p)
            fresh.push_back(arrivals[next_arrival++].index);
        if (fresh.empty() && queue.empty()) continue;
        shown.clear();
        const std::size_t take_fresh = std::min(fresh_cap, fresh.size());
        shown.insert(shown.end(), fresh.begin(), fresh.begin() + static_cast<std::ptrdiff_t>(take_fresh));
        const std::size_t take_queue = std::min(page_size - take_fresh, queue.size());
        for (std::size_t k = 0; k < take_queue; ++k) shown.push_back(queue[k]);
        if (p == out.number) {
            out.posts = shown;
            for (std::size_t k = take_queue; k < queue.size() && out.next.size() < kMaxFillIns; ++k)
                out.next.push_back(queue[k]);
            for (std::size_t k = take_fresh; k < fresh.size() && out.next.size() < kMaxFillIns; ++k)
                out.next.push_back(fresh[k]);
            break;
        }
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(take_queue));
        // Fresh posts that found no fresh slot wait at the back like everyone else: a burst cannot starve
        // the backlog, nor keep its own older half off the screen for good.
        for (std::size_t k = take_fresh; k < fresh.size(); ++k) queue.push_back(fresh[k]);
        // A featured post takes an extra turn a quarter of the way down the queue, then a plain turn at the
        // back, in alternation: about 1.6 times as often as the others, and it passes any waiting post at
        // most twice, which is what keeps the bound at ceil((N + Nf) / B) + 1 pages.
        for (std::size_t idx : shown) {
            if (posts[idx].featured && extra_turn[idx]) {
                queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(queue.size() / 4), idx);
                extra_turn[idx] = 0;
            } else {
                queue.push_back(idx);
                extra_turn[idx] = 1;
            }
        }
    }
    return out;
}

}  // namespace lw
