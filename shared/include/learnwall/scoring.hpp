// Scores: a pure function of the replayed state (journal + rules + roster). Nothing is stored, so a
// changed rule or a reversed decision is a recomputation. Every point carries its reason.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

struct ScoreItem {
    std::string post_id;  // empty for awards and streaks
    std::string rule;     // post | challenge | tip | reply | replied | engagement | teaching | cross_team | streak | award | penalty | not_counted
    std::int64_t points = 0;       // what counted, after caps
    std::int64_t full_points = 0;  // what the rule gave before caps
    std::string reason;            // a sentence a participant understands
    std::string cap;               // which cap applied ("" when none)
    Instant at{};
    bool operator==(const ScoreItem&) const = default;
};

struct PersonScore {
    std::string name;  // roster name, or the author's display name (else handle) when not in the roster
    std::string team;
    bool in_roster = false;
    std::int64_t total = 0;
    Instant reached_at{};  // when the current total was reached (tie-break: earlier ranks higher)
    std::vector<ScoreItem> items;       // in time order
    std::vector<std::string> badges;    // labels, in the order the rules list them
    std::vector<std::string> badge_ids;
    int rank = 0;  // 1-based among those who rank; 0 when not ranked
    int counted_posts = 0;
    int tips = 0;
    int challenges = 0;  // challenges answered
    int days = 0;        // distinct event days with a counted post
    bool operator==(const PersonScore&) const = default;
};

struct TeamScore {
    std::string team;
    std::int64_t points = 0;  // what ranks: the total, or the per-member average (rules.team_score)
    std::int64_t total = 0;
    int members = 0;  // roster members in the team
    Instant reached_at{};
    int rank = 0;
    bool operator==(const TeamScore&) const = default;
};

struct Scores {
    std::vector<PersonScore> people;  // ranked first (by rank), then the unranked by points
    std::vector<TeamScore> teams;     // by rank
    // By exact name, else the only case-insensitive match; null when none.
    [[nodiscard]] const PersonScore* find(const std::string& name) const;
    bool operator==(const Scores&) const = default;
};

// How much to compute: `full` keeps every item with its reason (explain); `totals` gives the same
// totals, ranks, badges and teams without the items (leaderboards, publishing: much faster).
enum class ScoreDetail { full, totals };

Scores compute_scores(const State& state, ScoreDetail detail = ScoreDetail::full);
// The same with the learning connections already computed from the same state (publishing needs
// both; docs/connections.md), so they are not computed twice.
struct Connections;
Scores compute_scores(const State& state, ScoreDetail detail, const Connections& connections);

// The name a post's author is known by: the roster name when linked, else the display name or handle.
std::string person_name_for(const State& state, const Post& post, std::string* team = nullptr, bool* in_roster = nullptr);

// The roster member a post's author is, or null: the network's handle column; for manual posts also
// the roster name (the display name) and the e-mail.
const Participant* roster_member_for(const Roster& roster, const Post& post);

// The same lookup, indexed once for callers that match many posts (publishing thousands): constant
// time per post instead of a pass over the roster. The roster must outlive it and stay unchanged.
class RosterMatcher {
public:
    explicit RosterMatcher(const Roster& roster);
    ~RosterMatcher();
    RosterMatcher(const RosterMatcher&) = delete;
    RosterMatcher& operator=(const RosterMatcher&) = delete;
    [[nodiscard]] const Participant* member_for(const Post& post) const;

private:
    struct Index;
    std::unique_ptr<Index> index_;
};

// The key scores know someone outside the roster by (network and normalised handle, or the
// display name for manual posts): connections credit the same person the board shows.
std::string outsider_person_key(const Post& post);
// The name the board shows for someone outside the roster: the display name, else the handle.
std::string outsider_display_name(const Post& post);

// Authors of approved event posts who are not in the roster, for organisers to link.
struct UnknownAuthor {
    std::string source;
    std::string handle;
    std::string display_name;
    int posts = 0;  // approved, not deleted
    Instant last_post{};
};
std::vector<UnknownAuthor> unknown_authors(const State& state);  // most posts first

// "Near-duplicate" key of a text: lower case, hashtags removed, spacing collapsed.
std::string duplicate_key(std::string_view text);

}  // namespace lw
