// [ChallengeDay] Which challenge is today's: chosen by the screen's clock in the event's zone from
// the dated list in wall.json, across daylight-saving changes, and never yesterday's.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

#include "learnwall/publish.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {

Instant cd_at(const char* rfc3339) {
    auto t = parse_rfc3339(rfc3339);
    REQUIRE(t);
    return *t;
}

Challenge cd_challenge(const char* date, const char* title, const char* tag) {
    return Challenge{*parse_date(date), title, "", tag, 20};
}

// A London week whose Tuesday and Wednesday have challenges, as the organisers of issue 11 set it.
Wall london_week() {
    Wall w;
    w.timezone = "Europe/London";
    w.start = *parse_date("2026-05-18");
    w.end = *parse_date("2026-05-24");
    w.challenges = {cd_challenge("2026-05-18", "Share a tip", "tipmonday"), cd_challenge("2026-05-19", "Connect: coffee with someone new", "coffee"),
                    cd_challenge("2026-05-20", "Teach a shortcut", "shortcut"), cd_challenge("2026-05-22", "Read one article", "reading")};
    return w;
}

std::string cd_tag(const std::optional<Challenge>& c) { return c ? c->tag : std::string("(none)"); }

}  // namespace

TEST_CASE("[ChallengeDay] next_local_midnight: the next local day's start, 23 and 25 hours apart across daylight saving") {
    // Europe/London: clocks go forward on 29 March 2026 (01:00 UTC), back on 25 October (01:00 UTC).
    CHECK(format_rfc3339(*next_local_midnight(cd_at("2026-03-28T12:00:00Z"), "Europe/London")) == "2026-03-29T00:00:00Z");
    CHECK(format_rfc3339(*next_local_midnight(cd_at("2026-03-29T00:00:00Z"), "Europe/London")) == "2026-03-29T23:00:00Z");
    CHECK(format_rfc3339(*next_local_midnight(cd_at("2026-10-24T22:59:59Z"), "Europe/London")) == "2026-10-24T23:00:00Z");
    CHECK(format_rfc3339(*next_local_midnight(cd_at("2026-10-24T23:00:00Z"), "Europe/London")) == "2026-10-26T00:00:00Z");
    CHECK(format_rfc3339(*next_local_midnight(cd_at("2026-05-19T21:30:00Z"), "Asia/Kolkata")) == "2026-05-20T18:30:00Z");
    CHECK_FALSE(next_local_midnight(cd_at("2026-05-19T12:00:00Z"), "Mars/Olympus").ok());
}

TEST_CASE("[ChallengeDay] yesterday's challenge shown as today's: a wall published on Tuesday evening shows Wednesday's on Wednesday") {
    Wall w = london_week();
    // Published Tuesday 21:00 BST: the hub's challenge_today is Tuesday's.
    w.challenge_today = w.challenges[1];
    CHECK(cd_tag(challenge_for(w, cd_at("2026-05-19T20:00:00Z"))) == "coffee");
    // Wednesday morning, 08:00 BST, nothing republished: the screen's own clock picks Wednesday's.
    CHECK(cd_tag(challenge_for(w, cd_at("2026-05-20T07:00:00Z"))) == "shortcut");
    // 00:30 BST on Wednesday is still Tuesday 23:30 in UTC: the event's zone decides, not UTC.
    CHECK(cd_tag(challenge_for(w, cd_at("2026-05-19T23:30:00Z"))) == "shortcut");
    CHECK(cd_tag(challenge_for(w, cd_at("2026-05-19T22:59:59Z"))) == "coffee");
    // Thursday has none: no challenge (never Wednesday's), and Friday's is the next one.
    CHECK(cd_tag(challenge_for(w, cd_at("2026-05-21T09:00:00Z"))) == "(none)");
    CHECK(cd_tag(next_challenge_after(w, cd_at("2026-05-21T09:00:00Z"))) == "reading");
    CHECK(cd_tag(next_challenge_after(w, cd_at("2026-05-22T09:00:00Z"))) == "(none)");
}

TEST_CASE("[ChallengeDay] yesterday's challenge shown as today's: an older wall's challenge_today counts only on its own date") {
    Wall w = london_week();
    w.challenges.clear();  // a wall from a hub before the dated list
    w.challenge_today = cd_challenge("2026-05-19", "Connect: coffee with someone new", "coffee");
    CHECK(cd_tag(challenge_for(w, cd_at("2026-05-19T10:00:00Z"))) == "coffee");
    CHECK(cd_tag(challenge_for(w, cd_at("2026-05-20T07:00:00Z"))) == "(none)");
}

TEST_CASE("[ChallengeDay] the day's challenge across a daylight-saving change (London, clocks back on 25 October)") {
    Wall w;
    w.timezone = "Europe/London";
    w.start = *parse_date("2026-10-24");
    w.end = *parse_date("2026-10-26");
    w.challenges = {cd_challenge("2026-10-24", "Saturday", "sat"), cd_challenge("2026-10-25", "Sunday", "sun"),
                    cd_challenge("2026-10-26", "Monday", "mon")};
    CHECK(cd_tag(challenge_for(w, cd_at("2026-10-24T22:59:00Z"))) == "sat");  // 23:59 BST
    CHECK(cd_tag(challenge_for(w, cd_at("2026-10-24T23:00:00Z"))) == "sun");  // 00:00 BST
    CHECK(cd_tag(challenge_for(w, cd_at("2026-10-25T23:59:00Z"))) == "sun");  // 23:59 GMT: a 25-hour Sunday
    CHECK(cd_tag(challenge_for(w, cd_at("2026-10-26T00:00:00Z"))) == "mon");
}

TEST_CASE("[ChallengeDay] a wall published before the event shows day one's challenge on day one") {
    test::ScratchDir scratch("challenge-day-one");
    Event e = test::sample_event();  // 18-24 May 2026, London, a challenge on the 18th
    e.challenges.push_back(cd_challenge("2026-05-20", "Teach a shortcut", "shortcut"));
    auto d = DataDir::create(scratch.path + "/ev", e, "tester");
    REQUIRE_MESSAGE(d.ok(), d.error());
    auto st = d->load();
    REQUIRE(st.ok());
    // Published the week before; read back from wall.json as a kiosk would.
    auto published = publish_wall(*d, *st, cd_at("2026-05-11T16:00:00Z"));
    REQUIRE_MESSAGE(published.ok(), published.error());
    CHECK_FALSE(published->challenge_today);
    std::ifstream f(d->wall_path());
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto w = parse_wall(text, d->wall_path());
    REQUIRE_MESSAGE(w.ok(), w.error());
    CHECK(w->timezone == "Europe/London");
    REQUIRE(w->challenges.size() == 2);
    CHECK(cd_tag(challenge_for(*w, cd_at("2026-05-18T07:30:00Z"))) == "tipmonday");
    CHECK(cd_tag(challenge_for(*w, cd_at("2026-05-20T07:30:00Z"))) == "shortcut");
    CHECK(cd_tag(challenge_for(*w, cd_at("2026-05-19T07:30:00Z"))) == "(none)");
    CHECK(nlohmann::json::parse(text)["challenges"][1]["date"] == "2026-05-20");
}

TEST_CASE("[ChallengeDay] publish --as-of: the rehearsed day's challenge is written as challenge_today") {
    test::ScratchDir scratch("challenge-as-of");
    Event e = test::sample_event();
    e.challenges.push_back(cd_challenge("2026-05-20", "Teach a shortcut", "shortcut"));
    auto d = DataDir::create(scratch.path + "/ev", e, "tester");
    REQUIRE(d.ok());
    auto st = d->load();
    REQUIRE(st.ok());
    auto w = publish_wall(*d, *st, cd_at("2026-05-11T16:00:00Z"), *parse_date("2026-05-20"));
    REQUIRE_MESSAGE(w.ok(), w.error());
    REQUIRE(w->challenge_today);
    CHECK(w->challenge_today->tag == "shortcut");
    CHECK(w->generated_at == cd_at("2026-05-11T16:00:00Z"));  // the rehearsal changes the day's content, not the clock
}
