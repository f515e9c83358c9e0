// [Model] JSON round trips and the refusal of broken files with file, pointer and expectation.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "learnwall/model.hpp"
#include "learnwall/wall.hpp"
#include "test_util.hpp"

using namespace lw;
using nlohmann::json;

TEST_CASE("[Model] Post round trip keeps every field") {
    Post p;
    p.source = "mastodon";
    p.native_id = "mastodon.social/11234";
    p.url = "https://mastodon.social/@ana/11234";
    p.author_handle = "ana@mastodon.social";
    p.author_display_name = "Ana Lima 🌱";
    p.author_avatar_url = "https://example.org/a.png";
    p.text = "Tip: teach back what you learn #NLAWWeek";
    p.image_urls = {"https://example.org/1.png", "https://example.org/2.png"};
    p.hashtags = {"NLAWWeek"};
    p.created_at = *parse_rfc3339("2026-05-18T09:30:00.250Z");
    p.like_count = 3;
    p.repost_count = 1;
    p.reply_count = 2;
    p.is_reply = true;
    p.in_reply_to_id = "mastodon:mastodon.social/1";
    p.in_reply_to_handle = "bob@example.org";
    p.language = "en";
    p.content_warning = "spoilers";
    p.sensitive = true;
    Post q = post_from_json(JsonIn(to_json(p)));
    CHECK(to_json(q) == to_json(p));
    CHECK(q.id() == "mastodon:mastodon.social/11234");
    CHECK(q.created_at == p.created_at);
}

TEST_CASE("[Model] Event round trip and validation") {
    Event e = test::sample_event();
    e.display.playlist = {{"wall", 60}, {"leaderboard", 15}};
    SourceConfig src;
    src.id = "mastodon-1";
    src.kind = "mastodon";
    src.base_url = "https://mastodon.social";
    src.tags = {"NLAWWeek"};
    e.sources = {src};
    json j = to_json(e);
    Event f = event_from_json(JsonIn(j));
    CHECK(to_json(f) == j);
    CHECK(validate_event(e).ok());

    SUBCASE("end before start is refused") {
        e.end = *parse_date("2026-05-01");
        auto st = validate_event(e);
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().find("/event/end") != std::string::npos);
    }
    SUBCASE("challenge outside the event is refused") {
        e.challenges[0].date = *parse_date("2026-06-01");
        CHECK_FALSE(validate_event(e).ok());
    }
    SUBCASE("two challenges on one day are refused") {
        e.challenges.push_back(e.challenges[0]);
        auto st = validate_event(e);
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().find("already has one") != std::string::npos);
    }
}

TEST_CASE("[Model] Roster handles are normalised and names unique") {
    json j = {{"schema_version", 1},
              {"people", {{{"name", "Ana"}, {"team", "Ops"}, {"mastodon", "@Ana@Mastodon.Social"}}}}};
    Roster r = roster_from_json(JsonIn(j));
    REQUIRE(r.people.size() == 1);
    CHECK(r.people[0].mastodon == "ana@mastodon.social");
    CHECK(r.find_by_handle("mastodon", "@ANA@mastodon.social") == &r.people[0]);
    CHECK(r.find_by_handle("x", "ana") == nullptr);
    j["people"].push_back({{"name", "Ana"}});
    CHECK_THROWS_AS(roster_from_json(JsonIn(j)), JsonFieldError);
}

TEST_CASE("[Model] decisions and awards round trip") {
    ModerationDecision d{"x:1", "approve", "sam", *parse_rfc3339("2026-05-18T10:00:00Z"), "on topic"};
    auto d2 = decision_from_json(JsonIn(to_json(d)));
    CHECK(to_json(d2) == to_json(d));
    Award a{"Ana", -5, "duplicate entry", "sam", *parse_rfc3339("2026-05-18T10:00:00Z")};
    CHECK(to_json(award_from_json(JsonIn(to_json(a)))) == to_json(a));
    json bad = to_json(d);
    bad["action"] = "delete-everything";
    CHECK_THROWS_WITH_AS(decision_from_json(JsonIn(bad)), doctest::Contains("/action"), JsonFieldError);
}

namespace {
std::string write_temp(const test::ScratchDir& dir, const std::string& name, const std::string& text) {
    std::string path = dir.path + "/" + name;
    std::ofstream(path) << text;
    return path;
}
}  // namespace

TEST_CASE("[Model] broken event files are refused with file, pointer and expectation") {
    test::ScratchDir dir("broken");
    json good = to_json(test::sample_event());
    struct Case {
        const char* name;
        std::function<std::string()> make;
        const char* pointer;
        const char* expectation;
    };
    auto with = [&](auto mutate) {
        return [=]() {
            json j = good;
            mutate(j);
            return j.dump(2);
        };
    };
    std::vector<Case> cases = {
        {"not json", [] { return std::string("{\"schema_version\": 1,"); }, ":1:", "not valid JSON"},
        {"empty file", [] { return std::string(""); }, ":1:1", "not valid JSON"},
        {"no schema version", with([](json& j) { j.erase("schema_version"); }), "/schema_version", "missing"},
        {"future schema", with([](json& j) { j["schema_version"] = 99; }), "/schema_version", "newer learnwall"},
        {"name wrong type", with([](json& j) { j["event"]["name"] = 42; }), "/event/name", "expected a string, got an integer"},
        {"bad date", with([](json& j) { j["event"]["start"] = "2026-02-30"; }), "/event/start", "YYYY-MM-DD"},
        {"unknown zone", with([](json& j) { j["event"]["timezone"] = "Mars/Olympus"; }), "/event/timezone", "IANA"},
        {"bad hashtag", with([](json& j) { j["event"]["hashtags"][1] = ""; }), "/event/hashtags/1", "non-empty"},
        {"bad mode", with([](json& j) { j["moderation"]["mode"] = "maybe"; }), "/moderation/mode", "\"pre\" or \"post\""},
        {"bad scene", with([](json& j) { j["display"]["playlist"] = json::array({{{"scene", "disco"}, {"seconds", 5}}}); }),
         "/display/playlist/0/scene", "wall, leaderboard"},
        {"challenge title missing", with([](json& j) { j["challenges"][0].erase("title"); }), "/challenges/0/title", "missing"},
        {"quote not object", with([](json& j) { j["quotes"][0] = "hello"; }), "/quotes/0", "expected an object"},
        {"bad source kind", with([](json& j) { j["sources"] = json::array({{{"kind", "myspace"}, {"base_url", "x"}}}); }),
         "/sources/0/kind", "mastodon, bluesky, x, slack or teams"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        std::string path = write_temp(dir, "event.json", c.make());
        auto r = load_event_file(path);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().find(path) != std::string::npos);
        CHECK(r.error().find(c.pointer) != std::string::npos);
        CHECK(r.error().find(c.expectation) != std::string::npos);
    }
    CHECK(load_event_file(dir.path + "/nope.json").error().find("cannot open") != std::string::npos);
    CHECK(load_event_file(write_temp(dir, "ok.json", good.dump())).ok());
}

TEST_CASE("[Model] broken wall.json is refused with the pointer") {
    Wall w;
    w.event_name = "E";
    w.start = *parse_date("2026-05-18");
    w.end = *parse_date("2026-05-24");
    WallPost p;
    p.id = "manual:1";
    p.source = "manual";
    p.author_name = "Ana";
    p.text = "hello";
    w.posts.push_back(p);
    json j = to_json(w);
    auto ok = parse_wall(j.dump(), "wall.json");
    REQUIRE(ok.ok());
    CHECK(ok->posts.at(0).text == "hello");
    j["posts"][0]["created_at"] = "yesterday";
    auto bad = parse_wall(j.dump(), "wall.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().find("wall.json: /posts/0/created_at") != std::string::npos);
}
