// Event commands organisers asked for (issue 11 item 9): the screens' invitation (join URL, call to
// action), theme, announcements, playlist, editing and removing challenges, award corrections, the
// pending queue. Each is a thin wrapper over a shared/ action the admin window can call too.
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iomanip>
#include <iostream>

#include "cli/common.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/actions/challenges.hpp"
#include "learnwall/actions/event.hpp"
#include "learnwall/actions/people.hpp"
#include "learnwall/actions/quotes.hpp"
#include "learnwall/actions/scoring.hpp"
#include "learnwall/actions/screens.hpp"
#include "learnwall/text.hpp"
#include "learnwall/time_text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::cli {

namespace {

int event_failed(CommandIo& io, const std::string& cmd, const std::string& why) {
    io.err << "learnwall-admin " << cmd << ": " << why << "\n";
    return kExitFailure;
}

// A whole number option, or a usage error naming it.
bool int_option(const ParsedArgs& a, CommandIo& io, const std::string& cmd, const char* name, long lo, long hi,
                std::optional<long>& out) {
    auto v = a.get(name);
    if (!v) return true;
    char* end = nullptr;
    long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end || n < lo || n > hi) {
        io.err << "learnwall-admin " << cmd << ": --" << name << ": expected " << lo << " to " << hi << ", got \"" << *v
               << "\"\n";
        return false;
    }
    out = n;
    return true;
}

// Runs one change and republishes; prints `done` on success.
int changed(Opened& o, const ParsedArgs& a, CommandIo& io, const std::string& cmd, const Status& st,
            const std::string& done) {
    if (!st) return event_failed(io, cmd, st.error() + " (nothing was changed)");
    if (!publish_after_change(o, a, io, cmd)) return kExitFailure;
    io.out << done << "\n";
    return kExitOk;
}

// The same for an action that says what it did: prints its sentence, as the window shows it.
int changed(Opened& o, const ParsedArgs& a, CommandIo& io, const std::string& cmd, const Result<std::string>& said) {
    if (!said) return changed(o, a, io, cmd, Status{fail(said.error())}, "");
    return changed(o, a, io, cmd, Status{}, *said);
}

int cmd_screens_set(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "event screens";
    ScreenInvite in;
    in.join_url = a.get("join-url");
    in.call_to_action = a.get("call-to-action");
    std::optional<long> qs, mp, ps;
    if (!int_option(a, io, cmd, "quote-seconds", 3, 3600, qs) || !int_option(a, io, cmd, "max-posts", 1, 1000, mp) ||
        !int_option(a, io, cmd, "page-seconds", 5, 600, ps))
        return kExitUsage;
    if (qs) in.quote_seconds = static_cast<int>(*qs);
    if (mp) in.max_posts = static_cast<int>(*mp);
    if (ps) in.page_seconds = static_cast<int>(*ps);
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    if (!in.join_url && !in.call_to_action && !qs && !mp && !ps) {
        const DisplaySettings& d = o->state.event.display;
        io.out << "join URL:        " << (d.join_url.empty() ? "(none: the QR code shows the call to action)" : d.join_url)
               << "\ncall to action:  " << d.call_to_action << "\nseconds a quote: " << d.quote_seconds
               << "\nposts on screens: " << d.max_posts << "\nseconds a page:  " << d.page_seconds << "\n";
        return kExitOk;
    }
    return changed(*o, a, io, cmd, set_screen_invite(o->dir, o->state, in, acting_user(a)), "screens updated");
}

int cmd_theme(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "event theme";
    if (a.positionals.size() > 1) {
        io.err << "learnwall-admin " << cmd << ": expected one theme (quote it: \"Learning together\")\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    if (a.positionals.empty()) {
        io.out << o->state.event.theme << "\n";
        return kExitOk;
    }
    const std::string theme = repair_utf8(a.positionals[0]);
    return changed(*o, a, io, cmd, set_theme(o->dir, o->state, theme, acting_user(a)), "theme: " + trim(theme));
}

int cmd_announcement_list(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "announcement list");
    if (!o) return kExitFailure;
    size_t i = 0;
    for (const auto& line : o->state.event.display.announcements) io.out << ++i << "\t" << line << "\n";
    if (i == 0) io.out << "no announcements (add one with: learnwall-admin announcement add --text T)\n";
    return kExitOk;
}

int cmd_announcement_add(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "announcement add";
    auto text = a.get("text");
    if (!text || trim(*text).empty()) {
        io.err << "learnwall-admin " << cmd << ": --text is required and must not be empty\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    auto done = add_announcement(o->dir, o->state, *text, acting_user(a));
    return changed(*o, a, io, cmd, done ? Status{} : Status{fail(done.error())}, done ? *done : "");
}

int cmd_announcement_remove(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "announcement remove";
    long n = a.positionals.size() == 1 ? std::strtol(a.positionals[0].c_str(), nullptr, 10) : 0;
    if (n < 1) {
        io.err << "learnwall-admin " << cmd << ": expected one announcement number (see: announcement list)\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    auto done = remove_announcement(o->dir, o->state, static_cast<size_t>(n), acting_user(a));
    return changed(*o, a, io, cmd, done ? Status{} : Status{fail(done.error())}, done ? *done : "");
}

int cmd_playlist(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "playlist";
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    if (a.positionals.empty() && !a.has("default")) {
        const auto& pl = o->state.event.display.playlist;
        if (pl.empty()) io.out << "the screens' default rotation (set one: learnwall-admin playlist wall:30 quote:15 ...)\n";
        for (const auto& p : pl) io.out << p.scene << "\t" << p.seconds << " s\n";
        return kExitOk;
    }
    std::vector<PlaylistItem> items;
    if (!a.has("default")) {
        auto parsed = parse_playlist(a.positionals);
        if (!parsed) {
            io.err << "learnwall-admin " << cmd << ": " << parsed.error() << "\n";
            return kExitUsage;
        }
        items = *parsed;
    }
    return changed(*o, a, io, cmd, set_playlist(o->dir, o->state, items, acting_user(a)),
                   items.empty() ? "playlist: the screens' default" : "playlist set (" + std::to_string(items.size()) + " scenes)");
}

int cmd_challenge_set(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "challenge set";
    auto date = a.get("date");
    auto d = date ? parse_date(*date) : std::nullopt;
    if (!d) {
        io.err << "learnwall-admin " << cmd << ": --date YYYY-MM-DD is required (the day whose challenge to set)\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    // Editing: what is not given keeps its current value.
    Challenge c;
    c.date = *d;
    for (const auto& existing : o->state.event.challenges)
        if (existing.date == *d) c = existing;
    if (auto v = a.get("title")) c.title = repair_utf8(*v);
    if (auto v = a.get("description")) c.description = repair_utf8(*v);
    if (auto v = a.get("tag")) c.tag = *v;
    std::optional<long> bonus;
    if (!int_option(a, io, cmd, "bonus", 0, 1000, bonus)) return kExitUsage;
    if (bonus) c.bonus = *bonus;
    return changed(*o, a, io, cmd, set_challenge(o->dir, o->state, c, acting_user(a)));
}

int cmd_challenge_remove(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "challenge remove";
    auto date = a.get("date");
    auto d = date ? parse_date(*date) : std::nullopt;
    if (!d) {
        io.err << "learnwall-admin " << cmd << ": --date YYYY-MM-DD is required\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return changed(*o, a, io, cmd, remove_challenge(o->dir, o->state, *d, acting_user(a)));
}

int cmd_award_list(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "award list");
    if (!o) return kExitFailure;
    auto rows = award_rows(o->state);
    if (rows.empty()) io.out << "no awards yet\n";
    for (const auto& r : rows) {
        io.out << std::setw(3) << r.number << ". " << local_time_text(r.award.at, o->state.event.timezone) << "  "
               << r.award.person << "  " << (r.award.points > 0 ? "+" : "") << r.award.points << "  " << r.award.reason
               << "  (by " << r.award.by << ")" << (r.withdrawn ? "  [withdrawn]" : "") << "\n";
    }
    return kExitOk;
}

std::optional<long> award_number(const ParsedArgs& a, CommandIo& io, const std::string& cmd) {
    long n = a.positionals.size() == 1 ? std::strtol(a.positionals[0].c_str(), nullptr, 10) : 0;
    if (n < 1) {
        io.err << "learnwall-admin " << cmd << ": expected one award number (see: learnwall-admin award list)\n";
        return std::nullopt;
    }
    return n;
}

int cmd_award_remove(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "award remove";
    auto n = award_number(a, io, cmd);
    if (!n) return kExitUsage;
    auto reason = a.get("reason");
    if (!reason) {
        io.err << "learnwall-admin " << cmd << ": --reason is required (kept with the correction)\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return changed(*o, a, io, cmd,
                   withdraw_award(o->dir, o->state, static_cast<size_t>(*n), *reason, acting_user(a)),
                   "withdrew award " + std::to_string(*n));
}

int cmd_award_correct(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "award correct";
    auto n = award_number(a, io, cmd);
    if (!n) return kExitUsage;
    std::optional<long> points;
    if (!int_option(a, io, cmd, "points", -10000, 10000, points)) return kExitUsage;
    auto reason = a.get("reason");
    if (!points || !reason) {
        io.err << "learnwall-admin " << cmd << ": --points and --reason are required\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return changed(*o, a, io, cmd,
                   correct_award(o->dir, o->state, static_cast<size_t>(*n), *points, *reason, acting_user(a)),
                   "corrected award " + std::to_string(*n) + " to " + std::to_string(*points) + " points");
}

int cmd_moderate_list(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "moderate list");
    if (!o) return kExitFailure;
    auto rows = pending_queue(o->state);
    if (a.has("json")) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& r : rows)
            arr.push_back({{"id", r.id},
                           {"created_at", format_rfc3339(r.created_at)},
                           {"author", r.author},
                           {"handle", r.handle},
                           {"text", r.text},
                           {"images", r.images},
                           {"has_link", r.has_link}});
        io.out << arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (rows.empty()) {
        io.out << "nothing pending\n";
        return kExitOk;
    }
    for (const auto& r : rows) {
        io.out << r.id << "  " << local_time_text(r.created_at, o->state.event.timezone) << "  " << r.author
               << (r.handle.empty() || r.handle == r.author ? "" : " (@" + r.handle + ")")
               << (r.images ? "  [" + std::to_string(r.images) + " image" + (r.images == 1 ? "" : "s") + "]" : "")
               << (r.has_link ? "  [link]" : "") << "\n    " << r.text << "\n";
    }
    io.out << rows.size() << " pending (approve: learnwall-admin moderate approve ID... --data " << o->dir.path()
           << ")\n";
    return kExitOk;
}

}  // namespace

std::vector<Command> event_commands() {
    const OptionSpec by = by_option(), no_publish = no_publish_option();
    return {
        {{"event", "screens"},
         "show or set what screens invite people to do: join URL (the QR code), call to action",
         "[--join-url URL] [--call-to-action T] [--quote-seconds N] [--max-posts N] [--page-seconds N]",
         "Without options, prints the current settings. The QR code on the screens encodes the join URL\n"
         "when one is set (http:// or https://), else the call to action's text.",
         {{"join-url", true, false, "--join-url URL      where the QR code leads (\"\" to clear)"},
          {"call-to-action", true, false, "--call-to-action T  the line beside the QR code (at most 120 characters)"},
          {"quote-seconds", true, false, "--quote-seconds N   how long each quote shows (3 to 3600)"},
          {"max-posts", true, false, "--max-posts N       recent approved posts published to screens (1 to 1000)"},
          {"page-seconds", true, false, "--page-seconds N    each page of posts on the wall at least this long (5 to 600)"},
          by, no_publish},
         true,
         cmd_screens_set},
        {{"event", "theme"},
         "show or set the event's theme (shown in the screens' header)",
         "[THEME]",
         "",
         {by, no_publish},
         true,
         cmd_theme},
        {{"announcement", "list"}, "list the announcements screens show, numbered", "", "", {}, true,
         cmd_announcement_list},
        {{"announcement", "add"},
         "add an announcement (a line screens show in rotation)",
         "--text T",
         "",
         {{"text", true, false, "--text T            the announcement (at most 200 characters)"}, by, no_publish},
         true,
         cmd_announcement_add},
        {{"announcement", "remove"}, "remove an announcement by its number", "N", "", {by, no_publish}, true,
         cmd_announcement_remove},
        {{"playlist"},
         "show or set the screens' scene rotation",
         "[SCENE:SECONDS]... | --default",
         "Scenes: wall, leaderboard, challenge, quote, connections; 3 to 3600 seconds each (default 30), e.g.\n"
         "  learnwall-admin playlist --data ev wall:40 leaderboard:20 challenge:15 quote:15\n"
         "Without arguments, prints the rotation; --default goes back to the screens' own.",
         {{"default", false, false, "--default           use the screens' default rotation"}, by, no_publish},
         true,
         cmd_playlist},
        {{"challenge", "set"},
         "add or edit the challenge of a day (options not given keep their value)",
         "--date YYYY-MM-DD [--title T] [--tag TAG] [--bonus N] [--description D]",
         "",
         {{"date", true, false, "--date YYYY-MM-DD   the day"},
          {"title", true, false, "--title T           what to do"},
          {"tag", true, false, "--tag TAG           the hashtag that answers it"},
          {"bonus", true, false, "--bonus N           points for answering (0 to 1000)"},
          {"description", true, false, "--description D     a longer explanation"},
          by, no_publish},
         true,
         cmd_challenge_set},
        {{"challenge", "remove"},
         "remove the challenge of a day",
         "--date YYYY-MM-DD",
         "",
         {{"date", true, false, "--date YYYY-MM-DD   the day"}, by, no_publish},
         true,
         cmd_challenge_remove},
        {{"award", "list"}, "list awards and penalties, numbered, with their day and time", "", "", {}, true,
         cmd_award_list},
        {{"award", "remove"},
         "withdraw an award (the journal keeps both; scores drop it)",
         "N --reason R",
         "",
         {{"reason", true, false, "--reason R          why it is withdrawn"}, by, no_publish},
         true,
         cmd_award_remove},
        {{"award", "correct"},
         "change an award's points (withdraws it and records the corrected one)",
         "N --points P --reason R",
         "",
         {{"points", true, false, "--points P          the right number of points"},
          {"reason", true, false, "--reason R          why it changed"},
          by, no_publish},
         true,
         cmd_award_correct},
        {{"moderate", "list"},
         "list the pending queue, newest first: id, time, author, text",
         "[--json]",
         "",
         {{"json", false, false, "--json              one JSON array"}},
         true,
         cmd_moderate_list},
    };
}

}  // namespace lw::cli
