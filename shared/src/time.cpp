// Time: RFC 3339 parsing and formatting, and IANA zones through Howard Hinnant's date library.
#include "learnwall/time.hpp"

#include <date/tz.h>

#include <cstdio>

namespace lw {

using namespace std::chrono;

Instant now() { return time_point_cast<milliseconds>(system_clock::now()); }

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

std::optional<Date> parse_date(std::string_view s) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return std::nullopt;
    Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string format_date(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
}

std::optional<Instant> parse_rfc3339(std::string_view s) {
    if (s.size() < 20) return std::nullopt;
    auto date = parse_date(s.substr(0, 10));
    if (!date) return std::nullopt;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm) || s[16] != ':' || !digits(s, 17, 2, ss))
        return std::nullopt;
    if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
    size_t pos = 19;
    int ms = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int scale = 100;
        size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            ms += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }
    if (pos >= s.size()) return std::nullopt;
    int offset_min = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int oh = 0, om = 0;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om))
            return std::nullopt;
        offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    Instant t = time_point_cast<milliseconds>(sys_days{*date}) + hours{hh} + minutes{mm} + seconds{ss} +
                milliseconds{ms} - minutes{offset_min};
    return t;
}

std::string format_rfc3339(Instant t) {
    auto day = floor<days>(t);
    Date d{day};
    auto rest = t - day;
    auto h = duration_cast<hours>(rest);
    rest -= h;
    auto m = duration_cast<minutes>(rest);
    rest -= m;
    auto s = duration_cast<seconds>(rest);
    rest -= s;
    auto ms = duration_cast<milliseconds>(rest).count();
    char buf[40];
    if (ms == 0)
        std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_date(d).c_str(), static_cast<int>(h.count()),
                      static_cast<int>(m.count()), static_cast<int>(s.count()));
    else
        std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ", format_date(d).c_str(), static_cast<int>(h.count()),
                      static_cast<int>(m.count()), static_cast<int>(s.count()), static_cast<int>(ms));
    return buf;
}

bool is_known_timezone(const std::string& name) {
    if (name.empty()) return false;
    try {
        return date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

Result<Date> local_date(Instant t, const std::string& zone) {
    try {
        const date::time_zone* tz = date::locate_zone(zone);
        auto local = tz->to_local(t);
        auto d = date::floor<date::days>(local);
        date::year_month_day ymd{d};
        return Date{year{static_cast<int>(ymd.year())}, month{static_cast<unsigned>(ymd.month())},
                    day{static_cast<unsigned>(ymd.day())}};
    } catch (const std::exception& e) {
        return fail("unknown time zone '" + zone + "'");
    }
}

Result<Instant> start_of_local_day(Date d, const std::string& zone) {
    try {
        const date::time_zone* tz = date::locate_zone(zone);
        date::local_days ld{date::year{static_cast<int>(d.year())} / static_cast<unsigned>(d.month()) /
                            static_cast<unsigned>(d.day())};
        // Midnight can fall in a daylight-saving gap in a few zones: take the earliest valid instant.
        auto info = tz->get_info(date::local_seconds{ld.time_since_epoch()});
        date::sys_seconds start;
        if (info.result == date::local_info::nonexistent)
            start = info.second.begin;
        else
            start = date::sys_seconds{(ld.time_since_epoch() - info.first.offset)};
        return Instant{duration_cast<milliseconds>(start.time_since_epoch())};
    } catch (const std::exception& e) {
        return fail("unknown time zone '" + zone + "'");
    }
}

Result<Instant> next_local_midnight(Instant t, const std::string& zone) {
    auto today = local_date(t, zone);
    if (!today) return fail(today.error());
    // Computed from the calendar, never as "t + 24 h": the day after a clock change is not 24 h long.
    return start_of_local_day(Date{sys_days{*today} + days{1}}, zone);
}

}  // namespace lw
