// [quotes] Quote-posts in each network's documented shape become Post::quote_of_id / quote_of_handle
// (issue 14, docs/connections.md).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "learnwall/connectors/bluesky.hpp"
#include "learnwall/connectors/mastodon.hpp"
#include "learnwall/connectors/x.hpp"

using namespace lw;
using namespace lw::connectors;

namespace {
std::string quote_fixture(const std::string& name) {
    std::ifstream f(std::string(LEARNWALL_CONNECTOR_FIXTURES) + "/" + name, std::ios::binary);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}
const Post* quote_post(const FetchedPage& p, const std::string& native) {
    for (const auto& post : p.posts)
        if (post.native_id == native) return &post;
    return nullptr;
}
}  // namespace

TEST_CASE("[quotes] Mastodon: quote.quoted_status (4.4+), a quote status itself, and a quote we may not see") {
    auto page = parse_mastodon_statuses(quote_fixture("mastodon_quotes.json"), "social.example");
    REQUIRE(page.ok());
    REQUIRE(page->posts.size() == 3);
    const Post* a = quote_post(*page, "social.example/users/bob/statuses/2001");
    REQUIRE(a);
    CHECK(a->quote_of_id == "mastodon:social.example/users/ana/statuses/1001");
    CHECK(a->quote_of_handle == "ana@social.example");
    const Post* b = quote_post(*page, "social.example/users/cy/statuses/2002");
    REQUIRE(b);
    CHECK(b->quote_of_id == "mastodon:other.example/users/dee/statuses/9");
    CHECK(b->quote_of_handle == "dee@other.example");
    const Post* c = quote_post(*page, "social.example/users/cy/statuses/2003");
    REQUIRE(c);
    CHECK(c->quote_of_id.empty());
    CHECK(c->quote_of_handle.empty());
}

TEST_CASE("[quotes] Bluesky: app.bsky.embed.record and recordWithMedia views; a quoted feed is no quote") {
    auto page = parse_bluesky_search(quote_fixture("bluesky_quotes.json"));
    REQUIRE(page.ok());
    REQUIRE(page->posts.size() == 3);
    const Post* a = quote_post(*page, "at://did:plc:bob/app.bsky.feed.post/q1");
    REQUIRE(a);
    CHECK(a->quote_of_id == "bluesky:at://did:plc:ana/app.bsky.feed.post/t1");
    CHECK(a->quote_of_handle == "ana.bsky.social");
    const Post* b = quote_post(*page, "at://did:plc:cy/app.bsky.feed.post/q2");
    REQUIRE(b);
    CHECK(b->quote_of_id == "bluesky:at://did:plc:ana/app.bsky.feed.post/t1");
    CHECK(b->quote_of_handle == "ana.bsky.social");
    const Post* c = quote_post(*page, "at://did:plc:cy/app.bsky.feed.post/q3");
    REQUIRE(c);
    CHECK(c->quote_of_id.empty());
}

TEST_CASE("[quotes] X: referenced_tweets type quoted, with the author from includes when sent") {
    auto page = parse_x_search(quote_fixture("x_quotes.json"));
    REQUIRE(page.ok());
    REQUIRE(page->posts.size() == 2);
    const Post* a = quote_post(*page, "5001");
    REQUIRE(a);
    CHECK(a->quote_of_id == "x:4001");
    CHECK(a->quote_of_handle == "analima");
    CHECK_FALSE(a->is_reply);
    const Post* b = quote_post(*page, "5002");
    REQUIRE(b);
    CHECK(b->quote_of_id == "x:4999");
    CHECK(b->quote_of_handle.empty());
}
