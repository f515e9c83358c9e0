// LEFTOVER, not a design: the posts and people actions that lived in the old event_actions.hpp and
// organiser_actions.hpp (deleted when the actions were grouped by noun). The posts/people half of the
// split (actions/posts.hpp, actions/people.hpp) moves them; this header then goes away.
#pragma once

#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

// Roster edits from the admin window (one transaction each, audited as roster changes):
// links a social account that posted (source mastodon, bluesky or x, and its handle) to a roster
// person, so the posts count for them. Refuses a handle that already belongs to somebody else.
Status link_author(const DataDir& dir, State& state, const std::string& source, const std::string& handle,
                   const std::string& person, const std::string& by);
// Opt-out: "" (shown as usual), "anonymous" (screens say "a colleague"), "hidden" (never on screens).
Status set_opt_out(const DataDir& dir, State& state, const std::string& person, const std::string& opt_out,
                   const std::string& by);

// The pending queue, newest first, each as one readable row.
struct PendingRow {
    std::string id;
    Instant created_at{};
    std::string author;  // roster name when linked, else display name or handle
    std::string handle;
    std::string text;    // one line: newlines shown as " / "
    size_t images = 0;
    bool has_link = false;
};
std::vector<PendingRow> pending_queue(const State& state);

}  // namespace lw
