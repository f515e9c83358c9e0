// The Worker of learnwall/worker.hpp.
#include "learnwall/worker.hpp"

#include <algorithm>

namespace lw {

Worker::Worker(WorkerOptions opts, Job tick) : opts_(opts), tick_(std::move(tick)) {
    if (opts_.threads < 1) opts_.threads = 1;
    opts_.jitter = std::clamp(opts_.jitter, 0.0, 1.0);
    rng_.seed(std::random_device{}());
    next_tick_ = std::chrono::steady_clock::now();
    threads_.reserve(static_cast<std::size_t>(opts_.threads));
    for (int i = 0; i < opts_.threads; ++i) threads_.emplace_back([this] { run(); });
}

Worker::~Worker() { stop(); }

bool Worker::post(Job job, Job on_drop) {
    Entry dropped;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) return false;
        queue_.push_back(Entry{std::move(job), std::move(on_drop)});
        if (opts_.max_queue > 0 && queue_.size() > opts_.max_queue) {
            // The front is the oldest waiting job in both orders (jobs are added at the back).
            dropped = std::move(queue_.front());
            queue_.pop_front();
        }
    }
    cv_.notify_one();
    if (dropped.on_drop) dropped.on_drop();
    return true;
}

void Worker::wake() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_ || !tick_) return;
        wake_ = true;
    }
    cv_.notify_all();
}

void Worker::clear() {
    std::deque<Entry> dropped;
    {
        std::lock_guard<std::mutex> lock(mu_);
        dropped.swap(queue_);
    }
    idle_cv_.notify_all();
    for (auto& e : dropped)
        if (e.on_drop) e.on_drop();
}

void Worker::wait_idle() {
    std::unique_lock<std::mutex> lock(mu_);
    idle_cv_.wait(lock, [&] { return queue_.empty() && busy_ == 0 && !wake_; });
}

bool Worker::idle() const {
    std::lock_guard<std::mutex> lock(mu_);
    return queue_.empty() && busy_ == 0 && !wake_;
}

std::size_t Worker::queued() const {
    std::lock_guard<std::mutex> lock(mu_);
    return queue_.size();
}

void Worker::stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
        if (!opts_.finish_queue_on_stop) {
            abort_ = true;
            queue_.clear();
            wake_ = false;
        }
    }
    cv_.notify_all();
    idle_cv_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

void Worker::run() {
    using clock = std::chrono::steady_clock;
    const bool periodic = tick_ && opts_.every.count() > 0;
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
        const bool stopping = stopping_.load();
        // While stopping only a requested tick still runs (a publish asked for before the window
        // closed); periodic ones do not.
        const bool tick_due = tick_ && !ticking_ && (wake_ || (!stopping && periodic && clock::now() >= next_tick_));
        if (tick_due) {
            wake_ = false;
            ticking_ = true;
            ++busy_;
            lock.unlock();
            tick_();
            lock.lock();
            ticking_ = false;
            --busy_;
            if (periodic) {
                auto wait = std::chrono::duration_cast<clock::duration>(opts_.every);
                if (opts_.jitter > 0) {
                    std::uniform_real_distribution<double> spread(1.0 - opts_.jitter, 1.0 + opts_.jitter);
                    wait = std::chrono::duration_cast<clock::duration>(wait * spread(rng_));
                }
                next_tick_ = clock::now() + wait;
            }
            cv_.notify_all();  // another thread may be waiting for the tick to be free
            idle_cv_.notify_all();
            continue;
        }
        if (!queue_.empty()) {
            Entry e;
            if (opts_.order == WorkerOptions::Order::newest_first) {
                e = std::move(queue_.back());
                queue_.pop_back();
            } else {
                e = std::move(queue_.front());
                queue_.pop_front();
            }
            ++busy_;
            lock.unlock();
            e.job();
            e = Entry{};  // release captures off the lock
            lock.lock();
            --busy_;
            idle_cv_.notify_all();
            continue;
        }
        if (stopping) return;
        if (periodic && !ticking_) cv_.wait_until(lock, next_tick_);
        else cv_.wait(lock);
    }
}

}  // namespace lw
