// Organiser actions on what the screens do: the "blank all screens" switch, display settings (the
// playlist, quote time, posts shown, the invitation: join URL and call to action), and when a screen
// counts as quiet.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/screens.hpp"
#include "learnwall/store.hpp"

namespace lw {

// The "blank all screens" switch: kiosks show a calm holding screen instead of posts.
Status set_screens_blank(const DataDir& dir, State& state, bool blank, const std::string& by);

// Display settings other than the blank switch: playlist scenes and timings, quote time, posts shown,
// call to action, join URL (http or https, for the QR code).
Status check_display(const DisplaySettings& d);
Status set_display(const DataDir& dir, State& state, DisplaySettings d, const std::string& by);

// Sets what is given (nullopt: unchanged) among the join URL (http or https; the QR code encodes it),
// the call to action, the seconds per quote, the posts published and the seconds per page of posts. Checked as the Display panel does.
struct ScreenInvite {
    std::optional<std::string> join_url, call_to_action;
    std::optional<int> quote_seconds, max_posts, page_seconds;
};
Status set_screen_invite(const DataDir& dir, State& state, const ScreenInvite& invite, const std::string& by);

// "wall:30 leaderboard:20 challenge:15 quote:20" item by item; refuses an unknown scene or time.
Result<std::vector<PlaylistItem>> parse_playlist(const std::vector<std::string>& items);
Status set_playlist(const DataDir& dir, State& state, std::vector<PlaylistItem> playlist, const std::string& by);

// The "quiet screen" rule, once for the CLI (`screens`) and the window (Screens panel, navigation): a
// screen is quiet when it has not polled for longer than `after` (kiosks poll every few seconds).
inline constexpr std::chrono::minutes kScreenQuietAfter{5};
bool screen_is_quiet(const ScreenSeen& screen, Instant at, std::chrono::minutes after = kScreenQuietAfter);
size_t count_quiet_screens(const std::vector<ScreenSeen>& screens, Instant at,
                           std::chrono::minutes after = kScreenQuietAfter);

}  // namespace lw
