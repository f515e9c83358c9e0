// [PostsActions] issue 12 item 1 (posts, moderation and people nouns): the actions the CLI and the
// window share, the queue filter and the undo inverse moved out of the window, all without a display.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "learnwall/actions/people.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/actions/scoring.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {

DataDir posts_dir(const test::ScratchDir& s) {
    auto d = DataDir::create(s.path + "/event", test::sample_event(), "tester");
    REQUIRE_MESSAGE(d.ok(), (d.ok() ? "" : d.error()));
    return *d;
}

std::string posts_slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The files a refused action must leave exactly as they were.
std::string snapshot(const DataDir& d) {
    return posts_slurp(d.event_path()) + "\n--\n" + posts_slurp(d.roster_path()) + "\n--\n" + posts_slurp(d.journal_path());
}

std::string add(const DataDir& d, State& st, const std::string& author, const std::string& text,
                const std::string& source = "mastodon", const std::string& at = "") {
    ManualPost p{author, text, source, {}, {}, ""};
    if (!at.empty()) p.at = *parse_rfc3339(at);
    auto id = add_manual_post(d, st, p, "t");
    REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error()));
    return *id;
}

std::vector<std::string> ids_of(const State& st, const ModerationView& v) {
    std::vector<std::string> out;
    for (size_t i : v.rows) out.push_back(st.posts[i].post.id());
    return out;
}

}  // namespace

TEST_CASE("[PostsActions] issue 12: the moderation filter (tabs, source, author, text, counts) needs no window") {
    test::ScratchDir s("posts-filter");
    DataDir d = posts_dir(s);
    State st = *d.load();
    const auto a = add(d, st, "@ana@social.example", "Pair programming #NLAWWeek", "mastodon", "2026-05-18T09:00:00Z");
    const auto b = add(d, st, "@ben.bsky.social", "Lunch and LEARN #NLAWWeek", "bluesky", "2026-05-18T10:00:00Z");
    const auto c = add(d, st, "@cy@social.example", "Off topic #NLAWWeek", "mastodon", "2026-05-18T11:00:00Z");
    REQUIRE(moderate_posts(d, st, {a}, "approve", "sam", "").ok());
    REQUIRE(moderate_posts(d, st, {c}, "reject", "sam", "").ok());

    ModerationFilter f;  // pending tab
    auto v = filter_posts(st, f);
    CHECK(ids_of(st, v) == std::vector<std::string>{b});
    CHECK(v.pending == 1);
    CHECK(v.approved == 1);
    CHECK(v.rejected == 1);
    f.show = ModerationFilter::Show::all;
    CHECK(ids_of(st, filter_posts(st, f)) == std::vector<std::string>{c, b, a});  // newest first
    f.source = "mastodon";
    CHECK(ids_of(st, filter_posts(st, f)) == std::vector<std::string>{c, a});
    f.source.clear();
    f.author = "  ANA ";  // trimmed, any case, handle or display name
    CHECK(ids_of(st, filter_posts(st, f)) == std::vector<std::string>{a});
    f.author.clear();
    f.text = "learn";
    CHECK(ids_of(st, filter_posts(st, f)) == std::vector<std::string>{b});
    f = ModerationFilter{};
    f.show = ModerationFilter::Show::rejected;
    CHECK(ids_of(st, filter_posts(st, f)) == std::vector<std::string>{c});
}

TEST_CASE("[PostsActions] issue 12: the undo inverse puts every post back as it was") {
    test::ScratchDir s("posts-undo");
    DataDir d = posts_dir(s);
    State st = *d.load();
    const auto a = add(d, st, "@ana@social.example", "One #NLAWWeek");
    const auto b = add(d, st, "@ben@social.example", "Two #NLAWWeek");
    REQUIRE(moderate_posts(d, st, {a}, "approve", "sam", "").ok());  // a approved, b undecided

    auto undo = undo_inverse(st, {a, b, "mastodon:nope"}, "reject", 2);
    CHECK(undo.label == "reject 2 posts");
    REQUIRE(undo.revert.size() == 2);  // the unknown id is skipped
    CHECK(undo.revert[0] == std::pair<std::string, std::string>{a, "approve"});
    CHECK(undo.revert[1] == std::pair<std::string, std::string>{b, "reset"});
    REQUIRE(moderate_posts(d, st, {a, b}, "reject", "sam", "").ok());
    for (const auto& [action, ids] : undo_batches(undo)) REQUIRE(moderate_posts(d, st, ids, action, "sam", "undo").ok());
    CHECK(st.moderation_of(*st.find(a)) == Moderation::approved);
    CHECK(!st.find(b)->decided);

    auto pin = undo_inverse(st, {a}, "pin", 1);
    CHECK(pin.label == "pin 1 post");
    CHECK(pin.revert == std::vector<std::pair<std::string, std::string>>{{a, "unpin"}});
    CHECK(undo_inverse(st, {a}, "feature", 1).revert.front().second == "unfeature");
}

TEST_CASE("[PostsActions] issue 12: a previewed decision shows at once, matches the journal, and restores on refusal") {
    test::ScratchDir s("posts-preview");
    DataDir d = posts_dir(s);
    State st = *d.load();
    const auto a = add(d, st, "@ana@social.example", "One #NLAWWeek");
    const auto rev = st.revision;
    const auto decisions = st.decisions.size();
    auto before = preview_decision(st, {a}, "approve", "sam");
    REQUIRE(before.size() == 1);
    CHECK(st.moderation_of(*st.find(a)) == Moderation::approved);
    CHECK(st.revision == rev);                   // nothing recorded yet
    CHECK(st.decisions.size() == decisions);     // the audit line comes with the journal entry
    // The journal entry, caught up, agrees with the preview and adds the audit line once.
    State writer = *d.load();
    REQUIRE(moderate_posts(d, writer, {a}, "approve", "sam", "").ok());
    REQUIRE(d.catch_up(st).ok());
    CHECK(st.moderation_of(*st.find(a)) == Moderation::approved);
    CHECK(st.decisions.size() == decisions + 1);

    // A refused decision: the view goes back to what it was.
    auto pinned = preview_decision(st, {a}, "reject", "sam");
    CHECK(st.moderation_of(*st.find(a)) == Moderation::rejected);
    restore_records(st, pinned);
    CHECK(st.moderation_of(*st.find(a)) == Moderation::approved);
    CHECK(preview_decision(st, {a}, "bogus", "sam").empty());
}

TEST_CASE("[PostsActions] issue 12: moderation mode and rules validate inside the transaction and change nothing when refused") {
    test::ScratchDir s("posts-policy");
    DataDir d = posts_dir(s);
    State st = *d.load();
    const std::string before = snapshot(d);
    auto bad = set_moderation_mode(d, st, ModerationMode::post, 30, "moira");
    REQUIRE(!bad.ok());
    CHECK(bad.error() == "a delay applies to delay mode only (got post)");
    CHECK(!set_moderation_mode(d, st, ModerationMode::delay, 0, "moira").ok());
    CHECK(snapshot(d) == before);

    auto ok = set_moderation_mode(d, st, ModerationMode::delay, 15, "moira");
    REQUIRE_MESSAGE(ok.ok(), (ok.ok() ? "" : ok.error()));
    CHECK(*ok == "moderation mode set: delay mode: posts show after 15 minutes unless rejected");
    CHECK(d.load()->event.moderation_mode == ModerationMode::delay);

    RulesChange add_w;
    add_w.add_words = {"Scam"};
    add_w.link_policy = "hold";
    auto added = change_moderation_rules(d, st, add_w, "moira");
    REQUIRE_MESSAGE(added.ok(), (added.ok() ? "" : added.error()));
    CHECK(added->find("1 word") != std::string::npos);
    CHECK(added->find("links wait for a person") != std::string::npos);
    const std::string after_add = snapshot(d);
    RulesChange again;
    again.add_words = {"scam"};
    auto dup = change_moderation_rules(d, st, again, "moira");
    REQUIRE(!dup.ok());
    CHECK(dup.error() == "the word list already has \"scam\"");
    RulesChange missing;
    missing.remove_words = {"spam"};
    CHECK(change_moderation_rules(d, st, missing, "moira").error() == "the word list has no \"spam\"");
    RulesChange badlink;
    badlink.link_policy = "maybe";
    CHECK(change_moderation_rules(d, st, badlink, "moira").error() ==
          "the link policy must be allow, hold or reject, got \"maybe\"");
    CHECK(change_moderation_rules(d, st, RulesChange{}, "moira").error() == "nothing to change");
    CHECK(snapshot(d) == after_add);
    RulesChange remove;
    remove.remove_words = {"SCAM"};
    REQUIRE(change_moderation_rules(d, st, remove, "moira").ok());
    CHECK(d.load()->event.moderation.blocked_words.empty());
}

TEST_CASE("[PostsActions] issue 12: block and trust an author by handle and source, with the window's messages") {
    test::ScratchDir s("posts-author");
    DataDir d = posts_dir(s);
    State st = *d.load();
    const auto t1 = add(d, st, "@Troll@Bad.Example", "Buy now #NLAWWeek");
    CHECK(*author_policy_key("@Troll@Bad.Example", "mastodon") == "mastodon:troll@bad.example");
    CHECK(*author_policy_key("mastodon:Troll@bad.example", "") == "mastodon:troll@bad.example");
    CHECK(*author_policy_key("Ana Lima", "manual") == "manual:Ana Lima");
    CHECK(author_policy_key("troll", "").error().find("should look like source:handle") != std::string::npos);
    CHECK(author_policy_key("troll", "myspace").error() == "unknown source \"myspace\" (expected mastodon, bluesky, x or manual)");

    auto blocked = set_author(d, st, {"@Troll@Bad.Example", "mastodon", "block", "spam"}, "moira");
    REQUIRE_MESSAGE(blocked.ok(), (blocked.ok() ? "" : blocked.error()));
    CHECK(*blocked == "blocked mastodon:troll@bad.example: their posts are rejected (the rules decided 1 waiting post)");
    CHECK(st.moderation_of(*st.find(t1)) == Moderation::rejected);
    CHECK(st.audit.back().summary == "blocked author mastodon:troll@bad.example: spam");
    const std::string before = snapshot(d);
    auto again = set_author(d, st, {"mastodon:troll@bad.example", "", "block", ""}, "moira");
    REQUIRE(!again.ok());
    CHECK(again.error() == "mastodon:troll@bad.example is already blocked");
    CHECK(set_author(d, st, {"x:nobody", "", "none", ""}, "moira").error() == "x:nobody is neither blocked nor trusted");
    CHECK(set_author(d, st, {"x:nobody", "", "ban", ""}, "moira").error() ==
          "unknown author policy \"ban\" (expected block, trust or none)");
    CHECK(snapshot(d) == before);

    auto trusted = set_author(d, st, {"troll@bad.example", "mastodon", "trust", ""}, "moira");
    REQUIRE(trusted.ok());
    CHECK(*trusted == "trusted mastodon:troll@bad.example: their posts are approved on arrival");
    State fresh = *d.load();
    CHECK(fresh.event.moderation.blocked_authors.empty());
    CHECK(fresh.event.moderation.trusted_authors == std::vector<std::string>{"mastodon:troll@bad.example"});
    auto cleared = set_author(d, st, {"mastodon:troll@bad.example", "", "none", ""}, "moira");
    REQUIRE(cleared.ok());
    CHECK(*cleared == "mastodon:troll@bad.example is neither blocked nor trusted now");
}

TEST_CASE("[PostsActions] issue 12: roster link and opt-out say what they did and refuse inside the transaction") {
    test::ScratchDir s("people-actions");
    DataDir d = posts_dir(s);
    State st = *d.load();
    Roster r;
    r.people = {{"Ana Lima", "Finance", "", "", "", ""}, {"Ben Ode", "Sales", "ben@social.example", "", "", ""}};
    REQUIRE(import_roster(d, st, r, "tester", "test").ok());

    auto linked = link_author(d, st, "Mastodon", "@Ana@Social.example", "ana lima", "moira");
    REQUIRE_MESSAGE(linked.ok(), (linked.ok() ? "" : linked.error()));
    CHECK(*linked == "linked mastodon @ana@social.example to Ana Lima");
    const std::string before = snapshot(d);
    CHECK(link_author(d, st, "mastodon", "ben@social.example", "Ana Lima", "moira").error() ==
          "@ben@social.example on mastodon already belongs to Ben Ode");
    CHECK(link_author(d, st, "x", "ana", "Nobody", "moira").error() == "nobody called \"Nobody\" in the roster");
    CHECK(link_author(d, st, "x", "  ", "Ana Lima", "moira").error() == "link: the handle is empty");
    CHECK(set_opt_out(d, st, "Ben Ode", "sometimes", "moira").error() ==
          "opt-out must be none, anonymous or hidden, got \"sometimes\"");
    CHECK(snapshot(d) == before);

    auto hidden = set_opt_out(d, st, "BEN ODE", "hidden", "moira");
    REQUIRE(hidden.ok());
    CHECK(*hidden == "Ben Ode opted out: never shown on screens");
    CHECK(d.load()->roster.find_by_name("Ben Ode")->opt_out == "hidden");
    CHECK(*set_opt_out(d, st, "Ben Ode", "none", "moira") == "Ben Ode is shown on screens");
    CHECK(d.load()->roster.find_by_name("Ben Ode")->opt_out.empty());
}

TEST_CASE("[PostsActions] issue 12: moving the changed rows gives the same view as filtering every post again") {
    test::ScratchDir s("posts-refilter");
    DataDir d = posts_dir(s);
    State st = *d.load();
    std::vector<std::string> ids;
    // Equal times too: ties keep ingest order in both.
    for (int i = 0; i < 24; ++i)
        ids.push_back(add(d, st, "@p" + std::to_string(i % 5) + "@social.example", "tip " + std::to_string(i) + " #NLAWWeek",
                          i % 2 ? "mastodon" : "bluesky", "2026-05-18T09:" + std::to_string(10 + (i * 7) % 13) + ":00Z"));
    const char* actions[] = {"approve", "reject", "reset", "pin", "approve", "unpin", "reject"};
    for (auto show : {ModerationFilter::Show::pending, ModerationFilter::Show::approved, ModerationFilter::Show::rejected,
                      ModerationFilter::Show::all}) {
        for (const char* source : {"", "mastodon"}) {
            ModerationFilter f;
            f.show = show;
            f.source = source;
            State work = st;
            ModerationView v = filter_posts(work, f);
            for (int step = 0; step < 30; ++step) {
                std::vector<std::string> batch{ids[(step * 5) % ids.size()], ids[(step * 11 + 3) % ids.size()]};
                auto before = preview_decision(work, batch, actions[step % 7], "sam");
                refilter_posts(work, f, v, before);
                ModerationView full = filter_posts(work, f);
                REQUIRE(v.rows == full.rows);
                REQUIRE(v.pending == full.pending);
                REQUIRE(v.approved == full.approved);
                REQUIRE(v.rejected == full.rejected);
            }
        }
    }
}
