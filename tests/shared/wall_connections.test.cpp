// [connections view] the wall.json "connections" block as screens read it, and the scene in the playlist:
// in the default rotation once there are connections, skipped while there are none, accepted by the
// playlist checks of the command line, the Display panel and event.json.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "learnwall/actions/screens.hpp"
#include "learnwall/json_read.hpp"
#include "learnwall/playlist.hpp"
#include "learnwall/wall.hpp"
#include "test_util.hpp"

using namespace lw;
using nlohmann::json;

namespace {

std::vector<std::string> conn_scenes(const std::vector<PlaylistSlot>& p) {
    std::vector<std::string> out;
    for (const auto& s : p) out.push_back(s.scene);
    return out;
}

json conn_sample_block() {
    return json::parse(R"({
      "total": 37, "cross_team_share": 0.62,
      "teams": [{"team": "Finance", "connections": 12}, {"team": "", "connections": 3}],
      "links": [{"from_team": "", "to_team": "Finance", "count": 5}],
      "recent": [{"from": "Ana", "to": "Bob", "from_team": "Finance", "to_team": "", "kind": "thanks",
                  "at": "2026-05-18T09:30:00Z"}],
      "top_connectors": [{"name": "Ana", "team": "Finance", "connections": 9, "teams_reached": 4}]})");
}

}  // namespace

TEST_CASE("[connections view] the connections block reads as the contract says and writes back the same") {
    WallConnections c = wall_connections_from_json(JsonIn(conn_sample_block()));
    CHECK(c.total == 37);
    CHECK(c.cross_team_share == doctest::Approx(0.62));
    REQUIRE(c.teams.size() == 2);
    CHECK(c.teams[1].team.empty());  // people with no team: the scene labels them "No team"
    REQUIRE(c.links.size() == 1);
    CHECK(c.links[0].count == 5);
    REQUIRE(c.recent.size() == 1);
    CHECK(c.recent[0].kind == "thanks");
    CHECK(format_rfc3339(c.recent[0].at) == "2026-05-18T09:30:00Z");
    REQUIRE(c.top_connectors.size() == 1);
    CHECK(c.top_connectors[0].teams_reached == 4);
    CHECK(wall_connections_from_json(JsonIn(to_json(c))) == c);
}

TEST_CASE("[connections view] a block over the bounds is cut to them; a bad field is named by its pointer") {
    json big = conn_sample_block();
    for (int i = 0; i < 40; ++i) big["teams"].push_back({{"team", "T" + std::to_string(i)}, {"connections", 1}});
    for (int i = 0; i < 200; ++i) big["links"].push_back({{"from_team", "A"}, {"to_team", "B"}, {"count", 1}});
    for (int i = 0; i < 30; ++i) big["recent"].push_back(big["recent"][0]);
    for (int i = 0; i < 9; ++i) big["top_connectors"].push_back(big["top_connectors"][0]);
    big["cross_team_share"] = 7.5;
    WallConnections c = wall_connections_from_json(JsonIn(big));
    CHECK(c.teams.size() == 24);
    CHECK(c.links.size() == 120);
    CHECK(c.recent.size() == 12);
    CHECK(c.top_connectors.size() == 5);
    CHECK(c.cross_team_share == 1.0);

    json bad = conn_sample_block();
    bad["recent"][0]["at"] = "yesterday";
    try {
        (void)wall_connections_from_json(JsonIn(bad, "/connections"));
        FAIL("a bad time was accepted");
    } catch (const JsonFieldError& e) {
        CHECK(e.pointer == "/connections/recent/0/at");
    }
}

TEST_CASE("[connections view] a wall with connections carries them through parse_wall; without, none") {
    Wall w;
    w.event_name = "Week";
    w.start = *parse_date("2026-05-18");
    w.end = *parse_date("2026-05-22");
    auto without = parse_wall(to_json(w).dump(), "wall.json");
    REQUIRE_MESSAGE(without, without.error());
    CHECK_FALSE(without->connections);
    CHECK_FALSE(wall_has_connections(*without));
    w.connections = wall_connections_from_json(JsonIn(conn_sample_block()));
    auto with = parse_wall(to_json(w).dump(), "wall.json");
    REQUIRE_MESSAGE(with, with.error());
    REQUIRE(with->connections);
    CHECK(*with->connections == *w.connections);
    CHECK(wall_has_connections(*with));
    w.connections->total = 0;
    CHECK_FALSE(wall_has_connections(w));
}

TEST_CASE("[connections view] the connections scene joins the default playlist once there are connections") {
    CHECK(conn_scenes(effective_playlist({}, true)) ==
          std::vector<std::string>{"wall", "leaderboard", "connections", "challenge", "quote"});
    CHECK(effective_playlist({}, true)[2].us == 15'000'000);
    CHECK(conn_scenes(effective_playlist({}, false)) == std::vector<std::string>{"wall", "leaderboard", "challenge", "quote"});
    // An organiser's playlist: the slot plays only while there is something to show.
    std::vector<PlaylistItem> mine{{"connections", 20}, {"wall", 30}};
    CHECK(conn_scenes(effective_playlist(mine, true)) == std::vector<std::string>{"connections", "wall"});
    CHECK(conn_scenes(effective_playlist(mine, false)) == std::vector<std::string>{"wall"});
    // Only the connections scene and none yet: the default rotation without it, never an empty screen.
    CHECK(conn_scenes(effective_playlist({{"connections", 20}}, false)) ==
          std::vector<std::string>{"wall", "leaderboard", "challenge", "quote"});
    CHECK(is_scene_name("connections"));
}

TEST_CASE("[connections view] the playlist checks accept the connections scene") {
    DisplaySettings d;
    d.playlist = {{"wall", 30}, {"connections", 20}};
    CHECK(check_display(d));
    auto parsed = parse_playlist({"wall:30", "connections:20"});
    REQUIRE_MESSAGE(parsed, parsed.error());
    CHECK((*parsed)[1].scene == "connections");
    d.playlist = {{"network", 20}};
    auto refused = check_display(d);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("connections") != std::string::npos);  // the message lists the scene
    // event.json's own parser accepts it too.
    json ev = to_json(test::sample_event());
    ev["display"]["playlist"] = json::array({{{"scene", "connections"}, {"seconds", 20}}});
    CHECK(event_from_json(JsonIn(ev)).display.playlist.at(0).scene == "connections");
}
