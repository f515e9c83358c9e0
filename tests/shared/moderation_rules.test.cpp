// [Moderation] Automatic rules, modes (pre, post, delay), block and trust, opt-out on screens, and the
// admin's roster and secrets edits, all without a window.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "learnwall/actions/posts.hpp"
#include "learnwall/actions/event.hpp"
#include "learnwall/actions/people.hpp"
#include "learnwall/actions/screens.hpp"
#include "learnwall/actions/sources.hpp"
#include "learnwall/moderation_rules.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/actions/challenges.hpp"
#include "learnwall/actions/scoring.hpp"
#include "learnwall/secrets.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {

DataDir make_dir(const test::ScratchDir& s, const std::function<void(Event&)>& tweak = {}) {
    Event e = test::sample_event();
    if (tweak) tweak(e);
    auto d = DataDir::create(s.path + "/event", e, "tester");
    REQUIRE_MESSAGE(d.ok(), (d.ok() ? "" : d.error()));
    return *d;
}

Post post(const std::string& source, const std::string& handle, const std::string& text,
          const std::string& display = "") {
    Post p;
    p.source = source;
    p.native_id = "1";
    p.author_handle = handle;
    p.author_display_name = display;
    p.text = text;
    return p;
}

bool on_wall(const Wall& w, const std::string& id) {
    for (const auto& p : w.posts)
        if (p.id == id) return true;
    return false;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("[Moderation] rule verdicts: block, words (display names too), links, trust") {
    Event e = test::sample_event();
    e.moderation.blocked_authors = {"mastodon:troll@bad.example"};
    e.moderation.trusted_authors = {"mastodon:ana@social.example", "x:ana"};
    e.moderation.blocked_words = {"darn", "Scam"};

    CHECK(evaluate_rules(e, post("mastodon", "@Troll@bad.example", "Nice tip")).action == "reject");
    CHECK(evaluate_rules(e, post("mastodon", "ana@social.example", "Nice tip")).action == "approve");
    // Whole words, any case, in the text, the display name or the handle; "darned" and "scampi" are fine.
    auto v = evaluate_rules(e, post("bluesky", "bo.bsky.social", "Lovely", "Darn Good Bo"));
    CHECK(v.action == "hold");
    CHECK(v.reason.find("display name") != std::string::npos);
    CHECK(evaluate_rules(e, post("bluesky", "bo.bsky.social", "a SCAM!")).action == "hold");
    CHECK(evaluate_rules(e, post("bluesky", "bo.bsky.social", "darned good scampi")).action == "");
    // A trusted author still meets the word list.
    CHECK(evaluate_rules(e, post("x", "ana", "what a scam")).action == "hold");
    e.moderation.word_action = "reject";
    CHECK(evaluate_rules(e, post("x", "ana", "what a scam")).action == "reject");

    CHECK(evaluate_rules(e, post("bluesky", "bo", "see https://example.org")).action == "");
    e.moderation.link_policy = "hold";
    CHECK(evaluate_rules(e, post("bluesky", "bo", "see https://example.org")).action == "hold");
    CHECK(evaluate_rules(e, post("bluesky", "bo", "see www.example.org")).action == "hold");
    e.moderation.link_policy = "reject";
    CHECK(evaluate_rules(e, post("bluesky", "bo", "see HTTP://example.org")).action == "reject");
    CHECK(author_key(post("manual", "", "x", "Ana Lima")) == "manual:Ana Lima");
}

TEST_CASE("[Moderation] a blocked author's post added in post-moderation never reaches screens") {
    test::ScratchDir s("mod-block");
    DataDir dir = make_dir(s, [](Event& e) {
        e.moderation_mode = ModerationMode::post;
        e.moderation.blocked_authors = {"mastodon:troll@bad.example"};
    });
    State st = *dir.load();
    auto bad = add_manual_post(dir, st, ManualPost{"@troll@bad.example", "Buy now #NLAWWeek", "mastodon", {}, {}, ""}, "t");
    auto good = add_manual_post(dir, st, ManualPost{"@ana@social.example", "Teach back #NLAWWeek", "mastodon", {}, {}, ""}, "t");
    REQUIRE(bad.ok());
    REQUIRE(good.ok());
    State fresh = *dir.load();
    CHECK(fresh.moderation_of(*fresh.find(*bad)) == Moderation::rejected);
    CHECK(fresh.moderation_of(*fresh.find(*good)) == Moderation::approved);  // post-moderation: shows unless rejected
    // Audited: who (rules), when, why.
    REQUIRE(fresh.decisions.size() == 1);
    CHECK(fresh.decisions[0].by == "rules");
    CHECK(fresh.decisions[0].post_id == *bad);
    CHECK(fresh.decisions[0].reason.find("blocked author mastodon:troll@bad.example") != std::string::npos);
    CHECK(fresh.decisions[0].at != Instant{});
    auto w = publish_wall(dir, fresh, now());
    REQUIRE(w.ok());
    CHECK(!on_wall(*w, *bad));
    CHECK(on_wall(*w, *good));
}

TEST_CASE("[Moderation] a hold in post-moderation keeps the post off screens until someone approves") {
    test::ScratchDir s("mod-hold");
    DataDir dir = make_dir(s, [](Event& e) {
        e.moderation_mode = ModerationMode::post;
        e.moderation.link_policy = "hold";
    });
    State st = *dir.load();
    auto id = add_manual_post(dir, st, ManualPost{"Ana Lima", "Read https://example.org #NLAWWeek", "manual", {}, {}, ""}, "t");
    REQUIRE(id.ok());
    CHECK(st.moderation_of(*st.find(*id)) == Moderation::rejected);
    CHECK(st.decisions.back().reason.find("held for review") == 0);
    REQUIRE(moderate_posts(dir, st, {*id}, "approve", "moira", "link is fine").ok());
    // Once a person decided, the rules never overrule them.
    auto again = apply_moderation_rules(dir, st, now());
    REQUIRE(again.ok());
    CHECK(*again == 0);
    CHECK(st.moderation_of(*st.find(*id)) == Moderation::approved);
}

TEST_CASE("[Moderation] delay mode: a post shows after N minutes unless someone rejects it") {
    test::ScratchDir s("mod-delay");
    DataDir dir = make_dir(s, [](Event& e) {
        e.moderation_mode = ModerationMode::delay;
        e.moderation.delay_minutes = 10;
    });
    State st = *dir.load();
    auto quiet = add_manual_post(dir, st, ManualPost{"Ana Lima", "Pairing works #NLAWWeek", "manual", {}, {}, ""}, "t");
    auto objected = add_manual_post(dir, st, ManualPost{"Ben Ode", "Off topic #NLAWWeek", "manual", {}, {}, ""}, "t");
    REQUIRE(quiet.ok());
    REQUIRE(objected.ok());
    const Instant arrived = st.find(*quiet)->ingested_at;
    REQUIRE(moderate_posts(dir, st, {*objected}, "reject", "moira", "off topic").ok());

    CHECK(st.moderation_of(*st.find(*quiet)) == Moderation::pending);
    auto early = publish_wall(dir, st, arrived + std::chrono::minutes(9));
    REQUIRE(early.ok());
    CHECK(!on_wall(*early, *quiet));

    auto later = publish_wall(dir, st, arrived + std::chrono::minutes(10) + std::chrono::seconds(1));
    REQUIRE(later.ok());
    CHECK(on_wall(*later, *quiet));
    CHECK(!on_wall(*later, *objected));
    State fresh = *dir.load();
    CHECK(fresh.moderation_of(*fresh.find(*quiet)) == Moderation::approved);
    CHECK(fresh.decisions.back().by == "rules");
    CHECK(fresh.decisions.back().reason.find("10 minutes") != std::string::npos);
}

TEST_CASE("[Moderation] block and trust an author: waiting posts follow, the event records who did it") {
    test::ScratchDir s("mod-authors");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    auto a = add_manual_post(dir, st, ManualPost{"@troll@bad.example", "One #NLAWWeek", "mastodon", {}, {}, ""}, "t");
    auto b = add_manual_post(dir, st, ManualPost{"@ana@social.example", "Two #NLAWWeek", "mastodon", {}, {}, ""}, "t");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(set_author_policy(dir, st, "mastodon:troll@bad.example", "block", "moira").ok());
    REQUIRE(set_author_policy(dir, st, "mastodon:ana@social.example", "trust", "moira").ok());
    CHECK(st.moderation_of(*st.find(*a)) == Moderation::rejected);
    CHECK(st.moderation_of(*st.find(*b)) == Moderation::approved);
    CHECK(st.audit.back().by == "moira");
    CHECK(st.audit.back().summary == "trusted author mastodon:ana@social.example");

    // Future posts follow the lists at once.
    auto c = add_manual_post(dir, st, ManualPost{"@troll@bad.example", "Three #NLAWWeek", "mastodon", {}, {}, ""}, "t");
    REQUIRE(c.ok());
    CHECK(st.moderation_of(*st.find(*c)) == Moderation::rejected);

    // Moving an author from one list to the other keeps them on one list only.
    REQUIRE(set_author_policy(dir, st, "mastodon:troll@bad.example", "trust", "moira").ok());
    CHECK(st.event.moderation.blocked_authors.empty());
    CHECK(st.event.moderation.trusted_authors.size() == 2);
    CHECK(!set_author_policy(dir, st, "troll", "block", "moira").ok());  // no source: refused
    CHECK(!set_author_policy(dir, st, "x:troll", "ban", "moira").ok());
}

TEST_CASE("[Moderation] policy settings are validated and survive a reload") {
    test::ScratchDir s("mod-policy");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    ModerationRules r;
    r.delay_minutes = 0;
    CHECK(!set_moderation_policy(dir, st, ModerationMode::delay, r, "moira").ok());
    r.delay_minutes = 15;
    r.blocked_words = {"  darn ", ""};
    r.link_policy = "sometimes";
    CHECK(!set_moderation_policy(dir, st, ModerationMode::delay, r, "moira").ok());
    r.link_policy = "hold";
    r.hide_sensitive_media = false;
    REQUIRE(set_moderation_policy(dir, st, ModerationMode::delay, r, "moira").ok());
    State fresh = *dir.load();
    CHECK(fresh.event.moderation_mode == ModerationMode::delay);
    CHECK(fresh.event.moderation.delay_minutes == 15);
    CHECK(fresh.event.moderation.blocked_words == std::vector<std::string>{"darn"});
    CHECK(fresh.event.moderation.link_policy == "hold");
    CHECK(!fresh.event.moderation.hide_sensitive_media);
    CHECK(fresh.audit.back().summary.find("delay mode (15 minutes)") != std::string::npos);
}

TEST_CASE("[Moderation] screens: sensitive media hidden by the setting; opted-out people as a colleague or not at all") {
    State s;
    s.event = test::sample_event();
    s.roster.people = {{"Ana Lima", "Finance", "ana@social.example", "", "", "", "anonymous"},
                       {"Ben Ode", "Sales", "ben@social.example", "", "", "", "hidden"},
                       {"Cleo Park", "Sales", "cleo@social.example", "", "", ""}};
    std::uint64_t rev = 0;
    auto add = [&](const std::string& handle, bool sensitive) {
        Post p = post("mastodon", handle, "Tip: teach back #NLAWWeek", "Display " + handle);
        p.native_id = std::to_string(++rev);
        p.hashtags = {"NLAWWeek"};
        p.created_at = *parse_rfc3339("2026-05-18T10:00:00Z") + std::chrono::minutes(rev);
        p.image_urls = {"https://img.example/" + p.native_id + ".jpg"};
        p.author_avatar_url = "https://img.example/avatar.jpg";
        p.sensitive = sensitive;
        JournalEntry e;
        e.kind = JournalEntry::Kind::post_ingested;
        e.rev = rev;
        e.post = p;
        apply_entry(s, e);
        JournalEntry d;
        d.kind = JournalEntry::Kind::moderation;
        d.rev = ++rev;
        d.decision = ModerationDecision{p.id(), "approve", "moira", now(), ""};
        apply_entry(s, d);
        return p.id();
    };
    auto ana = add("ana@social.example", false);
    auto ben = add("ben@social.example", false);
    auto cleo = add("cleo@social.example", true);
    Instant at = *parse_rfc3339("2026-05-18T12:00:00Z");
    Wall w = build_wall(s, at);
    REQUIRE(w.posts.size() == 2);
    CHECK(!on_wall(w, ben));
    for (const auto& p : w.posts) {
        if (p.id == ana) {
            CHECK(p.author_name == "a colleague");
            CHECK(p.author_handle.empty());
            CHECK(p.author_avatar_url.empty());
            CHECK(p.team.empty());
            CHECK(p.image_urls.size() == 1);
        }
        if (p.id == cleo) {
            CHECK(p.author_name == "Cleo Park");  // a roster member shows by her roster name (issue 11 item 4)
            CHECK(p.author_handle == "cleo@social.example");
            CHECK(p.image_urls.empty());  // sensitive: hidden by default
        }
    }
    for (const auto& l : w.leaderboard) {
        CHECK(l.name != "Ben Ode");
        CHECK(l.name != "Ana Lima");
    }
    s.event.moderation.hide_sensitive_media = false;
    w = build_wall(s, at);
    for (const auto& p : w.posts)
        if (p.id == cleo) CHECK(p.image_urls.size() == 1);
}

TEST_CASE("[Moderation] roster edits: link an unknown author, opt out; both audited") {
    test::ScratchDir s("mod-roster");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    Roster r;
    r.people = {{"Ana Lima", "Finance", "", "", "", ""}, {"Ben Ode", "Sales", "ben@social.example", "", "", ""}};
    REQUIRE(import_roster(dir, st, r, "tester", "test").ok());

    REQUIRE(link_author(dir, st, "mastodon", "@Ana@Social.example", "Ana Lima", "moira").ok());
    CHECK(st.roster.find_by_name("Ana Lima")->mastodon == "ana@social.example");
    CHECK(st.audit.back().summary == "linked mastodon @ana@social.example to Ana Lima");
    CHECK(st.audit.back().by == "moira");
    auto taken = link_author(dir, st, "mastodon", "ben@social.example", "Ana Lima", "moira");
    REQUIRE(!taken.ok());
    CHECK(taken.error().find("already belongs to Ben Ode") != std::string::npos);
    CHECK(!link_author(dir, st, "manual", "ana", "Ana Lima", "moira").ok());
    CHECK(!link_author(dir, st, "x", "ana", "Nobody", "moira").ok());

    REQUIRE(set_opt_out(dir, st, "Ben Ode", "hidden", "moira").ok());
    State fresh = *dir.load();
    CHECK(fresh.roster.find_by_name("Ben Ode")->opt_out == "hidden");
    CHECK(!set_opt_out(dir, st, "Ben Ode", "sometimes", "moira").ok());
}

TEST_CASE("[Moderation] secrets are saved owner-only, other values kept, and read back by the connectors' loader") {
    test::ScratchDir s("mod-secrets");
    DataDir dir = make_dir(s);
    REQUIRE(save_secret(dir.path(), "x_bearer_token", "tok-123").ok());
    REQUIRE(save_secret(dir.path(), "mastodon_tokens.Social.Example", "m-456").ok());
    struct stat sb{};
    REQUIRE(::stat(secrets_path(dir.path()).c_str(), &sb) == 0);
    CHECK((sb.st_mode & 0777) == 0600);
    auto loaded = load_secrets(dir.path());
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error()));
    CHECK(loaded->x_bearer_token == "tok-123");
    CHECK(loaded->mastodon_token_for("social.example") == "m-456");
    REQUIRE(save_secret(dir.path(), "x_bearer_token", "").ok());  // empty removes
    CHECK(slurp(secrets_path(dir.path())).find("tok-123") == std::string::npos);
    auto bad = save_secret(dir.path(), "password", "hunter2");
    REQUIRE(!bad.ok());
    CHECK(bad.error().find("hunter2") == std::string::npos);
}
