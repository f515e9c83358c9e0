// What-if for scoring rules: who would gain or lose points or places under other rules, computed from
// the same journal and roster without changing anything (CLI `scoring simulate`, the Scoring panel).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "learnwall/model.hpp"
#include "learnwall/result.hpp"
#include "learnwall/scoring.hpp"
#include "learnwall/store.hpp"

namespace lw {

// One person whose points or rank differ between two score tables. A person missing from one side
// (excluded by a rule, or newly scoring) has 0 points and rank 0 (not ranked) there.
struct ScoreChange {
    std::string name;
    std::int64_t points_before = 0;
    std::int64_t points_after = 0;
    int rank_before = 0;  // 0: not ranked
    int rank_after = 0;
    bool operator==(const ScoreChange&) const = default;
};

// Everyone whose points or rank differ, ranked people first by their new rank, then by new points
// (most first), then by name. People are matched by their name as the leaderboard shows it.
std::vector<ScoreChange> score_changes(const Scores& before, const Scores& after);

// The changes `rules` would make to the scores of `state` (its own rules are "before"). Pure: the state
// is copied, never changed.
std::vector<ScoreChange> simulate_scoring(const State& state, const ScoringRules& rules);

// Reads scoring rules with the event's own parser: the "scoring" object as `scoring rules` prints it,
// or a whole event.json (its "scoring" member). Errors name the source, the JSON pointer and what was
// expected.
Result<ScoringRules> parse_scoring_rules_text(const std::string& text, const std::string& source_name);
Result<ScoringRules> load_scoring_rules_file(const std::string& path);

// The CLI's JSON: [{name, points_before, points_after, rank_before, rank_after}].
nlohmann::json to_json(const std::vector<ScoreChange>& changes);
// One line a person reads: "Ana Lima: 45 -> 60 points, rank 3 -> 1".
std::string describe_change(const ScoreChange& change);

}  // namespace lw
