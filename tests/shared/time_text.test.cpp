// Times in words (learnwall/time_text.hpp): the one "N min ago" of the kiosk, the admin window and the
// CLI (issue 12: four copies had four thresholds), and the one table of weekday and month names (five copies).
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "learnwall/time_text.hpp"

using namespace std::chrono;
using lw::relative_time;

namespace {
lw::Instant at(const char* s) { return *lw::parse_rfc3339(s); }
}  // namespace

TEST_CASE("[time_text] four copies of N min ago, four thresholds: one set, at its edges") {
    const lw::Instant now = at("2026-05-19T12:00:00Z");
    CHECK(relative_time(now, now) == "just now");                      // 0 s
    CHECK(relative_time(now - seconds(59), now) == "just now");        // 59 s: still under a minute
    CHECK(relative_time(now - seconds(60), now) == "1 min ago");
    CHECK(relative_time(now - seconds(119), now) == "1 min ago");      // whole minutes, rounded down
    CHECK(relative_time(now - minutes(59) - seconds(59), now) == "59 min ago");
    CHECK(relative_time(now - hours(1), now) == "1 h ago");            // 1 h
    CHECK(relative_time(now - hours(11) - minutes(59), now) == "11 h ago");
    CHECK(relative_time(now - hours(20), now) == "yesterday");         // 16:00 the day before
    CHECK(relative_time(now - hours(24 * 4), now) == "4 days ago");
    // The admin's copies said "45 s ago", "1 h 30 min ago" and "2 days ago" for the same instants.
    CHECK(relative_time(now - seconds(45), now) == "just now");
    CHECK(relative_time(now - minutes(90), now) == "1 h ago");
}

TEST_CASE("[time_text] a time in the future or a clock stepped back reads just now, never a negative age") {
    const lw::Instant now = at("2026-05-19T12:00:00Z");
    CHECK(relative_time(now + seconds(1), now) == "just now");
    CHECK(relative_time(now + minutes(3), now) == "just now");
    CHECK(relative_time(now + hours(24 * 30), now) == "just now");  // a screen whose clock went back a month
    // A clock stepped forward (a machine woken after a week) counts the days it jumped.
    CHECK(relative_time(now, now + hours(24 * 7)) == "7 days ago");
}

TEST_CASE("[time_text] days count the event's calendar days, not 24-hour spans") {
    const std::string london = "Europe/London";
    // 23:00 on Monday seen at 00:30 on Wednesday (25.5 hours): two days ago, not "yesterday".
    CHECK(relative_time(at("2026-05-18T23:00:00+01:00"), at("2026-05-20T00:30:00+01:00"), london) == "2 days ago");
    // 23:30 seen at 09:00 the next morning: yesterday, not "9 h ago".
    CHECK(relative_time(at("2026-05-19T23:30:00+01:00"), at("2026-05-20T09:00:00+01:00"), london) == "yesterday");
    // The zone decides: 23:30 to 00:50 in London is "yesterday", the same instants in UTC one hour.
    CHECK(relative_time(at("2026-05-19T22:30:00Z"), at("2026-05-19T23:50:00Z"), london) == "yesterday");
    CHECK(relative_time(at("2026-05-19T22:30:00Z"), at("2026-05-19T23:50:00Z"), "UTC") == "1 h ago");
    CHECK(relative_time(at("2026-05-19T00:30:00+01:00"), at("2026-05-19T09:00:00+01:00"), london) == "8 h ago");
    CHECK(relative_time(at("2026-05-19T00:30:00+01:00"), at("2026-05-19T09:00:00+01:00"), "UTC") == "yesterday");
    // Across the spring change (29 March 2026, a 23-hour day): Saturday noon seen at 00:30 on Monday.
    CHECK(relative_time(at("2026-03-28T12:00:00Z"), at("2026-03-29T23:30:00Z"), london) == "2 days ago");
    // An unknown zone falls back to whole 24-hour days rather than failing.
    CHECK(relative_time(at("2026-05-18T10:00:00Z"), at("2026-05-20T11:00:00Z"), "Nowhere/Atlantis") == "2 days ago");
}

TEST_CASE("[time_text] time until: the countdown the CLI prints for a source's next attempt") {
    const lw::Instant now = at("2026-05-19T12:00:00Z");
    CHECK(lw::time_until(now, now) == "now");
    CHECK(lw::time_until(now - seconds(5), now) == "now");  // already due
    CHECK(lw::time_until(now + seconds(1), now) == "in 1 s");
    CHECK(lw::time_until(now + seconds(119), now) == "in 119 s");
    CHECK(lw::time_until(now + seconds(120), now) == "in 2 min");
    CHECK(lw::time_until(now + hours(3), now) == "in 3 h");
}

TEST_CASE("[time_text] five copies of weekday and month names: one table, full and abbreviated") {
    CHECK(std::string(lw::weekday_name(std::chrono::Sunday)) == "Sunday");
    CHECK(std::string(lw::weekday_name(std::chrono::Saturday, lw::NameLength::abbreviated)) == "Sat");
    CHECK(std::string(lw::month_name(std::chrono::January)) == "January");
    CHECK(std::string(lw::month_name(std::chrono::December, lw::NameLength::abbreviated)) == "Dec");
    CHECK(std::string(lw::month_name(std::chrono::May)) == "May");
    // 18 May 2026 is a Monday (the first day of Learning at Work Week 2026).
    CHECK(std::string(lw::weekday_name(lw::weekday_of(*lw::parse_date("2026-05-18")))) == "Monday");
    CHECK(std::string(lw::weekday_name(lw::weekday_of(*lw::parse_date("2024-02-29")), lw::NameLength::abbreviated)) == "Thu");
    // Out of range: a clear mark, never a read past the table.
    CHECK(std::string(lw::month_name(std::chrono::month{0})) == "?");
    CHECK(std::string(lw::month_name(std::chrono::month{13})) == "?");
    CHECK(std::string(lw::weekday_name(std::chrono::weekday{8})) == "?");
}

TEST_CASE("[time_text] two copies of the 'Mon 18 May 09:30' label (CLI and window): one, on the zone's clocks") {
    // A plain day, and a single-digit day without a leading zero.
    CHECK(lw::local_time_text(at("2026-05-18T08:30:00Z"), "Europe/London") == "Mon 18 May 09:30");
    CHECK(lw::local_time_text(at("2026-05-08T23:59:59Z"), "Europe/London") == "Sat 9 May 00:59");
    // The day clocks go forward (29 Mar 2026 in London, 01:00 -> 02:00): the window's old copy counted
    // minutes since midnight and said 02:30 where the wall clock said 03:30.
    CHECK(lw::local_time_text(at("2026-03-29T02:30:00Z"), "Europe/London") == "Sun 29 Mar 03:30");
    CHECK(lw::local_time_text(at("2026-05-18T08:30:00Z"), "Asia/Kolkata") == "Mon 18 May 14:00");
    CHECK(lw::local_time_text(at("2026-05-18T08:30:00Z"), "Mars/Olympus") == "");
}
