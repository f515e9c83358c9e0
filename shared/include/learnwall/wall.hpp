// wall.json: the published snapshot screens read. Only what a screen may show is in it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/model.hpp"
#include "learnwall/result.hpp"
#include "learnwall/wall_connections.hpp"

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
    // Who learned from whom this week (issue 14); absent when the hub published none. The kiosk skips
    // the connections scene while it is absent or its total is 0.
    std::optional<WallConnections> connections;
};

// Whether the wall has connections to show (a block with total > 0): the connections scene plays only then.
inline bool wall_has_connections(const Wall& w) { return w.connections && w.connections->total > 0; }

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
