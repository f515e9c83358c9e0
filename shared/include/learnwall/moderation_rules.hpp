// Automatic moderation: block and trust lists, a word list (also checked against display names and
// handles), a link policy, and delay mode. Rules decide a post when it arrives; every decision they
// take is an ordinary journal entry by "rules" with the rule as its reason, so it is audited and undoable.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

// Who wrote a post, as block and trust lists name them: "mastodon:ana@social.example", "x:ana",
// "manual:Ana Lima" (manual posts without a handle go by their display name).
std::string author_key(const Post& p);

// What the rules say about one post. `action` is "" when no rule applies.
struct RuleVerdict {
    std::string action;  // "" | approve | reject | hold (wait for a person, whatever the mode)
    std::string reason;  // "blocked author", "word \"x\" in the display name", ...
};
RuleVerdict evaluate_rules(const Event& event, const Post& post);

// Whether an upstream edit changed what moderation judged (text, images, warnings, the name shown).
bool moderated_content_differs(const Post& before, const Post& after);
// The entry the rules record when an approved post is edited upstream: back to review ("review"),
// or nothing (the post was not approved). `at` is when the edit arrived.
std::optional<JournalEntry> review_after_edit(const State& state, const PostRecord& before, const Post& edited, Instant at);

// Case-insensitive `word` in `text`, not glued to letters or digits on either side.
bool contains_whole_word(std::string_view text, std::string_view word);

// The decisions rules would record now (all by "rules", at `at`): posts nobody has decided yet get
// their verdict (a hold becomes a reject in post-moderation, where undecided posts show); in delay
// mode, undecided posts that arrived `delay_minutes` ago or more and are not held get approved.
std::vector<ModerationDecision> due_rule_decisions(const State& state, Instant at);

// One change that adds a new post (`ingested`, a post_ingested entry) together with the decisions the
// automatic rules take on it at once, so a blocked author never shows, not even for a moment in
// post-moderation. For the organiser's `post add` and the share-a-tip page.
DataDir::Change new_post_change(const State& state, const JournalEntry& ingested);

// Records due_rule_decisions in one transaction (nothing when there are none). Returns how many.
Result<size_t> apply_moderation_rules(const DataDir& dir, State& state, Instant at);

// The moderation mode and rules, validated (a delay of 1 to 1440 minutes, known actions, no empty words).
// set_moderation_policy keeps the block and trust lists as they are on disk (set_author_policy edits those),
// then applies the rules to the posts waiting.
Status check_moderation_rules(const ModerationRules& rules);
Status set_moderation_policy(const DataDir& dir, State& state, ModerationMode mode, ModerationRules rules,
                             const std::string& by);

// Puts an author on the block list ("block"), the trust list ("trust"), or neither ("none").
// Blocking also rejects the author's posts that are waiting; trusting approves them.
Status set_author_policy(const DataDir& dir, State& state, const std::string& author, const std::string& policy,
                         const std::string& by);

}  // namespace lw
