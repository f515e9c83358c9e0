// Which screens were seen when: read from the hub's nginx access log, where every kiosk poll names
// its screen (the X-Learnwall-Screen header, logged by packaging/nginx/learnwall.conf's format:
//   $time_iso8601 $remote_addr "$http_x_learnwall_screen" $status "$request"
// ). The admin lists the screens and flags the ones that went quiet.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/result.hpp"
#include "learnwall/time.hpp"

namespace lw {

// Where Debian's nginx writes the log learnwall.conf names: the default of screens, shown and report.
inline constexpr const char* kHubAccessLog = "/var/log/nginx/learnwall-access.log";

struct ScreenSeen {
    std::string id;       // the screen id the kiosk sent ("-" lines, without one, are not screens)
    std::string address;  // the last address it polled from
    Instant first_seen{}, last_seen{};
    std::int64_t requests = 0;
    std::int64_t not_modified = 0;  // polls answered 304: the screen already had the newest wall
    int last_status = 0;
    // The latest watchdog note the screen sent (X-Learnwall-Health, docs/proof-of-display.md): "frozen" or
    // "blank" and when its picture failed; empty when it never reported one.
    std::string last_problem;
    Instant last_problem_at{};
    std::int64_t problems = 0;  // notes received (a screen restarted this many times by its watchdog)
};

struct ScreensReport {
    std::vector<ScreenSeen> screens;     // most recently seen first
    std::int64_t lines = 0;              // lines read
    std::int64_t anonymous = 0;          // requests without a screen id
    std::vector<std::string> problems;   // "line 12: ..." for lines that do not parse (first 20)
    std::int64_t bad_lines = 0;
};

// One line of the learnwall log format. Fields after the request are the ones later versions of
// learnwall.conf added ("$http_x_learnwall_shown" "$http_x_learnwall_health", docs/proof-of-display.md);
// a line of an older format simply has fewer. nginx writes an absent header as "-".
struct AccessLine {
    Instant at{};
    std::string address, screen, request;
    int status = 0;
    std::vector<std::string> extra;  // the quoted fields after the request, in order
};
// The one reader of the format (screens and shown both use it): the line, or why it is not one.
// The non-empty lines of a log with their numbers (from 1; a trailing CR dropped), as views into
// `text`: one splitter for the screens and shown readers so both number lines the same way.
struct LogLine {
    std::int64_t number = 0;
    std::string_view text;
};
std::vector<LogLine> log_lines(std::string_view text);

Result<AccessLine> parse_access_line(std::string_view line);

// Parses the log text; `where` names the file in problems. Never fails: a bad line is reported.
ScreensReport read_screens_log(std::string_view text, const std::string& where);

}  // namespace lw
