// Organiser actions on people: linking a social account to a roster person and a person's opt-out
// from screens. The CLI (`roster link`, `roster opt-out`) and the Roster panel call these; each is one
// locked transaction, audited as a roster change, that validates against the roster it changes; the
// message of the returned Result is the sentence both show.
#pragma once

#include <string>

#include "learnwall/store.hpp"

namespace lw {

// Links a social account that posted (source mastodon, bluesky or x, and its handle) to a roster
// person, so the posts count for them. Refuses a handle that already belongs to somebody else.
Result<std::string> link_author(const DataDir& dir, State& state, const std::string& source, const std::string& handle,
                                const std::string& person, const std::string& by);

// Opt-out: "" or "none" (shown as usual), "anonymous" (screens say "a colleague"), "hidden" (never on
// screens). The person is named as in the roster (any case and accent form).
Result<std::string> set_opt_out(const DataDir& dir, State& state, const std::string& person, const std::string& opt_out,
                                const std::string& by);

}  // namespace lw
