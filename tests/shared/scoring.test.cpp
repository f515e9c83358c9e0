// [Scoring] Rules, guardrails, identity, day boundaries, reversal, ties, teams, badges, recomputation.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

#include "learnwall/scoring.hpp"
#include "learnwall/text.hpp"
#include "scoring_scene.hpp"
#include "test_util.hpp"

using namespace lw;

using test::Scene;
using test::points_for;

TEST_CASE("[Scoring] each rule gives its points, with a reason") {
    struct Row {
        const char* what;
        void (*setup)(Scene&);
        const char* text;
        const char* rule;
        std::int64_t expected;  // points that rule gives Ana
    };
    const Row rows[] = {
        {"post with an event hashtag", [](Scene&) {}, "Learned pivot tables today #NLAWWeek", "post", 10},
        {"hashtag match ignores case", [](Scene&) {}, "Learned pivot tables today #nlawweek", "post", 10},
        {"tip marker text", [](Scene& s) { s.state.event.scoring.tip_bonus = 5; },
         "Tip: ctrl+shift+t reopens a tab #NLAWWeek", "tip", 5},
        {"tip marker hashtag", [](Scene& s) { s.state.event.scoring.tip_bonus = 7; },
         "ctrl+shift+t reopens a tab #tip #NLAWWeek", "tip", 7},
        {"no tip marker", [](Scene& s) { s.state.event.scoring.tip_bonus = 5; },
         "multiple things learned #NLAWWeek", "tip", 0},
        {"custom tip marker", [](Scene& s) {
             s.state.event.scoring.tip_bonus = 4;
             s.state.event.scoring.tip_markers = {"Pro tip"};
         },
         "Pro tip - ctrl+shift+t reopens a tab #NLAWWeek", "tip", 4},
        {"engagement below cap", [](Scene& s) { s.state.event.scoring.like_points = 1; s.state.event.scoring.repost_points = 2; },
         "Learned pivot tables today #NLAWWeek", "engagement", 3 * 1 + 2 * 2},
        {"engagement capped per post", [](Scene& s) {
             s.state.event.scoring.like_points = 1;
             s.state.event.scoring.repost_points = 2;
             s.state.event.scoring.engagement_cap = 5;
         },
         "Learned pivot tables today #NLAWWeek", "engagement", 5},
    };
    for (const auto& row : rows) {
        std::string what = row.what;
        CAPTURE(what);
        Scene s;
        row.setup(s);
        Post p;
        p.source = "mastodon";
        p.native_id = "p1";
        p.author_handle = "@Ana@social.example";
        p.text = row.text;
        p.hashtags = extract_hashtags(p.text);
        p.created_at = *parse_rfc3339("2026-05-18T10:00:00Z");
        p.like_count = 3;
        p.repost_count = 2;
        s.add(p);
        Scores sc = s.scores();
        const PersonScore* ana = sc.find("Ana Lima");
        REQUIRE(ana);
        CHECK(points_for(*ana, row.rule) == row.expected);
        for (const auto& i : ana->items) {
            CHECK_FALSE(i.reason.empty());
            if (i.rule == "engagement" && row.expected == 5) CHECK(i.cap.find("engagement cap") != std::string::npos);
        }
    }
}

TEST_CASE("[Scoring] the challenge bonus needs the tag or keyword on the challenge's own day") {
    Scene s;
    s.post("ana@social.example", "My favourite #shortcut is ctrl+L #NLAWWeek", "2026-05-18T10:00:00Z");  // a day early
    s.post("bob@social.example", "The shortcut I use most: win+v #NLAWWeek", "2026-05-19T10:00:00Z");   // keyword
    s.post("cy@social.example", "Nothing about the challenge #NLAWWeek", "2026-05-19T11:00:00Z");
    Scores sc = s.scores();
    CHECK(points_for(*sc.find("Ana Lima"), "challenge") == 0);
    CHECK(points_for(*sc.find("Bob Stone"), "challenge") == 20);
    CHECK(points_for(*sc.find("Cy Park"), "challenge") == 0);

    SUBCASE("once a day per person") {
        s.post("bob@social.example", "Another #shortcut: ctrl+shift+esc #NLAWWeek", "2026-05-19T12:00:00Z");
        Scores again = s.scores();
        CHECK(points_for(*again.find("Bob Stone"), "challenge") == 20);
        CHECK(again.find("Bob Stone")->challenges == 1);
    }
}

TEST_CASE("[Scoring] a post at 23:30 UTC on a summer day counts for the next day in Europe/London") {
    Scene s;
    // 2026-05-18T23:30Z is 00:30 BST on the 19th: the day of the shortcut challenge.
    s.post("ana@social.example", "Late night #shortcut: alt+tab #NLAWWeek", "2026-05-18T23:30:00Z");
    // 2026-05-19T22:59Z is 23:59 BST on the 19th: still the challenge's day.
    s.post("bob@social.example", "Just in time #shortcut: ctrl+z #NLAWWeek", "2026-05-19T22:59:00Z");
    // 2026-05-19T23:00Z is midnight BST: the 20th, too late.
    s.post("cy@social.example", "One minute late #shortcut: ctrl+y #NLAWWeek", "2026-05-19T23:00:00Z");
    Scores sc = s.scores();
    CHECK(points_for(*sc.find("Ana Lima"), "challenge") == 20);
    CHECK(points_for(*sc.find("Bob Stone"), "challenge") == 20);
    CHECK(points_for(*sc.find("Cy Park"), "challenge") == 0);
}

TEST_CASE("[Scoring] day boundaries follow the daylight-saving changes of Europe/London") {
    struct Row {
        const char* start;
        const char* end;
        const char* challenge_day;
        const char* at;
        bool bonus;
    };
    // Clocks go forward on Sunday 29 March 2026 (01:00 UTC) and back on Sunday 25 October 2026 (01:00 UTC).
    const Row rows[] = {
        {"2026-03-27", "2026-04-02", "2026-03-28", "2026-03-28T23:30:00Z", true},   // 23:30 GMT, still the 28th
        {"2026-03-27", "2026-04-02", "2026-03-29", "2026-03-28T23:30:00Z", false},
        {"2026-03-27", "2026-04-02", "2026-03-30", "2026-03-29T23:30:00Z", true},   // 00:30 BST on the 30th
        {"2026-03-27", "2026-04-02", "2026-03-29", "2026-03-29T22:59:59Z", true},   // 23:59:59 BST on the 29th
        {"2026-10-22", "2026-10-28", "2026-10-25", "2026-10-24T23:30:00Z", true},   // 00:30 BST on the 25th
        {"2026-10-22", "2026-10-28", "2026-10-25", "2026-10-25T23:30:00Z", true},   // 23:30 GMT, still the 25th
        {"2026-10-22", "2026-10-28", "2026-10-26", "2026-10-25T23:30:00Z", false},
        {"2026-10-22", "2026-10-28", "2026-10-26", "2026-10-26T00:00:00Z", true},
    };
    for (const auto& row : rows) {
        CAPTURE(row.challenge_day);
        CAPTURE(row.at);
        Scene s;
        s.state.event.start = *parse_date(row.start);
        s.state.event.end = *parse_date(row.end);
        s.state.event.challenges = {{*parse_date(row.challenge_day), "Share", "", "share", 20}};
        s.post("ana@social.example", "Time to #share what I learned #NLAWWeek", row.at);
        CHECK((points_for(*s.scores().find("Ana Lima"), "challenge") == 20) == row.bonus);
    }
}

TEST_CASE("[Scoring] replies connect colleagues, once per colleague per day") {
    Scene s;
    s.state.event.scoring.reply_points = 3;
    s.state.event.scoring.replied_points = 2;
    std::string q = s.post("ana@social.example", "How do I freeze a header row? #NLAWWeek", "2026-05-18T09:00:00Z");
    auto reply = [&](const char* handle, const char* at, const std::string& to_id, const std::string& to_handle) {
        Post p;
        p.source = "mastodon";
        p.native_id = "r" + std::to_string(s.next_id++);
        p.author_handle = handle;
        p.text = std::string("View, then Freeze panes, from ") + handle + " at " + at + " #NLAWWeek";
        p.hashtags = {"NLAWWeek"};
        p.created_at = *parse_rfc3339(at);
        p.is_reply = true;
        p.in_reply_to_id = to_id;
        p.in_reply_to_handle = to_handle;
        s.add(p);
    };
    reply("bob@social.example", "2026-05-18T09:10:00Z", q, "");
    reply("bob@social.example", "2026-05-18T09:20:00Z", q, "");                    // same pair, same day: no more
    reply("cy@social.example", "2026-05-18T09:30:00Z", "", "ana@social.example");  // by handle when the post is unknown
    reply("ana@social.example", "2026-05-18T09:40:00Z", q, "");                    // replying to oneself: nothing
    Scores sc = s.scores();
    CHECK(points_for(*sc.find("Bob Stone"), "reply") == 3);
    CHECK(points_for(*sc.find("Cy Park"), "reply") == 3);
    CHECK(points_for(*sc.find("Ana Lima"), "replied") == 4);
    CHECK(points_for(*sc.find("Ana Lima"), "reply") == 0);
}

TEST_CASE("[Scoring] guardrails") {
    SUBCASE("the daily cap clips automatic points and says so; awards are outside it") {
        Scene s;
        s.state.event.scoring.daily_cap = 25;
        s.post("ana@social.example", "First thing I learned today #NLAWWeek", "2026-05-18T09:00:00Z");
        s.post("ana@social.example", "Second thing I learned today #NLAWWeek", "2026-05-18T10:00:00Z");
        s.post("ana@social.example", "Third thing I learned today #NLAWWeek", "2026-05-18T11:00:00Z");
        s.post("ana@social.example", "Next day, new thing learned #NLAWWeek", "2026-05-20T09:00:00Z");
        s.award("Ana Lima", 7);
        Scores sc = s.scores();
        const PersonScore* ana = sc.find("Ana Lima");
        REQUIRE(ana);
        CHECK(ana->total == 25 + 10 + 7);
        bool cap_named = false;
        for (const auto& i : ana->items)
            if (i.cap.find("daily cap of 25 points on 2026-05-18") != std::string::npos) {
                cap_named = true;
                CHECK(i.points == 5);
                CHECK(i.full_points == 10);
            }
        CHECK(cap_named);
    }
    SUBCASE("minimum length ignores hashtags and spacing") {
        Scene s;
        s.state.event.scoring.min_length = 15;
        s.post("ana@social.example", "Great   #NLAWWeek #Learning #Fun", "2026-05-18T09:00:00Z");
        s.post("bob@social.example", "Fifteen letters #NLAWWeek", "2026-05-18T09:00:00Z");
        Scores sc = s.scores();
        CHECK(sc.find("Ana Lima")->total == 0);
        CHECK(sc.find("Ana Lima")->items.at(0).reason.find("shorter than 15") != std::string::npos);
        CHECK(sc.find("Bob Stone")->total == 10);
    }
    SUBCASE("near-duplicates score once: case, spacing and hashtags do not make a new post") {
        Scene s;
        s.post("ana@social.example", "Tip: Ctrl+L selects the address bar #NLAWWeek", "2026-05-18T09:00:00Z");
        s.post("ana@social.example", "tip:  ctrl+l selects the ADDRESS bar\n#LearningAtWorkWeek #nlawweek",
               "2026-05-18T10:00:00Z");
        s.post("bob@social.example", "Tip: Ctrl+L selects the address bar #NLAWWeek", "2026-05-18T10:00:00Z");
        Scores sc = s.scores();
        CHECK(sc.find("Ana Lima")->total == 10);
        CHECK(sc.find("Ana Lima")->counted_posts == 1);
        CHECK(sc.find("Bob Stone")->total == 10);  // another person saying the same thing is not a duplicate
    }
    SUBCASE("only posts inside the event window, in its time zone") {
        Scene s;
        s.post("ana@social.example", "Before the week started #NLAWWeek", "2026-05-17T22:59:00Z");  // 23:59 BST 17th
        s.post("bob@social.example", "First minute of the week #NLAWWeek", "2026-05-17T23:00:00Z");  // 00:00 BST 18th
        s.post("cy@social.example", "After the week was over #NLAWWeek", "2026-05-24T23:00:00Z");    // 00:00 BST 25th
        Scores sc = s.scores();
        CHECK(sc.find("Ana Lima")->total == 0);
        CHECK(sc.find("Bob Stone")->total == 10);
        CHECK(sc.find("Cy Park")->total == 0);
    }
    SUBCASE("rejected, pending, deleted, unhashtagged and excluded authors' posts score nothing") {
        Scene s;
        std::string a = s.post("ana@social.example", "This one gets rejected #NLAWWeek", "2026-05-18T09:00:00Z");
        s.decide(a, "reject");
        s.post("ana@social.example", "This one waits for a decision #NLAWWeek", "2026-05-18T09:00:00Z", "mastodon",
               false);
        std::string b = s.post("bob@social.example", "This one is deleted upstream #NLAWWeek", "2026-05-18T09:00:00Z");
        JournalEntry del;
        del.kind = JournalEntry::Kind::post_deleted;
        del.post_id = b;
        s.apply(del);
        s.post("cy@social.example", "Approved but without the event tag #Other", "2026-05-18T09:00:00Z");
        s.post("troll@social.example", "Approved, then the author was banned #NLAWWeek", "2026-05-18T09:00:00Z");
        s.state.event.scoring.anyone_ranks = true;
        s.state.event.scoring.excluded_authors = {"@troll@social.example"};
        Scores sc = s.scores();
        for (const auto& p : sc.people) {
            CAPTURE(p.name);
            CHECK(p.total == 0);
        }
        CHECK_FALSE(sc.find("troll@social.example"));
    }
}

TEST_CASE("[Scoring] one person on two networks is one participant; a cross-posted tip scores once") {
    Scene s;
    s.post("ana@social.example", "Tip: write it down to remember it #NLAWWeek", "2026-05-18T09:00:00Z", "mastodon");
    s.post("ana.bsky.social", "Tip: write it down to remember it #NLAWWeek", "2026-05-18T09:01:00Z", "bluesky");
    s.post("ana.bsky.social", "Another thing: teach it to someone #NLAWWeek", "2026-05-18T10:00:00Z", "bluesky");
    s.post("Ana Lima", "A tip handed in on paper at the stand #NLAWWeek", "2026-05-18T11:00:00Z", "manual");
    Scores sc = s.scores();
    const PersonScore* ana = sc.find("Ana Lima");
    REQUIRE(ana);
    CHECK(ana->counted_posts == 3);
    CHECK(ana->total == 30);
    int ranked = 0;
    for (const auto& p : sc.people) ranked += p.rank > 0;
    CHECK(ranked == 3);  // the roster, nobody else
}

TEST_CASE("[Scoring] only roster members rank unless anyone may; unknown authors are listed") {
    Scene s;
    s.post("stranger@elsewhere.example", "Outsider learned something #NLAWWeek", "2026-05-18T09:00:00Z");
    s.post("ana@social.example", "Insider learned something #NLAWWeek", "2026-05-18T10:00:00Z");
    Scores sc = s.scores();
    CHECK(sc.find("stranger@elsewhere.example")->rank == 0);
    CHECK(sc.find("stranger@elsewhere.example")->total == 10);
    CHECK(sc.find("Ana Lima")->rank == 1);
    auto unknown = unknown_authors(s.state);
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].handle == "stranger@elsewhere.example");
    CHECK(unknown[0].posts == 1);

    s.state.event.scoring.anyone_ranks = true;
    Scores open = s.scores();
    CHECK(open.find("stranger@elsewhere.example")->rank == 1);  // reached 10 first
    CHECK(open.find("Ana Lima")->rank == 2);
}

TEST_CASE("[Scoring] ties: whoever reached the score first ranks higher, then name") {
    Scene s;
    s.post("cy@social.example", "Cy learned this first thing #NLAWWeek", "2026-05-18T09:00:00Z");
    s.post("bob@social.example", "Bob learned this second #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("ana@social.example", "Ana learned this too #NLAWWeek", "2026-05-18T10:00:00Z");
    Scores sc = s.scores();
    CHECK(sc.people[0].name == "Cy Park");
    CHECK(sc.people[1].name == "Ana Lima");  // same instant as Bob: by name
    CHECK(sc.people[2].name == "Bob Stone");
    CHECK(sc.people[0].rank == 1);
    CHECK(sc.people[2].rank == 3);
}

TEST_CASE("[Scoring] reversal: reject, re-approve and rule changes equal a fresh computation") {
    Scene s;
    s.state.event.scoring.tip_bonus = 5;
    s.post("ana@social.example", "Tip: a first thing learned #NLAWWeek", "2026-05-18T09:00:00Z");
    std::string dup_first = s.post("ana@social.example", "Tip: second thing learned #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("ana@social.example", "tip: SECOND thing learned", "2026-05-18T11:00:00Z");  // no tag: not counted
    std::string later = s.post("ana@social.example", "Tip: second thing learned #LearningAtWorkWeek",
                               "2026-05-18T12:00:00Z");  // duplicate of dup_first
    Scores before = s.scores();
    CHECK(before.find("Ana Lima")->total == 30);

    s.decide(dup_first, "reject");
    Scores rejected = s.scores();
    // The duplicate now scores in its place: same total, earned later.
    CHECK(rejected.find("Ana Lima")->total == 30);
    CHECK(rejected.find("Ana Lima")->reached_at == *parse_rfc3339("2026-05-18T12:00:00Z"));

    // A fresh computation from a journal that never had the rejected post agrees exactly.
    Scene fresh;
    fresh.state.event.scoring.tip_bonus = 5;
    fresh.post("ana@social.example", "Tip: a first thing learned #NLAWWeek", "2026-05-18T09:00:00Z");
    fresh.next_id++;
    fresh.post("ana@social.example", "tip: SECOND thing learned", "2026-05-18T11:00:00Z");
    fresh.post("ana@social.example", "Tip: second thing learned #LearningAtWorkWeek", "2026-05-18T12:00:00Z");
    CHECK(fresh.scores() == rejected);

    s.decide(later, "reject");
    CHECK(s.scores().find("Ana Lima")->total == 15);
    s.decide(dup_first, "approve");
    s.decide(later, "approve");
    CHECK(s.scores() == before);

    s.state.event.scoring.post_points = 4;
    CHECK(s.scores().find("Ana Lima")->total == 18);
}

TEST_CASE("[Scoring] teams: total or per-member average") {
    Scene s;
    s.post("ana@social.example", "Finance learns too, really #NLAWWeek", "2026-05-18T09:00:00Z");
    s.post("ana@social.example", "And a second thing from Ana #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("bob@social.example", "IT learned one thing today #NLAWWeek", "2026-05-18T09:00:00Z");
    s.post("cy@social.example", "IT learned another thing #NLAWWeek", "2026-05-18T09:30:00Z");
    s.post("cy@social.example", "IT learned a third thing #NLAWWeek", "2026-05-18T11:00:00Z");
    Scores total = s.scores();
    REQUIRE(total.teams.size() == 2);
    CHECK(total.teams[0].team == "IT");
    CHECK(total.teams[0].points == 30);
    CHECK(total.teams[1].points == 20);

    s.state.event.scoring.team_score = "average";
    Scores avg = s.scores();
    CHECK(avg.teams[0].team == "Finance");  // 20 for its one member beats IT's 15 each
    CHECK(avg.teams[0].points == 20);
    CHECK(avg.teams[1].points == 15);
    CHECK(avg.teams[1].members == 2);
}

TEST_CASE("[Scoring] badges are data") {
    Scene s;
    s.state.event.scoring.reply_points = 1;
    Post tip;
    tip.source = "mastodon";
    tip.native_id = "t1";
    tip.author_handle = "ana@social.example";
    tip.text = "Tip: the keyboard is faster than the mouse #NLAWWeek";
    tip.hashtags = extract_hashtags(tip.text);
    tip.created_at = *parse_rfc3339("2026-05-18T09:00:00Z");
    tip.like_count = 1;
    s.add(tip);
    s.post("ana@social.example", "Tip: another #shortcut, win+. for emoji #NLAWWeek", "2026-05-19T09:00:00Z");
    s.post("ana@social.example", "A third day of learning things #NLAWWeek", "2026-05-20T09:00:00Z");
    Scores sc = s.scores();
    const PersonScore* ana = sc.find("Ana Lima");
    auto has = [&](const char* id) {
        return std::find(ana->badge_ids.begin(), ana->badge_ids.end(), id) != ana->badge_ids.end();
    };
    CHECK(has("first_tip"));
    CHECK(has("daily_challenger"));  // the one challenge of the week
    CHECK(has("streak"));            // three days
    CHECK_FALSE(has("teacher"));     // one tip drew a response; the default asks for two
    CHECK_FALSE(has("connector"));
    CHECK(ana->badges.front() == "First tip");

    s.state.event.scoring.badges = {{"helper", "Helper", "teacher", 1}};
    Scores custom = s.scores();
    CHECK(custom.find("Ana Lima")->badges == std::vector<std::string>{"Helper"});
    CHECK(custom.find("Bob Stone")->badges.empty());
}

TEST_CASE("[Scoring] streak bonus once the streak is reached") {
    Scene s;
    s.state.event.scoring.streak_bonus = 15;
    s.state.event.scoring.streak_days = 2;
    s.post("ana@social.example", "Day one of learning things #NLAWWeek", "2026-05-18T09:00:00Z");
    s.post("ana@social.example", "Again on day one, other thing #NLAWWeek", "2026-05-18T10:00:00Z");
    CHECK(points_for(*s.scores().find("Ana Lima"), "streak") == 0);
    s.post("ana@social.example", "Day three of learning things #NLAWWeek", "2026-05-20T09:00:00Z");
    s.post("ana@social.example", "Day four of learning things #NLAWWeek", "2026-05-21T09:00:00Z");
    CHECK(points_for(*s.scores().find("Ana Lima"), "streak") == 15);
}

TEST_CASE("[Scoring] awards and penalties with their reason") {
    Scene s;
    s.award("Ana Lima", 25);
    s.award("Ana Lima", -5, "2026-05-21T12:00:00Z");
    Scores sc = s.scores();
    const PersonScore* ana = sc.find("Ana Lima");
    REQUIRE(ana);
    CHECK(ana->total == 20);
    REQUIRE(ana->items.size() == 2);
    CHECK(ana->items[0].rule == "award");
    CHECK(ana->items[1].rule == "penalty");
    CHECK(ana->items[1].reason.find("helped at the stand") != std::string::npos);
    CHECK(ana->items[1].reason.find("org") != std::string::npos);
}

TEST_CASE("[Scoring] explanation adds up to the total") {
    Scene s;
    ScoringRules& r = s.state.event.scoring;
    r = ScoringRules{};  // the defaults, everything on
    std::mt19937 rng(7);
    const char* handles[] = {"ana@social.example", "bob@social.example", "cy@social.example"};
    for (int i = 0; i < 60; ++i) {
        Post p;
        p.source = "mastodon";
        p.native_id = "n" + std::to_string(i);
        p.author_handle = handles[rng() % 3];
        p.text = (rng() % 2 ? "Tip: " : "Learned ") + std::to_string(rng() % 20) + " things about #shortcut #NLAWWeek";
        p.hashtags = extract_hashtags(p.text);
        p.created_at = *parse_rfc3339("2026-05-18T08:00:00Z") + std::chrono::minutes(rng() % (60 * 24 * 6));
        p.like_count = rng() % 8;
        p.repost_count = rng() % 3;
        s.add(p);
    }
    for (const auto& p : s.scores().people) {
        std::int64_t sum = 0;
        for (const auto& i : p.items) {
            sum += i.points;
            CHECK(i.points <= i.full_points);
            if (i.points < i.full_points) CHECK_FALSE(i.cap.empty());
        }
        CHECK(sum == p.total);
    }
}

TEST_CASE("[Scoring] scores do not depend on the order posts arrived in") {
    std::mt19937 rng(42);
    for (int round = 0; round < 20; ++round) {
        std::vector<Post> posts;
        std::vector<bool> approved;
        const char* handles[] = {"ana@social.example", "ana.bsky.social", "bob@social.example", "x@nowhere.example"};
        const char* sources[] = {"mastodon", "bluesky", "mastodon", "mastodon"};
        for (int i = 0; i < 40; ++i) {
            Post p;
            int who = static_cast<int>(rng() % 4);
            p.source = sources[who];
            p.native_id = "n" + std::to_string(i);
            p.author_handle = handles[who];
            p.text = (rng() % 3 ? "Tip: " : "") + std::string("thing number ") + std::to_string(rng() % 6) +
                     (rng() % 2 ? " #shortcut" : "") + (rng() % 5 ? " #NLAWWeek" : "");
            p.hashtags = extract_hashtags(p.text);
            p.created_at = *parse_rfc3339("2026-05-17T20:00:00Z") + std::chrono::minutes(rng() % (60 * 24 * 8));
            p.like_count = rng() % 5;
            if (i > 0 && rng() % 4 == 0) {
                p.is_reply = true;
                p.in_reply_to_id = "mastodon:n" + std::to_string(rng() % i);
            }
            posts.push_back(p);
            approved.push_back(rng() % 5 != 0);
        }
        Scene a, b;
        a.state.event.scoring = b.state.event.scoring = ScoringRules{};
        for (size_t i = 0; i < posts.size(); ++i) a.add(posts[i], approved[i]);
        std::vector<size_t> order(posts.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        for (size_t i : order) b.add(posts[i], approved[i]);
        CHECK(a.scores() == b.scores());
    }
}

TEST_CASE("[Scoring] rules round-trip through event.json and bad rules are named") {
    Event e = test::sample_event();
    e.scoring.tip_bonus = 9;
    e.scoring.tip_markers = {"TIL", "#lifehack"};
    e.scoring.team_score = "average";
    e.scoring.anyone_ranks = true;
    e.scoring.excluded_authors = {"troll@x.example"};
    e.scoring.badges = {{"helper", "Helper", "teacher", 3}};
    nlohmann::json j = to_json(e);
    Event back = event_from_json(JsonIn(j));
    CHECK(to_json(back) == j);
    CHECK(back.scoring.badges.at(0).threshold == 3);

    auto error_for = [&](const char* pointer, nlohmann::json value) {
        nlohmann::json bad = j;
        bad["scoring"][pointer] = value;
        try {
            (void)event_from_json(JsonIn(bad));
        } catch (const JsonFieldError& err) {
            return err.pointer;
        }
        return std::string("(no error)");
    };
    CHECK(error_for("team_score", "median") == "/scoring/team_score");
    CHECK(error_for("daily_cap", -1) == "/scoring/daily_cap");
    CHECK(error_for("badges", nlohmann::json::array({{{"id", "b"}, {"kind", "karma"}}})) == "/scoring/badges/0/kind");

    nlohmann::json old = j;
    old["scoring"] = {{"post_points", 12}};  // an event.json from before the richer rules
    Event upgraded = event_from_json(JsonIn(old));
    CHECK(upgraded.scoring.post_points == 12);
    CHECK(upgraded.scoring.badges.size() == default_badges().size());
}
