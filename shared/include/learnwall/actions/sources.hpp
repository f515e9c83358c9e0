// Organiser actions on where posts come from: the event's sources (add, switch on or off, remove),
// their tokens, and the connection test. One check for each rule, used by the CLI (`source ...`) and
// the admin window's Sources panel alike; each change is one transaction through change_event, so a
// running `ingest` (which follows event.json live) sees it within seconds.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

// What an organiser asks for when adding a source (the CLI's options, the panel's fields).
// The token endpoint a teams source uses when none is given; {tenant} is replaced by the tenant of the
// secrets (LEARNWALL_TEAMS_TENANT / "teams_tenant") when the token is asked for.
inline constexpr const char* kTeamsDefaultTokenUrl = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

struct SourceRequest {
    std::string kind;                 // mastodon, bluesky, x, slack or teams
    std::string base_url;             // "": the network's default (Bluesky, X, Slack, Teams); Mastodon needs its instance
    // As typed, each split by split_source_tags; none: the event's hashtags (slack, teams: none means
    // the whole channel, and tags given only filter its messages).
    std::vector<std::string> tags;
    std::string channel;              // slack, teams: the channel id (required)
    std::string team;                 // teams: the team id (required)
    std::string token_url;            // teams: the token endpoint; "": Microsoft's, for the tenant in the secrets
    std::string id;                   // "": KIND-HOST, numbered when taken
    std::optional<int> poll_seconds;  // 1 to 86400; none: the connector's default
    bool stream = true;
    bool enabled = true;
};

// https://bsky.social for bluesky, https://api.x.com for x, https://slack.com for slack,
// https://graph.microsoft.com/v1.0 for teams, "" for mastodon (an instance must be named).
std::string default_source_base_url(const std::string& kind);

// The address rule for a source's API root. https:// to any host: the organiser names their own
// instance, which may well be on the LAN. Plain http:// only to this machine (a stand-in): "localhost"
// or an address that the fetch policy (learnwall/fetch_policy.hpp, internal_address_kind) calls
// loopback, so 127.0.0.1, any 127.x address and ::1 ("[::1]") are judged the same way as everywhere else.
Status check_source_url(const std::string& base_url);

// Splits typed tags: at commas, and at a space before '#' ("#NLAWWeek #TeachBack", "NLAWWeek,
// TeachBack"). Never at a space inside a word: "x OR y" stays one tag, which the hashtag rule then
// refuses, rather than quietly following #x, #OR and #y.
std::vector<std::string> split_source_tags(std::string_view typed);
// Every typed entry split as above, then checked as one list (learnwall/hashtag.hpp). Returns the tags
// without '#'; an empty result is allowed (add_source then follows the event's hashtags).
Result<std::vector<std::string>> check_source_tags(const std::vector<std::string>& typed);

// The checks of add_source that need no event (network, address, tags, poll interval): the CLI runs
// them first to tell a bad command line (exit 2) from a refused change; add_source runs them again.
Status check_source_request(const SourceRequest& request);

// Adds a source. Under the writers' lock: no tags means the event's hashtags; refuses a taken id and
// a source that already follows the same tags on the same server (case and order of tags ignored).
// Returns the message both the CLI and the window show: "added source ID (KIND, URL, #a, #b)".
Result<std::string> add_source(const DataDir& dir, State& state, const SourceRequest& request, const std::string& by);
// Switches a source on or off: "enabled source ID" / "disabled source ID".
Result<std::string> set_source_enabled(const DataDir& dir, State& state, const std::string& id, bool enabled,
                                       const std::string& by);
// Stops following a source: "removed source ID (its posts stay in the journal)".
Result<std::string> remove_source(const DataDir& dir, State& state, const std::string& id, const std::string& by);

// Stores one secret (x_bearer_token, bluesky_handle, bluesky_app_password, mastodon_token,
// "mastodon_tokens.HOST", slack_token, teams_tenant, teams_client_id or teams_client_secret) in the data directory's secrets.json, mode 0600, keeping the others.
// An empty value removes it. The value never appears in messages.
Status save_secret(const std::string& data_dir, const std::string& key, const std::string& value);

// The connection test: builds the source's connector with the saved secrets and fetches the last 24
// hours once. Blocks on the network (run it on a Worker, never in a frame); gives up when `stop` is
// raised. Tokens never appear in the message.
struct SourceTestResult {
    std::string source_id;
    bool ok = false;
    std::string message;  // "connected: 3 posts in the last 24 hours (1 request)", or why not
};
SourceTestResult test_source_connection(const std::string& data_dir, const SourceConfig& source,
                                        const std::atomic<bool>& stop);

}  // namespace lw
