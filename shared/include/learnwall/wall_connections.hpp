// The "connections" block of wall.json (issue 14): who learned from whom, by team, as screens show it.
// The hub publishes it bounded (docs/state-format.md); the kiosk's connections scene reads it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "learnwall/json_read.hpp"
#include "learnwall/time.hpp"

namespace lw {

struct WallConnectionTeam {
    std::string team;  // "" for people with no team (screens say "No team")
    std::int64_t connections = 0;
    bool operator==(const WallConnectionTeam&) const = default;
};

struct WallConnectionLink {
    std::string from_team, to_team;  // undirected: each pair once
    std::int64_t count = 0;
    bool operator==(const WallConnectionLink&) const = default;
};

struct WallRecentConnection {
    std::string from, to;  // from: who learned; to: who they learned from (names as the board shows them)
    std::string from_team, to_team;
    std::string kind;  // reply | thanks | quote | credit
    Instant at{};
    bool operator==(const WallRecentConnection&) const = default;
};

struct WallConnector {
    std::string name;
    std::string team;
    std::int64_t connections = 0;
    std::int64_t teams_reached = 0;
    bool operator==(const WallConnector&) const = default;
};

struct WallConnections {
    std::int64_t total = 0;
    double cross_team_share = 0;  // 0..1
    std::vector<WallConnectionTeam> teams;      // most connected first
    std::vector<WallConnectionLink> links;      // heaviest first
    std::vector<WallRecentConnection> recent;   // newest first
    std::vector<WallConnector> top_connectors;  // most connections first
    bool operator==(const WallConnections&) const = default;
};

// The bounds screens rely on (a hub that sends more is cut to these on reading, never refused).
inline constexpr std::size_t kWallConnectionTeamsMax = 24;
inline constexpr std::size_t kWallConnectionLinksMax = 120;
inline constexpr std::size_t kWallConnectionRecentMax = 12;
inline constexpr std::size_t kWallConnectorsMax = 5;

nlohmann::json to_json(const WallConnections& c);
WallConnections wall_connections_from_json(const JsonIn& in);

}  // namespace lw
