// Proof of display on the kiosk (docs/proof-of-display.md): the render thread says which post cards reached
// the window; the wall source's worker carries the record to the hub on its polls (X-Learnwall-Shown) and
// gives a batch back when a poll got no answer. Also carries the watchdog's note (X-Learnwall-Health).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "learnwall/result.hpp"
#include "learnwall/shown.hpp"

namespace lw::kiosk {

struct LayoutLog;

class ShownReporter {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    // Render thread: the static layer just put on the window (its post_card items are what is shown now).
    void on_layout(const LayoutLog& log, std::int64_t steady_ms, std::int64_t unix_s);
    // Render thread: nothing of ours is on screen any more (exit).
    void on_nothing(std::int64_t steady_ms, std::int64_t unix_s);
    // Worker: the headers for the poll about to go; the batch is in flight until after_poll().
    Headers before_poll(std::int64_t steady_ms, std::int64_t unix_s);
    // Worker: `answered` when the server answered at all (it logged the line); otherwise the batch comes back.
    void after_poll(bool answered);
    // A watchdog note ("frozen@1779094800") sent with every poll until one is answered.
    void set_health(std::string token);
    [[nodiscard]] bool health_delivered() const;

    // Steady milliseconds and Unix seconds now (the clocks the kiosk passes in).
    static std::int64_t steady_ms_now();
    static std::int64_t unix_now();

private:
    mutable std::mutex mu_;
    ShownRecord record_;
    ShownBatch in_flight_;
    std::string health_;
    bool health_in_flight_ = false, health_delivered_ = false;
};

}  // namespace lw::kiosk

namespace lw::kiosk {

// A kiosk reading a local wall.json makes no polls: with --shown-log it appends the line nginx would have
// written for a poll (learnwall.conf's format, address "local") to `path`, one write(2) with O_APPEND so
// several kiosks may share the file. `learnwall-admin shown --access-log FILE` reads it as it is.
[[nodiscard]] Status append_shown_line(ShownReporter& shown, const std::string& path, const std::string& screen_id);

}  // namespace lw::kiosk
