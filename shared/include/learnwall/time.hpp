// Instants (UTC, millisecond precision), RFC 3339 text, calendar dates and IANA time zones.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "learnwall/result.hpp"

namespace lw {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Date = std::chrono::year_month_day;

Instant now();

// Accepts RFC 3339 ("2026-05-18T09:30:00Z", "2026-05-18T10:30:00.123+01:00"); returns UTC.
std::optional<Instant> parse_rfc3339(std::string_view text);
// Always UTC with a trailing Z; milliseconds only when not zero.
std::string format_rfc3339(Instant t);

std::optional<Date> parse_date(std::string_view text);  // YYYY-MM-DD, a real calendar day
std::string format_date(Date d);

// True when the IANA database on this machine knows the zone ("Europe/London").
bool is_known_timezone(const std::string& name);
// The calendar day an instant falls on in a zone; the zone must be known.
Result<Date> local_date(Instant t, const std::string& zone);
// The instant a local calendar day starts in a zone (daylight-saving aware).
Result<Instant> start_of_local_day(Date d, const std::string& zone);
// The first instant after `t` that starts a new local day in the zone (daylight-saving aware: a
// day can be 23 or 25 hours long): when the day's challenge changes.
Result<Instant> next_local_midnight(Instant t, const std::string& zone);

}  // namespace lw
