// Organiser actions of the scoring area: the roster import, manual awards and their corrections, and
// the explain note on a missed challenge bonus. Each change is one locked transaction; all or nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/scoring.hpp"
#include "learnwall/store.hpp"

namespace lw {

// Replaces the roster (roster.json) and records who did it and what changed in the journal.
Status import_roster(const DataDir& dir, State& state, const Roster& roster, const std::string& by,
                     const std::string& source_name);

// What replacing the roster with `incoming` would do that an organiser should know first (the CLI
// prints these, also on --dry-run): a name now spelled in another case (still the same person), and
// awards that would reach nobody because their person is no longer in the roster (a rename).
std::vector<std::string> roster_import_warnings(const State& state, const Roster& incoming);

// Records a manual award (points > 0) or penalty (points < 0) with its reason. The person must be in
// the roster (case-insensitive name) or, when nobody is, someone who already appears in the scores.
// Returns the name the award was recorded under.
Result<std::string> add_award(const DataDir& dir, State& state, const std::string& person, std::int64_t points,
                              const std::string& reason, const std::string& by);

// An award as listed: its number (1-based, in journal order) and whether a later correction
// withdrew it. The journal is never rewritten: removing award N appends its opposite with the reason
// "withdraws award N: ...", so totals, explain and the audit trail all show what happened.
struct AwardRow {
    size_t number = 0;
    Award award;
    bool withdrawn = false;   // a later entry withdraws it
    size_t withdraws = 0;     // this entry withdraws award N (0: it is an award of its own)
};
std::vector<AwardRow> award_rows(const State& state);

struct AwardRequest {
    std::string person;
    std::int64_t points = 0;
    std::string reason;
    bool visitor = false;          // somebody not on the roster (a guest speaker): recorded as named
    std::optional<Instant> at;     // when it was earned (default: now); must fall inside the event
};
// Records an award like add_award, and also to a visitor or at a given time. Returns the name used.
Result<std::string> give_award(const DataDir& dir, State& state, const AwardRequest& request, const std::string& by);
// Withdraws award `number` (appends its opposite); refuses an unknown, withdrawn or withdrawing entry.
Status withdraw_award(const DataDir& dir, State& state, size_t number, const std::string& reason, const std::string& by);
// Withdraws award `number` and records `points` in its place (same person and time), with the reason.
Status correct_award(const DataDir& dir, State& state, size_t number, std::int64_t points, const std::string& reason,
                     const std::string& by);

// Replaces the scoring rules (the event's "scoring" object) in one locked transaction, recorded in the
// journal with who did it. The rules come through scoring_rules_from_json (or the Scoring panel's
// editor, which uses it), so they are valid; scores follow on the next recomputation.
Status set_scoring_rules(const DataDir& dir, State& state, const ScoringRules& rules, const std::string& by);

// Why a counted post earned no challenge bonus, for explain: "" when it earned one, when its day has
// no challenge, or when it did not count at all; else a sentence naming the tag or the earlier post.
std::string challenge_bonus_note(const State& state, const PersonScore& person, const ScoreItem& post_item);

}  // namespace lw
