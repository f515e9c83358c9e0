// Which kiosks were seen when, for the screens panel: an lw::Worker tick follows the hub's nginx access
// log (lw::read_screens_log, the same parser as `learnwall-admin screens`) and hands the frame a
// finished snapshot. It reads only what was appended since the last look, follows rotation and
// truncation, and starts at most kFirstReadBytes from the end of a big log; the frame never reads a file.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "learnwall/screens.hpp"
#include "learnwall/worker.hpp"

namespace lw::admin {

struct ScreensSnapshot {
    std::string path;
    std::vector<ScreenSeen> screens;  // most recently seen first
    std::string error;                // "" when the last look succeeded
    std::int64_t lines = 0, anonymous = 0, bad_lines = 0;
    std::vector<std::string> problems;  // the first few unreadable lines, "path: line N: why"
    bool skipped_head = false;          // the log was bigger than kFirstReadBytes: its oldest part was not read
    bool read_once = false;             // false until the first look has finished
    Instant read_at{};
};

// Merges `more` (read from later lines) into `into`, keyed by screen id; keeps most recent first.
void merge_screens(std::vector<ScreenSeen>& into, const std::vector<ScreenSeen>& more);

class ScreensWatcher {
public:
    static constexpr std::uint64_t kFirstReadBytes = 16u << 20;
    explicit ScreensWatcher(std::string path, std::chrono::milliseconds every = std::chrono::seconds(3));
    ~ScreensWatcher();
    ScreensWatcher(const ScreensWatcher&) = delete;
    ScreensWatcher& operator=(const ScreensWatcher&) = delete;

    // UI thread: the latest finished look (never null). Cheap: a locked shared_ptr copy.
    [[nodiscard]] std::shared_ptr<const ScreensSnapshot> snapshot() const;
    // UI thread: follow another file from now on (what was seen in the old one is dropped); looks at once.
    void set_path(const std::string& path);
    // UI thread: look again now instead of at the next tick.
    void poke();

private:
    void look();

    mutable std::mutex mu_;  // guards the three below (shared with the UI thread)
    std::string path_;
    bool path_changed_ = false;
    std::shared_ptr<const ScreensSnapshot> snap_;

    // Worker only: where the reading stands.
    std::string file_;
    unsigned long long inode_ = 0, offset_ = 0;
    std::int64_t line_base_ = 0;  // lines before offset_ (for problem line numbers)
    std::string partial_;         // an unfinished last line, kept for the next look
    ScreensSnapshot acc_;

    // Last: stopped and joined before the members above go away.
    std::unique_ptr<Worker> worker_;
};

}  // namespace lw::admin
