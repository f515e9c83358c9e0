// [Actions] Issue 12 item 1, the shared rules behind `source ...`, `screens` and the admin window's
// Sources and Screens panels: tag splitting, the address rule, the connection test (run on an
// lw::Worker with its result through an lw::Inbox, as the panel runs it) and the quiet-screen rule.
#include <doctest/doctest.h>

#include <chrono>

#include "learnwall/actions/screens.hpp"
#include "learnwall/actions/sources.hpp"
#include "learnwall/worker.hpp"
#include "test_util.hpp"

using namespace lw;

namespace actions_sources {
DataDir make_dir(const test::ScratchDir& s) {
    auto d = DataDir::create(s.path + "/event", test::sample_event(), "tester");
    REQUIRE(d.ok());
    return *d;
}
}  // namespace actions_sources

TEST_CASE("[Actions] source tags split at commas and before '#', never inside a word") {
    CHECK(split_source_tags("#NLAWWeek #TeachBack") == std::vector<std::string>{"#NLAWWeek", "#TeachBack"});
    CHECK(split_source_tags("NLAWWeek, TeachBack,,") == std::vector<std::string>{"NLAWWeek", "TeachBack"});
    CHECK(split_source_tags("x OR y") == std::vector<std::string>{"x OR y"});
    CHECK(split_source_tags("  ") == std::vector<std::string>{});
    auto checked = check_source_tags({"#NLAWWeek, TeachBack", "#Extra"});
    REQUIRE(checked.ok());
    CHECK(*checked == std::vector<std::string>{"NLAWWeek", "TeachBack", "Extra"});
    auto spaced = check_source_tags({"x OR y"});
    REQUIRE_FALSE(spaced.ok());
    CHECK(spaced.error().find("contains a space") != std::string::npos);
}

TEST_CASE("[Actions] source address rule: https anywhere, plain http only to loopback as the fetch policy judges it") {
    CHECK(check_source_url("https://mastodon.social").ok());
    CHECK(check_source_url("https://10.0.0.5").ok());  // the organiser's own instance on the LAN
    for (const char* local : {"http://127.0.0.1:8080", "http://localhost:9000", "http://[::1]:8080", "http://127.0.0.2"})
        CHECK_MESSAGE(check_source_url(local).ok(), local);
    for (const char* bad : {"http://192.168.1.20", "http://mastodon.social", "ftp://x.example", "mastodon.social", "https://"})
        CHECK_MESSAGE(!check_source_url(bad).ok(), bad);
}

TEST_CASE("[Actions] source changes: add, duplicate, enable/disable, remove, each one audited transaction") {
    test::ScratchDir s("source-actions");
    DataDir dir = actions_sources::make_dir(s);
    State st = *dir.load();
    SourceRequest r;
    r.kind = "mastodon";
    r.base_url = "https://social.example/";
    auto added = add_source(dir, st, r, "sam");
    REQUIRE_MESSAGE(added.ok(), added.error());
    CHECK(added->rfind("added source mastodon-social.example (mastodon, https://social.example, #", 0) == 0);
    REQUIRE(st.event.sources.size() == 1);
    CHECK(st.event.sources[0].tags == st.event.hashtags);  // none typed: the event's
    CHECK(dir.load()->audit.back().summary == *added);      // the journal says what the user was told
    auto again = add_source(dir, st, r, "sam");
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().find("already follows the same tags") != std::string::npos);
    auto off = set_source_enabled(dir, st, "mastodon-social.example", false, "sam");
    REQUIRE(off.ok());
    CHECK(*off == "disabled source mastodon-social.example");
    CHECK_FALSE(dir.load()->event.sources[0].enabled);
    auto unknown = remove_source(dir, st, "nope", "sam");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error() == "no source with id \"nope\" (known: mastodon-social.example)");
    REQUIRE(remove_source(dir, st, "mastodon-social.example", "sam").ok());
    CHECK(dir.load()->event.sources.empty());
}

TEST_CASE("[Actions] the connection test runs on a Worker and reports through an Inbox, without a window") {
    test::ScratchDir s("source-test");
    DataDir dir = actions_sources::make_dir(s);
    SourceConfig refused;  // nothing listens on port 9 of loopback here
    refused.id = "mastodon-127.0.0.1";
    refused.kind = "mastodon";
    refused.base_url = "http://127.0.0.1:9";
    refused.tags = {"NLAWWeek"};
    SourceConfig no_token = refused;
    no_token.id = "x-127.0.0.1";
    no_token.kind = "x";
    Inbox<SourceTestResult> inbox;
    {
        WorkerOptions o;
        o.threads = 2;
        Worker worker(o);
        for (const auto& src : {refused, no_token})
            worker.post([&inbox, &worker, path = dir.path(), src] {
                inbox.push(test_source_connection(path, src, worker.stop_flag()));
            });
        worker.wait_idle();
    }
    auto results = inbox.take();
    REQUIRE(results.size() == 2);
    for (const auto& r : results) {
        CHECK_FALSE(r.ok);
        CHECK_FALSE(r.message.empty());
        CHECK((r.source_id == refused.id || r.source_id == no_token.id));
        if (r.source_id == no_token.id) CHECK_MESSAGE(r.message.find("token") != std::string::npos, r.message);
    }
}

TEST_CASE("[Actions] the quiet screen rule is one rule: silent for more than the limit") {
    const Instant at = now();
    ScreenSeen recent, edge, silent;
    recent.last_seen = at - std::chrono::seconds(30);
    edge.last_seen = at - kScreenQuietAfter;
    silent.last_seen = at - kScreenQuietAfter - std::chrono::seconds(1);
    CHECK_FALSE(screen_is_quiet(recent, at));
    CHECK_FALSE(screen_is_quiet(edge, at));
    CHECK(screen_is_quiet(silent, at));
    CHECK(screen_is_quiet(recent, at, std::chrono::minutes(0)));
    CHECK(count_quiet_screens({recent, edge, silent}, at) == 1);
    CHECK(count_quiet_screens({recent, edge, silent}, at, std::chrono::minutes(60)) == 0);
}
