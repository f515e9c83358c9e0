// What one response from a network yields once normalised: posts, deletions, and what was skipped.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "learnwall/model.hpp"

namespace lw::connectors {

struct FetchedPage {
    std::vector<Post> posts;               // normalised; boosts/retweets already replaced by their original, once
    std::vector<std::string> deleted_ids;  // Post::id() values removed upstream
    std::vector<std::string> problems;     // items skipped, each naming where (JSON pointer) and why
    size_t hidden = 0;                     // items dropped on purpose (an author who opted out of public view)
    size_t items = 0;                      // items the network returned (before de-duplication)
    // Paging help: the network-local ids (Mastodon status ids, X tweet ids) at both ends of the page,
    // and the oldest creation time in it (to know when paging back has reached the event's start).
    std::string newest_local_id, oldest_local_id;
    Instant oldest_created_at{};
    std::string next_cursor;     // X next_token, Bluesky cursor: "" when there is no further page
    Instant newest_indexed_at{};  // Bluesky: the newest indexedAt in the page
    // Mastodon: the instance's own status id of each post ("mastodon-local:HOST/ID" -> Post::id()), so a
    // streaming "delete", which names only that id, finds a post from any instance.
    std::vector<std::pair<std::string, std::string>> local_ids;
    // Fresh counts of stored posts (Post::id() -> counts) from a lookup that must not touch their
    // content (an X lookup by an edited tweet's first id shows its first text).
    std::vector<std::pair<std::string, PostCounts>> counts;
};

// Adds one response's page to a poll's page: counts, deletions and problems, and the posts since `since`
// that `wanted` keeps; a post already taken (same native id) is replaced by the later copy. For the chat
// connectors, which gather one poll from several responses (history and threads, messages and replies).
template <class Wanted>
void take_page(FetchedPage& into, FetchedPage& from, Instant since, const Wanted& wanted) {
    into.items += from.items;
    into.hidden += from.hidden;
    for (auto& d : from.deleted_ids) into.deleted_ids.push_back(std::move(d));
    for (auto& pr : from.problems) into.problems.push_back(std::move(pr));
    for (auto& p : from.posts) {
        if (p.created_at < since || !wanted(p)) continue;
        bool seen = false;
        for (auto& q : into.posts)
            if (q.native_id == p.native_id) seen = true, q = p;
        if (!seen) into.posts.push_back(std::move(p));
    }
}

}  // namespace lw::connectors
