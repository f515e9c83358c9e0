// [ScoringPublish] What publishing puts into wall.json from the scores: the people and team boards in
// their published tie-break order, rank movement since the previous publication, today's challenge
// by the event's calendar day.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "learnwall/publish.hpp"
#include "learnwall/text.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {

struct PublishedEvent {
    test::ScratchDir scratch{"scoring-publish"};
    DataDir dir;
    State state;
    int next_id = 1;

    static DataDir make(const std::string& path) {
        Event e = test::sample_event();
        e.challenges.push_back({*parse_date("2026-05-19"), "Teach a shortcut", "", "shortcut", 20});
        auto d = DataDir::create(path, e, "tester");
        REQUIRE_MESSAGE(d.ok(), d.error());
        return *d;
    }

    PublishedEvent() : dir(make(scratch.path + "/ev")) {
        auto r = dir.transact(state, [](const State&) -> Result<DataDir::Change> {
            DataDir::Change c;
            Roster roster;
            roster.people = {{"Ana Lima", "Finance", "ana@social.example", "", "", ""},
                             {"Bob Stone", "IT", "bob@social.example", "", "", ""},
                             {"Cy Park", "IT", "cy@social.example", "", "", ""}};
            c.roster = roster;
            return c;
        });
        REQUIRE_MESSAGE(r.ok(), r.error());
    }

    // An approved post (the sample event moderates before showing).
    void post(const std::string& handle, const std::string& text, const char* at) {
        Post p;
        p.source = "mastodon";
        p.native_id = std::to_string(next_id++);
        p.author_handle = handle;
        p.text = text;
        p.hashtags = extract_hashtags(text);
        p.created_at = *parse_rfc3339(at);
        auto r = dir.transact(state, [&](const State&) -> Result<DataDir::Change> {
            DataDir::Change c;
            JournalEntry in;
            in.kind = JournalEntry::Kind::post_ingested;
            in.post = p;
            JournalEntry ok;
            ok.kind = JournalEntry::Kind::moderation;
            ok.decision = ModerationDecision{p.id(), "approve", "mod", now(), ""};
            c.entries = {in, ok};
            return c;
        });
        REQUIRE_MESSAGE(r.ok(), r.error());
    }

    Wall publish(const char* at) {
        auto w = publish_wall(dir, state, *parse_rfc3339(at));
        REQUIRE_MESSAGE(w.ok(), w.error());
        // What screens read is the file: check it says the same.
        auto text = read_file(dir.wall_path());
        REQUIRE(text.ok());
        auto parsed = parse_wall(*text, dir.wall_path());
        REQUIRE_MESSAGE(parsed.ok(), parsed.error());
        CHECK(to_json(*parsed) == to_json(*w));
        return *parsed;
    }
};

const WallLeader* leader(const Wall& w, const std::string& name) {
    for (const auto& l : w.leaderboard)
        if (l.name == name) return &l;
    return nullptr;
}

const WallTeam* team(const Wall& w, const std::string& name) {
    for (const auto& t : w.teams)
        if (t.team == name) return &t;
    return nullptr;
}

}  // namespace

TEST_CASE("[ScoringPublish] boards, movement since the previous publication and today's challenge") {
    PublishedEvent ev;
    ev.post("ana@social.example", "Ana learned pivot tables #NLAWWeek", "2026-05-18T09:00:00Z");
    ev.post("ana@social.example", "Ana learned about budgets #NLAWWeek", "2026-05-18T10:00:00Z");
    ev.post("bob@social.example", "Bob learned about networks #NLAWWeek", "2026-05-18T11:00:00Z");

    // 23:30 UTC on the 18th is 00:30 on the 19th in London: the 19th's challenge is today's.
    Wall first = ev.publish("2026-05-18T23:30:00Z");
    REQUIRE(first.challenge_today.has_value());
    CHECK(first.challenge_today->tag == "shortcut");
    REQUIRE(first.leaderboard.size() == 2);  // Cy has no points yet
    CHECK(first.leaderboard[0].name == "Ana Lima");
    CHECK(first.leaderboard[0].points == 20);
    CHECK(first.leaderboard[1].name == "Bob Stone");
    for (const auto& l : first.leaderboard) {
        CHECK(l.movement == 0);  // nothing to compare with yet
        CHECK_FALSE(l.is_new);
    }
    REQUIRE(first.teams.size() == 2);
    CHECK(first.teams[0].team == "Finance");

    ev.post("bob@social.example", "Bob learned a #shortcut: win+v #NLAWWeek", "2026-05-19T09:00:00Z");
    ev.post("cy@social.example", "Cy learned about the firewall #NLAWWeek", "2026-05-19T10:00:00Z");
    Wall second = ev.publish("2026-05-19T12:00:00Z");
    CHECK(second.challenge_today->tag == "shortcut");
    REQUIRE(second.leaderboard.size() == 3);
    CHECK(second.leaderboard[0].name == "Bob Stone");  // 10 + 10 + 20 challenge
    CHECK(leader(second, "Bob Stone")->movement == 1);
    CHECK(leader(second, "Ana Lima")->movement == -1);
    CHECK(leader(second, "Cy Park")->is_new);
    CHECK(team(second, "IT")->rank == 1);
    CHECK(team(second, "IT")->movement == 1);
    CHECK(team(second, "Finance")->movement == -1);

    SUBCASE("republishing with the standings unchanged keeps the arrows") {
        Wall again = ev.publish("2026-05-19T12:05:00Z");
        CHECK(leader(again, "Bob Stone")->movement == 1);
        CHECK(leader(again, "Cy Park")->is_new);
        CHECK(team(again, "Finance")->movement == -1);

        // A change that does not touch the board (a new quote) does not wipe them either.
        auto r = ev.dir.transact(ev.state, [](const State& s) -> Result<DataDir::Change> {
            DataDir::Change c;
            Event e = s.event;
            e.quotes.push_back({"Learning never exhausts the mind.", "Leonardo da Vinci"});
            c.event = e;
            return c;
        });
        REQUIRE(r.ok());
        Wall quoted = ev.publish("2026-05-19T12:10:00Z");
        CHECK(quoted.revision > again.revision);
        CHECK(leader(quoted, "Ana Lima")->movement == -1);
        CHECK(leader(quoted, "Cy Park")->is_new);
    }
    SUBCASE("the next change to the board compares with the last publication") {
        ev.post("cy@social.example", "Cy learned a #shortcut too: ctrl+L #NLAWWeek", "2026-05-19T13:00:00Z");
        Wall third = ev.publish("2026-05-19T14:00:00Z");
        // Cy 10 + 10 + 20 = 40 > Bob 40? Equal: Bob reached 40 first.
        CHECK(third.leaderboard[0].name == "Bob Stone");
        CHECK(leader(third, "Cy Park")->rank == 2);
        CHECK(leader(third, "Cy Park")->movement == 1);
        CHECK_FALSE(leader(third, "Cy Park")->is_new);
        CHECK(leader(third, "Ana Lima")->movement == -1);
        CHECK(leader(third, "Bob Stone")->movement == 0);
    }
    SUBCASE("no challenge today outside the challenge's local day") {
        Wall late = ev.publish("2026-05-19T23:00:00Z");  // midnight in London: the 20th
        CHECK_FALSE(late.challenge_today.has_value());
    }
}

TEST_CASE("[ScoringPublish] the published tie-break: who reached the score first, then name") {
    PublishedEvent ev;
    ev.post("cy@social.example", "Cy learned this first thing #NLAWWeek", "2026-05-18T09:00:00Z");
    ev.post("bob@social.example", "Bob learned this one later #NLAWWeek", "2026-05-18T10:00:00Z");
    ev.post("ana@social.example", "Ana learned at the same time #NLAWWeek", "2026-05-18T10:00:00Z");
    Wall w = ev.publish("2026-05-18T12:00:00Z");
    REQUIRE(w.leaderboard.size() == 3);
    CHECK(w.leaderboard[0].name == "Cy Park");
    CHECK(w.leaderboard[1].name == "Ana Lima");
    CHECK(w.leaderboard[2].name == "Bob Stone");
    CHECK(w.leaderboard[2].rank == 3);
    // In the file: every leader carries rank, points and movement for the kiosk's arrows.
    auto text = read_file(ev.dir.wall_path());
    REQUIRE(text.ok());
    auto j = nlohmann::json::parse(*text);
    for (const auto& l : j["leaderboard"]) {
        CHECK(l.contains("rank"));
        CHECK(l.contains("points"));
        CHECK(l.contains("movement"));
        CHECK(l.contains("badges"));
    }
}

TEST_CASE("[ScoringPublish] the published board is the top 50; the rest stay out of wall.json") {
    PublishedEvent ev;
    auto r = ev.dir.transact(ev.state, [](const State&) -> Result<DataDir::Change> {
        DataDir::Change c;
        Roster roster;
        for (int i = 0; i < 60; ++i)
            roster.people.push_back({"Person " + std::to_string(100 + i), "Team", "p" + std::to_string(i) + "@social.example",
                                     "", "", ""});
        c.roster = roster;
        return c;
    });
    REQUIRE(r.ok());
    for (int i = 0; i < 60; ++i)
        ev.post("p" + std::to_string(i) + "@social.example", "Learned thing number " + std::to_string(i) + " #NLAWWeek",
                "2026-05-18T09:00:00Z");
    Wall w = ev.publish("2026-05-18T12:00:00Z");
    REQUIRE(w.leaderboard.size() == 50);
    for (size_t i = 0; i < w.leaderboard.size(); ++i) CHECK(w.leaderboard[i].rank == static_cast<int>(i + 1));
    // Everyone reached 10 points at the same instant: by name.
    CHECK(w.leaderboard.front().name == "Person 100");
    CHECK(w.leaderboard.back().name == "Person 149");
    REQUIRE(w.teams.size() == 1);
    CHECK(w.teams[0].points == 600);
}
