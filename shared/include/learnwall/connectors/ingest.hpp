// The ingest loop: runs every enabled source (polling or streaming, each on its own thread so one
// failing source never holds up another), stores what arrives as journal entries, keeps cursors and
// per-source status in the data directory, and republishes wall.json after new posts.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "learnwall/connectors/connector.hpp"
#include "learnwall/media.hpp"
#include "learnwall/store.hpp"

namespace lw::connectors {

// What the admin sees about one source (sources-status.json).
struct SourceStatus {
    std::string id, kind, base_url;
    std::string mode;  // "polling", "streaming", "stopped", "disabled", "not configured"
    std::optional<Instant> last_attempt, last_success, last_error_at, next_attempt;
    std::string last_error;  // secrets redacted
    int consecutive_failures = 0;
    std::int64_t posts_seen = 0;     // posts received, duplicates included
    std::int64_t posts_new = 0;      // stored as new
    std::int64_t posts_updated = 0;  // edits upstream
    std::int64_t posts_deleted = 0;  // deletions upstream
    std::int64_t posts_recounted = 0;  // like/repost/reply counts refreshed (no new review)
    std::int64_t items_skipped = 0;  // malformed items or authors who opted out
    std::int64_t requests = 0;
    RateLimit rate;
};

std::string sources_state_path(const std::string& data_dir);   // cursors
std::string sources_status_path(const std::string& data_dir);  // SourceStatus per source
// Reads sources-status.json (absent: empty). Unknown or broken content is an error naming the file.
Result<std::map<std::string, SourceStatus>> load_source_status(const std::string& data_dir);

struct IngestOptions {
    std::shared_ptr<HttpClient> http;                // default: libcurl with the default User-Agent
    std::function<void(const std::string&)> log;     // one line per thing worth telling (secrets redacted)
    bool publish = true;                             // republish wall.json after a change
    std::optional<std::chrono::milliseconds> poll_interval;  // overrides every source's interval (tests, demo)
    // How often X, Bluesky and Mastodon sources look up their stored posts to find deletions (X and
    // Bluesky searches never report them; a polled Mastodon timeline never shows an older post again)
    // and refresh like/repost/reply counts. Each recheck takes the next slice of
    // at most Connector::max_recheck() posts of the window, round robin from a cursor kept in
    // sources-state.json, so every stored post is looked at in turn (docs/connectors.md: budget).
    std::chrono::milliseconds recheck_interval{std::chrono::minutes(5)};
    std::chrono::hours recheck_window{48};  // posts created this recently are checked
    // How often the daemon looks for sources added, changed, disabled or removed in event.json.
    std::chrono::milliseconds config_check_interval{std::chrono::seconds(2)};
    // The media mirror (docs/deploy.md, "Images"), run by run() only: the published wall's images
    // downloaded into publish/media, and wall.json republished after a pass that added or removed files.
    bool mirror_media = true;
    MediaOptions media;
    std::chrono::milliseconds media_interval{std::chrono::seconds(5)};  // a pass at least this often (and after each publish)
    // The wall clock, for timestamps only (status times, journal entries' arrival): waits and
    // schedules run on std::chrono::steady_clock, so a clock stepped back or forward never stalls
    // polling. Empty: lw::now(). Tests step it.
    std::function<Instant()> clock;
    // When the next day starts after an instant: run() republishes then (a new day's challenge).
    // Unset: the next local midnight in the event's zone. Tests shorten the day with it.
    std::function<Result<Instant>(Instant)> next_day_start;
};

struct IngestSummary {
    int sources = 0, failed = 0;
    std::int64_t posts_new = 0, posts_updated = 0, posts_deleted = 0;
    std::int64_t posts_recounted = 0;  // only like/repost/reply counts changed (a post_counts entry each)
};

class Ingestor {
public:
    static Result<std::unique_ptr<Ingestor>> open(const std::string& data_dir, IngestOptions options);
    ~Ingestor();
    Ingestor(const Ingestor&) = delete;
    Ingestor& operator=(const Ingestor&) = delete;

    // Polls every enabled source once, all at the same time, and stores what arrived.
    Result<IngestSummary> run_once();
    // Runs until `stop` turns true: polls each source at its interval (backing off after failures and
    // honouring rate limits), streams where possible, and follows sources added, changed, disabled or
    // removed in event.json. Returns once every worker has stored its last batch.
    Status run(const std::atomic<bool>& stop);

    // Stores one batch from a source as journal entries (new, edited, deleted), then the cursor. Public for tests.
    Result<IngestSummary> store(const std::string& source_id, const FetchedPage& page, const std::optional<Cursor>& cursor);

private:
    struct Impl;
    explicit Ingestor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace lw::connectors
