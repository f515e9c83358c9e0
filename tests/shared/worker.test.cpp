// The Worker/Inbox primitive (learnwall/worker.hpp) that every background job of the admin and the
// kiosk runs on: order, bounds, coalescing and shutdown are what those jobs rely on.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>
#include <string>
#include <thread>

#include "learnwall/worker.hpp"

using namespace std::chrono_literals;

TEST_CASE("worker: fifo jobs run in the order posted and report through the inbox") {
    lw::Inbox<int> inbox;
    lw::Worker w;
    for (int i = 0; i < 100; ++i) CHECK(w.post([&inbox, i] { inbox.push(i); }));
    w.wait_idle();
    auto got = inbox.take(10);
    REQUIRE(got.size() == 10);
    for (int i = 0; i < 10; ++i) CHECK(got[static_cast<std::size_t>(i)] == i);
    auto rest = inbox.take();
    REQUIRE(rest.size() == 90);
    CHECK(rest.front() == 10);
    CHECK(rest.back() == 99);
    CHECK(inbox.empty());
}

TEST_CASE("worker: a bounded newest-first queue runs the latest request first and drops the oldest") {
    std::atomic<bool> release{false};
    lw::Inbox<std::string> ran, dropped;
    lw::WorkerOptions o;
    o.max_queue = 3;
    o.order = lw::WorkerOptions::Order::newest_first;
    lw::Worker w(o);
    // Occupy the only thread so the next posts wait in the queue.
    std::atomic<bool> started{false};
    w.post([&] {
        started = true;
        while (!release) std::this_thread::sleep_for(1ms);
    });
    while (!started) std::this_thread::sleep_for(1ms);
    for (const char* name : {"a", "b", "c", "d", "e"}) {
        std::string n = name;
        w.post([&ran, n] { ran.push(n); }, [&dropped, n] { dropped.push(n); });
    }
    CHECK(w.queued() == 3);
    auto d = dropped.take();
    REQUIRE(d.size() == 2);
    CHECK(d[0] == "a");
    CHECK(d[1] == "b");
    release = true;
    w.wait_idle();
    auto r = ran.take();
    REQUIRE(r.size() == 3);
    CHECK(r[0] == "e");
    CHECK(r[1] == "d");
    CHECK(r[2] == "c");
}

TEST_CASE("worker: wake requests made while a tick runs merge into exactly one more tick") {
    std::atomic<int> ticks{0};
    std::atomic<bool> in_tick{false}, release{false};
    lw::Worker w({}, [&] {
        in_tick = true;
        while (!release) std::this_thread::sleep_for(1ms);
        ++ticks;
    });
    w.wake();
    while (!in_tick) std::this_thread::sleep_for(1ms);
    for (int i = 0; i < 50; ++i) w.wake();
    release = true;
    w.wait_idle();
    CHECK(ticks == 2);
}

TEST_CASE("worker: stop finishes a requested tick and queued jobs when asked to") {
    std::atomic<int> ticks{0}, jobs{0};
    {
        lw::Worker w({}, [&] {
            std::this_thread::sleep_for(20ms);
            ++ticks;
        });
        w.post([&] { ++jobs; });
        w.wake();
    }  // destructor: a publisher closed right after a decision must still publish
    CHECK(ticks == 1);
    CHECK(jobs == 1);
}

TEST_CASE("worker: stop without finishing drops the queue and raises the stop flag for the job in flight") {
    std::atomic<int> ran{0};
    std::atomic<bool> saw_abort{false}, started{false};
    lw::WorkerOptions o;
    o.finish_queue_on_stop = false;
    auto w = std::make_unique<lw::Worker>(o);
    const std::atomic<bool>* flag = &w->stop_flag();
    w->post([&] {
        started = true;
        // A slow download: gives up when the flag rises, never waits the full minute.
        for (int i = 0; i < 60000 && !*flag; ++i) std::this_thread::sleep_for(1ms);
        saw_abort = flag->load();
    });
    for (int i = 0; i < 10; ++i) w->post([&] { ++ran; });
    while (!started) std::this_thread::sleep_for(1ms);
    const auto t0 = std::chrono::steady_clock::now();
    w.reset();
    CHECK(std::chrono::steady_clock::now() - t0 < 5s);
    CHECK(saw_abort);
    CHECK(ran == 0);
}

TEST_CASE("worker: a periodic tick runs at once and then every interval; post after stop is refused") {
    std::atomic<int> ticks{0};
    lw::WorkerOptions o;
    o.every = 20ms;
    lw::Worker w(o, [&] { ++ticks; });
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (ticks < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(2ms);
    CHECK(ticks >= 3);
    w.stop();
    const int after = ticks;
    std::this_thread::sleep_for(60ms);
    CHECK(ticks == after);
    CHECK_FALSE(w.post([] {}));
}

TEST_CASE("worker: several threads run jobs at once but never two ticks at once") {
    std::atomic<int> in_tick{0}, max_in_tick{0}, concurrent{0}, max_concurrent{0};
    lw::WorkerOptions o;
    o.threads = 3;
    lw::Worker w(o, [&] {
        int now = ++in_tick;
        max_in_tick = std::max(max_in_tick.load(), now);
        std::this_thread::sleep_for(5ms);
        --in_tick;
    });
    for (int i = 0; i < 12; ++i) {
        w.post([&] {
            int now = ++concurrent;
            int prev = max_concurrent.load();
            while (now > prev && !max_concurrent.compare_exchange_weak(prev, now)) {}
            std::this_thread::sleep_for(10ms);
            --concurrent;
        });
        w.wake();
    }
    w.wait_idle();
    CHECK(max_in_tick == 1);
    CHECK(max_concurrent >= 2);
}

TEST_CASE("worker: jitter spreads the periodic ticks within every x (1 +- jitter)") {
    // Added for the kiosk's wall source (issue 12): many screens must not poll a hub in step.
    std::vector<std::chrono::steady_clock::time_point> at;
    std::mutex mu;
    lw::WorkerOptions o;
    o.every = 40ms;
    o.jitter = 0.9;  // waits of 4..76 ms
    {
        lw::Worker w(o, [&] {
            std::lock_guard lock(mu);
            at.push_back(std::chrono::steady_clock::now());
        });
        std::this_thread::sleep_for(900ms);
    }
    REQUIRE(at.size() >= 8);
    auto lo = std::chrono::steady_clock::duration::max(), hi = std::chrono::steady_clock::duration::zero();
    for (std::size_t i = 1; i < at.size(); ++i) {
        lo = std::min(lo, at[i] - at[i - 1]);
        hi = std::max(hi, at[i] - at[i - 1]);
    }
    CHECK(lo >= 3ms);              // never sooner than every x (1 - jitter)
    CHECK(hi - lo >= 10ms);        // not one fixed interval (a load spike only widens the spread)
}
