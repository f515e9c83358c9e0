// Times in words: relative times, countdowns, weekday and month names (see time_text.hpp).
#include "learnwall/time_text.hpp"

#include <date/tz.h>

#include <cstdio>

namespace lw {

namespace {
const char* const kWeekdayNames[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char* const kWeekdayShort[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
const char* const kMonthShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

std::string relative_time(Instant then, Instant now, const std::string& zone) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(now - then).count();
    if (secs < 60) return "just now";
    auto mins = secs / 60;
    if (mins < 60) return std::to_string(mins) + " min ago";
    auto a = local_date(then, zone), b = local_date(now, zone);
    auto days = a && b ? (std::chrono::sys_days{*b} - std::chrono::sys_days{*a}).count() : mins / (60 * 24);
    if (days <= 0) return std::to_string(mins / 60) + " h ago";
    return days == 1 ? "yesterday" : std::to_string(days) + " days ago";
}

std::string time_until(Instant when, Instant now) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(when - now).count();
    if (secs <= 0) return "now";
    if (secs < 120) return "in " + std::to_string(secs) + " s";
    if (secs < 7200) return "in " + std::to_string(secs / 60) + " min";
    return "in " + std::to_string(secs / 3600) + " h";
}

const char* weekday_name(std::chrono::weekday d, NameLength length) {
    if (!d.ok()) return "?";
    return (length == NameLength::full ? kWeekdayNames : kWeekdayShort)[d.c_encoding()];
}

const char* month_name(std::chrono::month m, NameLength length) {
    if (!m.ok()) return "?";
    return (length == NameLength::full ? kMonthNames : kMonthShort)[static_cast<unsigned>(m) - 1];
}

std::chrono::weekday weekday_of(Date d) { return std::chrono::weekday{std::chrono::sys_days{d}}; }

std::string local_time_text(Instant t, const std::string& zone) {
    try {
        // The zone's own offset at that moment (so a daylight-saving day reads as its clocks do).
        const auto local = date::locate_zone(zone)->to_local(std::chrono::floor<std::chrono::minutes>(t));
        const auto day = std::chrono::floor<date::days>(local);
        const date::year_month_day ymd{day};
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
        char buf[48];
        std::snprintf(buf, sizeof buf, "%s %u %s %02d:%02d",
                      weekday_name(std::chrono::weekday{static_cast<unsigned>(date::weekday{day}.c_encoding())},
                                   NameLength::abbreviated),
                      static_cast<unsigned>(ymd.day()),
                      month_name(std::chrono::month{static_cast<unsigned>(ymd.month())}, NameLength::abbreviated),
                      static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
        return buf;
    } catch (const std::exception&) {
        return "";
    }
}

}  // namespace lw
