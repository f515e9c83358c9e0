// One way to do work off the UI thread: a Worker runs jobs (and, optionally, a periodic tick) on its
// own threads; an Inbox carries finished results back to the UI thread, which drains it once a frame.
//
// Why one primitive: the admin and the kiosk had five hand-rolled mutex + condition variable + done
// list classes (thumbnails, kiosk images, wall source, screens watcher, background publisher) and a
// detached thread, each with its own shutdown rules. The rules live here once:
// - the destructor stops and joins; jobs still queued run first when `finish_queue_on_stop` (a
//   publisher must not lose the last request), else they are dropped (an image nobody will draw);
// - a long job polls `stopping()` (or hands `stop_flag()` to an HttpClient) so shutdown never waits
//   on a slow server;
// - a bounded queue drops the oldest job not yet started and tells its owner (`on_drop`), so a burst
//   of requests never grows memory without bound;
// - wake() coalesces: many requests while one tick runs mean exactly one more tick.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <utility>
#include <vector>

namespace lw {

// Results from any thread to the UI thread. take() hands back the oldest first.
template <class T>
class Inbox {
public:
    void push(T value) {
        std::lock_guard<std::mutex> lock(mu_);
        items_.push_back(std::move(value));
    }
    // At most `max` results, oldest first (a frame takes a few so it never stalls on a burst).
    std::vector<T> take(std::size_t max = std::numeric_limits<std::size_t>::max()) {
        std::lock_guard<std::mutex> lock(mu_);
        const std::size_t n = std::min(max, items_.size());
        std::vector<T> out;
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            out.push_back(std::move(items_.front()));
            items_.pop_front();
        }
        return out;
    }
    [[nodiscard]] std::size_t size() const {
        std::lock_guard<std::mutex> lock(mu_);
        return items_.size();
    }
    [[nodiscard]] bool empty() const { return size() == 0; }

private:
    mutable std::mutex mu_;
    std::deque<T> items_;
};

struct WorkerOptions {
    int threads = 1;
    // Jobs waiting beyond this many: the oldest waiting one is dropped (its on_drop runs). 0: no bound.
    std::size_t max_queue = 0;
    // fifo: in the order posted (decisions, journal appends). newest_first: what was asked last runs
    // first (images for what is on screen now).
    enum class Order { fifo, newest_first } order = Order::fifo;
    // > 0: the tick runs this often, besides whenever wake() asks for it.
    std::chrono::milliseconds every{0};
    // 0..1: each wait between periodic ticks is every x (1 +- jitter), drawn afresh, so many screens
    // started together do not poll a hub in step.
    double jitter = 0;
    // On stop: run what is still queued (and a pending wake) before joining; or drop it and raise
    // stop_flag() so a job in flight can give up at once (on_drop is not called for these).
    bool finish_queue_on_stop = true;
};

class Worker {
public:
    using Job = std::function<void()>;

    // `tick` (optional) is the periodic/coalesced job; with threads > 1 it still never runs twice at once.
    // With `every` set, the first tick runs at once. Jobs and the tick must not throw (as on any
    // std::thread, an escaping exception ends the program): they report failures through an Inbox.
    explicit Worker(WorkerOptions opts = {}, Job tick = {});
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Queues a job; false when stopping (the job is not run). `on_drop` runs on the posting thread if
    // this post pushes an older waiting job out of a bounded queue (that job's on_drop, not this one's).
    bool post(Job job, Job on_drop = {});
    // Asks for one tick soon; requests while a tick waits or runs are merged into one more.
    void wake();
    // Drops every job not yet started (their on_drop runs); running ones finish.
    void clear();
    // Blocks until nothing is queued, running or waiting to tick (tests, shutdown of a window).
    void wait_idle();
    // Stops taking jobs, finishes or drops the queue (see options), joins. Idempotent.
    void stop();

    [[nodiscard]] bool stopping() const { return stopping_.load(); }
    // Set from stop(): hand it to a blocking call (an HttpClient abort flag) so it gives up at once.
    [[nodiscard]] const std::atomic<bool>& stop_flag() const { return abort_; }
    [[nodiscard]] bool idle() const;
    [[nodiscard]] std::size_t queued() const;

private:
    struct Entry {
        Job job, on_drop;
    };
    void run();

    WorkerOptions opts_;
    Job tick_;
    mutable std::mutex mu_;
    std::condition_variable cv_, idle_cv_;
    std::deque<Entry> queue_;
    bool wake_ = false, ticking_ = false;
    int busy_ = 0;
    std::atomic<bool> stopping_{false}, abort_{false};
    std::chrono::steady_clock::time_point next_tick_{};
    std::minstd_rand rng_;  // jitter; guarded by mu_
    std::vector<std::thread> threads_;
};

}  // namespace lw
