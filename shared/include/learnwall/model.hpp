// The domain model: event, posts, challenges, quotes, people, awards and moderation decisions.
// JSON field names for each type live in model.cpp only.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/json_read.hpp"
#include "learnwall/time.hpp"

namespace lw {

inline constexpr int kEventSchemaVersion = 1;
inline constexpr int kJournalSchemaVersion = 1;
inline constexpr int kRosterSchemaVersion = 1;
inline constexpr int kWallSchemaVersion = 1;

enum class Moderation { pending, approved, rejected };
std::string to_string(Moderation m);
std::optional<Moderation> moderation_from_string(std::string_view s);

// How new posts are treated until somebody decides.
enum class ModerationMode {
    pre,   // nothing shows until approved (the default)
    post,  // shows unless rejected
    delay, // shows after ModerationRules::delay_minutes unless somebody rejects it first
};
std::string to_string(ModerationMode m);
std::optional<ModerationMode> moderation_mode_from_string(std::string_view s);

struct Post {
    std::string source;     // "mastodon", "bluesky", "x", "slack", "teams", "manual"
    std::string native_id;  // the network's id, always a string
    std::string url;        // link to the original ("" for manual posts)
    std::string author_handle;
    std::string author_display_name;
    std::string author_avatar_url;
    std::string text;  // plain text, valid UTF-8
    std::vector<std::string> image_urls;
    std::vector<std::string> hashtags;  // without '#', as written
    Instant created_at{};
    std::int64_t like_count = 0;
    std::int64_t repost_count = 0;
    std::int64_t reply_count = 0;
    bool is_reply = false;
    std::string in_reply_to_id;      // post id (source:native_id) when known
    std::string in_reply_to_handle;  // author replied to, when known
    // A quote-post (docs/connections.md): the quoted post's id (source:native_id) and its author's
    // handle, when the network says.
    std::string quote_of_id;
    std::string quote_of_handle;
    // A tip handed in "from" someone (post add --credit NAME): who it is credited to.
    std::string credit;
    std::string language;
    std::string content_warning;
    bool sensitive = false;
    // Set when the post claimed a time too far ahead of the hub's clock: created_at was clamped to
    // when it arrived, and this keeps what the post claimed, for the audit.
    std::optional<Instant> claimed_created_at;

    [[nodiscard]] std::string id() const { return source + ":" + native_id; }
};

// How far ahead of the hub's clock a post may be dated (clock skew between servers) before it is
// clamped to its arrival time: a post "from 2099" must not sort first on the wall for ever.
inline constexpr std::chrono::minutes kFuturePostTolerance{5};
// Clamps created_at to `arrival` when it is more than kFuturePostTolerance ahead of it (keeping the
// claim in claimed_created_at). True when it clamped.
bool clamp_future_post(Post& p, Instant arrival);

// Like, repost and reply counts of a post as the network last reported them. They change all week
// without the post's content changing, and are kept apart from edits (no new review for a like).
struct PostCounts {
    std::int64_t likes = 0, reposts = 0, replies = 0;
    friend bool operator==(const PostCounts&, const PostCounts&) = default;
};
inline PostCounts counts_of(const Post& p) { return {p.like_count, p.repost_count, p.reply_count}; }

struct Challenge {
    Date date{};
    std::string title;
    std::string description;
    std::string tag;  // hashtag (without '#') or keyword that answers it
    std::int64_t bonus = 20;
};

struct Quote {
    std::string text;
    std::string author;
};

struct PlaylistItem {
    std::string scene;  // wall | leaderboard | challenge | quote | connections
    int seconds = 30;
};

struct DisplaySettings {
    std::vector<PlaylistItem> playlist;  // empty: the kiosk's default
    int quote_seconds = 12;
    std::vector<std::string> announcements;
    std::string call_to_action;  // e.g. "Share a tip with #NLAWWeek"
    std::string join_url;        // for the QR code
    bool blank = false;          // the "blank all screens" switch
    int max_posts = 500;         // approved posts published to screens, newest first (docs/screen-time.md)
    int page_seconds = 20;       // each page of posts on the wall at least this long (5 to 600)
};

// A badge, defined as data: who earns it is decided by `kind` and `threshold` (see docs/scoring.md).
struct BadgeRule {
    std::string id;     // stable key, e.g. "first_tip"
    std::string label;  // what screens show, e.g. "First tip"
    std::string kind;   // tips | challenges | streak | teacher | connector
    std::int64_t threshold = 1;  // how many; for "challenges" 0 means every challenge of the event
};
std::vector<BadgeRule> default_badges();
// Phrases that make a following @mention a "thanks" connection, in several languages.
std::vector<std::string> default_connection_markers();

// Scoring rules as data, edited by organisers; every field has a default (docs/scoring.md).
struct ScoringRules {
    std::int64_t post_points = 10;  // an approved post carrying an event hashtag
    std::int64_t tip_bonus = 5;     // the post teaches: it carries a tip marker
    std::vector<std::string> tip_markers{"Tip:", "#tip"};  // case-insensitive; "#x" means the hashtag x
    std::int64_t reply_points = 3;    // replying to a colleague (once per colleague per day)
    std::int64_t replied_points = 2;  // receiving a reply from a colleague (once per colleague per day)
    std::int64_t like_points = 1;
    std::int64_t repost_points = 2;
    std::int64_t engagement_cap = 10;  // most engagement points one post can earn; 0: no cap
    std::int64_t streak_days = 3;      // distinct event days with a counted post
    std::int64_t streak_bonus = 15;    // once, when the streak is reached; 0: off
    std::int64_t daily_cap = 60;       // most automatic points per person per event day; 0: no cap
    std::int64_t min_length = 15;      // characters, not counting hashtags and spacing
    bool anyone_ranks = false;         // false: only roster members rank (everybody while the roster is empty)
    std::string team_score = "total";  // total | average (per roster member, so small teams can win)
    std::vector<std::string> excluded_authors;  // handles or roster names that never score (banned)
    std::vector<BadgeRule> badges = default_badges();
    // Learning connections (docs/connections.md).
    std::vector<std::string> connection_markers = default_connection_markers();  // "thanks @x" and kin
    std::int64_t teaching_points = 5;       // to the person learned from, per counted connection
    std::int64_t cross_team_bonus = 3;      // to the learner, when the two are in different teams
    std::int64_t connection_daily_cap = 5;  // connections one learner credits per local day; 0: no cap
};

// Automatic moderation, applied when a post arrives (docs/admin.md, "Moderation policy").
// Authors are keys "source:handle" (or "manual:Display Name" for posts typed in by organisers).
struct ModerationRules {
    int delay_minutes = 10;                    // delay mode: minutes before an unobjected post shows
    std::vector<std::string> blocked_authors;  // their posts are rejected on arrival
    std::vector<std::string> trusted_authors;  // their posts are approved on arrival
    std::vector<std::string> blocked_words;    // case-insensitive whole words in text, display name or handle
    std::string word_action = "hold";          // hold (wait for a person) | reject
    std::string link_policy = "allow";         // allow | hold | reject: posts with a link in the text
    bool hide_sensitive_media = true;          // images of posts marked sensitive never reach screens
};

struct SourceConfig {
    std::string id;    // unique in the event, e.g. "mastodon-mastodon.social"; cursors and status are kept under it
    std::string kind;  // mastodon | bluesky | x | slack | teams
    std::string base_url;
    // slack, teams: the whole channel is followed and `tags` (may be empty) only filters its messages.
    std::vector<std::string> tags;
    std::string channel;    // slack: the channel id (C...); teams: the channel id (19:...@thread.tacv2)
    std::string team;       // teams: the team (group) id
    std::string token_url;  // teams: the OAuth 2.0 token endpoint (client credentials)
    bool enabled = true;
    int poll_seconds = 0;  // 0: the connector's default
    bool stream = true;    // Mastodon: stream when a token allows it (polling otherwise)
};

struct Event {
    std::string name;
    Date start{};
    Date end{};
    std::string timezone = "Europe/London";
    std::vector<std::string> hashtags;  // without '#'
    std::string theme = "connect";
    ModerationMode moderation_mode = ModerationMode::pre;
    ModerationRules moderation;
    std::vector<Challenge> challenges;
    std::vector<Quote> quotes;
    ScoringRules scoring;
    DisplaySettings display;
    std::vector<SourceConfig> sources;
};

struct Participant {
    std::string name;  // unique in the roster
    std::string team;
    std::string mastodon;  // handles, normalised lower case without a leading '@'
    std::string bluesky;
    std::string x;
    std::string email;
    std::string opt_out{};  // "" | "anonymous" (screens say "a colleague") | "hidden" (never on screens)
    // After the older fields, so brace-initialised rosters keep their meaning.
    std::string slack{};  // Slack member id (U0123ABCD), lower case: what a Slack post's handle is
    std::string teams{};  // Microsoft Entra (Azure AD) user object id, lower case: a Teams post's handle
};

struct Roster {
    std::vector<Participant> people;
    // The participant a social handle belongs to, or null.
    [[nodiscard]] const Participant* find_by_handle(const std::string& source, const std::string& handle) const;
    [[nodiscard]] const Participant* find_by_name(const std::string& name) const;
};

struct ModerationDecision {
    std::string post_id;
    std::string action;  // approve | reject | reset (back to undecided) | pin | unpin | feature | unfeature
    std::string by;
    Instant at{};
    std::string reason;
};

struct Award {
    std::string person;
    std::int64_t points = 0;  // negative for a penalty
    std::string reason;
    std::string by;
    Instant at{};
};

// Normalises a handle for matching: lower case, no leading '@'.
std::string normalise_handle(std::string_view handle);
// Normalises a hashtag: no leading '#'.
std::string normalise_tag(std::string_view tag);

// JSON conversion. from_json throws JsonFieldError with the pointer of the bad field.
nlohmann::json to_json(const Post& p);
Post post_from_json(const JsonIn& in);
nlohmann::json to_json(const Event& e);
Event event_from_json(const JsonIn& in);  // the whole event.json document
nlohmann::json to_json(const Roster& r);
Roster roster_from_json(const JsonIn& in);  // the whole roster.json document
nlohmann::json to_json(const ModerationDecision& d);
ModerationDecision decision_from_json(const JsonIn& in);
nlohmann::json to_json(const Award& a);
Award award_from_json(const JsonIn& in);
nlohmann::json to_json(const Challenge& c);
Challenge challenge_from_json(const JsonIn& in);
nlohmann::json to_json(const Quote& q);
Quote quote_from_json(const JsonIn& in);
nlohmann::json to_json(const ScoringRules& r);
ScoringRules scoring_rules_from_json(const JsonIn& in);  // the event's "scoring" object

// Checks what JSON alone cannot: dates in order, a known time zone, challenges inside the event.
Status validate_event(const Event& e);

// Load boundaries: the message names the file, the JSON pointer and what was expected.
Result<Event> load_event_file(const std::string& path);
Result<Roster> load_roster_file(const std::string& path);
// Every problem of the file, each naming the JSON pointer (validate lists them all); empty when it loads.
std::vector<std::string> event_file_problems(const std::string& path);
std::vector<std::string> roster_file_problems(const std::string& path);

}  // namespace lw
