// The window's background publisher (see publisher.hpp).
#include "gui/publisher.hpp"

#include <optional>

#include "learnwall/publish.hpp"

namespace lw::admin {

BackgroundPublisher::BackgroundPublisher(DataDir dir) : dir_(std::move(dir)), worker_([this] { run(); }) {}

BackgroundPublisher::~BackgroundPublisher() {
    {
        std::lock_guard<std::mutex> lock(m_);
        stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
}

void BackgroundPublisher::request() {
    {
        std::lock_guard<std::mutex> lock(m_);
        pending_ = true;
    }
    cv_.notify_all();
}

std::string BackgroundPublisher::take_error() {
    std::lock_guard<std::mutex> lock(m_);
    return std::exchange(error_, std::string());
}

void BackgroundPublisher::wait_idle() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return !pending_ && !busy_; });
}

void BackgroundPublisher::run() {
    std::optional<State> state;  // the worker's own, caught up incrementally by publish_wall
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
        cv_.wait(lock, [&] { return pending_ || stop_; });
        if (!pending_) return;  // stopping with nothing left to publish
        pending_ = false;
        busy_ = true;
        lock.unlock();
        std::string error;
        if (!state) {
            auto loaded = dir_.load();
            if (loaded) state = std::move(*loaded);
            else error = loaded.error();
        }
        if (state) {
            auto w = publish_wall(dir_, *state, now());
            if (!w) error = w.error();
        }
        lock.lock();
        busy_ = false;
        error_ = error;
        cv_.notify_all();
    }
}

}  // namespace lw::admin
