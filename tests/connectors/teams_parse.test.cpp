// Microsoft Graph channel messages and token answers to posts and tokens, on a fixture built from the
// documented chatMessage shape (HTML bodies, mentions, hosted images, reactions, replies, system
// events, bots, soft deletions) and hostile values.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "learnwall/connectors/teams.hpp"

using namespace lw;
using namespace lw::connectors;

namespace {
std::string teams_fixture_text(const std::string& name) {
    std::ifstream f(std::string(LEARNWALL_CONNECTOR_FIXTURES) + "/" + name, std::ios::binary);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}
const std::string kTeamsFixtureChannel = "19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2";
const Post* teams_post_by(const FetchedPage& p, const std::string& rest) {
    for (const auto& post : p.posts)
        if (post.native_id == kTeamsFixtureChannel + "/" + rest) return &post;
    return nullptr;
}
bool teams_problem_mentions(const FetchedPage& p, const std::string& needle) {
    for (const auto& pr : p.problems)
        if (pr.find(needle) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("[Teams] channel messages: HTML to text, subject, mentions, hosted images, reactions, replies, deletions") {
    auto page = parse_teams_messages(teams_fixture_text("teams_channel_messages.json"), kTeamsFixtureChannel, "GET delta");
    REQUIRE_MESSAGE(page.ok(), page.error());
    CHECK(page->page.next_cursor.find("$skiptoken=") != std::string::npos);
    CHECK(page->delta_link.empty());
    const Post* tip = teams_post_by(page->page, "1616989510408");
    REQUIRE(tip);
    CHECK(tip->source == "teams");
    CHECK(tip->text == "Tip of the day\nAsk Megan Bowen about \"teach-back\" & try it #NLAWWeek");
    CHECK(tip->hashtags == std::vector<std::string>{"NLAWWeek"});
    CHECK(tip->author_handle == "8ea0e38b-efb3-4757-924a-5f94061cf8c2");
    CHECK(tip->author_display_name == "Robin Kline");
    CHECK(tip->like_count == 2);
    REQUIRE(tip->image_urls.size() == 1);
    CHECK(tip->image_urls[0].find("/hostedContents/aWQ9MA/$value") != std::string::npos);
    CHECK(tip->url.rfind("https://teams.microsoft.com/l/message/", 0) == 0);
    CHECK(page->thread_parents == std::vector<std::string>{"1616989510408"});
    const Post* reply = teams_post_by(page->page, "1616989510408/1616990000000");
    REQUIRE(reply);
    CHECK(reply->is_reply);
    CHECK(reply->in_reply_to_id == "teams:" + kTeamsFixtureChannel + "/1616989510408");
    CHECK(reply->text == "Thanks, doing it now");
    CHECK(page->page.hidden == 2);  // a system event and a bot
    CHECK(page->page.deleted_ids == std::vector<std::string>{"teams:" + kTeamsFixtureChannel + "/1616990300000"});
}

TEST_CASE("[Teams] hostile values are skipped one message at a time, each named by its JSON pointer") {
    auto page = parse_teams_messages(teams_fixture_text("teams_channel_messages.json"), kTeamsFixtureChannel, "GET delta");
    REQUIRE(page.ok());
    CHECK(teams_problem_mentions(page->page, "/value/5/createdDateTime: expected an RFC 3339 time"));
    CHECK(teams_problem_mentions(page->page, "/value/6/body/contentType: expected html or text"));
    CHECK(teams_problem_mentions(page->page, "/value/7/id: expected a message id"));
    CHECK(teams_problem_mentions(page->page, "/value/8/from/user: expected the author"));
    CHECK(teams_problem_mentions(page->page, "/value/9: expected a chatMessage object"));
    CHECK(page->page.posts.size() == 2);
}

TEST_CASE("[Teams] Graph errors, one message looked up, and token answers") {
    auto denied = parse_teams_messages(R"({"error": {"code": "Forbidden", "message": "Missing role permissions on the request."}})", "c", "GET delta");
    REQUIRE_FALSE(denied.ok());
    CHECK(denied.error() == "GET delta: Graph says \"Forbidden\": Missing role permissions on the request.");
    CHECK_FALSE(parse_teams_messages(R"({"value": {}})", "c", "x").ok());
    CHECK_FALSE(parse_teams_messages("{", "c", "x").ok());
    auto gone = parse_teams_message(R"({"id": "1", "deletedDateTime": "2026-12-06T11:00:00Z", "body": {"content": ""}})", "c", "GET message");
    REQUIRE(gone.ok());
    CHECK_FALSE(gone->has_value());

    auto tok = parse_teams_token(R"({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": "eyJ0eXAi"})");
    REQUIRE(tok.ok());
    CHECK(tok->access_token == "eyJ0eXAi");
    CHECK(tok->expires_in == std::chrono::seconds(3599));
    auto refused = parse_teams_token(R"({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error() == "Teams token: the identity platform says \"invalid_client\": AADSTS7000215: Invalid client secret provided.");
    // A broken answer is never quoted: it might hold the token.
    auto broken = parse_teams_token(R"({"access_token": "eyJ-SECRET-half)");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().find("SECRET") == std::string::npos);
    CHECK_FALSE(parse_teams_token(R"({"token_type": "mac", "access_token": "x"})").ok());
}
