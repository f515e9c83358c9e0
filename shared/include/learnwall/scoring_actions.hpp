// Organiser actions of the scoring area (challenges, roster, awards) as plain functions: the CLI and
// the admin window both call these. Each is one locked transaction; all or nothing.
#pragma once

#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

// Adds a challenge; refuses a day outside the event, a day that already has one, an empty title or tag.
Status add_challenge(const DataDir& dir, State& state, Challenge challenge, const std::string& by);

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

}  // namespace lw
