// Organiser actions on where posts come from: the event's sources and their tokens.
#pragma once

#include <string>

#include "learnwall/store.hpp"

namespace lw {

// Stores one secret (x_bearer_token, bluesky_handle, bluesky_app_password, mastodon_token, or
// "mastodon_tokens.HOST") in the data directory's secrets.json, mode 0600, keeping the others.
// An empty value removes it. The value never appears in messages.
Status save_secret(const std::string& data_dir, const std::string& key, const std::string& value);

}  // namespace lw
