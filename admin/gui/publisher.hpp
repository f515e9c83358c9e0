// Publishing wall.json off the frame: the window asks, an lw::Worker tick with its own copy of the
// state rebuilds and writes wall.json (under the writers' lock, as every publisher does). Requests
// made while one runs are merged into one more run (Worker::wake). Stopping finishes a pending
// request first, so a window closed right after a decision still leaves screens up to date.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "learnwall/store.hpp"
#include "learnwall/worker.hpp"

namespace lw::admin {

class BackgroundPublisher {
public:
    explicit BackgroundPublisher(DataDir dir);
    ~BackgroundPublisher();
    BackgroundPublisher(const BackgroundPublisher&) = delete;
    BackgroundPublisher& operator=(const BackgroundPublisher&) = delete;

    void request();
    // The last failure ("" after a success); cleared when read.
    std::string take_error();
    // Blocks until every request made so far is published (tests, shutdown).
    void wait_idle();

private:
    void publish();

    DataDir dir_;
    std::optional<State> state_;  // the worker's own, caught up incrementally by publish_wall (worker only)
    std::mutex error_mu_;
    std::string error_;  // guarded by error_mu_
    // Last: stopped and joined before the members above go away.
    std::unique_ptr<Worker> worker_;
};

}  // namespace lw::admin
