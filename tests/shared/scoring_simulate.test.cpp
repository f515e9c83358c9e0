// [ScoringSimulate] the what-if comparison: who would gain or lose points or places under other rules.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "learnwall/scoring_simulate.hpp"
#include "scoring_scene.hpp"
#include "test_util.hpp"

using namespace lw;
using test::Scene;

namespace {

// Ana posts one tip, Bob two plain posts, Cy one plain post: with a big tip bonus Ana leads.
Scene simulate_scene() {
    Scene s;
    s.state.event.scoring.tip_bonus = 30;
    s.post("ana@social.example", "Tip: ctrl+shift+t reopens a closed tab #NLAWWeek", "2026-05-18T09:00:00Z");
    s.post("bob@social.example", "Learned to read a balance sheet #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("bob@social.example", "Learned how our budget cycle works #NLAWWeek", "2026-05-19T10:00:00Z");
    s.post("cy@social.example", "Learned what a pull request is #NLAWWeek", "2026-05-19T11:00:00Z");
    return s;
}

}  // namespace

TEST_CASE("[ScoringSimulate] scoring simulate lists everyone whose points or rank change, before and after") {
    Scene s = simulate_scene();
    Scores now = s.scores();
    REQUIRE(now.find("Ana Lima")->rank == 1);  // 10 + 30
    REQUIRE(now.find("Bob Stone")->rank == 2);  // 20
    REQUIRE(now.find("Cy Park")->total == 10);

    ScoringRules trial = s.state.event.scoring;
    trial.tip_bonus = 0;  // Ana falls to 10, Bob leads with 20; Cy keeps 10 but ...
    auto changes = simulate_scoring(s.state, trial);
    // Ana: 40 -> 10, rank 1 -> 2 (ties break by who reached it first: Ana at 09:00 on Monday, Cy on Tuesday);
    // Bob: 20 -> 20, rank 2 -> 1; Cy unchanged (10, rank 3) and so not listed.
    REQUIRE(changes.size() == 2);
    CHECK(changes[0] == ScoreChange{"Bob Stone", 20, 20, 2, 1});
    CHECK(changes[1] == ScoreChange{"Ana Lima", 40, 10, 1, 2});
    CHECK(describe_change(changes[1]) == "Ana Lima: 40 -> 10 points, rank 1 -> 2");
    CHECK(describe_change(changes[0]) == "Bob Stone: 20 -> 20 points, rank 2 -> 1");

    // Pure: the state's own rules and scores are untouched.
    CHECK(s.state.event.scoring.tip_bonus == 30);
    CHECK(s.scores() == now);
}

TEST_CASE("[ScoringSimulate] the same rules change nobody") {
    Scene s = simulate_scene();
    CHECK(simulate_scoring(s.state, s.state.event.scoring).empty());
}

TEST_CASE("[ScoringSimulate] an excluded author drops to 0; JSON has exactly the five fields") {
    Scene s = simulate_scene();
    ScoringRules trial = s.state.event.scoring;
    trial.excluded_authors = {"Cy Park"};
    auto changes = simulate_scoring(s.state, trial);
    const ScoreChange* cy = nullptr;
    for (const auto& c : changes)
        if (c.name == "Cy Park") cy = &c;
    REQUIRE(cy);
    CHECK(cy->points_before == 10);
    CHECK(cy->points_after == 0);
    CHECK(cy->rank_before == 3);
    CHECK(cy->rank_after == 3);  // still on the board, at 0
    CHECK(describe_change(*cy) == "Cy Park: 10 -> 0 points, rank 3 (unchanged)");
    auto j = to_json(changes);
    REQUIRE(j.is_array());
    for (const auto& row : j) {
        CHECK(row.size() == 5);
        for (const char* k : {"name", "points_before", "points_after", "rank_before", "rank_after"}) CHECK(row.contains(k));
    }
}

TEST_CASE("[ScoringSimulate] a rules file is read with the event's parser; errors name file, pointer and expectation") {
    test::ScratchDir dir{"simulate-rules"};
    auto write = [&](const std::string& name, const std::string& text) {
        std::string p = dir.path + "/" + name;
        std::ofstream(p) << text;
        return p;
    };
    auto ok = load_scoring_rules_file(write("ok.json", R"({"tip_bonus": 0, "post_points": 12})"));
    REQUIRE_MESSAGE(ok, ok.error());
    CHECK(ok->tip_bonus == 0);
    CHECK(ok->post_points == 12);

    // A whole event.json: its "scoring" member, not silently the defaults.
    auto ev = load_scoring_rules_file(write("event.json", R"({"name": "x", "scoring": {"post_points": 3}})"));
    REQUIRE_MESSAGE(ev, ev.error());
    CHECK(ev->post_points == 3);

    auto bad = load_scoring_rules_file(write("bad.json", R"({"post_points": -4})"));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().find("bad.json") != std::string::npos);
    CHECK(bad.error().find("/post_points") != std::string::npos);
    CHECK(bad.error().find("expected 0 to 1000") != std::string::npos);

    auto nested = load_scoring_rules_file(write("ev2.json", R"({"scoring": {"team_score": "best"}})"));
    REQUIRE_FALSE(nested);
    CHECK(nested.error().find("/scoring/team_score") != std::string::npos);

    auto broken = load_scoring_rules_file(write("broken.json", "{\"post_points\": "));
    REQUIRE_FALSE(broken);
    CHECK(broken.error().find("broken.json") != std::string::npos);

    auto missing = load_scoring_rules_file(dir.path + "/none.json");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().find("none.json") != std::string::npos);
}

TEST_CASE("[ScoringSimulate] someone on one side only counts as 0 points, not ranked, there; the unranked come last") {
    Scores before, after;
    PersonScore a;
    a.name = "Ana";
    a.total = 20;
    a.rank = 1;
    PersonScore guest;
    guest.name = "Guest";
    guest.total = 8;
    guest.rank = 0;  // scores, does not rank
    before.people = {a};
    a.total = 25;
    after.people = {guest, a};
    auto changes = score_changes(before, after);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0] == ScoreChange{"Ana", 20, 25, 1, 1});
    CHECK(changes[1] == ScoreChange{"Guest", 0, 8, 0, 0});
    CHECK(describe_change(changes[1]) == "Guest: 0 -> 8 points, not ranked");
    auto gone = score_changes(after, before);
    REQUIRE(gone.size() == 2);
    CHECK(gone[1] == ScoreChange{"Guest", 8, 0, 0, 0});
}
