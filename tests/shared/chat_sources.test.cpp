// Issue 13 item 2 in the core: Slack and Teams sources through the shared sources action, the
// roster's slack and teams columns, and one person counting once across every source.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "learnwall/actions/sources.hpp"
#include "learnwall/roster_csv.hpp"
#include "learnwall/scoring.hpp"
#include "scoring_scene.hpp"
#include "test_util.hpp"

using namespace lw;

namespace chat_sources_test {
DataDir make_chat_dir(const test::ScratchDir& s) {
    auto d = DataDir::create(s.path + "/event", test::sample_event(), "tester");
    REQUIRE(d.ok());
    return *d;
}
}  // namespace chat_sources_test

TEST_CASE("[Actions] source add slack and teams: one channel, every message unless tags filter it, clear refusals") {
    test::ScratchDir s("chat-source-actions");
    DataDir dir = chat_sources_test::make_chat_dir(s);
    State st = *dir.load();
    SourceRequest slack;
    slack.kind = "slack";
    slack.channel = "C0123ABCD";
    auto added = add_source(dir, st, slack, "sam");
    REQUIRE_MESSAGE(added.ok(), added.error());
    CHECK(*added == "added source slack-c0123abcd (slack, https://slack.com, channel C0123ABCD, every message)");
    REQUIRE(st.event.sources.size() == 1);
    CHECK(st.event.sources[0].tags.empty());  // not the event's hashtags: the whole channel
    CHECK(st.event.sources[0].channel == "C0123ABCD");
    // Saved and read back (event.json carries the channel).
    CHECK(dir.load()->event.sources.at(0).channel == "C0123ABCD");
    auto twice = add_source(dir, st, slack, "sam");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().find("already follows the same channel") != std::string::npos);
    slack.tags = {"#NLAWWeek"};
    auto tagged = add_source(dir, st, slack, "sam");
    REQUIRE_MESSAGE(tagged.ok(), tagged.error());
    CHECK(tagged->find("slack-c0123abcd-2") != std::string::npos);
    CHECK(tagged->find("messages with #NLAWWeek") != std::string::npos);

    SourceRequest teams;
    teams.kind = "teams";
    teams.channel = "19:abc@thread.tacv2";
    auto no_team = check_source_request(teams);
    REQUIRE_FALSE(no_team.ok());
    CHECK(no_team.error().find("team: a teams source needs the team id") == 0);
    teams.team = "8ea0e38b-efb3-4757-924a-5f94061cf8c2";
    auto t = add_source(dir, st, teams, "sam");
    REQUIRE_MESSAGE(t.ok(), t.error());
    const SourceConfig& tc = st.event.sources.back();
    CHECK(tc.base_url == "https://graph.microsoft.com/v1.0");
    CHECK(tc.token_url == kTeamsDefaultTokenUrl);
    CHECK(tc.id == "teams-19-abc-thread-tacv2");

    SourceRequest bad = slack;
    bad.channel = "";
    CHECK(check_source_request(bad).error().find("channel: a slack source needs the channel id") == 0);
    bad.channel = "C1&x=y";
    CHECK(check_source_request(bad).error().find("channel: expected a channel id") == 0);
    bad.channel = "C1";
    bad.team = "T1";
    CHECK(check_source_request(bad).error().find("--team and --token-url are for teams sources only") == 0);
    SourceRequest mast;
    mast.kind = "mastodon";
    mast.base_url = "https://social.example";
    mast.channel = "C1";
    CHECK_FALSE(check_source_request(mast).ok());
    SourceRequest badurl = teams;
    badurl.token_url = "http://login.example/token";
    CHECK(check_source_request(badurl).error().find("token URL:") == 0);
}

TEST_CASE("[Roster] slack and teams columns hold ids; a non-id or an id on two rows is refused with line and column") {
    auto r = parse_roster_csv("name,team,slack,teams\n"
                              "Ana Lima,Finance,U0123ABCD,8EA0E38B-EFB3-4757-924A-5F94061CF8C2\n"
                              "Bob Stone,IT,@W0456EFGH,\n",
                              "staff.csv");
    REQUIRE_MESSAGE(r.ok(), r.error());
    CHECK(r->roster.people[0].slack == "u0123abcd");
    CHECK(r->roster.people[0].teams == "8ea0e38b-efb3-4757-924a-5f94061cf8c2");
    CHECK(r->roster.people[1].slack == "w0456efgh");
    CHECK(r->warnings.empty());  // an id is enough: no "has no social handle" warning
    auto name = parse_roster_csv("name,team,slack\nAna,F,ana.lima\n", "s.csv");
    REQUIRE_FALSE(name.ok());
    CHECK(name.error().find("s.csv:2: column 3 (slack): expected a Slack member id") == 0);
    auto teams = parse_roster_csv("name,team,teams\nAna,F,ana@corp.example\n", "s.csv");
    REQUIRE_FALSE(teams.ok());
    CHECK(teams.error().find("s.csv:2: column 3 (teams): expected a Microsoft Entra user object id") == 0);
    auto dup = parse_roster_csv("name,team,slack\nAna,F,U1AAA\nBob,G,u1aaa\n", "s.csv");
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().find("the slack id \"u1aaa\" already belongs to \"Ana\"") != std::string::npos);
    // Read back from roster.json form.
    Roster back = roster_from_json(JsonIn(to_json(r->roster)));
    CHECK(back.people[0].slack == "u0123abcd");
    CHECK(back.people[0].teams == "8ea0e38b-efb3-4757-924a-5f94061cf8c2");
    CHECK(back.find_by_handle("slack", "U0123ABCD") == &back.people[0]);
    CHECK(back.find_by_handle("teams", "8ea0e38b-efb3-4757-924a-5f94061cf8c2") == &back.people[0]);
}

TEST_CASE("[Scoring] one person on Slack, Teams and Mastodon is one participant; a cross-posted tip scores once") {
    test::Scene s;
    s.state.roster.people[0].slack = "u0123abcd";
    s.state.roster.people[0].teams = "8ea0e38b-efb3-4757-924a-5f94061cf8c2";
    s.post("ana@social.example", "Tip: write it down to remember it #NLAWWeek", "2026-05-18T09:00:00Z", "mastodon");
    s.post("U0123ABCD", "Tip: write it down to remember it #NLAWWeek", "2026-05-18T09:01:00Z", "slack");
    s.post("U0123ABCD", "Another thing: teach it to someone #NLAWWeek", "2026-05-18T10:00:00Z", "slack");
    s.post("8ea0e38b-efb3-4757-924a-5f94061cf8c2", "And pair on the hard parts #NLAWWeek", "2026-05-18T11:00:00Z", "teams");
    Scores sc = s.scores();
    const PersonScore* ana = sc.find("Ana Lima");
    REQUIRE(ana);
    CHECK(ana->counted_posts == 3);
    CHECK(ana->total == 30);
    for (const auto& p : sc.people) CHECK(p.name.find("u0123abcd") == std::string::npos);
}
