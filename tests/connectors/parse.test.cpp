// Parsing and normalising each network's real format, on fixtures covering the awkward cases.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "learnwall/connectors/bluesky.hpp"
#include "learnwall/connectors/mastodon.hpp"
#include "learnwall/connectors/ratelimit.hpp"
#include "learnwall/connectors/x.hpp"
#include "learnwall/utf8.hpp"

using namespace lw;
using namespace lw::connectors;

namespace {
std::string fixture(const std::string& name) {
    std::ifstream f(std::string(LEARNWALL_CONNECTOR_FIXTURES) + "/" + name, std::ios::binary);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}
const Post* by_id(const FetchedPage& p, const std::string& native) {
    for (const auto& post : p.posts)
        if (post.native_id == native) return &post;
    return nullptr;
}
}  // namespace

TEST_CASE("[Mastodon] status HTML becomes plain text with paragraphs, breaks, entities and whole links") {
    CHECK(mastodon_html_to_text("<p>one</p><p>two<br />three<br>four</p>") == "one\n\ntwo\nthree\nfour");
    CHECK(mastodon_html_to_text("<p>C &amp; D &lt;b&gt; &quot;x&quot; &#39;y&#39; &#x1F600; &hellip;</p>") ==
          "C & D <b> \"x\" 'y' \xF0\x9F\x98\x80 \xE2\x80\xA6");
    CHECK(mastodon_html_to_text("<p>see <a href=\"https://ex.org/abc/def\"><span class=\"invisible\">https://</span>"
                                "<span class=\"ellipsis\">ex.org/ab</span><span class=\"invisible\">c/def</span></a> now</p>") ==
          "see https://ex.org/abc/def now");
    CHECK(mastodon_html_to_text("<p>a</p><ul><li>x</li><li>y</li></ul>") == "a\n\n\xE2\x80\xA2 x\n\xE2\x80\xA2 y");
    CHECK(mastodon_html_to_text("<p>fish &chips; &unknown; & more</p>") == "fish &chips; &unknown; & more");
    CHECK(mastodon_html_to_text("no tags\n at all") == "no tags at all");
    CHECK(mastodon_html_to_text("<p>cut <a href=") == "cut");
    CHECK(mastodon_html_to_text("") == "");
}

TEST_CASE("[Mastodon] a timeline page normalises every awkward case of the fixture") {
    auto page = parse_mastodon_statuses(fixture("mastodon_tag_timeline.json"), "instance.example");
    REQUIRE(page.ok());
    CHECK(page->problems.empty());
    CHECK(page->items == 4);
    REQUIRE(page->posts.size() == 4);
    CHECK(page->newest_local_id == "112500000000000007");
    CHECK(page->oldest_local_id == "112500000000000002");

    SUBCASE("a boost yields the boosted original, with the remote acct as it is") {
        const Post* p = by_id(*page, "fosstodon.example/users/dave/statuses/99");
        REQUIRE(p);
        CHECK(p->author_handle == "dave@fosstodon.example");
        CHECK(p->author_display_name == "Dave :blobcat:");  // custom emoji shortcodes stay as text
        CHECK(p->like_count == 9);
        CHECK(p->repost_count == 4);
        CHECK(p->url == "https://fosstodon.example/@dave/99");
        CHECK(p->id() == "mastodon:fosstodon.example/users/dave/statuses/99");
    }
    SUBCASE("a local account gets its instance host; an empty display name falls back to the username") {
        const Post* p = by_id(*page, "mastodon.example/users/bob/statuses/112500000000000006");
        REQUIRE(p);
        CHECK(p->author_handle == "bob@mastodon.example");
        CHECK(p->author_display_name == "bob");
        CHECK(p->author_avatar_url == "https://mastodon.example/avatars/bob_static.png");
        CHECK(p->text ==
              "@alice thanks! The answer is C & D, not \"B\" \xE2\x80\x94 see "
              "https://learn.example.org/courses/spreadsheets-for-everyone?module=3 #LearningAtWorkWeek");
        CHECK(p->is_reply);
        CHECK(p->in_reply_to_handle == "alice@mastodon.example");
        CHECK(p->content_warning == "Spoilers for the quiz");
        CHECK(p->sensitive);
        CHECK(p->language.empty());  // null in the JSON
        REQUIRE(p->image_urls.size() == 1);  // the video is not an image
        CHECK(p->image_urls[0] == "https://mastodon.example/media/quiz.png");
        CHECK(format_rfc3339(p->created_at) == "2026-05-19T09:30:00Z");
    }
    SUBCASE("lists, line breaks, emoji in names, images in order without the gifv") {
        const Post* p = by_id(*page, "mastodon.example/users/erin/statuses/112500000000000005");
        REQUIRE(p);
        CHECK(p->text.find("Three things I learned this week:\n\n\xE2\x80\xA2 keyboard shortcuts save hours\n") == 0);
        CHECK(p->text.find("ask <why> five times") != std::string::npos);
        CHECK(p->text.find("Line one\nline two\nline three :partyparrot: #NLAWWeek") != std::string::npos);
        CHECK(p->author_display_name == "Erin O\xE2\x80\x99Neill \xF0\x9F\x8C\xB1");
        CHECK(p->image_urls == std::vector<std::string>{"https://mastodon.example/media/one.jpg", "https://mastodon.example/media/two.jpg"});
        CHECK(p->hashtags == std::vector<std::string>{"NLAWWeek"});
    }
}

TEST_CASE("[Mastodon] a status without its own account host uses the instance's") {
    nlohmann::json s = {{"id", "7"}, {"created_at", "2026-05-18T10:00:00Z"}, {"content", "<p>hi</p>"},
                        {"account", {{"acct", "zed"}, {"username", "zed"}, {"display_name", nullptr}}}};
    Post p = mastodon_status_to_post(s, "social.example");
    CHECK(p.author_handle == "zed@social.example");
    CHECK(p.native_id == "social.example/7");  // no uri: host + id is still unique across instances
    CHECK(p.author_display_name == "zed");
}

TEST_CASE("[Mastodon] a boost and its original in one page give the post once") {
    nlohmann::json orig = {{"id", "5"}, {"uri", "https://a.example/users/x/statuses/5"}, {"created_at", "2026-05-18T10:00:00Z"},
                           {"content", "<p>tip #NLAWWeek</p>"}, {"account", {{"acct", "x"}, {"url", "https://a.example/@x"}}}};
    nlohmann::json boost = {{"id", "9"}, {"uri", "https://a.example/users/y/statuses/9/activity"}, {"created_at", "2026-05-18T11:00:00Z"},
                            {"content", ""}, {"reblog", orig}, {"account", {{"acct", "y"}}}};
    auto page = parse_mastodon_statuses(nlohmann::json::array({boost, orig}).dump(), "a.example");
    REQUIRE(page.ok());
    CHECK(page->posts.size() == 1);
    CHECK(page->posts[0].text == "tip #NLAWWeek");
    // A streaming "delete" names the instance's own id: the original's (5) leads to the post, the
    // boost's own (9) is an unboost and must not.
    const std::string post_id = page->posts[0].id();
    bool five = false, nine = false;
    for (const auto& [local, id] : page->local_ids) {
        five = five || (local == "mastodon-local:a.example/5" && id == post_id);
        nine = nine || local == "mastodon-local:a.example/9";
    }
    CHECK(five);
    CHECK_FALSE(nine);
}

TEST_CASE("[Mastodon] malformed bodies and items are reported with where and why, never a crash") {
    auto not_json = parse_mastodon_statuses("[{\"id\": \"1\", \"content\": \"<p>trunc", "h");
    REQUIRE_FALSE(not_json.ok());
    CHECK(not_json.error().find("not valid JSON") != std::string::npos);
    CHECK(not_json.error().find("byte") != std::string::npos);

    auto error_doc = parse_mastodon_statuses(R"({"error":"This method requires an authenticated user"})", "h");
    REQUIRE_FALSE(error_doc.ok());
    CHECK(error_doc.error().find("requires an authenticated user") != std::string::npos);

    CHECK_FALSE(parse_mastodon_statuses("", "h").ok());

    auto bad_item = parse_mastodon_statuses(
        R"([{"id":"1","created_at":"2026-05-18T10:00:00Z","content":"<p>ok</p>","account":{"acct":"a"}},
            {"id":"2","created_at":"yesterday","content":"x","account":{"acct":"b"}},
            {"id":"3","created_at":"2026-05-18T10:00:00Z","content":"x","account":{"acct":42}}, 17])",
        "h");
    REQUIRE(bad_item.ok());
    CHECK(bad_item->posts.size() == 1);
    REQUIRE(bad_item->problems.size() == 3);
    CHECK(bad_item->problems[0].find("/1/created_at") == 0);
    CHECK(bad_item->problems[1].find("/2/account/acct: expected a string, got an integer") == 0);
    CHECK(bad_item->problems[2].find("/3") == 0);
}

TEST_CASE("[Mastodon] invalid UTF-8 and lone surrogates in a body are repaired, not fatal") {
    std::string body = "[{\"id\":\"1\",\"created_at\":\"2026-05-18T10:00:00Z\",\"content\":\"<p>caf\xE9 \\ud83d ok</p>\","
                       "\"account\":{\"acct\":\"a\",\"display_name\":\"A\xFF\"}}]";
    auto page = parse_mastodon_statuses(body, "h");
    REQUIRE(page.ok());
    REQUIRE(page->posts.size() == 1);
    CHECK(is_valid_utf8(page->posts[0].text));
    CHECK(page->posts[0].text == "caf\xEF\xBF\xBD \xEF\xBF\xBD ok");
    CHECK(page->posts[0].author_display_name == "A\xEF\xBF\xBD");
}

TEST_CASE("[Mastodon] Link headers give next and prev") {
    auto l = parse_link_header("<https://m.example/api/v1/timelines/tag/a?max_id=10>; rel=\"next\", "
                               "<https://m.example/api/v1/timelines/tag/a?min_id=20>; rel=\"prev\"");
    CHECK(l.next == "https://m.example/api/v1/timelines/tag/a?max_id=10");
    CHECK(l.prev == "https://m.example/api/v1/timelines/tag/a?min_id=20");
    CHECK(parse_link_header("").next.empty());
    CHECK(parse_link_header("<u>; rel=\"prev\"").next.empty());
    CHECK(mastodon_id_newer("112500000000000010", "112500000000000009"));
    CHECK(mastodon_id_newer("1000", "999"));
    CHECK_FALSE(mastodon_id_newer("5", "5"));
}

TEST_CASE("[Mastodon] streaming events: split across chunks, heartbeats ignored, deletes named by local id") {
    SseParser sse;
    std::vector<SseEvent> got;
    auto on = [&](const SseEvent& e) { got.push_back(e); };
    sse.feed(":)\n:thump\nevent: upd", on);
    CHECK(got.empty());
    sse.feed("ate\ndata: {\"id\":\"1\",\"created_at\":\"2026-05-18T10:00:00Z\",", on);
    sse.feed("\"content\":\"<p>hi</p>\",\"account\":{\"acct\":\"a\"}}\n\nevent: delete\r\ndata: 123\r\n\r\n:thump\n", on);
    REQUIRE(got.size() == 2);
    CHECK(got[0].event == "update");
    CHECK(got[1].event == "delete");
    FetchedPage page;
    CHECK(apply_mastodon_stream_event(got[0], "m.example", page).ok());
    CHECK(apply_mastodon_stream_event(got[1], "m.example", page).ok());
    REQUIRE(page.posts.size() == 1);
    CHECK(page.posts[0].text == "hi");
    CHECK(page.deleted_ids == std::vector<std::string>{"mastodon-local:m.example/123"});
    CHECK_FALSE(apply_mastodon_stream_event({"update", "{broken"}, "m.example", page).ok());
    CHECK_FALSE(apply_mastodon_stream_event({"delete", "1; rm"}, "m.example", page).ok());
    CHECK(apply_mastodon_stream_event({"notification", "{}"}, "m.example", page).ok());
}

TEST_CASE("[X] recent search: note_tweet, t.co links, entities, retweets, edits, media") {
    auto page = parse_x_search(fixture("x_search_recent.json"));
    REQUIRE(page.ok());
    CHECK(page->problems.empty());
    CHECK(page->newest_local_id == "1792000000000000305");
    CHECK(page->items == 4);
    REQUIRE(page->posts.size() == 3);  // the retweet and its original are one post

    const Post* tip = by_id(*page, "1792000000000000101");
    REQUIRE(tip);
    CHECK(tip->text.find("Tip: teach a colleague one spreadsheet trick & you will never forget it #NLAWWeek\n\nMine:") == 0);
    CHECK(tip->text.find("More: https://wiki.example.org/spreadsheet-tricks #LearningAtWorkWeek") != std::string::npos);
    CHECK(tip->text.find("t.co") == std::string::npos);
    CHECK(tip->hashtags == std::vector<std::string>{"NLAWWeek", "LearningAtWorkWeek"});
    CHECK(tip->author_handle == "priya_learns");
    CHECK(tip->author_display_name == "Priya Shah");
    CHECK(tip->like_count == 42);
    CHECK(tip->repost_count == 5);
    CHECK(tip->url == "https://x.com/priya_learns/status/1792000000000000101");

    const Post* edited = by_id(*page, "1792000000000000201");  // stored under its first id
    REQUIRE(edited);
    CHECK(edited->text ==
          "Edited: my top podcast for learning on the commute is \"Deep Work Weekly\" "
          "https://podcasts.example.com/deep-work-weekly?ep=12 #LearningAtWorkWeek");
    CHECK(edited->image_urls == std::vector<std::string>{"https://pbs.twimg.example/media/podcast.jpg"});
    CHECK(edited->author_display_name == "sam_k");  // empty name
    CHECK(edited->url == "https://x.com/sam_k/status/1792000000000000304");

    const Post* reply = by_id(*page, "1792000000000000250");
    REQUIRE(reply);
    CHECK(reply->text == "@priya_learns Brilliant <3 trying this tomorrow #NLAWWeek");
    CHECK(reply->image_urls.empty());  // a video
    CHECK(reply->is_reply);
    CHECK(reply->in_reply_to_id == "x:1792000000000000101");
    CHECK(reply->in_reply_to_handle == "priya_learns");
}

TEST_CASE("[X] empty results, error documents and broken tweets") {
    auto empty = parse_x_search(R"({"meta":{"result_count":0}})");
    REQUIRE(empty.ok());
    CHECK(empty->posts.empty());
    CHECK(empty->next_cursor.empty());
    auto err = parse_x_search(R"({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})");
    REQUIRE_FALSE(err.ok());
    CHECK(err.error().find("Unauthorized") != std::string::npos);
    auto missing_user = parse_x_search(
        R"({"data":[{"id":"1","text":"hi","author_id":"9","created_at":"2026-05-18T10:00:00.000Z"}],"meta":{"newest_id":"1","result_count":1}})");
    REQUIRE(missing_user.ok());
    CHECK(missing_user->posts.empty());
    REQUIRE(missing_user->problems.size() == 1);
    CHECK(missing_user->problems[0].find("/data/0/author_id") == 0);
    CHECK(x_query_for_tags({"NLAWWeek", "#LearningAtWorkWeek"}) == "(#NLAWWeek OR #LearningAtWorkWeek)");
}

TEST_CASE("[Bluesky] searchPosts: verbatim text, opted-out authors, images, videos, labels, replies") {
    auto page = parse_bluesky_search(fixture("bluesky_search_posts.json"));
    REQUIRE(page.ok());
    CHECK(page->problems.empty());
    CHECK(page->hidden == 1);
    CHECK(page->deleted_ids == std::vector<std::string>{"bluesky:at://did:plc:quietperson000000000000/app.bsky.feed.post/3kq7optout0001"});
    REQUIRE(page->posts.size() == 2);
    CHECK(page->next_cursor == "3");
    CHECK(format_rfc3339(page->newest_indexed_at) == "2026-05-19T12:00:01Z");
    for (const auto& p : page->posts) CHECK(p.author_handle != "quiet.bsky.social");

    const Post* reply = by_id(*page, "at://did:plc:mei000000000000000000000/app.bsky.feed.post/3kq7replyaaa02");
    REQUIRE(reply);
    CHECK(reply->text == "@jo.bsky.social yes! And AT&amp;T's &lt;guide&gt; is literal text here \xF0\x9F\x93\x9A #NLAWWeek");
    CHECK(reply->author_display_name == "mei.example.com");
    CHECK(reply->image_urls.empty());
    CHECK(reply->is_reply);
    CHECK(reply->in_reply_to_id == "bluesky:at://did:plc:jo0000000000000000000000/app.bsky.feed.post/3kq7rootaaa01");
    CHECK(reply->language == "en");
    CHECK(reply->url == "https://bsky.app/profile/mei.example.com/post/3kq7replyaaa02");

    const Post* root = by_id(*page, "at://did:plc:jo0000000000000000000000/app.bsky.feed.post/3kq7rootaaa01");
    REQUIRE(root);
    CHECK(root->image_urls == std::vector<std::string>{"https://cdn.bsky.example/img/feed_fullsize/plain/did:plc:jo/a@jpeg",
                                                       "https://cdn.bsky.example/img/feed_fullsize/plain/did:plc:jo/b@jpeg"});
    CHECK(root->content_warning == "graphic-media");
    CHECK(root->sensitive);
    CHECK(root->hashtags == std::vector<std::string>{"LearningAtWorkWeek", "NLAWWeek", "connect"});
    CHECK(root->like_count == 12);
}

TEST_CASE("[Bluesky] sessions name the PDS; errors never quote tokens") {
    auto s = parse_bluesky_session(R"({"did":"did:plc:a","handle":"a.bsky.social","accessJwt":"AAA","refreshJwt":"RRR",
        "didDoc":{"service":[{"id":"#atproto_pds","type":"AtprotoPersonalDataServer","serviceEndpoint":"https://pds.example"}]}})");
    REQUIRE(s.ok());
    CHECK(s->pds == "https://pds.example");
    CHECK(s->access_jwt == "AAA");
    auto bad = parse_bluesky_session(R"({"accessJwt":"SECRET-TOKEN-VALUE","refreshJwt":17})");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().find("refreshJwt") != std::string::npos);
    CHECK(bad.error().find("SECRET-TOKEN-VALUE") == std::string::npos);
    CHECK_FALSE(parse_bluesky_search(R"({"error":"InvalidRequest"})").ok());
}

TEST_CASE("[rate limits] each network's headers, Retry-After and jittered backoff") {
    auto m = parse_rate_limit("mastodon", {{"x-ratelimit-limit", "300"}, {"x-ratelimit-remaining", "0"},
                                           {"x-ratelimit-reset", "2026-05-18T10:05:00.000Z"}});
    CHECK(m.limit == 300);
    CHECK(m.remaining == 0);
    REQUIRE(m.reset);
    CHECK(format_rfc3339(*m.reset) == "2026-05-18T10:05:00Z");
    auto b = parse_rate_limit("bluesky", {{"ratelimit-limit", "3000"}, {"ratelimit-remaining", "12"}, {"ratelimit-reset", "1779098700"}});
    CHECK(b.remaining == 12);
    REQUIRE(b.reset);
    CHECK(format_rfc3339(*b.reset) == "2026-05-18T10:05:00Z");
    auto x = parse_rate_limit("x", {{"x-rate-limit-remaining", "bogus"}, {"x-rate-limit-reset", "1779098700"}});
    CHECK(x.remaining == -1);
    CHECK(x.reset);
    Instant t0 = *parse_rfc3339("2026-05-18T10:00:00Z");
    CHECK(wait_for_rate_limit(m, t0) == m.reset);
    CHECK_FALSE(wait_for_rate_limit(b, t0));
    CHECK(parse_retry_after({{"retry-after", "7"}}, t0) == t0 + std::chrono::seconds(7));
    CHECK_FALSE(parse_retry_after({{"retry-after", "soon"}}, t0));
    using ms = std::chrono::milliseconds;
    CHECK(backoff_delay(0, 0.5) == ms(0));
    CHECK(backoff_delay(1, 0.0) == ms(1000));
    CHECK(backoff_delay(1, 1.0) == ms(2000));
    CHECK(backoff_delay(3, 1.0) == ms(8000));
    CHECK(backoff_delay(40, 1.0) == std::chrono::minutes(5));
    CHECK(backoff_delay(40, 0.0) == std::chrono::milliseconds(150000));
}

TEST_CASE("[X] a tweet lookup names the deleted and the now private, and nothing else") {
    auto gone = parse_x_lookup_gone(R"({"data":[{"id":"1","text":"still here"}],
        "errors":[{"value":"2","detail":"Could not find tweet with ids: [2].","title":"Not Found Error","resource_type":"tweet",
                   "parameter":"ids","resource_id":"2","type":"https://api.twitter.com/2/problems/resource-not-found"},
                  {"value":"3","title":"Authorization Error","resource_type":"tweet","parameter":"ids","resource_id":"3",
                   "type":"https://api.twitter.com/2/problems/not-authorized-for-resource"},
                  {"value":"4","title":"Service Unavailable","resource_type":"tweet","resource_id":"4",
                   "type":"https://api.twitter.com/2/problems/service-unavailable"},
                  {"value":"u9","title":"Not Found Error","resource_type":"user","resource_id":"9",
                   "type":"https://api.twitter.com/2/problems/resource-not-found"}]})");
    REQUIRE(gone.ok());
    CHECK(*gone == std::vector<std::string>{"x:2", "x:3"});
    auto all_there = parse_x_lookup_gone(R"({"data":[{"id":"1","text":"a"}]})");
    REQUIRE(all_there.ok());
    CHECK(all_there->empty());
    // An error document or a broken body never reads as "everything was deleted".
    CHECK_FALSE(parse_x_lookup_gone(R"({"title":"Unauthorized","status":401,"detail":"Unauthorized"})").ok());
    CHECK_FALSE(parse_x_lookup_gone(R"({"data": [)").ok());
    CHECK_FALSE(parse_x_lookup_gone(R"([])").ok());
}

TEST_CASE("[Bluesky] getPosts: what it leaves out is gone, an author who opted out is gone, a broken body says nothing") {
    const std::string a = "at://did:plc:a/app.bsky.feed.post/1", b = "at://did:plc:b/app.bsky.feed.post/2",
                      c = "at://did:plc:c/app.bsky.feed.post/3";
    auto gone = parse_bluesky_gone(R"({"posts":[
        {"uri":"at://did:plc:a/app.bsky.feed.post/1","author":{"handle":"a.bsky.social","labels":[]}},
        {"uri":"at://did:plc:c/app.bsky.feed.post/3","author":{"handle":"c.bsky.social","labels":[{"val":"!no-unauthenticated"}]}}]})",
                                   {a, b, c});
    REQUIRE(gone.ok());
    CHECK(*gone == std::vector<std::string>{"bluesky:" + c, "bluesky:" + b});
    CHECK_FALSE(parse_bluesky_gone(R"({"error":"InternalServerError"})", {a}).ok());
    CHECK_FALSE(parse_bluesky_gone("<html>502</html>", {a}).ok());
}
