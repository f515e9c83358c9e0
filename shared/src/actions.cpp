// Organiser actions shared by the CLI and the admin window.
#include "learnwall/actions.hpp"

#include <algorithm>
#include <set>

#include "learnwall/moderation_rules.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

bool is_moderation_action(const std::string& action) {
    static const std::set<std::string> actions{"approve", "reject", "reset", "pin", "unpin", "feature", "unfeature"};
    return actions.count(action) != 0;
}

Result<std::string> add_manual_post(const DataDir& dir, State& state, const ManualPost& in, const std::string& by) {
    std::string who = trim(repair_utf8(in.author));
    if (who.empty()) return fail("the author is empty");
    std::string text = repair_utf8(in.text);
    if (trim(text).empty()) return fail("the text is empty");
    static const std::set<std::string> sources{"manual", "mastodon", "bluesky", "x"};
    if (!sources.count(in.source)) return fail("unknown source \"" + in.source + "\" (expected manual, mastodon, bluesky or x)");

    Post p;
    p.source = in.source;
    // On a network every author is a handle. A manual post names a person: "Ana" is a name shown as
    // typed (not the handle "ana"); only "@ana", an e-mail address or a dotted handle
    // (ana.bsky.social) is a handle. Matching to the roster folds case either way.
    bool is_handle = who.front() == '@' || who.find(' ') == std::string::npos;
    if (in.source == "manual" && who.front() != '@' && who.find_first_of("@.") == std::string::npos) is_handle = false;
    if (is_handle) p.author_handle = normalise_handle(who);
    else p.author_display_name = who;
    if (is_handle && !trim(in.display_name).empty()) p.author_display_name = trim(repair_utf8(in.display_name));
    p.text = text;
    p.hashtags = extract_hashtags(p.text);
    p.image_urls = in.image_urls;
    p.created_at = in.at.value_or(now());
    std::string id;
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        p.native_id = std::to_string(s.revision + 1);  // unique: assigned under the writers' lock
        while (s.find(p.id())) p.native_id += "x";
        id = p.id();
        JournalEntry e;
        e.kind = JournalEntry::Kind::post_ingested;
        e.by = by;
        e.post = p;
        e.at = now();
        DataDir::Change c{{e}, {}, {}};
        // Automatic rules decide at once, in the same transaction: a blocked author never shows, not even
        // for a moment in post-moderation.
        State just_this;
        just_this.event = s.event;
        apply_entry(just_this, e);
        for (auto& d : due_rule_decisions(just_this, e.at)) {
            JournalEntry de;
            de.kind = JournalEntry::Kind::moderation;
            de.by = d.by;
            de.decision = std::move(d);
            c.entries.push_back(std::move(de));
        }
        return c;
    });
    if (!revs) return fail(revs.error());
    return id;
}

Result<size_t> moderate_posts(const DataDir& dir, State& state, const std::vector<std::string>& post_ids,
                              const std::string& action, const std::string& by, const std::string& reason) {
    if (!is_moderation_action(action))
        return fail("unknown action \"" + action + "\" (expected approve, reject, reset, pin, unpin, feature or unfeature)");
    size_t count = 0;
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        DataDir::Change c;
        std::set<std::string> done;  // "approve X X" is one decision: the audit trail counts decisions
        for (const auto& id : post_ids) {
            const PostRecord* r = s.find(id);
            if (!r) return fail("no post with id \"" + id + "\"");
            if (!done.insert(id).second) continue;
            // Pinning or featuring a post no screen will show would look done and do nothing.
            if ((action == "pin" || action == "feature") && (s.moderation_of(*r) == Moderation::rejected || r->deleted))
                return fail("post \"" + id + "\" is " + (r->deleted ? "deleted" : "rejected") + ": it cannot be " +
                            (action == "pin" ? "pinned" : "featured") + (r->deleted ? "" : " (approve it first)"));
            JournalEntry e;
            e.kind = JournalEntry::Kind::moderation;
            e.by = by;
            e.decision = ModerationDecision{id, action, by, now(), reason};
            c.entries.push_back(e);
        }
        count = c.entries.size();
        return c;
    });
    if (!revs) return fail(revs.error());
    return count;
}

std::vector<std::string> pending_post_ids(const State& state) {
    std::vector<const PostRecord*> pending;
    for (const auto& r : state.posts)
        // Edited after approval counts as waiting too (post-moderation shows it meanwhile).
        if (!r.deleted && (state.moderation_of(r) == Moderation::pending || (r.review_since && !r.decided)))
            pending.push_back(&r);
    std::sort(pending.begin(), pending.end(), [](const PostRecord* a, const PostRecord* b) {
        return a->post.created_at > b->post.created_at;
    });
    std::vector<std::string> ids;
    for (const auto* r : pending) ids.push_back(r->post.id());
    return ids;
}

}  // namespace lw
