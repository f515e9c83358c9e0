// One configured source (an instance, an account's search) as the ingest sees it: poll once from a
// cursor, or stream. Implementations: mastodon_source.cpp, x_source.cpp, bluesky_source.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/connectors/http.hpp"
#include "learnwall/connectors/page.hpp"
#include "learnwall/connectors/ratelimit.hpp"
#include "learnwall/model.hpp"
#include "learnwall/result.hpp"
#include "learnwall/secrets.hpp"

namespace lw::connectors {

// Where a source got to (newest ids per tag, a search cursor...). Kept in sources-state.json.
using Cursor = std::map<std::string, std::string>;

struct PollResult {
    FetchedPage page;       // what arrived, even when a later page failed
    Cursor cursor;          // the cursor to persist once `page` is stored (only ever advanced past stored posts)
    std::string error;      // "" on success; names the source, the request and what went wrong
    int http_status = 0;    // of the failing (or last) response
    RateLimit rate;         // from the last response
    std::optional<Instant> retry_at;  // the server said when to come back (Retry-After, a spent window)
    bool rate_limited = false;        // a 429
    int requests = 0;
};

class Connector {
public:
    virtual ~Connector() = default;
    // Fetches what is new since `cursor` (on the first run: back to `since`, the event's start).
    virtual PollResult poll(HttpClient& http, const Cursor& cursor, Instant since, const std::atomic<bool>& stop) = 0;
    [[nodiscard]] virtual std::chrono::seconds default_poll_interval() const = 0;

    // Deletions and counts the search never reports again: looks up stored posts by native id
    // (newest first, at most max_recheck() of them) and returns in page.deleted_ids those the network
    // says are gone and in page.counts fresh like/repost/reply counts. X and Bluesky return no posts:
    // a lookup by an edited tweet's first id shows its first version, which must not undo the edit.
    // Mastodon returns the current statuses in page.posts (a lookup shows the latest version), so an
    // edit takes the normal update path and counts-only changes become post_counts entries.
    [[nodiscard]] virtual size_t max_recheck() const { return 0; }
    // Whether this source can look the post up at all (Mastodon: only posts whose status id on the
    // source's own instance it knows). The ingest slices only these, so a slice is never wasted on
    // posts another source brought in.
    [[nodiscard]] virtual bool can_recheck(const std::string& native_id) const {
        (void)native_id;
        return true;
    }
    virtual PollResult recheck(HttpClient& http, const std::vector<std::string>& native_ids, const std::atomic<bool>& stop) {
        (void)http, (void)native_ids, (void)stop;
        return {};
    }

    // Streaming, where the network and the credentials allow it: one channel per hashtag.
    [[nodiscard]] virtual std::vector<std::string> stream_channels() const { return {}; }
    // Streams one channel until `stop`, the end of the stream or an error (the message says which).
    // `deliver` gets each batch as it arrives; `on_open` is called once the server accepted the stream.
    virtual Status stream(HttpClient& http, const std::string& channel, const std::atomic<bool>& stop,
                          const std::function<void(FetchedPage)>& deliver, const std::function<void()>& on_open,
                          RateLimit& rate) {
        (void)http, (void)channel, (void)stop, (void)deliver, (void)on_open, (void)rate;
        return fail("streaming is not supported by this source");
    }
};

// Builds the connector for a source; fails with a clear message when credentials it needs are missing.
Result<std::unique_ptr<Connector>> make_connector(const SourceConfig& source, const Secrets& secrets);

// Describes an HTTP failure for a status line: "GET /api/v1/timelines/tag/x: HTTP 503 (...)".
std::string describe_failure(const std::string& what, const HttpResponse& r);

}  // namespace lw::connectors
