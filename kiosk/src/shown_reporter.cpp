// The kiosk's proof-of-display record, shared by the render thread and the wall source's worker.
#include "shown_reporter.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "learnwall/time.hpp"
#include "render/layout_log.hpp"

namespace lw::kiosk {

void ShownReporter::on_layout(const LayoutLog& log, std::int64_t steady_ms, std::int64_t unix_s) {
    std::vector<std::string> ids;
    for (const auto& item : log.items)
        if (item.kind == "post_card" && !item.id.empty()) ids.push_back(item.id);
    std::lock_guard<std::mutex> lock(mu_);
    record_.on_screen(ids, steady_ms, unix_s);
}

void ShownReporter::on_nothing(std::int64_t steady_ms, std::int64_t unix_s) {
    std::lock_guard<std::mutex> lock(mu_);
    record_.on_screen({}, steady_ms, unix_s);
}

ShownReporter::Headers ShownReporter::before_poll(std::int64_t steady_ms, std::int64_t unix_s) {
    std::lock_guard<std::mutex> lock(mu_);
    Headers out;
    // A batch still in flight (a poll that never reported back) is merged first: nothing is lost twice.
    if (!in_flight_.empty()) record_.put_back(in_flight_);
    record_.tick(steady_ms);
    in_flight_ = record_.take(unix_s);
    if (std::string h = encode_shown(in_flight_); !h.empty()) out.emplace_back("X-Learnwall-Shown", std::move(h));
    if (!health_.empty()) {
        out.emplace_back("X-Learnwall-Health", health_);
        health_in_flight_ = true;
    }
    return out;
}

void ShownReporter::after_poll(bool answered) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!answered) record_.put_back(in_flight_);
    in_flight_ = {};
    if (answered && health_in_flight_) {
        health_.clear();
        health_delivered_ = true;
    }
    health_in_flight_ = false;
}

void ShownReporter::set_health(std::string token) {
    std::lock_guard<std::mutex> lock(mu_);
    health_ = std::move(token);
    health_delivered_ = false;
}

bool ShownReporter::health_delivered() const {
    std::lock_guard<std::mutex> lock(mu_);
    return health_delivered_;
}

std::int64_t ShownReporter::steady_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::int64_t ShownReporter::unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Status append_shown_line(ShownReporter& shown, const std::string& path, const std::string& screen_id) {
    const auto headers = shown.before_poll(ShownReporter::steady_ms_now(), ShownReporter::unix_now());
    std::string shown_field = "-", health_field = "-";
    for (const auto& [name, value] : headers) (name == "X-Learnwall-Shown" ? shown_field : health_field) = value;
    if (shown_field == "-" && health_field == "-") {
        shown.after_poll(true);
        return {};
    }
    const std::string line = format_rfc3339(lw::now()) + " local \"" + (screen_id.empty() ? "local" : screen_id) +
                             "\" 200 \"FILE wall.json\" \"" + shown_field + "\" \"" + health_field + "\"\n";
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        shown.after_poll(false);  // kept (bounded) for the next try
        return fail("--shown-log " + path + ": cannot open: " + std::strerror(errno));
    }
    const ssize_t n = ::write(fd, line.data(), line.size());
    const int saved = errno;
    ::close(fd);
    const bool whole = n == static_cast<ssize_t>(line.size());
    shown.after_poll(whole);
    if (!whole) return fail("--shown-log " + path + ": cannot write: " + std::strerror(n < 0 ? saved : ENOSPC));
    return {};
}

}  // namespace lw::kiosk
