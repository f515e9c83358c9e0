// Tokens and app passwords for the connectors: from secrets.json in the data directory (mode 0600)
// or environment variables. They never go into event.json, wall.json, the journal, logs or messages.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/result.hpp"

namespace lw {

struct Secrets {
    std::string x_bearer_token;        // LEARNWALL_X_BEARER_TOKEN, "x_bearer_token"
    std::string bluesky_handle;        // LEARNWALL_BLUESKY_HANDLE, "bluesky_handle"
    std::string bluesky_app_password;  // LEARNWALL_BLUESKY_APP_PASSWORD, "bluesky_app_password"
    std::string mastodon_token;        // LEARNWALL_MASTODON_TOKEN, "mastodon_token": any instance
    std::map<std::string, std::string> mastodon_tokens;  // "mastodon_tokens": {"host": token}, per instance
    std::string slack_token;           // LEARNWALL_SLACK_TOKEN, "slack_token": a bot token (xoxb-...)
    // Microsoft Teams (Graph, app-only): the client-credentials grant's three values.
    std::string teams_tenant;          // LEARNWALL_TEAMS_TENANT, "teams_tenant"
    std::string teams_client_id;       // LEARNWALL_TEAMS_CLIENT_ID, "teams_client_id"
    std::string teams_client_secret;   // LEARNWALL_TEAMS_CLIENT_SECRET, "teams_client_secret"

    // The token for one Mastodon instance (by host), else the general one, else "".
    [[nodiscard]] std::string mastodon_token_for(const std::string& host) const;
    // Replaces every secret value found in `text` with "[secret]" (defence in depth for messages).
    [[nodiscard]] std::string redact(std::string_view text) const;
    [[nodiscard]] std::vector<std::string> values() const;
};

// Path of the secrets file in a data directory.
std::string secrets_path(const std::string& data_dir);

// Reads secrets.json when present (refused with a clear error when group or world can read it, or
// when it is not valid), then lets non-empty environment variables override single values.
Result<Secrets> load_secrets(const std::string& data_dir);

}  // namespace lw
