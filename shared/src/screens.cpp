// Reads the hub's access log into "which screen was seen when" (see screens.hpp for the format).
#include "learnwall/screens.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace lw {

namespace {

// Takes a "quoted" field from the front of `s` (nginx escapes a quote inside as \x22, so the
// field ends at the next quote).
bool take_quoted(std::string_view& s, std::string& out) {
    if (s.empty() || s.front() != '"') return false;
    auto end = s.find('"', 1);
    if (end == std::string_view::npos) return false;
    out = std::string(s.substr(1, end - 1));
    s.remove_prefix(end + 1);
    if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return true;
}

bool take_word(std::string_view& s, std::string& out) {
    auto end = s.find(' ');
    if (end == 0 || s.empty()) return false;
    out = std::string(s.substr(0, end));
    s.remove_prefix(end == std::string_view::npos ? s.size() : end + 1);
    return true;
}

}  // namespace

std::vector<LogLine> log_lines(std::string_view text) {
    std::vector<LogLine> out;
    std::int64_t number = 0;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) out.push_back({number, line});
    }
    return out;
}

Result<AccessLine> parse_access_line(std::string_view line) {
    AccessLine out;
    std::string time_text, status_text;
    if (!take_word(line, time_text) || !take_word(line, out.address) || !take_quoted(line, out.screen) ||
        !take_word(line, status_text))
        return fail("not in the learnwall log format (time address \"screen\" status \"request\")");
    auto at = parse_rfc3339(time_text);
    if (!at) return fail("time \"" + time_text.substr(0, 40) + "\" is not ISO 8601");
    out.at = *at;
    auto [p, ec] = std::from_chars(status_text.data(), status_text.data() + status_text.size(), out.status);
    if (ec != std::errc() || p != status_text.data() + status_text.size() || out.status < 100 || out.status > 599)
        return fail("status \"" + status_text.substr(0, 10) + "\" is not an HTTP status");
    take_quoted(line, out.request);  // optional: only shown, never needed
    // Later fields: at most a few are ours; a longer tail is not a learnwall line's and is ignored.
    std::string field;
    while (out.extra.size() < 4 && take_quoted(line, field)) out.extra.push_back(std::move(field));
    return out;
}

ScreensReport read_screens_log(std::string_view text, const std::string& where) {
    ScreensReport rep;
    std::map<std::string, ScreenSeen> by_id;
    auto problem = [&](std::int64_t line, const std::string& what) {
        ++rep.bad_lines;
        if (rep.problems.size() < 20) rep.problems.push_back(where + ": line " + std::to_string(line) + ": " + what);
    };
    for (const auto& [line_no, line] : log_lines(text)) {
        ++rep.lines;
        auto parsed = parse_access_line(line);
        if (!parsed) {
            problem(line_no, parsed.error());
            continue;
        }
        std::string& screen = parsed->screen;
        const Instant at = parsed->at;
        const int status = parsed->status;
        if (screen.empty() || screen == "-") {
            ++rep.anonymous;
            continue;
        }
        if (screen.size() > 80) screen = screen.substr(0, 80);
        auto [it, fresh] = by_id.try_emplace(screen);
        ScreenSeen& s = it->second;
        if (fresh) {
            s.id = screen;
            s.first_seen = at;
        }
        s.first_seen = std::min(s.first_seen, at);
        if (at >= s.last_seen) {
            s.last_seen = at;
            s.address = parsed->address;
            s.last_status = status;
        }
        ++s.requests;
        if (status == 304) ++s.not_modified;
        if (parsed->extra.size() >= 2 && parsed->extra[1] != "-" && !parsed->extra[1].empty()) {
            // Strict: "frozen@UNIX" or "blank@UNIX", anything else is not a note of ours (reported, not shown).
            const std::string& note = parsed->extra[1];
            const auto at_sign = note.find('@');
            const std::string kind = note.substr(0, at_sign);
            std::int64_t unix_s = -1;
            if (at_sign != std::string::npos && at_sign + 1 < note.size() && note.size() - at_sign - 1 <= 12) {
                const char* b = note.data() + at_sign + 1;
                auto [q, e] = std::from_chars(b, note.data() + note.size(), unix_s);
                if (e != std::errc() || q != note.data() + note.size()) unix_s = -1;
            }
            if ((kind != "frozen" && kind != "blank") || unix_s < 0) {
                problem(line_no, "X-Learnwall-Health \"" + note.substr(0, 40) + "\" is not frozen@TIME or blank@TIME");
                continue;
            }
            const Instant when{std::chrono::seconds(unix_s)};
            // Sent until answered: one failure may arrive on several polls, counted once.
            if (s.last_problem != kind || s.last_problem_at != when) {
                ++s.problems;
                if (s.last_problem.empty() || when >= s.last_problem_at) {
                    s.last_problem = kind;
                    s.last_problem_at = when;
                }
            }
        }
    }
    for (auto& [id, s] : by_id) rep.screens.push_back(std::move(s));
    std::sort(rep.screens.begin(), rep.screens.end(), [](const ScreenSeen& a, const ScreenSeen& b) {
        return a.last_seen != b.last_seen ? a.last_seen > b.last_seen : a.id < b.id;
    });
    return rep;
}

}  // namespace lw
