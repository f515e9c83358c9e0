// Where the kiosk's wall.json comes from: a local file (polled by its stamp, which also notices a
// rename into place) or an http(s) URL (conditional GET with ETag / Last-Modified). All fetching and
// parsing happens on the periodic tick of an lw::Worker; the render thread only picks up finished
// results. stop() raises the worker's stop flag, which ends a request in flight at once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "learnwall/url.hpp"
#include "learnwall/wall.hpp"
#include "learnwall/worker.hpp"

namespace lw::connectors {
class HttpClient;
}

namespace lw::kiosk {

class ShownReporter;

// What the render thread needs to know after each attempt.
struct SourceState {
    std::shared_ptr<const Wall> wall;  // the last good wall (kept when the source fails)
    bool ok = false;                   // the latest attempt gave a good wall (or "not modified")
    std::string error;                 // why the latest attempt failed ("" when ok)
    std::uint64_t loads = 0;           // good walls loaded so far
    std::uint64_t attempts = 0;
    std::chrono::steady_clock::time_point last_ok{};    // when the source last answered well
    std::chrono::steady_clock::time_point failing_since{};  // first failure of the current streak
    bool from_cache = false;           // wall came from the on-disk cache, not the source
    std::uint64_t generation = 0;      // bumps whenever anything above changes
};

struct SourceOptions {
    std::chrono::milliseconds file_poll{250};
    std::chrono::milliseconds url_poll{500};
    std::chrono::seconds url_timeout{10};
    std::size_t max_bytes = 32u << 20;  // a wall.json beyond this is refused, not read
    std::string cache_path;             // "" = no on-disk copy of the last good wall
    std::string screen_id;              // sent as X-Learnwall-Screen on every poll (the hub's log shows who polled)
    double poll_jitter = 0.2;           // each URL poll waits url_poll x (1 +- jitter): screens do not poll in step
    // Proof of display (docs/proof-of-display.md): its headers ride on every URL poll; null = none.
    std::shared_ptr<ShownReporter> shown;
};

class WallSource {
public:
    WallSource(std::string source, SourceOptions opts);
    ~WallSource();
    WallSource(const WallSource&) = delete;
    WallSource& operator=(const WallSource&) = delete;

    // Loads once on the calling thread (for --screenshot, where there is no render loop to keep fluid).
    void load_now();
    void start();  // polls on a worker from now on (again after a stop())
    void stop();   // returns promptly, even while a request hangs

    // A copy of the state when its generation differs from `seen`; cheap and non-blocking.
    std::optional<SourceState> poll(std::uint64_t seen) const;
    SourceState state() const;
    [[nodiscard]] const std::string& source() const { return source_; }

private:
    void attempt();
    void load_cache();
    void publish_ok(std::shared_ptr<const Wall> w, const std::string& raw);
    void publish_unchanged();
    void publish_error(const std::string& why);

    std::string source_;
    SourceOptions opts_;
    bool url_ = false;
    // file polling
    bool have_stamp_ = false;
    unsigned long long stamp_inode_ = 0, stamp_size_ = 0, stamp_mtime_ = 0;
    bool stamp_exists_ = false;
    // http conditional GET
    std::string etag_, last_modified_;
    bool have_body_hash_ = false;
    std::size_t body_hash_ = 0;

    mutable std::mutex mu_;  // guards state_ (read by the render thread)
    SourceState state_;
    std::atomic<bool> abort_{false};  // raised by stop() before the worker is joined: a request in flight gives up
    std::shared_ptr<connectors::HttpClient> http_;  // made on the constructing thread (libcurl's global setup is not thread-safe)
    // Last: stopped and joined before the members above go away.
    std::unique_ptr<Worker> worker_;
};

}  // namespace lw::kiosk
