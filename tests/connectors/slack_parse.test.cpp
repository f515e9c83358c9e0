// Slack Web API answers to posts, on a fixture built from Slack's documented shapes (history with
// threads, broadcasts, files, reactions, edits, deletions, channel noise) and hostile values.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "learnwall/connectors/slack.hpp"

using namespace lw;
using namespace lw::connectors;

namespace {
std::string slack_fixture_text(const std::string& name) {
    std::ifstream f(std::string(LEARNWALL_CONNECTOR_FIXTURES) + "/" + name, std::ios::binary);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}
const Post* slack_post_by_ts(const FetchedPage& p, const std::string& ts) {
    for (const auto& post : p.posts)
        if (post.native_id == "C0123ABCD/" + ts) return &post;
    return nullptr;
}
bool slack_problem_mentions(const FetchedPage& p, const std::string& needle) {
    for (const auto& pr : p.problems)
        if (pr.find(needle) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("[Slack] conversations.history: messages, threads, files, reactions, edits and deletions become posts") {
    auto page = parse_slack_messages(slack_fixture_text("slack_conversations_history.json"), "C0123ABCD", "GET conversations.history");
    REQUIRE(page.ok());
    CHECK(page->has_more);
    CHECK(page->page.next_cursor == "bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz");
    CHECK(page->page.newest_local_id == "1796600000.000300");

    const Post* tip = slack_post_by_ts(page->page, "1796600000.000300");
    REQUIRE(tip);
    CHECK(tip->source == "slack");
    CHECK(tip->id() == "slack:C0123ABCD/1796600000.000300");
    CHECK(tip->author_handle == "U012AB3CDE");
    // Mentions keep the id until users.info names them; links keep where they go; entities decoded.
    CHECK(tip->text == "Tip: pair on the hard bug first @U061F7AUR #NLAWWeek & read the kata (https://example.org/kata) <3");
    CHECK(tip->hashtags == std::vector<std::string>{"NLAWWeek"});
    CHECK(tip->like_count == 5);  // 3 + 2 reactions: reactions are likes
    CHECK(tip->created_at == Instant{std::chrono::seconds(1796600000)});

    const Post* parent = slack_post_by_ts(page->page, "1796599000.000200");
    REQUIRE(parent);
    CHECK(parent->reply_count == 2);
    CHECK_FALSE(parent->is_reply);
    CHECK(parent->text == "Who has a good #LearningAtWorkWeek podcast? @here");
    CHECK(page->thread_parents == std::vector<std::string>{"1796599000.000200"});

    const Post* broadcast = slack_post_by_ts(page->page, "1796599500.000400");
    REQUIRE(broadcast);
    CHECK(broadcast->is_reply);
    CHECK(broadcast->in_reply_to_id == "slack:C0123ABCD/1796599000.000200");

    // Only the image file, by its private URL (the hub's mirror fetches it with the token).
    const Post* board = slack_post_by_ts(page->page, "1796598000.000100");
    REQUIRE(board);
    CHECK(board->image_urls == std::vector<std::string>{"https://files.slack.com/files-pri/T0001-F1/board.png"});
    CHECK(board->text == "Our whiteboard #learning #NLAWWeek");

    // message_changed: the message as it is now, under its own ts (the normal update path).
    const Post* changed = slack_post_by_ts(page->page, "1796596000.000100");
    REQUIRE(changed);
    CHECK(changed->text == "Corrected tip #NLAWWeek");
    CHECK(slack_post_by_ts(page->page, "1796596800.000900") == nullptr);

    // message_deleted and a tombstone take posts off; joins and bots never become posts.
    CHECK(page->page.deleted_ids == std::vector<std::string>{"slack:C0123ABCD/1796595000.000100", "slack:C0123ABCD/1796594000.000100"});
    CHECK(page->page.hidden == 2);
    CHECK(slack_post_by_ts(page->page, "1796597000.000100") == nullptr);
    CHECK(slack_post_by_ts(page->page, "1796596900.000100") == nullptr);

    // Users to name: authors and mentions, once each.
    CHECK(std::find(page->user_ids.begin(), page->user_ids.end(), "U061F7AUR") != page->user_ids.end());
    CHECK(std::count(page->user_ids.begin(), page->user_ids.end(), "U012AB3CDE") == 1);
}

TEST_CASE("[Slack] hostile values are skipped one message at a time, each named by its JSON pointer") {
    auto page = parse_slack_messages(slack_fixture_text("slack_conversations_history.json"), "C0123ABCD", "GET conversations.history");
    REQUIRE(page.ok());
    CHECK(slack_problem_mentions(page->page, "/messages/9/ts: expected a string, but it is missing"));
    CHECK(slack_problem_mentions(page->page, "/messages/10/ts: expected a Slack timestamp"));
    CHECK(slack_problem_mentions(page->page, "/messages/11/text: expected a string, got an object"));
    CHECK(slack_problem_mentions(page->page, "/messages/12/reactions/count: expected a number, got a string"));
    CHECK(slack_problem_mentions(page->page, "/messages/14/user: expected a user id"));
    CHECK(slack_problem_mentions(page->page, "/messages/15: expected a message object, got a string"));
    // A lone surrogate is repaired, the message kept.
    const Post* repaired = slack_post_by_ts(page->page, "1796591000.000100");
    REQUIRE(repaired);
    CHECK(repaired->text == "broken \xEF\xBF\xBD surrogate #NLAWWeek");
    CHECK(page->page.posts.size() == 6);
}

TEST_CASE("[Slack] ok:false, a missing ok, malformed and empty answers are errors that say what Slack said") {
    auto denied = parse_slack_messages(R"({"ok": false, "error": "missing_scope", "needed": "channels:history", "provided": "users:read"})",
                                       "C1", "GET conversations.history");
    REQUIRE_FALSE(denied.ok());
    CHECK(denied.error() == "GET conversations.history: Slack says \"missing_scope\" (the token lacks the scope channels:history)");
    auto not_found = parse_slack_messages(R"({"ok": false, "error": "channel_not_found"})", "C1", "GET conversations.history");
    REQUIRE_FALSE(not_found.ok());
    CHECK(not_found.error().find("\"channel_not_found\"") != std::string::npos);
    auto no_ok = parse_slack_messages(R"({"messages": []})", "C1", "GET conversations.history");
    REQUIRE_FALSE(no_ok.ok());
    CHECK(no_ok.error().find("\"ok\"") != std::string::npos);
    auto broken = parse_slack_messages(R"({"ok": true, "messages": [)", "C1", "GET conversations.history");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().find("not valid JSON") != std::string::npos);
    CHECK_FALSE(parse_slack_messages("", "C1", "x").ok());
    CHECK_FALSE(parse_slack_messages(R"({"ok": true, "messages": {}})", "C1", "x").ok());
    CHECK_FALSE(parse_slack_messages(R"([1, 2])", "C1", "x").ok());
}

TEST_CASE("[Slack] users.info names authors and mentions; the handle stays the user id") {
    auto u = parse_slack_user(R"({"ok": true, "user": {"id": "U061F7AUR", "name": "bo.chen", "real_name": "Bo Chen",
        "profile": {"display_name": "", "real_name": "Bo Chen", "image_72": "https://avatars.slack-edge.com/72.png",
        "image_192": "https://avatars.slack-edge.com/192.png"}}})");
    REQUIRE(u.ok());
    CHECK(u->handle == "bo.chen");
    CHECK(u->display_name == "Bo Chen");
    CHECK(u->avatar_url == "https://avatars.slack-edge.com/192.png");
    CHECK_FALSE(parse_slack_user(R"({"ok": false, "error": "user_not_found"})").ok());
    CHECK_FALSE(parse_slack_user(R"({"ok": true, "user": {"name": 7}})").ok());

    auto page = parse_slack_messages(slack_fixture_text("slack_conversations_history.json"), "C0123ABCD", "h");
    REQUIRE(page.ok());
    apply_slack_users(page->page, {{"U061F7AUR", *u}});
    const Post* tip = slack_post_by_ts(page->page, "1796600000.000300");
    REQUIRE(tip);
    CHECK(tip->text.find("first @bo.chen #NLAWWeek") != std::string::npos);
    const Post* parent = slack_post_by_ts(page->page, "1796599000.000200");
    REQUIRE(parent);
    CHECK(parent->author_handle == "U061F7AUR");
    CHECK(parent->author_display_name == "Bo Chen");
    CHECK(parent->author_avatar_url == "https://avatars.slack-edge.com/192.png");
    CHECK(tip->author_display_name == "U012AB3CDE");  // not looked up: the id, never empty
}

TEST_CASE("[Slack] timestamps: seconds and microseconds, refused when not a Slack ts") {
    CHECK(parse_slack_ts("1796600000.000300") == Instant{std::chrono::seconds(1796600000)});
    CHECK(parse_slack_ts("1796600000.123456") == Instant{std::chrono::seconds(1796600000) + std::chrono::milliseconds(123)});
    CHECK(parse_slack_ts("1796600000") == Instant{std::chrono::seconds(1796600000)});
    CHECK_FALSE(parse_slack_ts("").has_value());
    CHECK_FALSE(parse_slack_ts("-5.1").has_value());
    CHECK_FALSE(parse_slack_ts("1.2.3").has_value());
    CHECK_FALSE(parse_slack_ts("99999999999999999999").has_value());
    CHECK(slack_ts_from(Instant{std::chrono::seconds(1796600000) + std::chrono::milliseconds(999)}) == "1796600000.000000");
    CHECK(slack_text_to_plain("<!subteam^S1|@learners> and <!channel> <mailto:a@b.org|a@b.org> <https://x.org>") ==
          "@learners and @channel a@b.org (mailto:a@b.org) https://x.org");
    CHECK(slack_text_to_plain("a < b, unclosed <tag") == "a < b, unclosed <tag");
}
