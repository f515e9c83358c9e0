// Bluesky (AT Protocol): createSession/refreshSession and app.bsky.feed.searchPosts responses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "learnwall/connectors/page.hpp"
#include "learnwall/result.hpp"

namespace lw::connectors {

struct BlueskySession {
    std::string did, handle;
    std::string access_jwt, refresh_jwt;
    std::string pds;  // from the DID document's #atproto_pds service ("" when the session has none)
};

// A createSession or refreshSession response. Errors never quote the tokens.
Result<BlueskySession> parse_bluesky_session(std::string_view body);

// A searchPosts response: record text verbatim (never HTML-decoded), images from the embed view
// (images or recordWithMedia; videos are not images), reply flag from record.reply, labels as content
// warnings. Posts whose author carries the "!no-unauthenticated" label are not returned: they are
// counted in `hidden` and listed in `deleted_ids`, so one already stored is taken off the wall.
// next_cursor = cursor; newest_indexed_at = the newest indexedAt.
Result<FetchedPage> parse_bluesky_search(std::string_view body);

// An app.bsky.feed.getPosts response for `asked` (AT URIs of stored posts): the Post ids
// ("bluesky:URI") of those it no longer returns (deleted, or hidden from us) and of those whose
// author now carries "!no-unauthenticated". A body that is not {"posts": [...]} is an error, so a
// broken response never takes posts off the wall. With `counts`, the like, repost and reply counts
// of each post still there are added to it (Post id -> counts).
Result<std::vector<std::string>> parse_bluesky_gone(std::string_view body, const std::vector<std::string>& asked,
                                                    std::vector<std::pair<std::string, PostCounts>>* counts = nullptr);

// "at://did:plc:x/app.bsky.feed.post/3kq" -> "https://bsky.app/profile/HANDLE/post/3kq"
std::string bluesky_web_url(std::string_view at_uri, std::string_view handle);

}  // namespace lw::connectors
