// Organiser actions as plain functions: the CLI and the admin window both call these, and tests
// exercise them without a window. Each runs as one locked transaction; all or nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

struct ManualPost {
    std::string author;  // a name ("Bob Smith") or a handle ("@bob@example.org")
    std::string text;
    std::string source = "manual";
    std::optional<Instant> at;  // default: now
    std::vector<std::string> image_urls;
    std::string display_name;  // with a handle as author: the name shown beside it
};

// Adds a post; returns its id. Text and author are UTF-8-repaired; hashtags come from the text.
Result<std::string> add_manual_post(const DataDir& dir, State& state, const ManualPost& post, const std::string& by);

// Records one decision per post (approve, reject, reset = back to undecided, pin, unpin, feature, unfeature).
// Unknown ids refuse the lot.
Result<size_t> moderate_posts(const DataDir& dir, State& state, const std::vector<std::string>& post_ids,
                              const std::string& action, const std::string& by, const std::string& reason);

// Ids of posts awaiting a decision, newest first.
std::vector<std::string> pending_post_ids(const State& state);

bool is_moderation_action(const std::string& action);

}  // namespace lw
