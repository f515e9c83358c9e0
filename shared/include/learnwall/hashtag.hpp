// The one rule for an event hashtag, wherever one enters (init --tag, event.json, challenges'
// tags, sources' tags, the admin window's panels): what the networks accept as a hashtag, so a tag
// is never an operator in a search query (X: "a b" is two terms, "-x" excludes) nor a path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "learnwall/result.hpp"

namespace lw {

// Longest tag accepted, in characters (X and Mastodon allow long ones; a wall cannot show them).
inline constexpr size_t kHashtagMaxChars = 60;

// A hashtag as typed ("#NLAWWeek", " NLAWWeek "): surrounding spaces and one leading '#' are
// removed; what is left must be letters (any script, with their combining marks), digits and '_',
// not digits only, 1 to kHashtagMaxChars characters. Returns the tag without '#', or why not
// (the message quotes the tag with control characters escaped).
Result<std::string> check_hashtag(std::string_view raw);

// A list of tags (an event's, a source's): each checked as above, and no two the same when case is
// ignored (#NLAWWeek and #nlawweek are one tag on every network). `what` starts each message
// ("--tag", "sources/0/tags"). Returns the tags without '#', in order.
Result<std::vector<std::string>> check_hashtags(const std::vector<std::string>& raw, const std::string& what);

}  // namespace lw
