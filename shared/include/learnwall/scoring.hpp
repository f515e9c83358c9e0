// Scores: a pure function of the replayed state (journal + rules + roster). Nothing is stored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

struct ScoreItem {
    std::string post_id;  // empty for manual awards
    std::string rule;     // "post", "award", ...
    std::int64_t points = 0;
    std::string reason;   // a sentence a participant understands
    Instant at{};
};

struct PersonScore {
    std::string name;  // roster name, or the author's display name when not in the roster
    std::string team;
    bool in_roster = false;
    std::int64_t total = 0;
    Instant reached_at{};  // when the current total was reached (tie-break: earlier ranks higher)
    std::vector<ScoreItem> items;
    std::vector<std::string> badges;
    int rank = 0;  // 1-based among those who rank; 0 when not ranked
};

struct TeamScore {
    std::string team;
    std::int64_t points = 0;
    int members = 0;
    Instant reached_at{};
    int rank = 0;
};

struct Scores {
    std::vector<PersonScore> people;  // ranked first (by rank), then the unranked
    std::vector<TeamScore> teams;     // by rank
    [[nodiscard]] const PersonScore* find(const std::string& name) const;
};

Scores compute_scores(const State& state);

// The name a post's author is known by: the roster name when linked, else the display name or handle.
std::string person_name_for(const State& state, const Post& post, std::string* team = nullptr, bool* in_roster = nullptr);

}  // namespace lw
