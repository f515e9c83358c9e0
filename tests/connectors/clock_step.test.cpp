// [ingest] Monotonic time (issue 10, item 5): the daemon waits on the steady clock, so a wall clock
// stepped an hour back, then forward, neither freezes its polls nor its following of event.json.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <thread>

#include "learnwall/connectors/ingest.hpp"
#include "standin.hpp"

using namespace lw;
using namespace lw::connectors;

namespace clock_step {

struct XTokenEnv {
    XTokenEnv() { ::setenv("LEARNWALL_X_BEARER_TOKEN", "x-bearer-clock-step", 1); }
    ~XTokenEnv() { ::unsetenv("LEARNWALL_X_BEARER_TOKEN"); }
    XTokenEnv(const XTokenEnv&) = delete;
    XTokenEnv& operator=(const XTokenEnv&) = delete;
};

bool eventually(const std::function<bool()>& done, int tries = 200) {
    for (int i = 0; i < tries && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    return done();
}

Status set_x_enabled(const DataDir& d, bool on) {
    auto state = d.load();
    if (!state) return fail(state.error());
    auto r = d.transact(*state, [&](const State& s) -> Result<DataDir::Change> {
        Event e = s.event;
        e.sources[0].enabled = on;
        JournalEntry j;
        j.kind = JournalEntry::Kind::event_changed;
        j.by = "test";
        j.summary = on ? "enabled x" : "disabled x";
        return DataDir::Change{{j}, e, {}};
    });
    if (!r) return fail(r.error());
    return {};
}

}  // namespace clock_step

TEST_CASE("[ingest] monotonic time: a wall clock stepped an hour back and forward never stops polls or config changes") {
    test::StandIn standin;
    REQUIRE(standin.running());
    clock_step::XTokenEnv env;
    test::ScratchDir dir("ingest-clock-step");
    Event e = test::sample_event();
    auto today = *local_date(now(), e.timezone);
    e.start = Date{std::chrono::sys_days{today} - std::chrono::days{2}};
    e.end = Date{std::chrono::sys_days{today} + std::chrono::days{4}};
    e.challenges.clear();
    e.moderation_mode = ModerationMode::post;
    SourceConfig x;
    x.id = "x-standin";
    x.kind = "x";
    x.base_url = standin.base();
    x.tags = {"NLAWWeek"};
    e.sources.push_back(x);
    auto d = DataDir::create(dir.path, e, "test");
    REQUIRE(d.ok());

    // The daemon's wall clock, stepped by the test; its waits must not care.
    std::atomic<long long> offset_s{0};
    IngestOptions o;
    o.poll_interval = std::chrono::milliseconds(200);
    o.config_check_interval = std::chrono::milliseconds(200);
    o.mirror_media = false;
    o.clock = [&offset_s] { return now() + std::chrono::seconds(offset_s.load()); };
    auto ing = Ingestor::open(dir.path, o);
    REQUIRE(ing.ok());
    auto requests = [&] { return standin.stats()["requests"].value("/2/tweets/search/recent", 0); };
    std::atomic<bool> stop{false};
    std::thread t([&] { (void)(*ing)->run(stop); });

    CHECK(clock_step::eventually([&] { return requests() >= 2; }));

    // One hour back: polling carries on at its interval (0.2 s), not an hour later.
    offset_s = -3600;
    int before = requests();
    CHECK(clock_step::eventually([&] { return requests() >= before + 3; }, 120));
    // The status shows times on the (stepped) wall clock.
    auto status = load_source_status(dir.path);
    REQUIRE(status.ok());
    REQUIRE(status->at("x-standin").next_attempt.has_value());
    CHECK(*status->at("x-standin").next_attempt < now() - std::chrono::minutes(50));

    // Config changes are still followed: X switched off stops, switched on starts again.
    REQUIRE(clock_step::set_x_enabled(*d, false).ok());
    CHECK(clock_step::eventually([&] {
        auto s = load_source_status(dir.path);
        return s.ok() && s->count("x-standin") && s->at("x-standin").mode == "disabled";
    }));
    int off = requests();
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(requests() <= off + 1);  // at most a poll already in flight
    REQUIRE(clock_step::set_x_enabled(*d, true).ok());
    int on = requests();
    CHECK(clock_step::eventually([&] { return requests() >= on + 2; }, 160));

    // One hour forward (two from where it was): no stall, no burst of overdue polls either.
    offset_s = 3600;
    int fwd = requests();
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    int got = requests() - fwd;
    CHECK(got >= 2);
    CHECK(got <= 8);  // 1 s at 0.2 s a poll, with slack for a loaded machine
    stop = true;
    t.join();
}
