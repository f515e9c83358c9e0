// X API v2 recent search: the response (data + includes expansions + meta) to posts.
#pragma once

#include <string_view>
#include <vector>

#include "learnwall/connectors/page.hpp"
#include "learnwall/result.hpp"

namespace lw::connectors {

// One /2/tweets/search/recent response. Text comes from note_tweet when present; media t.co links are
// removed, other t.co links expanded, &amp; &lt; &gt; decoded. A retweet yields the retweeted tweet
// (from includes.tweets). An edited tweet keeps the id of its first version (edit_history_tweet_ids[0]),
// so the edit replaces it. Malformed tweets are skipped and named in `problems`.
// newest_local_id = meta.newest_id, next_cursor = meta.next_token.
Result<FetchedPage> parse_x_search(std::string_view body);

// A /2/tweets?ids= lookup of stored tweets: the Post ids ("x:ID") of those the server says are gone,
// named in "errors" as not found (deleted) or not authorised (made private). A tweet that merely
// fails to appear is not taken as gone: only what the server says. A body that is not a lookup
// response is an error. With `counts`, each tweet's public_metrics (likes, retweets, replies) are
// added under its Post id: that of the first id of its edit history, the newest version winning.
Result<std::vector<std::string>> parse_x_lookup_gone(std::string_view body,
                                                     std::vector<std::pair<std::string, PostCounts>>* counts = nullptr);

// The query for the hashtags: "(#a OR #b)".
std::string x_query_for_tags(const std::vector<std::string>& tags);

}  // namespace lw::connectors
