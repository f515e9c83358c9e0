// Commands of the scoring area: challenges, roster import, unknown authors, awards, leaderboard, explain.
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/common.hpp"
#include "learnwall/actions/challenges.hpp"
#include "learnwall/actions/event.hpp"
#include "learnwall/actions/scoring.hpp"
#include "learnwall/roster_csv.hpp"
#include "learnwall/scoring.hpp"
#include "learnwall/scoring_simulate.hpp"
#include "learnwall/text.hpp"
#include "learnwall/time_text.hpp"

namespace lw::cli {

using nlohmann::json;

namespace {

std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

int failed(CommandIo& io, const std::string& cmd, const std::string& why) {
    io.err << "learnwall-admin " << cmd << ": " << why << "\n";
    return kExitFailure;
}

int cmd_challenge_add(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "challenge add";
    auto date = a.get("date");
    auto title = a.get("title");
    auto tag = a.get("tag");
    if (!date || !title || !tag) {
        io.err << "learnwall-admin " << cmd << ": --date, --title and --tag are required\n";
        return kExitUsage;
    }
    auto d = parse_date(*date);
    if (!d) {
        io.err << "learnwall-admin " << cmd << ": --date: expected a date YYYY-MM-DD, got \"" << *date << "\"\n";
        return kExitUsage;
    }
    Challenge c;
    c.date = *d;
    c.title = *title;
    c.tag = *tag;
    c.description = a.get("description").value_or("");
    if (auto b = a.get("bonus")) {
        try {
            size_t used = 0;
            c.bonus = std::stoll(*b, &used);
            if (used != b->size()) throw std::invalid_argument("trailing");
        } catch (const std::exception&) {
            io.err << "learnwall-admin " << cmd << ": --bonus: expected a whole number of points, got \"" << *b << "\"\n";
            return kExitUsage;
        }
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    if (auto st = add_challenge(o->dir, o->state, c, acting_user(a)); !st) return failed(io, cmd, st.error());
    if (!publish_after_change(*o, a, io, cmd)) return kExitFailure;
    io.out << "added the challenge of " << format_date(c.date) << ": \"" << trim(c.title) << "\" (answer with "
           << normalise_tag(trim(c.tag)) << ", " << c.bonus << " points)\n";
    return kExitOk;
}

int cmd_challenge_list(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "challenge list");
    if (!o) return kExitFailure;
    if (a.has("json")) {
        json arr = json::array();
        for (const auto& c : o->state.event.challenges) arr.push_back(to_json(c));
        io.out << dump(arr) << "\n";
        return kExitOk;
    }
    if (o->state.event.challenges.empty()) {
        io.out << "no challenges yet (add one: learnwall-admin challenge add --data DIR --date YYYY-MM-DD --title T "
                  "--tag TAG)\n";
        return kExitOk;
    }
    for (const auto& c : o->state.event.challenges) {
        io.out << format_date(c.date) << "  " << c.title << "  (" << c.tag << ", " << c.bonus << " points)\n";
        if (!c.description.empty()) io.out << "            " << c.description << "\n";
    }
    return kExitOk;
}

int cmd_roster_import(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "roster import";
    if (a.positionals.size() != 1) {
        io.err << "learnwall-admin " << cmd << ": expected one CSV file (header: name,team,mastodon,bluesky,x,email)\n";
        return kExitUsage;
    }
    auto parsed = load_roster_csv(a.positionals[0]);
    if (!parsed) return failed(io, cmd, parsed.error() + " (nothing was imported)");
    for (const auto& w : parsed->warnings) io.err << "learnwall-admin " << cmd << ": warning: " << w << "\n";
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    // What the new file would change for people already known (renames that orphan awards), before
    // anything is written: the reason --dry-run exists.
    for (const auto& w : roster_import_warnings(o->state, parsed->roster))
        io.err << "learnwall-admin " << cmd << ": warning: " << w << "\n";
    if (a.has("dry-run")) {
        io.out << "would import " << parsed->roster.people.size() << " people (dry run: nothing changed)\n";
        return kExitOk;
    }
    if (auto st = import_roster(o->dir, o->state, parsed->roster, acting_user(a), a.positionals[0]); !st)
        return failed(io, cmd, st.error());
    if (!publish_after_change(*o, a, io, cmd)) return kExitFailure;
    std::set<std::string> teams;
    for (const auto& p : parsed->roster.people)
        if (!p.team.empty()) teams.insert(p.team);
    io.out << "imported " << parsed->roster.people.size() << " people in " << teams.size() << " teams -> "
           << o->dir.roster_path() << "\n";
    auto unknown = unknown_authors(o->state);
    if (!unknown.empty())
        io.out << unknown.size() << " author" << (unknown.size() == 1 ? " is" : "s are")
               << " still unknown (see: learnwall-admin roster unknown --data " << o->dir.path() << ")\n";
    return kExitOk;
}

int cmd_roster_unknown(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "roster unknown");
    if (!o) return kExitFailure;
    auto unknown = unknown_authors(o->state);
    if (a.has("json")) {
        json arr = json::array();
        for (const auto& u : unknown)
            arr.push_back({{"source", u.source},
                           {"handle", u.handle},
                           {"display_name", u.display_name},
                           {"posts", u.posts},
                           {"last_post", format_rfc3339(u.last_post)}});
        io.out << dump(arr) << "\n";
        return kExitOk;
    }
    if (unknown.empty()) {
        io.out << "every author of an approved post is in the roster\n";
        return kExitOk;
    }
    for (const auto& u : unknown)
        io.out << u.source << "  " << (u.handle.empty() ? "-" : u.handle) << "  \"" << u.display_name << "\"  "
               << u.posts << " post" << (u.posts == 1 ? "" : "s") << "\n";
    io.out << "add them to the roster CSV (the column for their network) and import it again\n";
    return kExitOk;
}

int cmd_award(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "award";
    auto person = a.get("person");
    auto pts = a.get("points");
    auto reason = a.get("reason");
    if (!person || !pts || !reason) {
        io.err << "learnwall-admin " << cmd << ": --person, --points and --reason are required\n";
        return kExitUsage;
    }
    std::int64_t points = 0;
    try {
        size_t used = 0;
        points = std::stoll(*pts, &used);
        if (used != pts->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
        io.err << "learnwall-admin " << cmd << ": --points: expected a whole number (negative for a penalty), got \""
               << *pts << "\"\n";
        return kExitUsage;
    }
    AwardRequest req{*person, points, *reason, a.has("visitor"), std::nullopt};
    if (auto at = a.get("at")) {
        req.at = parse_rfc3339(*at);
        if (!req.at) {
            io.err << "learnwall-admin " << cmd << ": --at: expected an RFC 3339 time such as 2026-05-18T15:00:00+01:00, got \""
                   << *at << "\"\n";
            return kExitUsage;
        }
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    auto who = give_award(o->dir, o->state, req, acting_user(a));
    if (!who) return failed(io, cmd, who.error());
    if (!publish_after_change(*o, a, io, cmd)) return kExitFailure;
    io.out << (points > 0 ? "awarded " : "penalised ") << *who << " " << (points > 0 ? "+" : "") << points
           << " points: " << trim(*reason) << "\n";
    return kExitOk;
}

int cmd_leaderboard(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "leaderboard");
    if (!o) return kExitFailure;
    Scores sc = compute_scores(o->state, ScoreDetail::totals);
    bool all = a.has("all");
    if (a.has("teams")) {
        if (a.has("json")) {
            json arr = json::array();
            for (const auto& t : sc.teams)
                arr.push_back({{"rank", t.rank},
                               {"team", t.team},
                               {"points", t.points},
                               {"total", t.total},
                               {"members", t.members},
                               {"mode", o->state.event.scoring.team_score}});
            io.out << dump(arr) << "\n";
            return kExitOk;
        }
        if (sc.teams.empty()) io.out << "no teams yet (import a roster with a team column)\n";
        for (const auto& t : sc.teams)
            io.out << std::setw(3) << t.rank << ". " << t.team << "  " << t.points << " points ("
                   << o->state.event.scoring.team_score << ", " << t.members << " member" << (t.members == 1 ? "" : "s")
                   << ")\n";
        return kExitOk;
    }
    if (a.has("json")) {
        json arr = json::array();
        for (const auto& p : sc.people) {
            if (!all && p.rank == 0) continue;
            arr.push_back({{"rank", p.rank},
                           {"name", p.name},
                           {"team", p.team},
                           {"points", p.total},
                           {"badges", p.badges},
                           {"in_roster", p.in_roster},
                           {"reached_at", format_rfc3339(p.reached_at)}});
        }
        io.out << dump(arr) << "\n";
        return kExitOk;
    }
    int shown = 0;
    for (const auto& p : sc.people) {
        if (!all && p.rank == 0) continue;
        ++shown;
        io.out << std::setw(3) << (p.rank ? std::to_string(p.rank) + "." : std::string("-")) << " " << p.name
               << (p.team.empty() ? "" : " (" + p.team + ")") << "  " << p.total << " points"
               << (p.badges.empty() ? "" : "  [" + joined(p.badges) + "]") << (p.in_roster ? "" : "  (not in the roster)")
               << "\n";
    }
    if (!shown) io.out << "nobody on the leaderboard yet\n";
    return kExitOk;
}

int cmd_explain(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "explain";
    if (a.positionals.size() != 1) {
        io.err << "learnwall-admin " << cmd << ": expected one person's name (as on the leaderboard)\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    Scores sc = compute_scores(o->state);
    const PersonScore* p = sc.find(a.positionals[0]);
    if (!p) return failed(io, cmd, "nobody called \"" + a.positionals[0] + "\" (see: learnwall-admin leaderboard --all)");
    if (a.has("json")) {
        json items = json::array();
        for (const auto& i : p->items) {
            json j = {{"points", i.points}, {"reason", i.reason}, {"rule", i.rule}, {"at", format_rfc3339(i.at)},
                      {"local_time", local_time_text(i.at, o->state.event.timezone)}};
            if (!i.post_id.empty()) j["post_id"] = i.post_id;
            if (auto note = challenge_bonus_note(o->state, *p, i); !note.empty()) j["no_bonus"] = note;
            if (!i.cap.empty()) {
                j["cap"] = i.cap;
                j["points_before_cap"] = i.full_points;
            }
            items.push_back(j);
        }
        io.out << dump({{"name", p->name},
                        {"team", p->team},
                        {"in_roster", p->in_roster},
                        {"rank", p->rank},
                        {"total", p->total},
                        {"badges", p->badges},
                        {"items", items}})
               << "\n";
        return kExitOk;
    }
    io.out << p->name << (p->team.empty() ? "" : " (" + p->team + ")") << ": " << p->total << " points"
           << (p->rank ? ", rank " + std::to_string(p->rank) : std::string(", not ranked (not in the roster)")) << "\n";
    if (!p->badges.empty()) io.out << "badges: " << joined(p->badges) << "\n";
    for (const auto& i : p->items) {
        std::ostringstream pts;
        pts << (i.points > 0 ? "+" : "") << i.points;
        // The day and time in the event's zone: "which day did that count for?" is the first question.
        io.out << "  " << local_time_text(i.at, o->state.event.timezone) << "  " << std::setw(5) << pts.str() << "  "
               << i.reason;
        if (!i.post_id.empty()) io.out << "  [" << i.post_id << "]";
        if (!i.cap.empty()) io.out << "  (" << i.cap << ")";
        io.out << "\n";
        if (auto note = challenge_bonus_note(o->state, *p, i); !note.empty()) io.out << "                      " << note << "\n";
    }
    if (p->items.empty()) io.out << "  nothing yet\n";
    return kExitOk;
}

int cmd_scoring_rules(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "scoring rules");
    if (!o) return kExitFailure;
    io.out << dump(to_json(o->state.event.scoring)) << "\n";
    return kExitOk;
}

int cmd_scoring_simulate(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "scoring simulate";
    auto file = a.get("rules");
    if (!file) {
        io.err << "learnwall-admin " << cmd << ": --rules FILE is required (the \"scoring\" object, as `scoring rules` "
                  "prints it)\n";
        return kExitUsage;
    }
    // The rules first: a bad file is refused before the data is even opened, and nothing is written
    // either way (no transaction, no publish).
    auto rules = load_scoring_rules_file(*file);
    if (!rules) return failed(io, cmd, rules.error() + " (nothing was changed)");
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    auto changes = simulate_scoring(o->state, *rules);
    if (a.has("json")) {
        io.out << dump(to_json(changes)) << "\n";
        return kExitOk;
    }
    if (changes.empty()) {
        io.out << "nobody's points or rank would change under " << *file << " (nothing was changed)\n";
        return kExitOk;
    }
    for (const auto& c : changes) io.out << describe_change(c) << "\n";
    io.out << changes.size() << (changes.size() == 1 ? " person" : " people") << " would change under " << *file
           << " (a simulation: nothing was changed)\n";
    return kExitOk;
}

OptionSpec json_option(const char* what) { return {"json", false, false, std::string("--json              ") + what}; }

}  // namespace

std::vector<Command> scoring_commands() {
    return {
        {{"challenge", "add"},
         "add the challenge of one event day",
         "--date YYYY-MM-DD --title T --tag TAG [--bonus N] [--description D]",
         "One challenge a day, on a day inside the event. A post answers it when it carries the tag as a\n"
         "hashtag or as a word, on that calendar day in the event's time zone.",
         {{"date", true, false, "--date YYYY-MM-DD   the day (in the event's time zone)"},
          {"title", true, false, "--title T           what screens show"},
          {"tag", true, false, "--tag TAG           hashtag (with or without '#') or keyword that answers it"},
          {"bonus", true, false, "--bonus N           bonus points for answering (default 20)"},
          {"description", true, false, "--description D     a sentence more"},
          by_option(),
          no_publish_option()},
         true,
         cmd_challenge_add},
        {{"challenge", "list"},
         "list the challenges, by day",
         "[--json]",
         "",
         {json_option("a JSON array of {date, title, description, tag, bonus}")},
         true,
         cmd_challenge_list},
        {{"roster", "import"},
         "replace the roster with a CSV file (header: name,team and any of mastodon,bluesky,x,email)",
         "FILE.csv [--dry-run]",
         "All or nothing: an error names the line and column and nothing is imported. Handles are matched\n"
         "without '@' and case; one person may have a handle on every network (one participant).",
         {{"dry-run", false, false, "--dry-run           check the file, change nothing"}, by_option(), no_publish_option()},
         true,
         cmd_roster_import},
        {{"roster", "unknown"},
         "list authors of approved posts who are not in the roster",
         "[--json]",
         "",
         {json_option("a JSON array of {source, handle, display_name, posts, last_post}")},
         true,
         cmd_roster_unknown},
        {{"award"},
         "give points (or a penalty, with negative points) to a person, with a reason",
         "--person NAME --points N --reason R",
         "Awards are kept in the journal with who, when and why, and shown in the person's explanation.",
         {{"person", true, false, "--person NAME       the person's roster name"},
          {"visitor", false, false, "--visitor           the person is not on the roster (a guest): recorded as named"},
          {"at", true, false, "--at TIME           when it was earned, RFC 3339 (default: now; inside the event)"},
          {"points", true, false, "--points N          points to add; negative for a penalty"},
          {"reason", true, false, "--reason R          why (the person sees it)"},
          by_option(),
          no_publish_option()},
         true,
         cmd_award},
        {{"leaderboard"},
         "show the ranking of people, or of teams",
         "[--json] [--teams] [--all]",
         "Ties: whoever reached the score first ranks higher, then by name. Only roster members rank\n"
         "unless the rules say anyone may (or no roster was imported yet).",
         {json_option("people: [{rank, name, team, points, badges, ...}]; teams: [{rank, team, points, ...}]"),
          {"teams", false, false, "--teams             the team ranking instead"},
          {"all", false, false, "--all               also people who do not rank (rank 0)"}},
         true,
         cmd_leaderboard},
        {{"explain"},
         "every point of one person, with its reason and any cap that applied",
         "NAME [--json]",
         "",
         {json_option("{name, team, rank, total, badges, items: [{points, reason, rule, post_id, cap, ...}]}")},
         true,
         cmd_explain},
        {{"scoring", "rules"},
         "print the scoring rules in force (the \"scoring\" object of event.json)",
         "",
         "",
         {},
         true,
         cmd_scoring_rules},
        {{"scoring", "simulate"},
         "what other scoring rules would do: everyone whose points or rank would change, before and after",
         "--rules FILE [--json]",
         "Recomputes the scores from the same journal and roster under the rules in FILE (the \"scoring\"\n"
         "object as `scoring rules` prints it, or a whole event.json) and compares them with the scores\n"
         "now. Changes nothing: try a rule change mid-week before making it. A bad file is refused with\n"
         "the JSON pointer of the bad field.",
         {{"rules", true, false, "--rules FILE        the rules to try (JSON)"},
          json_option("[{name, points_before, points_after, rank_before, rank_after}]; rank 0: not ranked")},
         true,
         cmd_scoring_simulate},
    };
}

}  // namespace lw::cli
