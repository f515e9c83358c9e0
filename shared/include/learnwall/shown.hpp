// Proof of display (docs/proof-of-display.md): what each kiosk drew and for how long, carried to the hub
// in the X-Learnwall-Shown header of its polls, logged by nginx, and counted per post by the admin.
// Pure: the kiosk's record, the header's encoding, the log reader and the per-post figures.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/result.hpp"
#include "learnwall/time.hpp"

namespace lw {

struct State;

// The bounds of the header (why each: docs/proof-of-display.md, "Bounds").
inline constexpr std::size_t kShownHeaderMaxBytes = 1800;
inline constexpr std::size_t kShownMaxPostsPerPoll = 48;
inline constexpr std::size_t kShownMaxIdBytes = 128;
inline constexpr std::int64_t kShownMaxSeconds = 86'400;
inline constexpr std::size_t kShownKeepPosts = 4096;
// The hub keeps at most this many distinct ids from a whole log (a forged header cannot grow it further).
inline constexpr std::size_t kShownLogMaxIds = 100'000;

struct ShownEntry {
    std::string post_id;
    std::int64_t first_unix = 0;  // first drawn in this batch (Unix seconds)
    std::int64_t seconds = 0;     // whole seconds on screen in this batch
    bool operator==(const ShownEntry&) const = default;
};

struct ShownBatch {
    std::vector<ShownEntry> entries;
    std::int64_t dropped = 0;  // records the kiosk had to drop (bounds): the hub's figures are a lower bound
    [[nodiscard]] bool empty() const { return entries.empty() && dropped == 0; }
};

// "1 BASE id@OFF+SECS ... [dropped=N]"; "" for an empty batch. Entries beyond the header's bounds are
// left out: encode what take() gave, which already fits.
std::string encode_shown(const ShownBatch& batch);
// Strict: the version, the base, every token; the first bad token refuses the whole field, saying which.
Result<ShownBatch> decode_shown(std::string_view field);

// The kiosk's record between deliveries. Not thread-safe: one owner (the kiosk wraps it).
class ShownRecord {
public:
    // The posts on screen from now on (replaces the previous set, whose time is counted up to now).
    void on_screen(const std::vector<std::string>& post_ids, std::int64_t steady_ms, std::int64_t unix_s);
    // Counts the time of the posts on screen up to now (call before take()).
    void tick(std::int64_t steady_ms);
    // The next batch for a poll: posts with at least a whole second, oldest first drawing first, bounded by
    // kShownMaxPostsPerPoll and kShownHeaderMaxBytes once encoded. The record keeps the fractions; a post
    // still on screen starts its next batch at `unix_s` (a post pinned all week never sends a first drawing
    // days old, which the hub would refuse).
    ShownBatch take(std::int64_t unix_s);
    // A batch whose poll failed before any answer: merged back (earlier first drawing wins, seconds add).
    void put_back(const ShownBatch& batch);
    [[nodiscard]] std::size_t pending() const { return posts_.size(); }
    [[nodiscard]] std::int64_t dropped() const { return dropped_; }

private:
    struct Pending {
        std::int64_t first_unix = 0;
        std::int64_t ms = 0;
    };
    Pending* slot(const std::string& id, std::int64_t first_unix);  // nullptr when over the bound
    std::map<std::string, Pending> posts_;
    std::vector<std::string> current_;
    std::int64_t since_ms_ = 0;
    std::int64_t dropped_ = 0;
};

// What the hub's access log says was shown (lines in packaging/nginx/learnwall.conf's format).
struct PostShown {
    Instant first_shown{};
    std::set<std::string> screens;
    std::int64_t seconds = 0;
};
struct ShownLog {
    std::map<std::string, PostShown> posts;  // by post id, as the screens reported it
    std::int64_t lines = 0;
    std::int64_t records = 0;        // lines with a shown field from a named screen
    std::int64_t bad_records = 0;    // shown fields refused
    std::int64_t dropped = 0;        // records the kiosks said they dropped
    std::int64_t ids_over_bound = 0; // entries ignored once kShownLogMaxIds ids were kept
    std::vector<std::string> problems;  // "FILE: line N: ..." (first 20)
};
ShownLog read_shown_log(std::string_view text, const std::string& where);
// The same reading, added to what `log` already holds: a reader that follows a growing log (the admin
// window's Screens panel) keeps one ShownLog and feeds it each piece it reads, so its figures are the
// ones read_shown_log gives for the whole text (the same decoder, the same bounds, the first 20 problems).
// `lines_before`: lines of the log before `text`, so a problem names its line in the whole file.
void add_shown_log(ShownLog& log, std::string_view text, const std::string& where, std::int64_t lines_before);

// The organiser's figures: per approved post, joined with the log.
struct ApprovedPost {
    std::string id;
    Instant created_at{};
    // The organiser's latest approval; empty when the event's moderation mode let it show undecided.
    std::optional<Instant> approved_at = std::nullopt;
};
struct SeenRow {
    std::string id;
    Instant created_at{};
    std::optional<Instant> first_shown;  // empty: never shown
    std::size_t screens = 0;
    std::int64_t seconds = 0;
    std::optional<Instant> approved_at = std::nullopt;  // as ApprovedPost::approved_at
};
struct SeenOnScreen {
    std::vector<SeenRow> rows;           // every approved post, never-shown first (oldest first), then shown
    std::size_t approved = 0, shown = 0;
    std::int64_t unknown_ids = 0;        // ids the screens reported that are not approved posts (counted only)
    std::optional<std::int64_t> median_first_seconds;  // median of (first shown - created), shown posts
    std::int64_t dropped = 0;
    [[nodiscard]] double share_shown() const { return approved ? static_cast<double>(shown) / approved : 0.0; }
};
SeenOnScreen seen_on_screen(const std::vector<ApprovedPost>& approved, const ShownLog& log);
// The posts screens may show: approved, not deleted, their author not opted out as "hidden" (as publish
// decides). Posts beyond display.max_posts are included: they are approved and waiting, and a figure that
// left them out would hide exactly the posts that never reach a screen.
std::vector<ApprovedPost> approved_for_screens(const State& state);

}  // namespace lw
