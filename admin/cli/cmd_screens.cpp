// `screens`: which kiosks were seen when, from the hub's nginx access log (docs/deploy.md); `shown`: which
// approved posts they drew, when first and for how long (docs/proof-of-display.md), from the same log.
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/common.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/actions/screens.hpp"
#include "learnwall/report.hpp"
#include "learnwall/screens.hpp"
#include "learnwall/shown.hpp"
#include "learnwall/time_text.hpp"

namespace lw::cli {

namespace {

// The one "N min ago" of the kiosk, the window and the CLI (learnwall/time_text.hpp).
std::string ago(Instant then, Instant at) { return relative_time(then, at); }

int cmd_screens(const ParsedArgs& a, CommandIo& io) {
    const std::string path = a.get("access-log").value_or(kHubAccessLog);
    long quiet_minutes = kScreenQuietAfter.count();
    if (auto q = a.get("quiet-after")) {
        try {
            size_t used = 0;
            quiet_minutes = std::stol(*q, &used);
            if (used != q->size() || quiet_minutes < 1 || quiet_minutes > 10080) throw std::invalid_argument("");
        } catch (...) {
            io.err << "learnwall-admin screens: --quiet-after needs whole minutes between 1 and 10080, not \"" << *q
                   << "\"\n";
            return kExitUsage;
        }
    }
    auto text = read_file(path);
    if (!text) {
        io.err << "learnwall-admin screens: " << text.error() << "\n";
        return kExitFailure;
    }
    ScreensReport rep = read_screens_log(*text, path);
    for (const auto& p : rep.problems) io.err << "learnwall-admin screens: skipped " << p << "\n";
    if (rep.bad_lines > static_cast<std::int64_t>(rep.problems.size()))
        io.err << "learnwall-admin screens: skipped " << rep.bad_lines - static_cast<std::int64_t>(rep.problems.size())
               << " more lines\n";
    const Instant at = now();
    const auto quiet = std::chrono::minutes(quiet_minutes);
    if (a.has("json")) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& s : rep.screens)
            arr.push_back({{"id", s.id},
                           {"address", s.address},
                           {"first_seen", format_rfc3339(s.first_seen)},
                           {"last_seen", format_rfc3339(s.last_seen)},
                           {"requests", s.requests},
                           {"not_modified", s.not_modified},
                           {"last_status", s.last_status},
                           {"quiet", screen_is_quiet(s, at, quiet)},
                           {"watchdog_restarts", s.problems},
                           {"last_problem", s.last_problem.empty() ? nlohmann::json(nullptr)
                                                                   : nlohmann::json{{"kind", s.last_problem},
                                                                                    {"at", format_rfc3339(s.last_problem_at)}}}});
        io.out << nlohmann::json{{"screens", arr}, {"anonymous_requests", rep.anonymous}, {"skipped_lines", rep.bad_lines}}
                      .dump(2)
               << "\n";
        return kExitOk;
    }
    if (rep.screens.empty()) {
        io.out << "no screen has polled yet (" << path << " has " << rep.lines
               << " lines; kiosks name themselves with --screen-id)\n";
        return kExitOk;
    }
    io.out << std::left << std::setw(24) << "SCREEN" << std::setw(18) << "LAST SEEN" << std::setw(8) << "STATUS"
           << std::setw(10) << "POLLS" << "ADDRESS\n";
    for (const auto& s : rep.screens) {
        std::string seen = ago(s.last_seen, at) + (screen_is_quiet(s, at, quiet) ? " !" : "");
        io.out << std::left << std::setw(24) << s.id << std::setw(18) << seen << std::setw(8) << s.last_status
               << std::setw(10) << s.requests << s.address << "\n";
    }
    for (const auto& s : rep.screens)
        if (!s.last_problem.empty())
            io.out << s.id << ": restarted by its watchdog " << s.problems << " time(s); last: a " << s.last_problem
                   << " frame, " << ago(s.last_problem_at, at) << "\n";
    const size_t quiet_count = count_quiet_screens(rep.screens, at, quiet);
    if (quiet_count)
        io.out << quiet_count << " screen(s) quiet for more than " << quiet_minutes
               << " min (marked !): check power, network and the kiosk's log\n";
    return kExitOk;
}

int cmd_shown(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "shown";
    const std::string path = a.get("access-log").value_or(kHubAccessLog);
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    auto text = read_file(path);
    if (!text) {
        io.err << "learnwall-admin shown: " << text.error()
               << " (the hub's nginx access log, where screens report what they drew; --access-log FILE)\n";
        return kExitFailure;
    }
    const ShownLog log = read_shown_log(*text, path);
    for (const auto& p : log.problems) io.err << "learnwall-admin shown: skipped " << p << "\n";
    if (log.bad_records > static_cast<std::int64_t>(log.problems.size()))
        io.err << "learnwall-admin shown: skipped " << log.bad_records - static_cast<std::int64_t>(log.problems.size())
               << " more records\n";
    const SeenOnScreen seen = seen_on_screen(approved_for_screens(o->state), log);
    if (a.has("json")) {
        nlohmann::json posts = nlohmann::json::array(), never = nlohmann::json::array();
        for (const auto& r : seen.rows) {
            if (!r.first_shown) {
                never.push_back({{"id", r.id}, {"created_at", format_rfc3339(r.created_at)}});
                continue;
            }
            posts.push_back({{"id", r.id},
                             {"created_at", format_rfc3339(r.created_at)},
                             {"first_shown", format_rfc3339(*r.first_shown)},
                             {"screens", r.screens},
                             {"seconds", r.seconds}});
        }
        io.out << nlohmann::json{{"access_log", path},
                                 {"approved", seen.approved},
                                 {"shown", seen.shown},
                                 {"share_shown", seen.share_shown()},
                                 {"median_seconds_to_first_showing",
                                  seen.median_first_seconds ? nlohmann::json(*seen.median_first_seconds) : nlohmann::json(nullptr)},
                                 {"posts", posts},
                                 {"never_shown", never},
                                 {"unknown_ids", seen.unknown_ids},
                                 {"dropped_by_screens", seen.dropped},
                                 {"refused_records", log.bad_records}}
                      .dump(2)
               << "\n";
        return kExitOk;
    }
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * seen.share_shown());
    io.out << "seen on screen, as the screens reported it (" << path << "):\n"
           << seen.shown << " of " << seen.approved << " approved posts shown (" << pct << "), "
           << seen.approved - seen.shown << " never shown";
    if (seen.median_first_seconds) io.out << "; median time to first showing " << seen_wait_words(*seen.median_first_seconds);
    io.out << "\n";
    if (seen.dropped > 0)
        io.out << "screens dropped " << seen.dropped << " records while the hub was unreachable: a lower bound\n";
    if (seen.unknown_ids > 0)
        io.out << seen.unknown_ids << " post id(s) reported that are not approved posts of this event (not listed)\n";
    if (seen.shown > 0) {
        io.out << "\n" << std::left << std::setw(44) << "POST" << std::setw(22) << "FIRST SHOWN" << std::setw(9) << "SCREENS"
               << "SECONDS\n";
        for (const auto& r : seen.rows)
            if (r.first_shown)
                io.out << std::left << std::setw(44) << r.id << std::setw(22) << format_rfc3339(*r.first_shown)
                       << std::setw(9) << r.screens << r.seconds << "\n";
    }
    if (seen.shown < seen.approved) {
        io.out << "\nnever shown (oldest first):\n";
        for (const auto& r : seen.rows)
            if (!r.first_shown) io.out << "  " << r.id << "  posted " << format_rfc3339(r.created_at) << "\n";
    }
    return kExitOk;
}

}  // namespace

std::vector<Command> screen_commands() {
    return {
        {{"screens"},
         "which kiosks were seen when, from the hub's nginx access log",
         "[--access-log FILE] [--quiet-after MIN] [--json]",
         "Every kiosk started with --screen-id names itself on each poll; nginx logs it in the\n"
         "learnwall format (packaging/nginx/learnwall.conf). Screens silent for longer than\n"
         "--quiet-after minutes (default 5) are marked with !.",
         {{"access-log", true, false, "--access-log FILE   default /var/log/nginx/learnwall-access.log"},
          {"quiet-after", true, false, "--quiet-after MIN   minutes of silence before a screen is flagged (default 5)"},
          {"json", false, false, "--json              machine-readable output"}},
         false,
         cmd_screens},
        {{"shown"},
         "which approved posts the screens drew: first time shown, screens, seconds; and those never shown",
         "[--access-log FILE] [--json]",
         "Every kiosk polling the hub reports the posts it drew and for how long (X-Learnwall-Shown, logged\n"
         "by packaging/nginx/learnwall.conf; a kiosk with a local wall.json writes the same lines with\n"
         "--shown-log FILE). The figures are as the screens reported them: a record that is malformed or\n"
         "claims a time far from its poll is skipped and named on standard error. See\n"
         "docs/proof-of-display.md.",
         {{"access-log", true, false, "--access-log FILE   default /var/log/nginx/learnwall-access.log"},
          {"json", false, false, "--json              machine-readable output"}},
         true,
         cmd_shown},
    };
}

}  // namespace lw::cli
