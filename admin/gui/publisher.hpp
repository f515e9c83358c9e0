// Publishing wall.json off the frame: the window asks, a worker thread with its own copy of the state
// rebuilds and writes wall.json (under the writers' lock, as every publisher does). Requests made
// while one runs are merged into one more run. The destructor finishes a pending request first, so
// a window closed right after a decision still leaves screens up to date.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "learnwall/store.hpp"

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
    void run();

    DataDir dir_;
    std::mutex m_;
    std::condition_variable cv_;
    bool pending_ = false, busy_ = false, stop_ = false;
    std::string error_;
    std::thread worker_;
};

}  // namespace lw::admin
