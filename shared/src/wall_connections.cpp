// Reading and writing the "connections" block of wall.json (see wall_connections.hpp).
#include "learnwall/wall_connections.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "learnwall/utf8.hpp"

namespace lw {

using nlohmann::json;

json to_json(const WallConnections& c) {
    json teams = json::array(), links = json::array(), recent = json::array(), top = json::array();
    for (const auto& t : c.teams) teams.push_back({{"team", t.team}, {"connections", t.connections}});
    for (const auto& l : c.links) links.push_back({{"from_team", l.from_team}, {"to_team", l.to_team}, {"count", l.count}});
    for (const auto& r : c.recent)
        recent.push_back({{"from", r.from},
                          {"to", r.to},
                          {"from_team", r.from_team},
                          {"to_team", r.to_team},
                          {"kind", r.kind},
                          {"at", format_rfc3339(r.at)}});
    for (const auto& p : c.top_connectors)
        top.push_back({{"name", p.name}, {"team", p.team}, {"connections", p.connections}, {"teams_reached", p.teams_reached}});
    return {{"total", c.total},
            {"cross_team_share", c.cross_team_share},
            {"teams", teams},
            {"links", links},
            {"recent", recent},
            {"top_connectors", top}};
}

WallConnections wall_connections_from_json(const JsonIn& in) {
    in.require_object();
    WallConnections c;
    c.total = in.integer_or("total", 0);
    if (c.total < 0) in.fail("total", "expected 0 or more connections");
    // A share outside 0..1 is a hub bug; a screen clamps it rather than going dark over it.
    c.cross_team_share = std::clamp(in.number_or("cross_team_share", 0.0), 0.0, 1.0);
    auto cut = [](auto& v, std::size_t n) {
        if (v.size() > n) v.resize(n);
    };
    for (const JsonIn& t : in.array("teams"))
        c.teams.push_back({repair_utf8(t.str_or("team", "")), std::max<std::int64_t>(0, t.integer_or("connections", 0))});
    for (const JsonIn& l : in.array("links"))
        c.links.push_back({repair_utf8(l.str_or("from_team", "")), repair_utf8(l.str_or("to_team", "")),
                           std::max<std::int64_t>(0, l.integer_or("count", 0))});
    for (const JsonIn& r : in.array("recent")) {
        WallRecentConnection rc;
        rc.from = repair_utf8(r.str("from"));
        rc.to = repair_utf8(r.str("to"));
        rc.from_team = repair_utf8(r.str_or("from_team", ""));
        rc.to_team = repair_utf8(r.str_or("to_team", ""));
        rc.kind = r.str_or("kind", "");
        rc.at = r.instant("at");
        c.recent.push_back(std::move(rc));
    }
    for (const JsonIn& p : in.array("top_connectors"))
        c.top_connectors.push_back({repair_utf8(p.str("name")), repair_utf8(p.str_or("team", "")),
                                    std::max<std::int64_t>(0, p.integer_or("connections", 0)),
                                    std::max<std::int64_t>(0, p.integer_or("teams_reached", 0))});
    cut(c.teams, kWallConnectionTeamsMax);
    cut(c.links, kWallConnectionLinksMax);
    cut(c.recent, kWallConnectionRecentMax);
    cut(c.top_connectors, kWallConnectorsMax);
    return c;
}

}  // namespace lw
