// Automatic moderation: verdicts for single posts, the decisions due now, and the policy edits.
#include "learnwall/moderation_rules.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "learnwall/actions/event.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/text.hpp"

namespace lw {

namespace {

bool has_link(const std::string& text) {
    std::string t = ascii_lower(text);
    return t.find("http://") != std::string::npos || t.find("https://") != std::string::npos ||
           t.find("www.") != std::string::npos;
}

bool listed(const std::vector<std::string>& list, const std::string& key) {
    std::string k = ascii_lower(key);
    for (const auto& item : list)
        if (ascii_lower(trim(item)) == k) return true;
    return false;
}

const char* kRulesBy = "rules";

}  // namespace

bool contains_whole_word(std::string_view text, std::string_view word) {
    if (word.empty()) return false;
    std::string h = ascii_lower(text), n = ascii_lower(word);
    for (size_t at = h.find(n); at != std::string::npos; at = h.find(n, at + 1)) {
        bool left_ok = at == 0 || !is_word_byte(static_cast<unsigned char>(h[at - 1])) ||
                       !is_word_byte(static_cast<unsigned char>(n.front()));
        size_t end = at + n.size();
        bool right_ok = end >= h.size() || !is_word_byte(static_cast<unsigned char>(h[end])) ||
                        !is_word_byte(static_cast<unsigned char>(n.back()));
        if (left_ok && right_ok) return true;
    }
    return false;
}

std::string author_key(const Post& p) {
    std::string h = normalise_handle(p.author_handle);
    if (!h.empty()) return p.source + ":" + h;
    return p.source + ":" + trim(p.author_display_name);
}

RuleVerdict evaluate_rules(const Event& event, const Post& post) {
    const ModerationRules& r = event.moderation;
    const std::string author = author_key(post);
    if (listed(r.blocked_authors, author)) return {"reject", "blocked author " + author};
    for (const auto& raw : r.blocked_words) {
        std::string w = trim(raw);
        if (w.empty()) continue;
        const char* where = contains_whole_word(post.author_display_name, w) ? "the display name"
                            : contains_whole_word(post.author_handle, w)      ? "the handle"
                            : contains_whole_word(post.text, w)               ? "the text"
                            : contains_whole_word(post.content_warning, w)    ? "the content warning"
                                                                              : nullptr;
        if (where) return {r.word_action, "word list: \"" + w + "\" in " + where};
    }
    if (r.link_policy != "allow" && has_link(post.text)) return {r.link_policy, "link policy: the text has a link"};
    if (listed(r.trusted_authors, author)) return {"approve", "trusted author " + author};
    return {};
}

bool moderated_content_differs(const Post& a, const Post& b) {
    return a.text != b.text || a.image_urls != b.image_urls || a.content_warning != b.content_warning ||
           a.sensitive != b.sensitive || a.author_display_name != b.author_display_name ||
           a.author_avatar_url != b.author_avatar_url;
}

std::optional<JournalEntry> review_after_edit(const State& state, const PostRecord& before, const Post& edited, Instant at) {
    if (before.deleted || state.moderation_of(before) != Moderation::approved) return std::nullopt;
    if (!moderated_content_differs(before.post, edited)) return std::nullopt;
    // An undecided post in post-moderation is still waiting for its first review; the rules see it anyway.
    if (!before.decided) return std::nullopt;
    const char* mode = state.event.moderation_mode == ModerationMode::post
                           ? "shown with the new text until a person reviews it"
                           : "off the screens until approved again";
    JournalEntry e;
    e.kind = JournalEntry::Kind::moderation;
    e.by = kRulesBy;
    e.at = at;
    e.decision = ModerationDecision{before.post.id(), "review", kRulesBy, at,
                                    std::string("edited upstream after approval: ") + mode};
    return e;
}

DataDir::Change new_post_change(const State& state, const JournalEntry& ingested) {
    DataDir::Change c{{ingested}, {}, {}};
    // The rules see only the new post, under the event's current rules.
    State just_this;
    just_this.event = state.event;
    apply_entry(just_this, ingested);
    for (auto& d : due_rule_decisions(just_this, ingested.at)) {
        JournalEntry de;
        de.kind = JournalEntry::Kind::moderation;
        de.by = d.by;
        de.at = ingested.at;
        de.decision = std::move(d);
        c.entries.push_back(std::move(de));
    }
    return c;
}

std::vector<ModerationDecision> due_rule_decisions(const State& state, Instant at) {
    const Event& ev = state.event;
    const ModerationRules& r = ev.moderation;
    const bool any_rule = !r.blocked_authors.empty() || !r.trusted_authors.empty() || !r.blocked_words.empty() ||
                          r.link_policy != "allow";
    std::vector<ModerationDecision> out;
    if (!any_rule && ev.moderation_mode != ModerationMode::delay) return out;
    // A post any decision was ever recorded for (a person's or the rules') is never touched again.
    std::unordered_set<std::string> decided;
    decided.reserve(state.decisions.size());
    for (const auto& d : state.decisions) decided.insert(d.post_id);
    const auto delay = std::chrono::minutes(r.delay_minutes);
    for (const auto& rec : state.posts) {
        if (rec.deleted || rec.decided) continue;
        std::string id = rec.post.id();
        if (decided.count(id) && !rec.review_since) continue;  // an edit after approval re-enters the rules
        RuleVerdict v = any_rule ? evaluate_rules(ev, rec.post) : RuleVerdict{};
        if (v.action == "hold") {
            // Pre and delay modes keep an undecided post off screens; post-moderation would show it.
            if (ev.moderation_mode == ModerationMode::post)
                out.push_back({id, "reject", kRulesBy, at, "held for review: " + v.reason});
            continue;
        }
        if (!v.action.empty()) {
            out.push_back({id, v.action, kRulesBy, at, "rule: " + v.reason});
            continue;
        }
        if (ev.moderation_mode == ModerationMode::delay && rec.review_since.value_or(rec.ingested_at) + delay <= at)
            out.push_back({id, "approve", kRulesBy, at,
                           "delay mode: nobody objected within " + std::to_string(r.delay_minutes) + " minutes"});
    }
    return out;
}

Result<size_t> apply_moderation_rules(const DataDir& dir, State& state, Instant at) {
    if (auto st = dir.catch_up(state); !st) return fail(st.error());
    if (due_rule_decisions(state, at).empty()) return size_t{0};  // the usual case: no lock taken
    size_t count = 0;
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        DataDir::Change c;
        for (auto& d : due_rule_decisions(s, at)) {
            JournalEntry e;
            e.kind = JournalEntry::Kind::moderation;
            e.by = kRulesBy;
            e.decision = std::move(d);
            c.entries.push_back(std::move(e));
        }
        count = c.entries.size();
        return c;
    });
    if (!revs) return fail("applying the moderation rules: " + revs.error());
    return count;
}

Status check_moderation_rules(const ModerationRules& r) {
    if (r.delay_minutes < 1 || r.delay_minutes > 1440)
        return fail("the delay must be 1 to 1440 minutes, got " + std::to_string(r.delay_minutes));
    if (r.word_action != "hold" && r.word_action != "reject")
        return fail("the word list action must be hold or reject, got \"" + r.word_action + "\"");
    if (r.link_policy != "allow" && r.link_policy != "hold" && r.link_policy != "reject")
        return fail("the link policy must be allow, hold or reject, got \"" + r.link_policy + "\"");
    for (size_t i = 0; i < r.blocked_words.size(); ++i)
        if (trim(r.blocked_words[i]).empty()) return fail("word " + std::to_string(i + 1) + " of the word list is empty");
    for (const auto* list : {&r.blocked_authors, &r.trusted_authors})
        for (const auto& a : *list)
            if (a.find(':') == std::string::npos || a.find(':') == 0 || a.back() == ':')
                return fail("author \"" + a + "\" should look like source:handle, e.g. mastodon:ana@social.example");
    for (const auto& a : r.blocked_authors)
        if (listed(r.trusted_authors, a)) return fail("author \"" + a + "\" is both blocked and trusted");
    return {};
}

Status set_moderation_policy(const DataDir& dir, State& state, ModerationMode mode, ModerationRules rules,
                             const std::string& by) {
    for (auto* list : {&rules.blocked_words, &rules.blocked_authors, &rules.trusted_authors}) {
        for (auto& s : *list) s = trim(s);
        list->erase(std::remove(list->begin(), list->end(), std::string()), list->end());
    }
    std::string summary = "moderation: " + to_string(mode) + " mode" +
                          (mode == ModerationMode::delay ? " (" + std::to_string(rules.delay_minutes) + " minutes)" : "") +
                          ", " + std::to_string(rules.blocked_words.size()) + " words (" + rules.word_action +
                          "), links " + rules.link_policy + ", sensitive media " +
                          (rules.hide_sensitive_media ? "hidden" : "shown");
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.moderation_mode = mode;
            // The lists are kept as they are now on disk, so a block made meanwhile is not lost.
            rules.blocked_authors = e.moderation.blocked_authors;
            rules.trusted_authors = e.moderation.trusted_authors;
            if (auto ok = check_moderation_rules(rules); !ok) return ok;  // inside: the lists as now on disk
            e.moderation = rules;
            return {};
        },
        by, summary);
    if (!st) return st;
    if (auto applied = apply_moderation_rules(dir, state, now()); !applied) return fail(applied.error());
    return {};
}

Status set_author_policy(const DataDir& dir, State& state, const std::string& author, const std::string& policy,
                         const std::string& by) {
    // The action with its message lives with the other moderation actions (learnwall/actions/posts.hpp).
    auto done = set_author(dir, state, AuthorPolicyRequest{author, "", policy, ""}, by);
    if (!done) return fail(done.error());
    return {};
}

}  // namespace lw
