// Organiser actions on posts and their moderation: manual posts, decisions, the pending queue, the
// moderation policy (pre/post/delay), the automatic rules (word list, links, sensitive media), and
// blocking or trusting an author. The CLI (admin/cli/) and the window (admin/gui/panels/) call these
// and nothing else; each change is one locked transaction that validates inside it, and the message
// of the returned Result is the sentence both show. Also the window's queue logic that needs no
// window: which posts a filter shows, what undoes a decision, and a decision's effect shown at once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

struct ManualPost {
    std::string author;  // a name ("Bob Smith") or a handle ("@bob@example.org")
    std::string text;
    std::string source = "manual";
    std::optional<Instant> at;  // default: now
    std::vector<std::string> image_urls;
    std::string display_name;  // with a handle as author: the name shown beside it
    std::string credit{};  // a tip handed in "from" someone: name or handle (docs/connections.md); {} so older initialisers stay warning-free
};

// Adds a post; returns its id. Text and author are UTF-8-repaired; hashtags come from the text.
Result<std::string> add_manual_post(const DataDir& dir, State& state, const ManualPost& post, const std::string& by);

// Records one decision per post (approve, reject, reset = back to undecided, pin, unpin, feature, unfeature).
// Unknown ids refuse the lot.
Result<size_t> moderate_posts(const DataDir& dir, State& state, const std::vector<std::string>& post_ids,
                              const std::string& action, const std::string& by, const std::string& reason);

// Ids of posts awaiting a decision, newest first.
std::vector<std::string> pending_post_ids(const State& state);

bool is_moderation_action(const std::string& action);

// Whether a post waits for a person: undecided, or edited upstream after approval (post-moderation
// shows it meanwhile, but a person still has to look at it again).
bool awaits_decision(const State& state, const PostRecord& r);

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

// ---- the moderation queue as the window lists it --------------------------------------------------

// Which posts a queue view shows: a state tab, a source, and case-insensitive substrings of the
// author (handle or display name) and of the text.
struct ModerationFilter {
    enum class Show { pending, approved, rejected, all };
    Show show = Show::pending;
    std::string source;  // "" = any
    std::string author;
    std::string text;
};
struct ModerationView {
    std::vector<size_t> rows;  // indexes into State::posts, newest first
    size_t pending = 0, approved = 0, rejected = 0;  // over every post not deleted, whatever the filter
};
ModerationView filter_posts(const State& state, const ModerationFilter& filter);
// The same view after some posts changed (`before`: their records as they were, from
// preview_decision), without looking at every post again: a decision in a queue of 10,000 posts
// costs the frame microseconds instead of a new filter. Gives the same rows and counts as
// filter_posts on the changed state.
void refilter_posts(const State& state, const ModerationFilter& filter, ModerationView& view,
                    const std::vector<std::pair<std::string, PostRecord>>& before);

// What undoes a decision, worked out from the state before it: per post, the action that puts it back
// (approve/reject/reset for approve and reject; pin/unpin; feature/unfeature). Unknown ids are skipped.
struct DecisionUndo {
    std::string label;  // "approve 3 posts": what the undo button names
    std::vector<std::pair<std::string, std::string>> revert;  // post id -> action restoring it
};
DecisionUndo undo_inverse(const State& before, const std::vector<std::string>& ids, const std::string& action,
                          size_t decided);
// The undo as decisions to record: one (action, ids) per restoring action, in a fixed order.
std::vector<std::pair<std::string, std::vector<std::string>>> undo_batches(const DecisionUndo& undo);

// A decision's effect on the posts' records, applied to `state` at once (the window shows it while
// the journal append runs off the frame); returns the records as they were, for restore_records when
// the decision is refused. Neither the audit trail nor the revision changes: the journal entry, once
// caught up, sets the same fields and adds the audit line.
std::vector<std::pair<std::string, PostRecord>> preview_decision(State& state, const std::vector<std::string>& ids,
                                                                 const std::string& action, const std::string& by);
void restore_records(State& state, const std::vector<std::pair<std::string, PostRecord>>& before);

// ---- the moderation policy and automatic rules ----------------------------------------------------

// The message says what screens now do ("pre-moderation: posts wait for approval").
std::string moderation_mode_text(const Event& e);

// Sets the mode; `delay_minutes` (delay mode only) 1 to 1440, else the rules' current delay is kept.
Result<std::string> set_moderation_mode(const DataDir& dir, State& state, ModerationMode mode,
                                        std::optional<int> delay_minutes, const std::string& by);

// What a rules change sets (nullopt: unchanged). Words are added to or removed from the word list
// (case-insensitive; adding one already listed, or removing one that is not, is refused).
struct RulesChange {
    std::optional<std::string> word_action;   // hold | reject
    std::optional<std::string> link_policy;   // allow | hold | reject
    std::optional<bool> hide_sensitive_media;
    std::vector<std::string> add_words, remove_words;
};
Result<std::string> change_moderation_rules(const DataDir& dir, State& state, const RulesChange& change,
                                            const std::string& by);

// The whole policy as the Rules panel edits it (mode, delay, word list, link and media rules); the
// block and trust lists are kept as they are on disk.
Result<std::string> save_moderation_policy(const DataDir& dir, State& state, ModerationMode mode,
                                           const ModerationRules& rules, const std::string& by);

// Block ("block"), trust ("trust") or neither ("none") an author, named "source:handle" (or a handle
// with `source` given). Blocking rejects their waiting posts (the rules do, audited as "rules").
struct AuthorPolicyRequest {
    std::string author;  // "mastodon:ana@social.example", or "ana@social.example" with source
    std::string source;  // optional: mastodon, bluesky, x or manual
    std::string policy;  // block | trust | none
    std::string reason;  // kept in the audit line
};
// The key as block and trust lists hold it ("mastodon:ana@social.example"), or why it is not one.
Result<std::string> author_policy_key(const std::string& author, const std::string& source);
Result<std::string> set_author(const DataDir& dir, State& state, const AuthorPolicyRequest& request,
                               const std::string& by);

}  // namespace lw
