// Organiser actions on the event as a whole: the one event-change transaction every other action on
// event.json goes through, the event's days, its theme. Plain functions: the CLI and the admin window
// both call them, tests exercise them without a window. Each is one locked transaction; all or nothing.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

// Applies `edit` to a fresh copy of the event under the writers' lock, validates the result and
// writes it with `summary` in the journal. `edit` may refuse with a message; nothing is then written.
// This is the only place an action on event.json writes it: checks that depend on the event run
// inside `edit`, on the state as it is under the lock, not on what the caller last read.
// `summary` is read after `edit` has run, so an edit may fill in the words it returns to the user.
Status change_event(const DataDir& dir, State& state, const std::function<Status(Event&)>& edit,
                    const std::string& by, const std::string& summary);

// Every calendar day of the event, first to last.
std::vector<Date> event_days(const Event& e);

// The event's theme (a word or short phrase shown in the screens' header): 1 to 40 characters,
// one line.
Status check_theme(const std::string& theme);
Status set_theme(const DataDir& dir, State& state, const std::string& theme, const std::string& by);

}  // namespace lw
