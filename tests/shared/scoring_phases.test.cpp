// [ScoringPhases] Rules that sit on a boundary between compute_scores' phases (issue 12, item 5):
// which phase gives a point decides whether a cap applies and who can receive it, and no other test
// pinned these down.
#include <doctest/doctest.h>

#include "learnwall/scoring.hpp"
#include "learnwall/text.hpp"
#include "scoring_scene.hpp"
#include "test_util.hpp"

using namespace lw;

using test::Scene;
using test::points_for;

TEST_CASE("[ScoringPhases] the streak bonus is outside the daily cap") {
    // give_streak_bonus records without the cap: the streak rewards the week, so a day already at
    // its cap still pays it in full.
    Scene s;
    s.state.event.scoring.daily_cap = 10;
    s.state.event.scoring.streak_bonus = 15;
    s.state.event.scoring.streak_days = 3;
    s.post("ana@social.example", "Day one of learning things #NLAWWeek", "2026-05-18T09:00:00Z");
    s.post("ana@social.example", "Day two of learning things #NLAWWeek", "2026-05-19T09:00:00Z");
    s.post("ana@social.example", "Day three of learning things #NLAWWeek", "2026-05-20T09:00:00Z");
    Scores sc = s.scores();
    const PersonScore* ana = sc.find("Ana Lima");
    REQUIRE(ana);
    CHECK(points_for(*ana, "post") == 30);
    CHECK(points_for(*ana, "streak") == 15);
    CHECK(ana->total == 45);
    for (const auto& item : ana->items)
        if (item.rule == "streak") CHECK(item.cap.empty());
}

TEST_CASE("[ScoringPhases] manual awards come after the pass in time order: outside the cap, to anyone named") {
    Scene s;
    s.state.event.scoring.daily_cap = 10;
    s.post("ana@social.example", "Day one of learning things #NLAWWeek", "2026-05-18T09:00:00Z");
    s.award("Ana Lima", 25, "2026-05-18T10:00:00Z");  // the same day, its cap already used
    s.award("Zed Visitor", 5);                         // not in the roster: a person of their own
    s.award("Zed Visitor", 3);
    Scores sc = s.scores();
    const PersonScore* ana = sc.find("Ana Lima");
    REQUIRE(ana);
    CHECK(ana->total == 35);
    const PersonScore* zed = sc.find("Zed Visitor");
    REQUIRE(zed);
    CHECK(zed->total == 8);  // both awards on one person, not two namesakes
    CHECK_FALSE(zed->in_roster);
    CHECK(zed->rank == 0);  // only the roster ranks
    CHECK(zed->items.size() == 2);
}

TEST_CASE("[ScoringPhases] a tip's response can be an approved reply the hub holds") {
    // find_replied_posts runs before the pass over the posts: a tip with no like and no reply count
    // from its network still drew a response when an approved reply to it is in the journal, and a
    // pending reply does not count.
    Scene s;
    s.state.event.scoring.badges = {{"helper", "Helper", "teacher", 1}};
    const std::string tip = s.post("ana@social.example", "Tip: ctrl+shift+t reopens a tab #NLAWWeek", "2026-05-18T09:00:00Z");
    auto reply = [&](bool approve) {
        Post r;
        r.source = "mastodon";
        r.native_id = approve ? "r-approved" : "r-pending";
        r.author_handle = "bob@social.example";
        r.text = "Thanks, that saved my morning #NLAWWeek";
        r.hashtags = extract_hashtags(r.text);
        r.created_at = *parse_rfc3339("2026-05-18T10:00:00Z");
        r.is_reply = true;
        r.in_reply_to_id = tip;
        s.add(r, approve);
    };
    reply(false);
    CHECK(s.scores().find("Ana Lima")->badge_ids.empty());
    reply(true);
    CHECK(s.scores().find("Ana Lima")->badge_ids == std::vector<std::string>{"helper"});
}
