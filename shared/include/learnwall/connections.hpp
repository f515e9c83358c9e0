// Learning connections (issue 14, docs/connections.md): who learned from whom, a pure function of
// the replayed journal, the rules and the roster, like scores. Nothing here is stored.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

// In the order a post is checked for them: one post gives one connection per person learned from.
enum class ConnectionKind { credit, quote, thanks, reply };
std::string to_string(ConnectionKind k);

// One end of a connection.
struct ConnectionEnd {
    std::string name;  // as the board shows it: opted-out people are "a colleague"
    std::string team;  // "" for no team (outsiders too)
    long member = -1;  // roster index, or -1 for someone outside the roster
    std::string key;   // the scores' person key: the roster name, or the outsider key
    std::string real_name;  // roster name or outsider's name (organisers only, for scores)
    std::string opt_out;    // the roster's opt-out: "" | "anonymous" | "hidden"
    bool operator==(const ConnectionEnd&) const = default;
};

struct Connection {
    ConnectionEnd from;  // who learned
    ConnectionEnd to;    // who they learned from
    ConnectionKind kind = ConnectionKind::thanks;
    std::string post_id;  // the post that made it
    Instant at{};
    int day = 0;          // event day index (the event's time zone)
    bool counted = true;  // false: a guardrail stopped it (see reason)
    std::string reason;   // why it was not counted ("" when counted)
    [[nodiscard]] bool cross_team() const { return from.team != to.team; }
    bool operator==(const Connection&) const = default;
};

struct Connections {
    std::vector<Connection> all;  // time order; counted and stopped ones
    [[nodiscard]] int total() const;  // counted ones
    [[nodiscard]] double cross_team_share() const;  // of counted ones; 0 when there are none
    bool operator==(const Connections&) const = default;
};

Connections compute_connections(const State& state);

// The same computation fed one post at a time, for a caller that already walks every post (scores:
// one pass over 100,000 posts instead of two). Feed every post of `state` in journal order.
class ConnectionCollector {
public:
    explicit ConnectionCollector(const State& state);
    ~ConnectionCollector();
    ConnectionCollector(const ConnectionCollector&) = delete;
    ConnectionCollector& operator=(const ConnectionCollector&) = delete;
    void consider(const PostRecord& r, bool visible);  // visible: State::visible_on_screens(r)
    Connections finish();

private:
    struct Run;
    std::unique_ptr<Run> run_;
};

// Aggregates of the counted connections, for the CLI, the report and publishing.
struct PersonLink {
    std::string from, to;  // names as the board shows them
    std::string from_team, to_team;
    int count = 0;
    std::vector<std::string> kinds;  // distinct kinds, in the order of ConnectionKind
};
struct TeamLink {
    std::string from_team, to_team;  // directed: learner's team to teacher's team
    int count = 0;
};
std::vector<PersonLink> people_links(const Connections& c);  // most first, then names
std::vector<TeamLink> team_links(const Connections& c);      // most first, then teams

// The "thanks" markers a text carries before an @mention: the handles credited (normalised, without
// '@'), in order, each once. Exposed for tests and the stand-in's fixtures.
std::vector<std::string> credited_mentions(std::string_view text, const std::vector<std::string>& markers);

}  // namespace lw
