// Inputs the fuzzers (fuzz/, scripts/fuzz) found that once crashed a loader or a parser, kept as
// tests so the fix stays. Each names the finding: target, date, what went wrong.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "learnwall/connectors/bluesky.hpp"
#include "learnwall/connectors/mastodon.hpp"
#include "learnwall/connectors/x.hpp"
#include "learnwall/json_read.hpp"
#include "learnwall/store.hpp"
#include "test_util.hpp"

using namespace lw;
using namespace lw::connectors;

namespace {

// fuzz_x, 2026-12-02, after about 160,000 runs of a 10-minute run: a number beyond a double's range
// ("9999e999...") makes nlohmann throw out_of_range.406 while parsing, which the parsers did not
// catch (they caught parse_error only), so the ingest daemon would have died on such a page.
const std::string kXCrash(
    "{\x0a"
    "  \"dava\": [\x0a"
    "9999e99999999999999999999999999999999999999999\": [\x0a"
    "          {\x0a"
    "          ?\xdf"
    "u\x00"
    "``\x00"
    "\x00"
    "\": 0,\x0a"
    "           : \"priya_learns\",\x0b"
    "  like_count\"id\": \"3001\"\x0a"
    "         \"}\x0a"
    "        ],\x0a"
    "        \"has\xbf"
    "\x7f"
    "kkkkkkkk          {\x0a"
    "  000008f",
    221);

}  // namespace

TEST_CASE("[fuzz] a number too large for a double is refused with a message by every parser, never thrown") {
    CHECK_FALSE(parse_x_search(kXCrash));
    const std::string body = R"({"data": [{"id": "1", "text": "tip", "public_metrics": {"like_count": 1e999}}]})";
    auto x = parse_x_search(body);
    REQUIRE_FALSE(x);
    CHECK(x.error().find("number overflow") != std::string::npos);

    auto m = parse_mastodon_statuses(R"([{"id": "1", "favourites_count": 1e999}])", "social.example");
    REQUIRE_FALSE(m);
    CHECK(m.error().find("number overflow") != std::string::npos);

    auto b = parse_bluesky_search(R"({"posts": [{"likeCount": -1e999}]})");
    REQUIRE_FALSE(b);
    CHECK(b.error().find("number overflow") != std::string::npos);
    CHECK_FALSE(parse_bluesky_session(R"({"accessJwt": 1e400})"));

    auto j = parse_json_text(R"({"schema": 1e999})", "event.json");
    REQUIRE_FALSE(j);
    CHECK(j.error().rfind("event.json: not valid JSON (number overflow parsing '1e999'", 0) == 0);
    CHECK_FALSE(parse_journal_line(R"({"rev": 1e999})", "journal.jsonl:7"));
}

TEST_CASE("[fuzz] a data directory whose event.json holds 1e999 is refused by name, not a crash") {
    test::ScratchDir d("fuzz-overflow");
    {
        auto made = DataDir::create(d.path, test::sample_event(), "test");
        REQUIRE(made);
    }
    std::string path = d.path + "/event.json";
    std::string text;
    {
        std::ifstream in(path);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    text.insert(text.find('{') + 1, "\"x\": 1e999, ");
    std::ofstream(path, std::ios::trunc) << text;
    auto dir = DataDir::open(d.path);
    if (dir) {
        auto st = dir->load();
        REQUIRE_FALSE(st);
        CHECK(st.error().find("event.json") != std::string::npos);
        CHECK(st.error().find("number overflow") != std::string::npos);
    } else {
        CHECK(dir.error().find("event.json") != std::string::npos);
        CHECK(dir.error().find("number overflow") != std::string::npos);
    }
}
