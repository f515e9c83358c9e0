// Microsoft Graph (Teams channel messages) answers to normalised posts (source "teams"), and the
// app-only token by the client-credentials grant. Pure parsers, fixture-tested; the source is
// teams_source.cpp.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/connectors/http.hpp"
#include "learnwall/connectors/page.hpp"
#include "learnwall/model.hpp"
#include "learnwall/result.hpp"
#include "learnwall/secrets.hpp"

namespace lw::connectors {

// What one Graph collection answer (messages, delta, replies) yields.
struct TeamsPage {
    // posts: native_id "CHANNEL/ID" (a reply: "CHANNEL/PARENT/ID"); deleted_ids: messages with
    // deletedDateTime set. next_cursor: @odata.nextLink.
    FetchedPage page;
    std::string delta_link;                  // @odata.deltaLink: the round is complete
    std::vector<std::string> thread_parents;  // ids of top-level messages (their replies are asked apart)
};

// One answer of .../messages, .../messages/delta or .../messages/{id}/replies in `channel`. System
// events and bots' messages are counted in page.hidden; malformed messages named in page.problems.
Result<TeamsPage> parse_teams_messages(std::string_view body, const std::string& channel, std::string_view what);
// One chatMessage (GET .../messages/{id}): the post, or nullopt when it was deleted (deletedDateTime).
Result<std::optional<Post>> parse_teams_message(std::string_view body, const std::string& channel, std::string_view what);

// The HTML of a message body as plain text (paragraphs, line breaks, entities; <at> mentions keep
// the name), and the <img src> URLs in it (hosted contents: fetched by the hub with the token).
std::string teams_html_to_text(std::string_view html);
std::vector<std::string> teams_html_images(std::string_view html);

// The token endpoint's answer: the access token and how long it lives. An error answer
// ({"error", "error_description"}) is an error quoting them (never the secret).
struct TeamsToken {
    std::string access_token;
    std::chrono::seconds expires_in{0};
};
Result<TeamsToken> parse_teams_token(std::string_view body);

// An app-only Graph token for the source's tenant and client, cached (process-wide) until a minute
// before it expires, so the ingest and the media mirror share one. `token_url` may hold "{tenant}".
// The secret goes only into the POST body; errors never contain it.
Result<std::string> teams_access_token(HttpClient& http, const std::string& token_url, const Secrets& secrets,
                                       const std::atomic<bool>* stop = nullptr, bool force_new = false);

}  // namespace lw::connectors
