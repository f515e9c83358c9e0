// Times in words for people: "5 min ago", "yesterday", weekday and month names. One set of words and
// thresholds for the kiosk's cards, the admin window and the command line (they had four).
#pragma once

#include <chrono>
#include <string>

#include "learnwall/time.hpp"

namespace lw {

// How long ago `then` was, seen at `now`:
//   under a minute, or in the future (clock skew, a clock stepped back)  "just now"
//   under an hour                                                         "N min ago"
//   the same calendar day in `zone`                                        "N h ago"
//   the calendar day before                                                "yesterday"
//   earlier                                                                "N days ago"
// From an hour on, days are calendar days of `zone` (the event's), not 24-hour spans: a post from
// 23:00 seen at 01:00 two days later is "2 days ago", one from this morning "N h ago", never
// "yesterday". An unknown zone counts whole 24-hour days instead.
// Why "just now" under a minute rather than seconds: the kiosk redraws its cards once a minute, so a
// seconds count would be stale on screen; the admin's "last seen" needs no finer grain than a minute
// (a screen is "quiet" after 5).
std::string relative_time(Instant then, Instant now, const std::string& zone = "UTC");

// How long until `when`, seen at `now`: "now" (due or past), "in N s" (under 2 minutes, so a retry
// counting down is visible), "in N min" (under 2 hours), else "in N h".
std::string time_until(Instant when, Instant now);

// English names, for labels and dates people read. An invalid weekday or month gives "?" (never a read
// past the table).
enum class NameLength { full, abbreviated };  // "Monday"/"Mon", "January"/"Jan"
const char* weekday_name(std::chrono::weekday d, NameLength length = NameLength::full);
const char* month_name(std::chrono::month m, NameLength length = NameLength::full);
// The weekday of a calendar date.
std::chrono::weekday weekday_of(Date d);

// "Mon 8 May 09:05": a moment as the clocks of `zone` show it, to the minute, for lists people read
// (the CLI's pending list, awards and explain; the window's queue, audit trail, screens and sources).
// "" for an unknown zone.
std::string local_time_text(Instant t, const std::string& zone);

}  // namespace lw
