// wall.json: the published snapshot screens read. Only what a screen may show is in it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/model.hpp"
#include "learnwall/result.hpp"

namespace lw {

struct WallPost {
    std::string id;
    std::string source;
    std::string author_name;  // display name (or "a colleague" for people who opted out)
    std::string author_handle;
    std::string author_avatar_url;
    std::string team;
    std::string text;
    std::vector<std::string> image_urls;
    std::vector<std::string> hashtags;
    Instant created_at{};
    std::int64_t like_count = 0, repost_count = 0, reply_count = 0;
    bool pinned = false, featured = false;
    std::string url;
};

struct WallLeader {
    int rank = 0;
    std::string name;
    std::string team;
    std::int64_t points = 0;
    std::vector<std::string> badges;
    int movement = 0;  // places gained since the previous publication (+ up, - down)
    bool is_new = false;
};

struct WallTeam {
    int rank = 0;
    std::string team;
    std::int64_t points = 0;
    int members = 0;
    int movement = 0;
};

// The "connections" block (issue 14; contract in docs/state-format.md): who learned from whom, by
// team, for the kiosk's connections scene. Bounded by the kWallConnection* limits.
inline constexpr size_t kWallConnectionTeams = 24, kWallConnectionLinks = 120, kWallConnectionRecent = 12,
                        kWallTopConnectors = 5;
struct WallConnectionTeam {
    std::string team;  // "" for people with no team (the scene says "No team")
    int connections = 0;
    bool operator==(const WallConnectionTeam&) const = default;
};
struct WallConnectionLink {
    std::string from_team, to_team;  // undirected: from_team < to_team by bytes, each pair once
    int count = 0;
    bool operator==(const WallConnectionLink&) const = default;
};
struct WallConnectionRecent {
    std::string from, to, from_team, to_team;  // names as the board shows them
    std::string kind;                          // reply | thanks | quote | credit
    Instant at{};
    bool operator==(const WallConnectionRecent&) const = default;
};
struct WallConnector {
    std::string name, team;
    int connections = 0;    // as learner or as the person learned from
    int teams_reached = 0;  // other teams among the people they connected with
    bool operator==(const WallConnector&) const = default;
};
struct WallConnections {
    int total = 0;
    double cross_team_share = 0;
    std::vector<WallConnectionTeam> teams;       // most connected first
    std::vector<WallConnectionLink> links;       // heaviest first
    std::vector<WallConnectionRecent> recent;    // newest first
    std::vector<WallConnector> top_connectors;   // most connections first
    bool operator==(const WallConnections&) const = default;
};

struct Wall {
    std::uint64_t revision = 0;
    Instant generated_at{};
    std::string event_name;
    std::vector<std::string> hashtags;
    std::string theme;
    std::string timezone;
    Date start{}, end{};
    std::vector<WallPost> posts;  // newest first; pinned ones flagged
    std::vector<WallLeader> leaderboard;
    std::vector<WallTeam> teams;
    // Every challenge of the event with its local date: a screen picks today's by its own clock in
    // `timezone` (challenge_for), so a wall published yesterday or last week is never a day behind.
    std::vector<Challenge> challenges;
    // The challenge of the day the hub published on (or rehearsed with publish --as-of), kept for
    // kiosks from before `challenges`; a screen trusts it only when its date is today.
    std::optional<Challenge> challenge_today;
    std::vector<Quote> quotes;
    DisplaySettings display;
    // The share-a-tip page's join code (docs/tips.md), shown beside the "Join in" QR; "" while tips
    // are not open.
    std::string join_code;
    std::optional<WallConnections> connections;  // absent when there are none: the scene is skipped
};

// The challenge set for local day `day`, if any (challenges are at most one a day).
std::optional<Challenge> challenge_on(const std::vector<Challenge>& challenges, Date day);
// Today's challenge on a screen whose clock reads `now`: the local day in the wall's zone picks from
// `challenges`; a wall without that list (an older hub) offers `challenge_today`, used only when its
// date is today. Never yesterday's challenge, whose bonus no longer pays.
std::optional<Challenge> challenge_for(const Wall& w, Instant now);
// The next challenge after the local day of `now` (a day without one says what comes next).
std::optional<Challenge> next_challenge_after(const Wall& w, Instant now);

nlohmann::json to_json(const Wall& w);
Wall wall_from_json(const JsonIn& in);
Result<Wall> parse_wall(const std::string& text, const std::string& source_name);

}  // namespace lw
