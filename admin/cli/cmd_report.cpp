// The report command: the L&D report of an event as a self-contained HTML page or as CSV.
#include <iostream>

#include "cli/common.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/report.hpp"
#include "learnwall/screens.hpp"

namespace lw::cli {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int cmd_report(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "report";
    auto out = a.get("out");
    if (!out || out->empty()) {
        io.err << "learnwall-admin report: --out FILE is required (use --out - for standard output)\n";
        return kExitUsage;
    }
    std::string format = a.get("format").value_or(ends_with(*out, ".csv") ? "csv" : "html");
    if (format != "html" && format != "csv") {
        io.err << "learnwall-admin report: --format: expected html or csv, got \"" << format << "\"\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    Report r = build_report(o->state, now());
    // "Seen on screen" comes from the hub's access log, the one `screens` and `shown` read.
    r.seen = seen_from_access_log(o->state, a.get("access-log").value_or(kHubAccessLog));
    std::string text = format == "csv" ? report_csv(r) : report_html(r);
    if (*out == "-") {
        io.out << text;
        return kExitOk;
    }
    if (auto st = write_file_atomic(*out, text); !st) {
        io.err << "learnwall-admin report: " << st.error() << "\n";
        return kExitFailure;
    }
    io.out << "wrote " << *out << " (" << format << "): " << r.participants << " people, " << r.posts << " posts, "
           << r.tips << " tips\n";
    return kExitOk;
}

}  // namespace

std::vector<Command> report_commands() {
    return {
        {{"report"},
         "write the L&D report (participation, posts a day, tips, challenges, topics, moderation)",
         "--out FILE [--format html|csv] [--access-log FILE]",
         "The HTML page is self-contained (inline styles and SVG charts, nothing loaded from elsewhere) and\n"
         "opens in any browser; CSV has the same figures as rows of section,label,value,detail.\n"
         "Counts cover approved posts made during the event (its time zone). The format defaults to csv\n"
         "when FILE ends in .csv, else html. The file is replaced atomically.\n"
         "\"Seen on screen\" (share of approved posts drawn on a screen, those never shown, median time to\n"
         "first showing) comes from the hub's access log; without one the report says why it has none.",
         {{"out", true, false, "--out FILE          where to write the report (- for standard output)"},
          {"format", true, false, "--format html|csv   html (default) or csv"},
          {"access-log", true, false, "--access-log FILE   screens' record (default /var/log/nginx/learnwall-access.log)"}},
         true,
         cmd_report},
    };
}

}  // namespace lw::cli
