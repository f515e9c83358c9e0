// The end-of-week report for learning and development managers: who took part, when, how (teaching,
// asking, answering), which challenges and topics caught on, and how much moderation it took.
// A pure function of the replayed state; the HTML and CSV forms are written from the same figures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learnwall/shown.hpp"
#include "learnwall/store.hpp"

namespace lw {

struct ReportTeam {
    std::string team;  // "" never appears: people without a team are under "(no team)"
    int roster_members = 0;
    int participants = 0;  // roster members of the team with at least one post on the wall
    int posts = 0;
    double share = 0;  // participants / roster_members (0 when the team has nobody in the roster)
};

struct ReportDay {
    Date date{};
    int posts = 0;
    int tips = 0, questions = 0, replies = 0, other = 0;
};

struct ReportChallenge {
    Date date{};
    std::string title;
    std::string tag;
    int answers = 0;  // posts of that day carrying the tag or keyword
    int people = 0;   // distinct people among them
};

struct ReportCount {
    std::string label;
    int count = 0;
};

struct ReportTip {
    std::string author;  // as screens would show it: opted-out people are "a colleague"
    std::string text;
    std::int64_t likes = 0;
    std::int64_t reposts = 0;
    Instant at{};
};

struct ReportModeration {
    int approved = 0, rejected = 0, pending = 0;  // posts in each state now (deleted posts left out)
    int decisions = 0;                             // every decision recorded, undo and pins included
    int automatic = 0;                             // of which taken by rules (by "rules")
    std::vector<ReportCount> by_action;            // approve, reject, pin, ...: most first
    std::vector<ReportCount> by_person;            // who decided: most first
};

struct ReportSeen {
    bool have_log = false;
    std::string source;   // the log read, or why none could be (shown when have_log is false)
    SeenOnScreen figures;
    std::int64_t refused_records = 0;  // shown records in the log refused as malformed or forged
};

// Reads the hub's access log at `path` into the report's "seen on screen" figures; a log that cannot be
// read gives have_log false and the reason (a report is still written: the figures are an addition).
ReportSeen seen_from_access_log(const State& state, const std::string& path);

// Median seconds from posting to first showing, in words ("4 min", "1 h 5 min", "40 s").
std::string seen_wait_words(std::int64_t seconds);

// Learning connections (issue 14, docs/connections.md): who learned from whom across teams.
struct ReportConnectionDay {
    Date date{};
    int connections = 0;
    int cross_team = 0;  // between two different teams
    double share = 0;    // cross_team / connections (0 on a day without any)
};
struct ReportTeamReach {
    std::string team;       // "(no team)" for people without one
    int teams_reached = 0;  // other teams it connected with, either way
    int connections = 0;    // connections with another team
};
struct ReportBridge {
    std::string name;  // as screens show it; opted-out people are left out of this named list
    std::string team;
    int teams = 0;        // other teams among the people they connected with
    int connections = 0;  // connections with people of other teams
};
struct ReportEdge {
    std::string from, to;  // names as the board shows them
    std::string from_team, to_team;
    int count = 0;
    std::string kinds;  // "thanks;reply"
};
struct ReportConnections {
    int total = 0;
    double cross_team_share = 0;
    std::vector<ReportConnectionDay> days;      // every event day
    std::vector<ReportTeamReach> teams;         // most other teams reached first
    std::vector<ReportBridge> bridges;          // people who bridged the most teams first; at most 10
    std::vector<std::string> unreached;         // roster teams nobody from another team learned from
    std::vector<ReportEdge> edges;              // people pairs, most first
    std::vector<ReportEdge> team_edges;         // team pairs (directed), most first; names empty
};

struct Report {
    std::string event_name;
    Date start{}, end{};
    std::string timezone;
    std::vector<std::string> hashtags;
    Instant generated_at{};

    int posts = 0;  // approved, not deleted, created during the event (its time zone)
    int participants = 0;           // distinct people with such a post
    int roster_size = 0;            // people in the roster
    int roster_participants = 0;    // of them, how many took part
    double roster_share = 0;        // roster_participants / roster_size (0 with no roster)
    int outside_roster = 0;         // participants not in the roster
    int tips = 0, questions = 0, replies = 0, other = 0;  // each post counted once, in that order of precedence
    std::vector<ReportTeam> teams;  // by share of members taking part, then name
    std::vector<ReportDay> days;    // every event day, quiet ones included
    std::vector<ReportChallenge> challenges;  // by date
    std::vector<ReportCount> top_hashtags;    // without the event's own hashtags; at most 10
    std::vector<ReportCount> top_words;       // words of 4+ letters, common words left out; at most 15
    std::vector<ReportTip> top_tips;          // most liked tips; at most 5
    ReportModeration moderation;
    // "Seen on screen" (docs/proof-of-display.md): filled by the caller from the hub's access log, since
    // the journal alone cannot say what screens drew. Without a log the report says why there are no figures.
    ReportSeen seen;
    ReportConnections connections;
};

// What kind of contribution a post is: a tip (carries one of the scoring rules' tip markers), else a
// question (has a '?'), else a reply, else other.
enum class PostKind { tip, question, reply, other };
PostKind classify_post(const Post& post, const ScoringRules& rules);

Report build_report(const State& state, Instant generated_at);

// A self-contained HTML page (inline CSS and SVG charts, nothing fetched from elsewhere).
std::string report_html(const Report& r);
// The same figures as CSV: section,label,value,detail (RFC 4180 quoting).
std::string report_csv(const Report& r);

}  // namespace lw
