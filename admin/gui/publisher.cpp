// The window's background publisher (see publisher.hpp).
#include "gui/publisher.hpp"

#include <utility>

#include "learnwall/publish.hpp"

namespace lw::admin {

BackgroundPublisher::BackgroundPublisher(DataDir dir) : dir_(std::move(dir)) {
    WorkerOptions o;
    o.finish_queue_on_stop = true;  // a request made just before the window closes is still published
    worker_ = std::make_unique<Worker>(o, [this] { publish(); });
}

BackgroundPublisher::~BackgroundPublisher() { worker_->stop(); }

void BackgroundPublisher::request() { worker_->wake(); }

std::string BackgroundPublisher::take_error() {
    std::lock_guard<std::mutex> lock(error_mu_);
    return std::exchange(error_, std::string());
}

void BackgroundPublisher::wait_idle() { worker_->wait_idle(); }

void BackgroundPublisher::publish() {
    std::string error;
    if (!state_) {
        auto loaded = dir_.load();
        if (loaded) state_ = std::move(*loaded);
        else error = loaded.error();
    }
    if (state_) {
        auto w = publish_wall(dir_, *state_, now());
        if (!w) error = w.error();
    }
    std::lock_guard<std::mutex> lock(error_mu_);
    error_ = std::move(error);
}

}  // namespace lw::admin
