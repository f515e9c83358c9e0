// `screens`: which kiosks were seen when, from the hub's nginx access log (docs/deploy.md).
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/common.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/actions/screens.hpp"
#include "learnwall/screens.hpp"
#include "learnwall/time_text.hpp"

namespace lw::cli {

namespace {

// The one "N min ago" of the kiosk, the window and the CLI (learnwall/time_text.hpp).
std::string ago(Instant then, Instant at) { return relative_time(then, at); }

int cmd_screens(const ParsedArgs& a, CommandIo& io) {
    const std::string path = a.get("access-log").value_or("/var/log/nginx/learnwall-access.log");
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
                           {"quiet", screen_is_quiet(s, at, quiet)}});
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
    const size_t quiet_count = count_quiet_screens(rep.screens, at, quiet);
    if (quiet_count)
        io.out << quiet_count << " screen(s) quiet for more than " << quiet_minutes
               << " min (marked !): check power, network and the kiosk's log\n";
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
    };
}

}  // namespace lw::cli
