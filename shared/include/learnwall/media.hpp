// The hub's media mirror: the images and avatars of the published wall downloaded once into
// publish/media/, so screens fetch them from the hub (nginx) instead of the internet; and the
// mapping publish uses to point wall.json at the mirrored files.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/fetch_policy.hpp"
#include "learnwall/result.hpp"
#include "learnwall/time.hpp"
#include "learnwall/wall.hpp"

namespace lw {

namespace connectors {
class HttpClient;
}

// <data>/publish/media: served with wall.json. Files are named <16 hex digits of the URL's hash>.<ext>.
std::string media_dir(const std::string& data_dir);
// <data>/media-state.json: what the mirror knows per URL (file, failures, next retry). Private to the hub.
std::string media_state_path(const std::string& data_dir);
// The prefix a mirrored file has in wall.json (relative to wall.json).
inline constexpr std::string_view kMediaPrefix = "media/";

// 16 lower-case hex digits (FNV-1a 64 of the URL).
std::string media_hash(std::string_view url);

struct MediaEntry {
    std::string url;
    std::string file;  // "ab12....png" when mirrored, "" when not (yet)
    std::string mime;
    std::uint64_t bytes = 0;
    std::optional<Instant> fetched_at;
    Instant last_wanted{};  // the last pass that found the URL on the published wall
    int failures = 0;       // consecutive failed downloads
    std::optional<Instant> next_retry;
    std::string last_error;  // "" after a success
};

// url -> entry, as read from media-state.json (absent: empty). A damaged file is an error naming it.
Result<std::map<std::string, MediaEntry>> load_media_state(const std::string& data_dir);

// url -> "media/<file>" for every mirrored URL whose file is in publish/media now. Reads the state
// file only (no network): safe inside the writers' lock. A missing or damaged state gives an empty map.
std::map<std::string, std::string> mirrored_media(const std::string& data_dir);
// Points the wall's image and avatar URLs at their mirrored files; the others stay as they are.
void apply_mirrored_media(Wall& wall, const std::map<std::string, std::string>& mirrored);

struct MediaOptions {
    std::uint64_t max_file_bytes = 8ull << 20;     // a bigger answer is refused, never truncated
    std::uint64_t max_pixels = 50'000'000;         // a header claiming more is refused (decoding it would take GBs)
    std::uint64_t max_total_bytes = 512ull << 20;  // the folder's bound; unused files go first
    std::chrono::milliseconds timeout{20'000};     // whole download
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::seconds grace{std::chrono::hours(2)};  // a file off the wall is kept this long (a post may return)
    std::chrono::seconds retry_first{60};               // after the first failure; doubles per failure
    std::chrono::seconds retry_max{std::chrono::hours(6)};
    int images_per_post = 4;        // a post's first images (screens show the first)
    int downloads_per_pass = 8;     // a pass ends after this many new files, so the wall is republished soon
    // Which URLs and addresses may be fetched (http(s) only; internal addresses refused unless the
    // organiser allowed them: `ingest --allow-media-host`). Null: the policy with no allowances.
    std::shared_ptr<const FetchPolicy> policy;
    // The Authorization header value for a URL that needs the hub's token (a Slack file's url_private,
    // a Teams hosted image), "" for every other URL. Only the hub fetches these; a screen never gets a
    // token. The client keeps the header to the URL's own origin across redirects.
    std::function<std::string(const std::string& url)> authorization;
};

struct MediaProblem {
    std::string url, reason;
};

struct MediaPassSummary {
    int wanted = 0;       // distinct URLs on the published wall
    int mirrored = 0;     // of those, with a file in publish/media after the pass
    int downloaded = 0;   // new files this pass
    int failed = 0;       // downloads refused or failed this pass
    int waiting = 0;      // in backoff after earlier failures
    int pending = 0;      // still to try (the pass stopped at downloads_per_pass)
    int removed = 0;      // files removed (off the wall past the grace period, or over the bound)
    std::uint64_t bytes_total = 0;  // the folder's size after the pass
    std::vector<MediaProblem> problems;  // this pass's failures, with the URL and why
};

class MediaMirror {
public:
    // Creates publish/media if needed and reads media-state.json (a damaged one is an error).
    static Result<std::unique_ptr<MediaMirror>> open(const std::string& data_dir,
                                                     std::shared_ptr<connectors::HttpClient> http, MediaOptions opt = {});
    ~MediaMirror();
    MediaMirror(const MediaMirror&) = delete;
    MediaMirror& operator=(const MediaMirror&) = delete;

    // One pass: reads publish/wall.json, downloads what is missing (up to downloads_per_pass),
    // removes what is no longer wanted, and saves the state. Never throws; problems are in the summary.
    MediaPassSummary run_pass(const std::atomic<bool>& stop, Instant at);
    // The same, for an explicit list of wanted URLs (tests, or a caller that has the wall in hand).
    MediaPassSummary run_pass(const std::vector<std::string>& wanted, const std::atomic<bool>& stop, Instant at);

    [[nodiscard]] const std::map<std::string, MediaEntry>& entries() const;

private:
    struct Impl;
    explicit MediaMirror(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The original URLs the published wall needs: http(s) image and avatar URLs, and the URLs behind
// the "media/..." paths it already points at (so their files are kept).
std::vector<std::string> wanted_media_urls(const Wall& wall, const std::map<std::string, MediaEntry>& known,
                                           int images_per_post);

}  // namespace lw
