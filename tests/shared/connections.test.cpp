// [Connections] Issue 14: every kind, every guardrail, and connections coming and going with their posts.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "learnwall/connections.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/report.hpp"
#include "scoring_scene.hpp"

using namespace lw;
using test::Scene;

namespace {

// Ana Lima (Finance; mastodon ana@social.example, bluesky ana.bsky.social), Bob Stone (IT; x bobstone),
// Cy Park (IT), as the scoring scene has them.
struct ConnScene : Scene {
    std::string tip_by_ana(const char* at = "2026-05-18T09:00:00Z") {
        return post("ana@social.example", "Tip: pivot tables summarise a sheet in seconds #NLAWWeek", at);
    }
    [[nodiscard]] Connections conns() const { return compute_connections(state); }
    [[nodiscard]] std::vector<Connection> counted() const {
        std::vector<Connection> out;
        for (auto& c : conns().all)
            if (c.counted) out.push_back(c);
        return out;
    }
};

}  // namespace

TEST_CASE("[Connections] a thanks marker before a mention connects the learner to the person thanked") {
    ConnScene s;
    s.post("bob@social.example", "Thanks @ana@social.example, pivot tables saved my day #NLAWWeek", "2026-05-18T10:00:00Z");
    auto c = s.counted();
    REQUIRE(c.size() == 1);
    CHECK(c[0].from.name == "Bob Stone");
    CHECK(c[0].to.name == "Ana Lima");
    CHECK(c[0].kind == ConnectionKind::thanks);
    CHECK(c[0].from.team == "IT");
    CHECK(c[0].to.team == "Finance");
    CHECK(c[0].cross_team());
}

TEST_CASE("[Connections] markers are data, several languages by default, at a word start only") {
    const auto& m = default_connection_markers();
    std::vector<std::string> lower;
    for (auto& x : m) lower.push_back(ascii_lower(x));
    CHECK(credited_mentions("learned from @ana today", lower) == std::vector<std::string>{"ana"});
    CHECK(credited_mentions("h/t @Ana.bsky.social.", lower) == std::vector<std::string>{"ana.bsky.social"});
    CHECK(credited_mentions("via: @bob", lower) == std::vector<std::string>{"bob"});
    CHECK(credited_mentions("Merci \xC3\xA0 @ana !", lower) == std::vector<std::string>{"ana"});
    CHECK(credited_mentions("danke an @ana", lower) == std::vector<std::string>{"ana"});
    CHECK(credited_mentions("gracias @ana", lower) == std::vector<std::string>{"ana"});
    CHECK(credited_mentions("thanks @ana and @bob, @cy & @dee", lower) ==
          std::vector<std::string>{"ana", "bob", "cy", "dee"});
    CHECK(credited_mentions("trivia @ana", lower).empty());          // "via" inside a word
    CHECK(credited_mentions("@ana thanks", lower).empty());          // the marker comes first
    CHECK(credited_mentions("RT @ana look at this", lower).empty());
    CHECK(credited_mentions("thanks to mail ana@corp.example", lower).empty());  // an e-mail is no mention
    CHECK(credited_mentions("thanks @ana but @bob was wrong", lower) == std::vector<std::string>{"ana"});
    // Custom markers from event.json replace the defaults.
    ConnScene s;
    s.state.event.scoring.connection_markers = {"shout-out to"};
    s.post("bob@social.example", "Shout-out to @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("cy@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:05:00Z");
    auto c = s.counted();
    REQUIRE(c.size() == 1);
    CHECK(c[0].from.name == "Bob Stone");
}

TEST_CASE("[Connections] a reply to a tip connects; a reply to a post that is no tip does not") {
    ConnScene s;
    std::string tip = s.tip_by_ana();
    std::string plain = s.post("ana@social.example", "Lunch was nice #NLAWWeek", "2026-05-18T09:05:00Z");
    Post r;
    r.source = "mastodon";
    r.native_id = "r1";
    r.author_handle = "cy@social.example";
    r.text = "Trying it now #NLAWWeek";
    r.is_reply = true;
    r.in_reply_to_id = tip;
    r.created_at = *parse_rfc3339("2026-05-18T11:00:00Z");
    s.add(r);
    Post r2 = r;
    r2.native_id = "r2";
    r2.author_handle = "bob@social.example";
    r2.in_reply_to_id = plain;
    s.add(r2);
    auto c = s.counted();
    REQUIRE(c.size() == 1);
    CHECK(c[0].kind == ConnectionKind::reply);
    CHECK(c[0].from.name == "Cy Park");
    CHECK(c[0].to.name == "Ana Lima");
}

TEST_CASE("[Connections] a quote-post connects to the quoted author, one person across networks") {
    ConnScene s;
    // Bob on X quotes Ana's Bluesky post we do not hold: the handle resolves through the roster.
    Post q;
    q.source = "bluesky";
    q.native_id = "q1";
    q.author_handle = "someone.bsky.social";
    q.author_display_name = "Someone";
    q.text = "This is gold #NLAWWeek";
    q.quote_of_id = "bluesky:at://did:plc:ana/app.bsky.feed.post/1";
    q.quote_of_handle = "ana.bsky.social";
    q.created_at = *parse_rfc3339("2026-05-18T12:00:00Z");
    s.add(q);
    // Cy quotes Ana's Mastodon tip that we hold.
    std::string tip = s.tip_by_ana();
    Post q2;
    q2.source = "mastodon";
    q2.native_id = "q2";
    q2.author_handle = "cy@social.example";
    q2.text = "Read this #NLAWWeek";
    q2.quote_of_id = tip;
    q2.created_at = *parse_rfc3339("2026-05-18T12:30:00Z");
    s.add(q2);
    auto c = s.counted();
    REQUIRE(c.size() == 2);
    CHECK(c[0].kind == ConnectionKind::quote);
    CHECK(c[0].to.name == "Ana Lima");
    CHECK(c[0].from.name == "Someone");
    CHECK(c[0].from.team == "");
    CHECK(c[1].to.name == "Ana Lima");
    CHECK(c[1].from.name == "Cy Park");
    CHECK(c[0].to.member == c[1].to.member);
}

TEST_CASE("[Connections] post add --credit: a tip handed in from someone connects to them") {
    ConnScene s;
    Post p;
    p.source = "manual";
    p.native_id = "m1";
    p.author_display_name = "Bob Stone";
    p.text = "Tip: name your ranges #NLAWWeek";
    p.credit = "ana lima";  // any case
    p.created_at = *parse_rfc3339("2026-05-18T12:00:00Z");
    s.add(p);
    auto c = s.counted();
    REQUIRE(c.size() == 1);
    CHECK(c[0].kind == ConnectionKind::credit);
    CHECK(c[0].from.name == "Bob Stone");
    CHECK(c[0].to.name == "Ana Lima");
}

TEST_CASE("[Connections] self-credit is ignored, across networks too") {
    ConnScene s;
    // Ana on Bluesky thanks Ana on Mastodon: one person.
    s.post("ana.bsky.social", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z", "bluesky");
    auto all = s.conns();
    REQUIRE(all.all.size() == 1);
    CHECK_FALSE(all.all[0].counted);
    CHECK(all.all[0].reason == "self-credit ignored");
    CHECK(all.total() == 0);
}

TEST_CASE("[Connections] one credit per pair per local day; the next local day counts again") {
    ConnScene s;
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("bob@social.example", "thanks @ana@social.example again #NLAWWeek", "2026-05-18T15:00:00Z");
    // 23:30 UTC on the 18th is 00:30 BST on the 19th: a new local day.
    s.post("bob@social.example", "h/t @ana@social.example #NLAWWeek", "2026-05-18T23:30:00Z");
    auto all = s.conns();
    REQUIRE(all.all.size() == 3);
    CHECK(all.all[0].counted);
    CHECK_FALSE(all.all[1].counted);
    CHECK(all.all[1].reason.find("one credit per pair per day") != std::string::npos);
    CHECK(all.all[2].counted);
    CHECK(all.total() == 2);
}

TEST_CASE("[Connections] a mutual-thanks ring on one day counts once") {
    ConnScene s;
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("ana@social.example", "thanks @bob@social.example #NLAWWeek", "2026-05-18T10:01:00Z");
    auto all = s.conns();
    REQUIRE(all.all.size() == 2);
    CHECK(all.all[0].counted);
    CHECK_FALSE(all.all[1].counted);
    CHECK(all.all[1].reason.find("mutual thanks counted once") != std::string::npos);
}

TEST_CASE("[Connections] the learner's daily cap of connections") {
    ConnScene s;
    s.state.event.scoring.connection_daily_cap = 2;
    s.post("bob@social.example", "thanks @ana@social.example and @cy@social.example and @dee@social.example #NLAWWeek",
           "2026-05-18T10:00:00Z");
    auto all = s.conns();
    REQUIRE(all.all.size() == 3);
    CHECK(all.total() == 2);
    CHECK(all.all[2].reason.find("daily cap of 2 connections") != std::string::npos);
    s.state.event.scoring.connection_daily_cap = 0;  // no cap
    CHECK(s.conns().total() == 3);
}

TEST_CASE("[Connections] connections come and go with their posts: rejected, deleted, edited") {
    ConnScene s;
    std::string id = s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    REQUIRE(s.conns().total() == 1);
    s.decide(id, "reject");
    CHECK(s.conns().total() == 0);
    s.decide(id, "approve");
    CHECK(s.conns().total() == 1);
    // Edited upstream: the thanks is gone from the text.
    Post edited = s.state.find(id)->post;
    edited.text = "pivot tables are handy #NLAWWeek";
    JournalEntry up;
    up.kind = JournalEntry::Kind::post_updated;
    up.post = edited;
    s.apply(up);
    s.decide(id, "approve");
    CHECK(s.conns().total() == 0);
    // Another one, deleted.
    std::string id2 = s.post("cy@social.example", "via @ana@social.example #NLAWWeek", "2026-05-18T11:00:00Z");
    REQUIRE(s.conns().total() == 1);
    JournalEntry del;
    del.kind = JournalEntry::Kind::post_deleted;
    del.post_id = id2;
    s.apply(del);
    CHECK(s.conns().total() == 0);
    // A reply to a tip goes when the tip is rejected.
    std::string tip = s.tip_by_ana();
    Post r;
    r.source = "mastodon";
    r.native_id = "r9";
    r.author_handle = "cy@social.example";
    r.text = "Nice #NLAWWeek";
    r.is_reply = true;
    r.in_reply_to_id = tip;
    r.created_at = *parse_rfc3339("2026-05-18T12:00:00Z");
    s.add(r);
    CHECK(s.conns().total() == 1);
    s.decide(tip, "reject");
    CHECK(s.conns().total() == 0);
}

TEST_CASE("[Connections] outside the event, pending posts and banned people connect nobody") {
    ConnScene s;
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-25T10:00:00Z");  // after the event
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z", "mastodon", false);
    CHECK(s.conns().all.empty());
    s.state.event.scoring.excluded_authors = {"Ana Lima"};
    s.post("cy@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T11:00:00Z");
    CHECK(s.conns().all.empty());
}

TEST_CASE("[Connections] opted-out people show as the board shows them; aggregates by people and teams") {
    ConnScene s;
    s.state.roster.people[0].opt_out = "anonymous";
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-19T10:00:00Z");
    s.post("cy@social.example", "thanks @bob@social.example #NLAWWeek", "2026-05-19T10:00:00Z");
    Connections c = s.conns();
    CHECK(c.total() == 3);
    CHECK(c.cross_team_share() == doctest::Approx(2.0 / 3.0));
    auto people = people_links(c);
    REQUIRE(people.size() == 2);
    CHECK(people[0].from == "Bob Stone");
    CHECK(people[0].to == "a colleague");
    CHECK(people[0].count == 2);
    CHECK(people[0].kinds == std::vector<std::string>{"thanks"});
    auto teams = team_links(c);
    REQUIRE(teams.size() == 2);
    CHECK(teams[0].from_team == "IT");
    CHECK(teams[0].to_team == "Finance");
    CHECK(teams[0].count == 2);
    CHECK(teams[1].from_team == "IT");
    CHECK(teams[1].to_team == "IT");
}

TEST_CASE("[Connections] the same journal in any ingest order gives the same connections") {
    ConnScene a, b;
    a.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    a.post("ana@social.example", "thanks @bob@social.example #NLAWWeek", "2026-05-18T11:00:00Z");
    b.post("ana@social.example", "thanks @bob@social.example #NLAWWeek", "2026-05-18T11:00:00Z");
    b.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    auto ca = a.conns(), cb = b.conns();
    REQUIRE(ca.all.size() == 2);
    REQUIRE(cb.all.size() == 2);
    CHECK(ca.all[0].from.name == cb.all[0].from.name);
    CHECK(ca.all[1].counted == cb.all[1].counted);
    CHECK_FALSE(cb.all[1].counted);
}

TEST_CASE("[Scoring] connections: teaching credit to the person learned from, cross-team bonus to the learner, each explained") {
    ConnScene s;
    s.state.event.scoring.teaching_points = 5;
    s.state.event.scoring.cross_team_bonus = 3;
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("cy@social.example", "thanks @bob@social.example #NLAWWeek", "2026-05-18T10:00:00Z");  // same team
    s.post("cy@social.example", "thanks @bob@social.example #NLAWWeek", "2026-05-18T11:00:00Z");  // same pair, same day
    Scores sc = s.scores();
    const PersonScore* ana = sc.find("Ana Lima");
    const PersonScore* bob = sc.find("Bob Stone");
    const PersonScore* cy = sc.find("Cy Park");
    REQUIRE(ana);
    REQUIRE(bob);
    REQUIRE(cy);
    CHECK(test::points_for(*ana, "teaching") == 5);
    CHECK(test::points_for(*bob, "cross_team") == 3);
    CHECK(test::points_for(*bob, "teaching") == 5);  // once: the second thanks that day is stopped
    CHECK(test::points_for(*cy, "cross_team") == 0);  // IT to IT
    bool said_teaching = false, said_cross = false, said_stopped = false;
    for (const auto& i : ana->items)
        if (i.rule == "teaching") said_teaching = i.reason == "Bob Stone learned from you (thanks)";
    for (const auto& i : bob->items) {
        if (i.rule == "cross_team") said_cross = i.reason == "learned from Ana Lima in another team (Finance)";
        if (i.rule == "not_counted" && i.reason.find("connection from Cy Park not counted: one credit per pair per day") == 0)
            said_stopped = true;
    }
    CHECK(said_teaching);
    CHECK(said_cross);
    CHECK(said_stopped);
    // Items add up to the total, connections included.
    for (const auto& p : sc.people) {
        std::int64_t sum = 0;
        for (const auto& i : p.items) sum += i.points;
        CHECK(sum == p.total);
    }
    // Totals mode gives the same totals.
    Scores t = compute_scores(s.state, ScoreDetail::totals);
    CHECK(t.find("Ana Lima")->total == ana->total);
    CHECK(t.find("Bob Stone")->total == bob->total);
}

TEST_CASE("[Scoring] the connector badge counts learning connections either way, not only replies") {
    ConnScene s;
    s.state.event.scoring.badges = {{"connector", "Connector", "connector", 2}};
    const auto has_badge = [&](const char* name) {
        const Scores sc = s.scores();
        const PersonScore* p = sc.find(name);
        return p && p->badge_ids == std::vector<std::string>{"connector"};
    };
    // Bob thanks Ana and Cy on a day without a single reply: he is connected with two colleagues.
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    s.post("bob@social.example", "learned from @cy@social.example today #NLAWWeek", "2026-05-18T10:30:00Z");
    CHECK(has_badge("Bob Stone"));
    CHECK(!has_badge("Ana Lima"));  // one colleague so far
    // Cy thanks Ana: Ana, learned from twice, is connected with Bob and Cy.
    s.post("cy@social.example", "h/t @ana@social.example #NLAWWeek", "2026-05-18T11:00:00Z");
    CHECK(has_badge("Ana Lima"));
    CHECK(has_badge("Cy Park"));  // thanked by Bob, thanked Ana
}

TEST_CASE("[Scoring] connection points go through the daily cap in time order, and leave with their post") {
    ConnScene s;
    s.state.event.scoring.teaching_points = 5;
    s.state.event.scoring.cross_team_bonus = 0;
    s.state.event.scoring.daily_cap = 12;
    s.post("ana@social.example", "Tip: one #NLAWWeek", "2026-05-18T09:00:00Z");  // 10 post points for Ana
    std::string id = s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");
    Scores sc = s.scores();
    const PersonScore* ana = sc.find("Ana Lima");
    REQUIRE(ana);
    CHECK(test::points_for(*ana, "teaching") == 2);  // 12 - 10
    bool capped = false;
    for (const auto& i : ana->items)
        if (i.rule == "teaching") capped = i.full_points == 5 && i.cap.find("daily cap of 12") == 0;
    CHECK(capped);
    s.decide(id, "reject");
    CHECK(test::points_for(*s.scores().find("Ana Lima"), "teaching") == 0);
}

TEST_CASE("[Scoring] connection rules as data: defaults, the rules file, validation naming the field") {
    ScoringRules d;
    CHECK(d.teaching_points == 5);
    CHECK(d.cross_team_bonus == 3);
    CHECK(d.connection_daily_cap == 5);
    CHECK(std::find(d.connection_markers.begin(), d.connection_markers.end(), "h/t") != d.connection_markers.end());
    nlohmann::json j = to_json(d);
    CHECK(j["teaching_points"] == 5);
    j["teaching_points"] = 7;
    j["connection_markers"] = {"cheers"};
    ScoringRules r = scoring_rules_from_json(JsonIn(j, "/scoring"));
    CHECK(r.teaching_points == 7);
    CHECK(r.connection_markers == std::vector<std::string>{"cheers"});
    nlohmann::json bad = to_json(d);
    bad["cross_team_bonus"] = -1;
    try {
        (void)scoring_rules_from_json(JsonIn(bad, "/scoring"));
        FAIL("accepted a negative bonus");
    } catch (const JsonFieldError& e) {
        CHECK(std::string(e.what()).find("cross_team_bonus") != std::string::npos);
    }
    nlohmann::json bad2 = to_json(d);
    bad2["connection_markers"] = {"thanks @ana"};
    try {
        (void)scoring_rules_from_json(JsonIn(bad2, "/scoring"));
        FAIL("accepted a marker with a mention in it");
    } catch (const JsonFieldError& e) {
        CHECK(std::string(e.what()).find("connection_markers") != std::string::npos);
    }
}


TEST_CASE("[Publish] the connections block: bounded, links once per team pair, names as the board shows them") {
    ConnScene s;
    s.state.event.scoring.connection_daily_cap = 0;
    // 30 teams of one person each; everyone thanks Ana (Finance) and the person of the next team.
    for (int i = 0; i < 30; ++i) {
        Participant p;
        p.name = "Person " + std::to_string(i);
        p.team = "Team " + std::string(1, static_cast<char>('A' + i % 26)) + std::to_string(i / 26);
        p.mastodon = "p" + std::to_string(i) + "@social.example";
        s.state.roster.people.push_back(p);
    }
    for (int i = 0; i < 30; ++i) {
        const std::string at = "2026-05-18T1" + std::to_string(i % 10) + ":" + std::to_string(10 + i) + ":00Z";
        s.post("p" + std::to_string(i) + "@social.example",
               "thanks @ana@social.example and @p" + std::to_string((i + 1) % 30) + "@social.example #NLAWWeek", at.c_str());
    }
    s.state.roster.people[1].opt_out = "hidden";  // Bob: never named
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-20T09:00:00Z");
    Wall w = build_wall(s.state, *parse_rfc3339("2026-05-20T12:00:00Z"));
    REQUIRE(w.connections);
    const WallConnections& c = *w.connections;
    CHECK(c.total == 61);
    CHECK(c.teams.size() == kWallConnectionTeamsMax);
    CHECK(c.teams[0].team == "Finance");  // most connected first
    CHECK(c.teams[0].connections == 31);
    CHECK(c.recent.size() == kWallConnectionRecentMax);
    CHECK(c.recent[0].from == "a colleague");  // Bob, hidden, newest
    CHECK(c.recent[0].kind == "thanks");
    CHECK(c.top_connectors.size() == kWallConnectorsMax);
    CHECK(c.top_connectors[0].name == "Ana Lima");
    CHECK(c.top_connectors[0].teams_reached == 31);  // 30 teams and IT
    for (const auto& t : c.top_connectors) CHECK(t.name != "Bob Stone");
    CHECK(c.links.size() <= kWallConnectionLinksMax);
    for (const auto& l : c.links) {
        CHECK(l.from_team < l.to_team);
        bool from_shown = false, to_shown = false;
        for (const auto& t : c.teams) {
            from_shown = from_shown || t.team == l.from_team;
            to_shown = to_shown || t.team == l.to_team;
        }
        CHECK(from_shown);
        CHECK(to_shown);
    }
    // Written and read back the same.
    auto back = parse_wall(to_json(w).dump(), "wall.json");
    REQUIRE(back.ok());
    REQUIRE(back->connections);
    CHECK(*back->connections == c);
}

TEST_CASE("[Publish] no connections: no block, so the kiosk skips the scene; a hostile block is read bounded") {
    ConnScene s;
    s.post("bob@social.example", "pivot tables #NLAWWeek", "2026-05-18T10:00:00Z");
    Wall w = build_wall(s.state, *parse_rfc3339("2026-05-20T12:00:00Z"));
    CHECK_FALSE(w.connections);
    nlohmann::json j = to_json(w);
    CHECK_FALSE(j.contains("connections"));
    nlohmann::json big = nlohmann::json::array();
    for (int i = 0; i < 1000; ++i) big.push_back({{"team", "T" + std::to_string(i)}, {"connections", 1}});
    j["connections"] = {{"total", 5}, {"cross_team_share", 7.5}, {"teams", big}};
    auto back = parse_wall(j.dump(), "wall.json");
    REQUIRE(back.ok());
    REQUIRE(back->connections);
    CHECK(back->connections->teams.size() == kWallConnectionTeamsMax);
    CHECK(back->connections->cross_team_share == 1.0);
}

TEST_CASE("[Connections] a Mastodon mention of someone on the author's own server reads \"@ana\" and still resolves") {
    ConnScene s;
    s.post("bob@social.example", "thanks @ana for pivot tables #NLAWWeek", "2026-05-18T10:00:00Z");
    auto c = s.counted();
    REQUIRE(c.size() == 1);
    CHECK(c[0].to.name == "Ana Lima");
}


TEST_CASE("[Report] connections section: share across teams per day, reach, bridges, unreached teams, SVG, CSV edges") {
    ConnScene s;
    s.state.roster.people.push_back({"Dee Quinn", "HR", "dee@social.example", "", "", ""});
    s.post("bob@social.example", "thanks @ana@social.example #NLAWWeek", "2026-05-18T10:00:00Z");  // IT -> Finance
    s.post("cy@social.example", "thanks @bob@social.example #NLAWWeek", "2026-05-18T11:00:00Z");   // IT -> IT
    s.post("ana@social.example", "h/t @cy@social.example #NLAWWeek", "2026-05-19T11:00:00Z");      // Finance -> IT
    Report r = build_report(s.state, *parse_rfc3339("2026-05-25T10:00:00Z"));
    const ReportConnections& c = r.connections;
    CHECK(c.total == 3);
    REQUIRE(c.days.size() == 7);
    CHECK(c.days[0].connections == 2);
    CHECK(c.days[0].share == doctest::Approx(0.5));
    CHECK(c.days[1].share == doctest::Approx(1.0));
    REQUIRE(c.teams.size() == 2);
    CHECK(c.teams[0].teams_reached == 1);
    CHECK(c.unreached == std::vector<std::string>{"HR"});
    REQUIRE_FALSE(c.bridges.empty());
    CHECK(c.bridges[0].name == "Ana Lima");  // two cross-team connections
    std::string html = report_html(r);
    CHECK(html.find("<h2>Learning connections</h2>") != std::string::npos);
    CHECK(html.find("aria-label=\"Connections between teams\"") != std::string::npos);
    CHECK(html.find("<li>HR</li>") != std::string::npos);
    CHECK(html.find("src=\"http") == std::string::npos);
    std::string csv = report_csv(r);
    CHECK(csv.find("connections,total,3,") != std::string::npos);
    CHECK(csv.find("connection_edge,Bob Stone -> Ana Lima,1,from_team=IT;to_team=Finance;kinds=thanks") != std::string::npos);
    CHECK(csv.find("connections_unreached,HR,0,") != std::string::npos);
    CHECK(csv.find("connections_day,2026-05-18,2,cross_team=1;share=0.500") != std::string::npos);
    // Opted-out people are left out of the named list of bridges.
    s.state.roster.people[0].opt_out = "anonymous";
    Report r2 = build_report(s.state, *parse_rfc3339("2026-05-25T10:00:00Z"));
    for (const auto& b : r2.connections.bridges) CHECK(b.name != "Ana Lima");
}
