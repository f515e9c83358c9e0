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
    std::optional<Challenge> challenge_today;
    std::vector<Quote> quotes;
    DisplaySettings display;
};

nlohmann::json to_json(const Wall& w);
Wall wall_from_json(const JsonIn& in);
Result<Wall> parse_wall(const std::string& text, const std::string& source_name);

}  // namespace lw
