// Slack Web API: conversations.history / conversations.replies pages and users.info answers to
// normalised posts (source "slack"). Pure functions, fixture-tested; the source is slack_source.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/connectors/page.hpp"
#include "learnwall/result.hpp"
#include "learnwall/time.hpp"

namespace lw::connectors {

// Who a Slack user id is, from users.info (cached by the source for its life).
struct SlackUser {
    std::string handle;        // user.name (the workspace's @name), lower case
    std::string display_name;  // profile.display_name, else profile.real_name, else the handle
    std::string avatar_url;    // profile.image_192 (or _72)
};

// What one conversations.history or conversations.replies answer yields.
struct SlackPage {
    // posts: author_handle is the user id until apply_slack_users names it; native_id "CHANNEL/TS".
    // deleted_ids: message_deleted events and tombstones. next_cursor: response_metadata.next_cursor.
    // newest_local_id: the greatest ts in the answer.
    FetchedPage page;
    std::vector<std::string> thread_parents;  // ts of messages that start a thread with replies
    std::vector<std::string> user_ids;        // authors and mentioned users to look up, once each
    bool has_more = false;
};

// One answer of conversations.history or conversations.replies for `channel`. `what` names the call
// in errors. An `ok: false` answer is an error quoting Slack's error code ("channel_not_found",
// "not_in_channel", "invalid_auth", ...). Bot messages and channel events (joins, topic changes) are
// counted in page.hidden, never posted; a message_changed event yields the message as it is now; a
// message_deleted event or a tombstone yields a deleted id. Malformed messages are skipped and named
// in page.problems with their JSON pointer.
Result<SlackPage> parse_slack_messages(std::string_view body, const std::string& channel, std::string_view what);

// One users.info answer.
Result<SlackUser> parse_slack_user(std::string_view body);

// Fills each post's author (display name, avatar; the handle stays the user id) and turns "@U123" mentions into "@name"
// for the users known; the others keep their id.
void apply_slack_users(FetchedPage& page, const std::map<std::string, SlackUser>& users);

// Slack message text (mrkdwn) to plain text: <@U1> -> @U1, <#C1|general> -> #general,
// <!here> -> @here, <url|label> -> "label (url)", <url> -> url, &amp; &lt; &gt; decoded.
std::string slack_text_to_plain(std::string_view mrkdwn, std::vector<std::string>* mentioned = nullptr);

// A message timestamp ("1700000000.000100", seconds and microseconds) as an instant.
std::optional<Instant> parse_slack_ts(std::string_view ts);
// An instant as the `oldest` parameter (whole seconds, ".000000").
std::string slack_ts_from(Instant t);

}  // namespace lw::connectors
