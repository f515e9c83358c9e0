// Which kiosks were seen when, and which approved posts they drew, for the screens panel: an lw::Worker
// tick follows the hub's nginx access log (lw::read_screens_log and lw::add_shown_log, the parsers of
// `learnwall-admin screens` and `shown`) and hands the frame a finished snapshot. It reads only what was
// appended since the last look and follows rotation and truncation. A big log is read from its last
// kFirstReadBytes first (the screens' latest polls show at once), then its older part kMostPerLook at a
// time on later looks: proof of display needs the whole log (a post first shown on Monday is in its
// first lines). The frame never reads a file.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "learnwall/screens.hpp"
#include "learnwall/shown.hpp"
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
    // The older part of a big log still being read (head_read of head_bytes): the figures are partial.
    std::uint64_t head_bytes = 0, head_read = 0;
    std::uint64_t partial_looks = 0;  // looks published while an older part was still unread (figures partial)

    // Proof of display (docs/proof-of-display.md): `learnwall-admin shown`'s figures, computed by the same
    // shared functions (add_shown_log, seen_on_screen) from the lines read so far, joined with the
    // approved posts the window last handed over (ScreensWatcher::set_approved). Null until both exist.
    std::shared_ptr<const SeenOnScreen> seen;
    std::int64_t shown_records = 0;            // lines carrying a record from a named screen
    std::int64_t shown_refused = 0;            // records refused (ShownLog::bad_records; the CLI's refused_records)
    std::vector<std::string> shown_problems;   // why, for the first 20 ("FILE: line N: ...")
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
    // UI thread: the posts screens may show (lw::approved_for_screens of the window's state), for the
    // shown figures; the join runs on the worker. Call when the state's revision changed.
    void set_approved(std::vector<ApprovedPost> approved);

private:
    void look();

    mutable std::mutex mu_;  // guards the three below (shared with the UI thread)
    std::string path_;
    bool path_changed_ = false;
    std::shared_ptr<const ScreensSnapshot> snap_;
    std::shared_ptr<const std::vector<ApprovedPost>> approved_;

    // Worker only: where the reading stands.
    std::string file_;
    unsigned long long inode_ = 0, offset_ = 0;
    std::int64_t line_base_ = 0;  // lines before offset_ (for problem line numbers)
    std::string partial_;         // an unfinished last line, kept for the next look
    ScreensSnapshot acc_;
    ShownLog shown_;              // everything read so far (bounded by the shared reader)
    bool shown_changed_ = false;  // since the last join
    std::shared_ptr<const std::vector<ApprovedPost>> joined_with_;
    // A big log's older part, read after its tail: bytes [head_at_, head_end_) are still to read.
    unsigned long long head_at_ = 0, head_end_ = 0;
    std::int64_t head_lines_ = 0;  // lines of the older part read so far (numbering its problems)
    std::string tail_where_;       // how the tail's problems name the file while the head is unread

    // One piece of the log (whole lines) into both readers.
    void read_lines(const std::string& text, const std::string& where, std::int64_t lines_before);

    // Last: stopped and joined before the members above go away.
    std::unique_ptr<Worker> worker_;
};

}  // namespace lw::admin
