// Organiser actions the command line lacked (issue 11 item 9): the event's theme and what screens
// invite people to do (join URL, call to action), the playlist, corrections to awards, awards to
// visitors and at a given time, and the pending queue as rows. Plain functions, so the admin window
// can call the same ones; each change is one locked transaction with an audit line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/scoring.hpp"
#include "learnwall/store.hpp"

namespace lw {

// The event's theme (a word or short phrase shown in the screens' header): 1 to 40 characters,
// one line.
Status check_theme(const std::string& theme);
Status set_theme(const DataDir& dir, State& state, const std::string& theme, const std::string& by);

// Sets what is given (nullopt: unchanged) among the join URL (http or https; the QR code encodes it),
// the call to action, the seconds per quote and the posts published. Checked as the Display panel does.
struct ScreenInvite {
    std::optional<std::string> join_url, call_to_action;
    std::optional<int> quote_seconds, max_posts;
};
Status set_screen_invite(const DataDir& dir, State& state, const ScreenInvite& invite, const std::string& by);

// "wall:30 leaderboard:20 challenge:15 quote:20" item by item; refuses an unknown scene or time.
Result<std::vector<PlaylistItem>> parse_playlist(const std::vector<std::string>& items);
Status set_playlist(const DataDir& dir, State& state, std::vector<PlaylistItem> playlist, const std::string& by);

// An award as listed: its number (1-based, in journal order) and whether a later correction
// withdrew it. The journal is never rewritten: removing award N appends its opposite with the reason
// "withdraws award N: ...", so totals, explain and the audit trail all show what happened.
struct AwardRow {
    size_t number = 0;
    Award award;
    bool withdrawn = false;   // a later entry withdraws it
    size_t withdraws = 0;     // this entry withdraws award N (0: it is an award of its own)
};
std::vector<AwardRow> award_rows(const State& state);

struct AwardRequest {
    std::string person;
    std::int64_t points = 0;
    std::string reason;
    bool visitor = false;          // somebody not on the roster (a guest speaker): recorded as named
    std::optional<Instant> at;     // when it was earned (default: now); must fall inside the event
};
// Records an award like add_award, and also to a visitor or at a given time. Returns the name used.
Result<std::string> give_award(const DataDir& dir, State& state, const AwardRequest& request, const std::string& by);
// Withdraws award `number` (appends its opposite); refuses an unknown, withdrawn or withdrawing entry.
Status withdraw_award(const DataDir& dir, State& state, size_t number, const std::string& reason, const std::string& by);
// Withdraws award `number` and records `points` in its place (same person and time), with the reason.
Status correct_award(const DataDir& dir, State& state, size_t number, std::int64_t points, const std::string& reason,
                     const std::string& by);

// "Mon 18 May 09:05" in the event's zone, for explain and the pending list ("" for an unknown zone).
std::string local_time_text(Instant t, const std::string& zone);

// Why a counted post earned no challenge bonus, for explain: "" when it earned one, when its day has
// no challenge, or when it did not count at all; else a sentence naming the tag or the earlier post.
std::string challenge_bonus_note(const State& state, const PersonScore& person, const ScoreItem& post_item);

}  // namespace lw
