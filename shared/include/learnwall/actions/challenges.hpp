// Organiser actions on the daily challenges: one check used by the CLI and the Challenges panel
// alike, and the transactions that add, set and remove them (each re-checks under the writers' lock).
#pragma once

#include <string>

#include "learnwall/store.hpp"

namespace lw {

// Checks one challenge against the event: a day inside it, a title (at most 120 characters), a
// description (at most 600), a one-word tag, a bonus of 0 to 1000. The message is what both the
// window and the CLI show.
Status check_challenge(const Event& e, const Challenge& c);
// Adds the challenge, or replaces the one already set for its day. Says what it did in the words
// both the window and `challenge set` show ("challenge of 2026-05-19: Teach back").
Result<std::string> set_challenge(const DataDir& dir, State& state, Challenge c, const std::string& by);
// Adds a challenge; refuses what check_challenge refuses and a day that already has one.
Status add_challenge(const DataDir& dir, State& state, Challenge challenge, const std::string& by);
// Removes the challenge of a day; refuses a day without one. Says "removed the challenge of DATE".
Result<std::string> remove_challenge(const DataDir& dir, State& state, Date day, const std::string& by);

}  // namespace lw
