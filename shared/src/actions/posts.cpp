// Organiser actions on posts and moderation, shared by the CLI and the admin window: see
// learnwall/actions/posts.hpp.
#include "learnwall/actions/posts.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "learnwall/actions/event.hpp"
#include "learnwall/moderation_rules.hpp"
#include "learnwall/scoring.hpp"
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
    p.credit = trim(repair_utf8(in.credit));
    if (!in.credit.empty() && p.credit.empty()) return fail("the credit is empty (name the person the tip came from)");
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
        // Automatic rules decide at once, in the same transaction.
        return new_post_change(s, e);
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

bool awaits_decision(const State& state, const PostRecord& r) {
    // Edited after approval counts as waiting too (post-moderation shows it meanwhile).
    return state.moderation_of(r) == Moderation::pending || (r.review_since && !r.decided);
}

std::vector<std::string> pending_post_ids(const State& state) {
    std::vector<const PostRecord*> pending;
    for (const auto& r : state.posts)
        if (!r.deleted && awaits_decision(state, r)) pending.push_back(&r);
    std::sort(pending.begin(), pending.end(), [](const PostRecord* a, const PostRecord* b) {
        return a->post.created_at > b->post.created_at;
    });
    std::vector<std::string> ids;
    for (const auto* r : pending) ids.push_back(r->post.id());
    return ids;
}

std::vector<PendingRow> pending_queue(const State& state) {
    std::vector<PendingRow> rows;
    for (const auto& id : pending_post_ids(state)) {
        const PostRecord* r = state.find(id);
        if (!r) continue;
        PendingRow row;
        row.id = id;
        row.created_at = r->post.created_at;
        row.author = person_name_for(state, r->post);
        row.handle = r->post.author_handle;
        for (char c : r->post.text) {
            if (c == '\n') row.text += " / ";
            else if (c == '\r' || c == '\t') row.text += ' ';
            else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) row.text += c;
        }
        row.images = r->post.image_urls.size();
        row.has_link = r->post.text.find("http://") != std::string::npos || r->post.text.find("https://") != std::string::npos;
        rows.push_back(std::move(row));
    }
    return rows;
}


// ---- the moderation queue -------------------------------------------------------------------------

namespace {

bool contains_folded(const std::string& haystack, const std::string& needle_lower) {
    return needle_lower.empty() || ascii_lower(haystack).find(needle_lower) != std::string::npos;
}

enum class QueueTab { none, pending, approved, rejected };

// Which count a post adds to (none: deleted).
QueueTab tab_of(const State& s, const PostRecord& r) {
    if (r.deleted) return QueueTab::none;
    // An approved post edited upstream waits for a person again, even where post-moderation shows it.
    if (awaits_decision(s, r)) return QueueTab::pending;
    return s.moderation_of(r) == Moderation::approved ? QueueTab::approved : QueueTab::rejected;
}

struct FilterWords {
    std::string author, text;
    explicit FilterWords(const ModerationFilter& f) : author(ascii_lower(trim(f.author))), text(ascii_lower(trim(f.text))) {}
};

bool listed_by(const State& s, const ModerationFilter& f, const FilterWords& w, const PostRecord& r) {
    using Show = ModerationFilter::Show;
    const QueueTab tab = tab_of(s, r);
    if (tab == QueueTab::none) return false;
    const Moderation m = s.moderation_of(r);
    if (f.show == Show::pending && tab != QueueTab::pending) return false;
    if (f.show == Show::approved && m != Moderation::approved) return false;
    if (f.show == Show::rejected && m != Moderation::rejected) return false;
    if (!f.source.empty() && r.post.source != f.source) return false;
    if (!w.author.empty() && !contains_folded(r.post.author_handle, w.author) &&
        !contains_folded(r.post.author_display_name, w.author))
        return false;
    return contains_folded(r.post.text, w.text);
}

void count_tab(ModerationView& v, QueueTab tab, int delta) {
    size_t* n = tab == QueueTab::pending ? &v.pending : tab == QueueTab::approved ? &v.approved
                : tab == QueueTab::rejected ? &v.rejected : nullptr;
    if (n) *n = static_cast<size_t>(static_cast<long long>(*n) + delta);
}

// Newest first; equal times keep ingest order (what a stable sort of ingest order gives).
bool listed_before(const State& s, size_t a, size_t b) {
    const Instant ta = s.posts[a].post.created_at, tb = s.posts[b].post.created_at;
    return ta != tb ? ta > tb : a < b;
}

}  // namespace

ModerationView filter_posts(const State& s, const ModerationFilter& f) {
    ModerationView v;
    const FilterWords w(f);
    for (size_t i = 0; i < s.posts.size(); ++i) {
        const PostRecord& r = s.posts[i];
        count_tab(v, tab_of(s, r), +1);
        if (listed_by(s, f, w, r)) v.rows.push_back(i);
    }
    std::stable_sort(v.rows.begin(), v.rows.end(), [&](size_t a, size_t b) {
        return s.posts[a].post.created_at > s.posts[b].post.created_at;
    });
    return v;
}

void refilter_posts(const State& s, const ModerationFilter& f, ModerationView& v,
                    const std::vector<std::pair<std::string, PostRecord>>& before) {
    const FilterWords w(f);
    std::set<std::string> done;
    // The first record kept for a post is how it was before all of these changes.
    for (const auto& [id, old] : before) {
        if (!done.insert(id).second) continue;
        auto at = s.post_index.find(id);
        if (at == s.post_index.end()) continue;
        const size_t i = at->second;
        const PostRecord& now = s.posts[i];
        count_tab(v, tab_of(s, old), -1);
        count_tab(v, tab_of(s, now), +1);
        const bool was = listed_by(s, f, w, old), is = listed_by(s, f, w, now);
        if (was == is) continue;
        auto pos = std::lower_bound(v.rows.begin(), v.rows.end(), i,
                                    [&](size_t row, size_t post) { return listed_before(s, row, post); });
        if (is) v.rows.insert(pos, i);
        else if (pos != v.rows.end() && *pos == i) v.rows.erase(pos);
    }
}

DecisionUndo undo_inverse(const State& before, const std::vector<std::string>& ids, const std::string& action,
                          size_t decided) {
    DecisionUndo undo;
    std::set<std::string> seen;
    for (const auto& id : ids) {
        const PostRecord* r = before.find(id);
        if (!r || !seen.insert(id).second) continue;
        std::string back;
        if (action == "approve" || action == "reject" || action == "reset")
            back = !r->decided ? "reset" : *r->decided == Moderation::approved ? "approve" : "reject";
        else if (action == "pin" || action == "unpin")
            back = r->pinned ? "pin" : "unpin";
        else if (action == "feature" || action == "unfeature")
            back = r->featured ? "feature" : "unfeature";
        if (!back.empty()) undo.revert.emplace_back(id, back);
    }
    undo.label = action + " " + std::to_string(decided) + (decided == 1 ? " post" : " posts");
    return undo;
}

std::vector<std::pair<std::string, std::vector<std::string>>> undo_batches(const DecisionUndo& undo) {
    // One locked transaction per restoring action; a map keeps the order the same run after run.
    std::map<std::string, std::vector<std::string>> by_action;
    for (const auto& [id, action] : undo.revert) by_action[action].push_back(id);
    return {by_action.begin(), by_action.end()};
}

std::vector<std::pair<std::string, PostRecord>> preview_decision(State& state, const std::vector<std::string>& ids,
                                                                 const std::string& action, const std::string& by) {
    std::vector<std::pair<std::string, PostRecord>> before;
    if (!is_moderation_action(action)) return before;
    for (const auto& id : ids) {
        auto it = state.post_index.find(id);
        if (it == state.post_index.end()) continue;
        PostRecord& r = state.posts[it->second];
        before.emplace_back(id, r);
        // The journal's own rule (apply_entry) on a one-post state, so the preview can never disagree
        // with what the entry will do once it is caught up.
        State one;
        one.event = {};
        one.posts.push_back(r);
        one.post_index[id] = 0;
        JournalEntry e;
        e.kind = JournalEntry::Kind::moderation;
        e.by = by;
        e.decision = ModerationDecision{id, action, by, now(), ""};
        apply_entry(one, e);
        r = std::move(one.posts.front());
    }
    return before;
}

void restore_records(State& state, const std::vector<std::pair<std::string, PostRecord>>& before) {
    // Newest preview last: undo in reverse so a post previewed twice ends as it first was.
    for (auto it = before.rbegin(); it != before.rend(); ++it) {
        auto at = state.post_index.find(it->first);
        if (at == state.post_index.end()) continue;
        PostRecord& r = state.posts[at->second];
        // Only the fields a decision sets: an upstream edit caught up meanwhile is kept.
        r.decided = it->second.decided;
        r.pinned = it->second.pinned;
        r.featured = it->second.featured;
        r.review_since = it->second.review_since;
    }
}

// ---- the moderation policy and automatic rules ----------------------------------------------------

namespace {

std::string rules_text(const ModerationRules& r) {
    std::string words = std::to_string(r.blocked_words.size()) + (r.blocked_words.size() == 1 ? " word" : " words");
    return words + " (a match " + (r.word_action == "reject" ? "is rejected" : "waits for a person") + "), links " +
           (r.link_policy == "allow" ? "allowed" : r.link_policy == "hold" ? "wait for a person" : "rejected") +
           ", images of sensitive posts " + (r.hide_sensitive_media ? "hidden" : "shown");
}

// After a policy change the rules look at the waiting posts again (a hold becomes a reject in
// post-moderation, a newly blocked author's posts are rejected); says how many they decided.
Result<std::string> rules_applied(const DataDir& dir, State& state, const std::string& said) {
    auto applied = apply_moderation_rules(dir, state, now());
    if (!applied) return fail("saved, but " + applied.error());
    if (*applied == 0) return said;
    return said + " (the rules decided " + std::to_string(*applied) + (*applied == 1 ? " waiting post)" : " waiting posts)");
}

}  // namespace

std::string moderation_mode_text(const Event& e) {
    switch (e.moderation_mode) {
        case ModerationMode::pre: return "pre-moderation: posts wait for approval";
        case ModerationMode::post: return "post-moderation: posts show unless rejected";
        case ModerationMode::delay:
            return "delay mode: posts show after " + std::to_string(e.moderation.delay_minutes) +
                   " minutes unless rejected";
    }
    return "";
}

Result<std::string> set_moderation_mode(const DataDir& dir, State& state, ModerationMode mode,
                                        std::optional<int> delay_minutes, const std::string& by) {
    const std::string summary = "moderation: " + to_string(mode) + " mode" +
                                (delay_minutes ? " (" + std::to_string(*delay_minutes) + " minutes)" : "");
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            if (delay_minutes && mode != ModerationMode::delay)
                return fail("a delay applies to delay mode only (got " + to_string(mode) + ")");
            e.moderation_mode = mode;
            if (delay_minutes) e.moderation.delay_minutes = *delay_minutes;
            return check_moderation_rules(e.moderation);
        },
        by, summary);
    if (!st) return fail(st.error());
    return rules_applied(dir, state, "moderation mode set: " + moderation_mode_text(state.event));
}

Result<std::string> change_moderation_rules(const DataDir& dir, State& state, const RulesChange& in,
                                            const std::string& by) {
    if (!in.word_action && !in.link_policy && !in.hide_sensitive_media && in.add_words.empty() && in.remove_words.empty())
        return fail("nothing to change");
    std::string summary;
    auto note = [&](const std::string& s) { summary += (summary.empty() ? "" : ", ") + s; };
    for (const auto& w : in.add_words) note("+word \"" + trim(w) + "\"");
    for (const auto& w : in.remove_words) note("-word \"" + trim(w) + "\"");
    if (in.word_action) note("word action " + *in.word_action);
    if (in.link_policy) note("links " + *in.link_policy);
    if (in.hide_sensitive_media) note(std::string("sensitive media ") + (*in.hide_sensitive_media ? "hidden" : "shown"));
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            ModerationRules r = e.moderation;
            if (in.word_action) r.word_action = *in.word_action;
            if (in.link_policy) r.link_policy = *in.link_policy;
            if (in.hide_sensitive_media) r.hide_sensitive_media = *in.hide_sensitive_media;
            auto find = [&](const std::string& w) {
                return std::find_if(r.blocked_words.begin(), r.blocked_words.end(),
                                    [&](const std::string& x) { return equals_folded(trim(x), w); });
            };
            for (const auto& raw : in.remove_words) {
                const std::string w = trim(raw);
                auto it = find(w);
                if (it == r.blocked_words.end()) return fail("the word list has no \"" + w + "\"");
                r.blocked_words.erase(it);
            }
            for (const auto& raw : in.add_words) {
                const std::string w = trim(repair_utf8(raw));
                if (w.empty()) return fail("a word of the word list is empty");
                if (w.find_first_of("\r\n\t") != std::string::npos) return fail("word \"" + w + "\": one line, please");
                if (utf8_to_u32(w).size() > 100) return fail("word \"" + w.substr(0, 40) + "...\": longer than 100 characters");
                if (find(w) != r.blocked_words.end()) return fail("the word list already has \"" + w + "\"");
                r.blocked_words.push_back(w);
            }
            if (auto ok = check_moderation_rules(r); !ok) return ok;
            e.moderation = r;
            return {};
        },
        by, "moderation rules: " + summary);
    if (!st) return fail(st.error());
    return rules_applied(dir, state, "moderation rules saved: " + rules_text(state.event.moderation));
}

Result<std::string> save_moderation_policy(const DataDir& dir, State& state, ModerationMode mode,
                                           const ModerationRules& rules, const std::string& by) {
    if (auto st = set_moderation_policy(dir, state, mode, rules, by); !st) return fail(st.error());
    return "moderation rules saved (" + moderation_mode_text(state.event) + "; " + rules_text(state.event.moderation) + ")";
}

Result<std::string> author_policy_key(const std::string& author_in, const std::string& source_in) {
    std::string author = trim(author_in), source = ascii_lower(trim(source_in));
    if (author.empty()) return fail("the author is empty");
    if (source.empty()) {
        auto colon = author.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == author.size())
            return fail("author \"" + author + "\" should look like source:handle, e.g. mastodon:ana@social.example "
                        "(or give --source)");
        source = ascii_lower(trim(author.substr(0, colon)));
        author = trim(author.substr(colon + 1));
    } else if (author.rfind(source + ":", 0) == 0) {
        author = trim(author.substr(source.size() + 1));  // "mastodon:ana" with --source mastodon
    }
    if (source != "mastodon" && source != "bluesky" && source != "x" && source != "manual")
        return fail("unknown source \"" + source + "\" (expected mastodon, bluesky, x or manual)");
    if (author.find_first_of("\r\n\t") != std::string::npos) return fail("the author must be one line");
    // As author_key names a post's author: a handle folded to lower case without "@", or a manual
    // post's display name as written.
    const std::string who = source == "manual" ? author : normalise_handle(author);
    if (who.empty()) return fail("the author is empty");
    return source + ":" + who;
}

Result<std::string> set_author(const DataDir& dir, State& state, const AuthorPolicyRequest& req, const std::string& by) {
    const std::string& policy = req.policy;
    if (policy != "block" && policy != "trust" && policy != "none")
        return fail("unknown author policy \"" + policy + "\" (expected block, trust or none)");
    auto key = author_policy_key(req.author, req.source);
    if (!key) return fail(key.error());
    const std::string why = trim(req.reason);
    if (why.find_first_of("\r\n") != std::string::npos) return fail("the reason must be one line");
    std::string summary = policy == "block"   ? "blocked author " + *key
                          : policy == "trust" ? "trusted author " + *key
                                              : "author " + *key + " neither blocked nor trusted";
    if (!why.empty()) summary += ": " + why;
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            auto& blocked = e.moderation.blocked_authors;
            auto& trusted = e.moderation.trusted_authors;
            auto drop = [&](std::vector<std::string>& list) {
                const auto before = list.size();
                list.erase(std::remove_if(list.begin(), list.end(),
                                          [&](const std::string& a) { return ascii_lower(trim(a)) == ascii_lower(*key); }),
                           list.end());
                return before != list.size();
            };
            const bool was_blocked = drop(blocked), was_trusted = drop(trusted);
            if (policy == "block" && was_blocked) return fail(*key + " is already blocked");
            if (policy == "trust" && was_trusted) return fail(*key + " is already trusted");
            if (policy == "none" && !was_blocked && !was_trusted) return fail(*key + " is neither blocked nor trusted");
            if (policy == "block") blocked.push_back(*key);
            if (policy == "trust") trusted.push_back(*key);
            return {};
        },
        by, summary);
    if (!st) return fail(st.error());
    return rules_applied(dir, state,
                         policy == "block"   ? "blocked " + *key + ": their posts are rejected"
                         : policy == "trust" ? "trusted " + *key + ": their posts are approved on arrival"
                                             : *key + " is neither blocked nor trusted now");
}

}  // namespace lw
