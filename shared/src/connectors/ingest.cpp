// The ingest loop: workers per source, storing batches as journal entries, cursors, status, publishing.
#include "learnwall/connectors/ingest.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <list>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "learnwall/connectors/teams.hpp"
#include "learnwall/text.hpp"
#include "learnwall/moderation_rules.hpp"
#include "learnwall/log_safe.hpp"
#include "learnwall/publish.hpp"

namespace lw::connectors {

using nlohmann::json;

std::string sources_state_path(const std::string& d) { return d + "/sources-state.json"; }
std::string sources_status_path(const std::string& d) { return d + "/sources-status.json"; }

namespace {

constexpr int kStateSchema = 1;
// The cursor key of the deletion/counts recheck: "RFC3339 NATIVE_ID" of the last post looked up.
constexpr const char* kRecheckKey = "recheck_after";

json opt_time(const std::optional<Instant>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

std::optional<Instant> read_opt_time(const JsonIn& in, std::string_view key) {
    if (!in.has(key)) return std::nullopt;
    return in.instant(key);
}

json to_json(const SourceStatus& s) {
    return {{"id", s.id},
            {"kind", s.kind},
            {"base_url", s.base_url},
            {"mode", s.mode},
            {"last_attempt", opt_time(s.last_attempt)},
            {"last_success", opt_time(s.last_success)},
            {"last_error", s.last_error},
            {"last_error_at", opt_time(s.last_error_at)},
            {"next_attempt", opt_time(s.next_attempt)},
            {"consecutive_failures", s.consecutive_failures},
            {"posts_seen", s.posts_seen},
            {"posts_new", s.posts_new},
            {"posts_updated", s.posts_updated},
            {"posts_deleted", s.posts_deleted},
            {"posts_recounted", s.posts_recounted},
            {"items_skipped", s.items_skipped},
            {"requests", s.requests},
            {"rate_limit", s.rate.limit},
            {"rate_remaining", s.rate.remaining},
            {"rate_reset", opt_time(s.rate.reset)}};
}

SourceStatus status_from_json(const JsonIn& in) {
    in.require_object();
    SourceStatus s;
    s.id = in.nonempty_str("id");
    s.kind = in.str_or("kind", "");
    s.base_url = in.str_or("base_url", "");
    s.mode = in.str_or("mode", "");
    s.last_attempt = read_opt_time(in, "last_attempt");
    s.last_success = read_opt_time(in, "last_success");
    s.last_error = in.str_or("last_error", "");
    s.last_error_at = read_opt_time(in, "last_error_at");
    s.next_attempt = read_opt_time(in, "next_attempt");
    s.consecutive_failures = static_cast<int>(in.integer_or("consecutive_failures", 0));
    s.posts_seen = in.integer_or("posts_seen", 0);
    s.posts_new = in.integer_or("posts_new", 0);
    s.posts_updated = in.integer_or("posts_updated", 0);
    s.posts_deleted = in.integer_or("posts_deleted", 0);
    s.posts_recounted = in.integer_or("posts_recounted", 0);
    s.items_skipped = in.integer_or("items_skipped", 0);
    s.requests = in.integer_or("requests", 0);
    s.rate.limit = in.integer_or("rate_limit", -1);
    s.rate.remaining = in.integer_or("rate_remaining", -1);
    s.rate.reset = read_opt_time(in, "rate_reset");
    return s;
}

// The fields whose change upstream is an edit worth a journal entry (counts change all the time).
bool content_differs(const Post& a, const Post& b) {
    return a.text != b.text || a.image_urls != b.image_urls || a.content_warning != b.content_warning ||
           a.sensitive != b.sensitive || a.author_display_name != b.author_display_name || a.language != b.language ||
           a.url != b.url;
}

// Waits and schedules run on the monotonic clock: a wall clock stepped back an hour must not stall
// polling for an hour (the wall clock is for timestamps only).
using Steady = std::chrono::steady_clock;

void sleep_until_or_stop(Steady::time_point until, const std::atomic<bool>& stop) {
    while (!stop.load() && Steady::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// The revision wall.json was published at (0 when there is none or it cannot be read).
std::uint64_t published_revision(const DataDir& dir) {
    auto text = read_file(dir.wall_path());
    if (!text) return 0;
    auto w = parse_wall(*text, dir.wall_path());
    return w ? w->revision : 0;
}

}  // namespace

Result<std::map<std::string, SourceStatus>> load_source_status(const std::string& data_dir) {
    std::map<std::string, SourceStatus> out;
    const std::string path = sources_status_path(data_dir);
    if (!file_exists(path)) return out;
    auto doc = read_json_file(path);
    if (!doc) return fail(doc.error());
    try {
        JsonIn root(*doc);
        for (const JsonIn& s : root.array("sources")) {
            SourceStatus st = status_from_json(s);
            out[st.id] = st;
        }
    } catch (const JsonFieldError& e) {
        return fail(path + ": " + e.pointer + ": " + e.expected);
    }
    return out;
}

struct Ingestor::Impl {
    DataDir dir;
    State state;
    IngestOptions opt;
    Secrets secrets;
    std::mutex m;  // state, cursors, statuses and the files they are written to
    std::map<std::string, Cursor> cursors;
    std::map<std::string, std::string> mastodon_local;  // "mastodon-local:HOST/ID" -> Post id, as seen this run
    std::map<std::string, SourceStatus> statuses;
    std::map<std::string, Steady::time_point> due;  // when each source polls next (monotonic)
    struct Source {
        SourceConfig cfg;
        std::unique_ptr<Connector> conn;
    };
    std::list<Source> sources;  // a list: workers hold references while sources are added
    std::mt19937_64 rng{std::random_device{}()};

    explicit Impl(DataDir d) : dir(std::move(d)) {}

    // The media mirror's token for a chat service's private file (a Slack url_private, a Teams hosted
    // image): "Bearer ..." when `url` is on the origin of an enabled slack or teams source (Slack's
    // files also on files.slack.com), "" otherwise. Only the hub's mirror asks; screens never do.
    std::string chat_media_authorization(const std::string& url) {
        auto origin_of = [](const std::string& u) {
            size_t scheme = u.find("://");
            if (scheme == std::string::npos) return std::string();
            size_t end = u.find_first_of("/?#", scheme + 3);
            return ascii_lower(u.substr(0, end));
        };
        const std::string origin = origin_of(url);
        if (origin.empty()) return "";
        std::vector<SourceConfig> chats;
        Secrets s;
        {
            std::lock_guard<std::mutex> lock(m);
            for (const auto& c : state.event.sources)
                if (c.enabled && (c.kind == "slack" || c.kind == "teams")) chats.push_back(c);
            s = secrets;
        }
        for (const auto& c : chats) {
            const std::string own = origin_of(trim_base_url(c.base_url));
            if (c.kind == "slack" && !s.slack_token.empty() &&
                (origin == own || (own == "https://slack.com" && origin == "https://files.slack.com")))
                return "Bearer " + s.slack_token;
            if (c.kind == "teams" && origin == own && opt.http)
                if (auto tok = teams_access_token(*opt.http, c.token_url, s)) return "Bearer " + *tok;
        }
        return "";
    }

    // Wall time, for timestamps only.
    Instant wall() const { return opt.clock ? opt.clock() : now(); }

    // Schedules a source's next poll `delay` from now: on the monotonic clock for the wait, and as
    // a wall time in its status for people to read.
    void schedule(SourceStatus& st, std::chrono::milliseconds delay) {
        if (delay < std::chrono::milliseconds(0)) delay = std::chrono::milliseconds(0);
        due[st.id] = Steady::now() + delay;
        st.next_attempt = wall() + delay;
    }
    // A delay until a wall-clock instant a server named (a rate limit's reset), never negative.
    std::chrono::milliseconds until_wall(Instant t) const {
        return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(t - wall()));
    }

    // Publish catches up: whatever is stored and not yet on wall.json (a publish that failed, a
    // disk that was full, another writer that stored without publishing) goes out now, so the
    // wall's revision lags the store's by one poll at most. Call without `m` held.
    void publish_if_behind() {
        if (!opt.publish) return;
        std::lock_guard<std::mutex> lock(m);
        if (auto st = dir.catch_up(state); !st) {
            log("cannot re-read the data directory: " + st.error());
            return;
        }
        std::uint64_t on_wall = published_revision(dir);
        if (on_wall >= state.revision) return;
        if (auto w = publish_wall(dir, state, wall()); !w)
            log("wall.json is at revision " + std::to_string(on_wall) + ", the store at " +
                std::to_string(state.revision) + "; publishing failed: " + w.error());
        else
            log("published revision " + std::to_string(w->revision) + " (wall.json was at " + std::to_string(on_wall) + ")");
    }

    // Every line may quote a URL, an answer or an error from outside: control characters escaped,
    // so a newline in a post's URL cannot forge a log line (learnwall/log_safe.hpp).
    void log(const std::string& line) {
        if (opt.log) opt.log(log_safe(secrets.redact(line)));
    }

    double jitter() {
        std::uniform_real_distribution<double> u(0.0, 1.0);
        return u(rng);
    }

    Status save_cursors() {
        json j = {{"schema_version", kStateSchema}, {"sources", json::object()}};
        for (const auto& [id, c] : cursors) j["sources"][id] = c;
        return write_file_atomic(sources_state_path(dir.path()), j.dump(2) + "\n", kPrivateFileMode);
    }

    Status save_statuses() {
        json arr = json::array();
        for (const auto& src : state.event.sources) {
            auto it = statuses.find(src.id);
            if (it != statuses.end()) arr.push_back(to_json(it->second));
        }
        json j = {{"schema_version", kStateSchema}, {"generated_at", format_rfc3339(wall())}, {"sources", arr}};
        return write_file_atomic(sources_status_path(dir.path()), j.dump(2) + "\n", kPrivateFileMode);
    }

    Status load_cursors() {
        const std::string path = sources_state_path(dir.path());
        if (!file_exists(path)) return {};
        auto doc = read_json_file(path);
        if (!doc) return fail(doc.error() + " (delete it to fetch everything again; duplicates are skipped)");
        try {
            JsonIn root(*doc);
            check_schema_version(root, kStateSchema);
            if (root.has("sources")) {
                JsonIn s = root.at("sources");
                s.require_object();
                for (const auto& [id, v] : s.raw().items()) {
                    JsonIn one = s.at(id);
                    one.require_object();
                    Cursor c;
                    for (const auto& [k, val] : v.items()) c[k] = one.str(k);
                    cursors[id] = c;
                }
            }
        } catch (const JsonFieldError& e) {
            return fail(path + ": " + e.pointer + ": " + e.expected);
        }
        return {};
    }

    // "mastodon-local:HOST/ID" (a streaming delete names the instance's own id) to a stored post id.
    std::string resolve_deleted(const State& s, const std::string& id) const {
        const std::string local = "mastodon-local:";
        if (id.rfind(local, 0) != 0) return id;
        if (auto it = mastodon_local.find(id); it != mastodon_local.end()) return it->second;
        // Not seen in this run: a post of the instance itself has the id in its URI.
        std::string rest = id.substr(local.size());
        auto slash = rest.find('/');
        std::string host = rest.substr(0, slash), num = rest.substr(slash + 1);
        const std::string prefix = "mastodon:" + host + "/", suffix = "/statuses/" + num, plain = "mastodon:" + rest;
        for (const auto& r : s.posts) {
            std::string pid = r.post.id();
            if (pid == plain) return pid;
            if (pid.rfind(prefix, 0) == 0 && pid.size() >= suffix.size() &&
                pid.compare(pid.size() - suffix.size(), suffix.size(), suffix) == 0)
                return pid;
        }
        return {};
    }

    Result<IngestSummary> store(const std::string& source_id, const FetchedPage& page, const std::optional<Cursor>& cursor) {
        std::lock_guard<std::mutex> lock(m);
        for (const auto& [local, id] : page.local_ids) mastodon_local[local] = id;
        IngestSummary sum;
        if (!page.posts.empty() || !page.deleted_ids.empty() || !page.counts.empty()) {
            const Instant arrived = wall();
            auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
                sum = IngestSummary{};
                DataDir::Change c;
                std::set<std::string> in_batch;
                for (const auto& p : page.posts) {
                    std::string id = p.id();
                    if (!in_batch.insert(id).second) continue;
                    const PostRecord* known = s.find(id);
                    JournalEntry e;
                    e.by = "ingest:" + source_id;
                    e.at = arrived;
                    e.post = p;
                    std::optional<JournalEntry> review;
                    if (!known) {
                        e.kind = JournalEntry::Kind::post_ingested;
                        ++sum.posts_new;
                    } else if (!known->deleted && content_differs(known->post, p)) {
                        e.kind = JournalEntry::Kind::post_updated;
                        ++sum.posts_updated;
                        // An approved post edited upstream goes back to review, in the same transaction.
                        review = review_after_edit(s, *known, p, arrived);
                    } else if (!known->deleted && counts_of(known->post) != counts_of(p)) {
                        // Counts only: their own entry, so a like never sends a post back for review.
                        e.kind = JournalEntry::Kind::post_counts;
                        e.post.reset();
                        e.post_id = id;
                        e.counts = counts_of(p);
                        ++sum.posts_recounted;
                    } else {
                        continue;  // already stored (or removed: a deletion is never undone by a re-fetch)
                    }
                    c.entries.push_back(std::move(e));
                    if (review) c.entries.push_back(std::move(*review));
                }
                for (const auto& raw : page.deleted_ids) {
                    std::string id = resolve_deleted(s, raw);
                    const PostRecord* known = id.empty() ? nullptr : s.find(id);
                    if (!known || known->deleted || !in_batch.insert(id).second) continue;
                    JournalEntry e;
                    e.kind = JournalEntry::Kind::post_deleted;
                    e.by = "ingest:" + source_id;
                    e.post_id = id;
                    e.at = arrived;
                    e.summary = "deleted upstream";
                    c.entries.push_back(std::move(e));
                    ++sum.posts_deleted;
                }
                // Fresh counts from a lookup (after deletions: a post deleted in this batch keeps its last ones).
                for (const auto& [id, counts] : page.counts) {
                    const PostRecord* known = s.find(id);
                    if (!known || known->deleted || counts_of(known->post) == counts || !in_batch.insert(id).second) continue;
                    JournalEntry e;
                    e.kind = JournalEntry::Kind::post_counts;
                    e.by = "ingest:" + source_id;
                    e.post_id = id;
                    e.counts = counts;
                    c.entries.push_back(std::move(e));
                    ++sum.posts_recounted;
                }
                return c;
            });
            if (!revs) return fail(revs.error());
        }
        // The cursor moves only after the posts it covers are in the journal: a crash in between
        // re-fetches them (and skips them as duplicates) rather than losing them.
        Status cursor_saved;
        if (cursor) {
            cursors[source_id] = *cursor;
            cursor_saved = save_cursors();
        }
        auto& st = statuses[source_id];
        st.posts_seen += static_cast<std::int64_t>(page.posts.size());
        st.posts_new += sum.posts_new;
        st.posts_updated += sum.posts_updated;
        st.posts_deleted += sum.posts_deleted;
        st.items_skipped += static_cast<std::int64_t>(page.problems.size() + page.hidden);
        st.posts_recounted += sum.posts_recounted;
        // Stored posts go to the wall even when the cursor could not be saved (the next poll re-fetches
        // them as duplicates, which publish nothing): and if this publish fails, the next poll's
        // publish_if_behind catches up.
        if (opt.publish && (sum.posts_new || sum.posts_updated || sum.posts_deleted || sum.posts_recounted)) {
            auto w = publish_wall(dir, state, wall());
            if (!w) return fail("stored, but publishing wall.json failed (retried at the next poll): " + w.error());
        }
        if (!cursor_saved) return fail(cursor_saved.error());
        return sum;
    }

    std::chrono::milliseconds interval_of(const Source& s) const {
        if (opt.poll_interval) return *opt.poll_interval;
        if (s.cfg.poll_seconds > 0) return std::chrono::seconds(s.cfg.poll_seconds);
        return s.conn->default_poll_interval();
    }

    Instant since() const {
        auto t = start_of_local_day(state.event.start, state.event.timezone);
        return t ? *t : Instant{};
    }

    void record_failure(SourceStatus& st, const std::string& error, std::optional<Instant> retry_at) {
        st.consecutive_failures++;
        st.last_error = secrets.redact(error);
        st.last_error_at = wall();
        auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(backoff_delay(st.consecutive_failures, jitter()));
        if (retry_at) delay = std::max(delay, until_wall(*retry_at));
        schedule(st, delay);
    }

    // One poll of one source: fetch, store, update the status. False when it failed.
    bool poll_once(Source& src, const std::atomic<bool>& stop, IngestSummary& total) {
        Cursor cursor;
        Instant from;
        {
            std::lock_guard<std::mutex> lock(m);
            cursor = cursors[src.cfg.id];
            statuses[src.cfg.id].last_attempt = wall();
            from = since();
        }
        PollResult r = src.conn->poll(*opt.http, cursor, from, stop);
        auto stored = store(src.cfg.id, r.page, r.cursor);
        publish_if_behind();
        std::lock_guard<std::mutex> lock(m);
        auto& st = statuses[src.cfg.id];
        st.requests += r.requests;
        if (r.rate.limit >= 0 || r.rate.remaining >= 0) st.rate = r.rate;
        bool ok = r.error.empty() && stored.ok();
        if (stored) {
            total.posts_new += stored->posts_new;
            total.posts_updated += stored->posts_updated;
            total.posts_deleted += stored->posts_deleted;
        }
        if (!ok) {
            std::string why = !r.error.empty() ? r.error : stored.error();
            if (stop.load() && why.find("cancelled") != std::string::npos) return false;  // shutting down: not a failure
            record_failure(st, src.cfg.id + ": " + why, r.retry_at);
            log(src.cfg.id + ": " + why + (r.rate_limited ? " (rate limited)" : "") + "; next try at " +
                format_rfc3339(*st.next_attempt));
        } else {
            Instant t = wall();
            st.consecutive_failures = 0;
            st.last_success = t;
            auto delay = interval_of(src);
            if (r.retry_at) delay = std::max(delay, until_wall(*r.retry_at));  // the rate window is spent
            schedule(st, delay);
            if (!r.page.problems.empty()) {
                st.last_error = secrets.redact(src.cfg.id + ": skipped " + std::to_string(r.page.problems.size()) +
                                               " malformed item(s): " + r.page.problems.front());
                st.last_error_at = t;
                log(st.last_error);
            }
            // Publishing drops image and avatar URLs that are not http(s) (file://, local paths): said once here.
            for (const auto& p : r.page.posts) {
                std::vector<std::string> urls = p.image_urls;
                urls.push_back(p.author_avatar_url);
                for (const auto& u : urls)
                    if (!u.empty() && !is_publishable_media_url(u))
                        log(src.cfg.id + ": post " + p.id() + ": image \"" + u + "\" is not published (only http and https URLs reach the wall)");
            }
            if (stored->posts_new || stored->posts_updated || stored->posts_deleted)
                log(src.cfg.id + ": " + std::to_string(stored->posts_new) + " new, " + std::to_string(stored->posts_updated) +
                    " edited, " + std::to_string(stored->posts_deleted) + " deleted");
        }
        if (auto s = save_statuses(); !s) log("cannot write the status file: " + s.error());
        return ok;
    }

    // Looks up the next slice of the source's stored posts of the window (round robin, from the
    // "recheck_after" key of its cursor) to find those deleted upstream and to refresh their like,
    // repost and reply counts. Newest first, so a fresh post is looked at soon after it arrives,
    // and every older one in turn however many newer ones there are. A failed lookup is logged and
    // noted, never counted as the source failing: the search, which fills the wall, worked.
    void recheck(Source& src, const std::atomic<bool>& stop) {
        size_t max = src.conn->max_recheck();
        if (max == 0) return;
        std::vector<std::pair<Instant, std::string>> recent;
        std::string after;
        {
            std::lock_guard<std::mutex> lock(m);
            Instant from = wall() - opt.recheck_window;
            for (const auto& r : state.posts)
                if (!r.deleted && r.post.source == src.cfg.kind && r.post.created_at >= from && src.conn->can_recheck(r.post.native_id))
                    recent.emplace_back(r.post.created_at, r.post.native_id);
            if (auto c = cursors.find(src.cfg.id); c != cursors.end())
                if (auto a = c->second.find(kRecheckKey); a != c->second.end()) after = a->second;
        }
        if (recent.empty()) return;
        std::sort(recent.begin(), recent.end(),
                  [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        // Where the last slice ended: the first post after it in that order (the start again past the end).
        size_t start = 0;
        if (auto sp = after.find(' '); sp != std::string::npos) {
            if (auto t = parse_rfc3339(after.substr(0, sp))) {
                std::pair<Instant, std::string> last{*t, after.substr(sp + 1)};
                auto it = std::upper_bound(recent.begin(), recent.end(), last, [](const auto& a, const auto& b) {
                    return a.first != b.first ? a.first > b.first : a.second < b.second;
                });
                start = it == recent.end() ? 0 : static_cast<size_t>(it - recent.begin());
            }
        }
        std::vector<std::string> ids;
        size_t last = start;
        for (size_t n = 0; n < recent.size() && n < max; ++n) {
            last = (start + n) % recent.size();
            ids.push_back(recent[last].second);
        }
        PollResult r = src.conn->recheck(*opt.http, ids, stop);
        std::optional<Cursor> moved;  // the slice's end is kept only once its results are stored
        if (r.error.empty() && !stop.load()) {  // (a stop can cut a slice short: look it up again next time)
            std::lock_guard<std::mutex> lock(m);
            moved = cursors[src.cfg.id];
            (*moved)[kRecheckKey] = format_rfc3339(recent[last].first) + " " + recent[last].second;
        }
        // What came back before a later request failed is stored too (a deletion found is a deletion);
        // only the cursor stays, so the whole slice is looked up again next time.
        auto stored = store(src.cfg.id, r.page, moved);
        std::lock_guard<std::mutex> lock(m);
        auto& st = statuses[src.cfg.id];
        st.requests += r.requests;  // (the rate shown stays the search's: that is what fills the wall)
        std::string why = !r.error.empty() ? r.error : stored ? std::string() : stored.error();
        if (!why.empty()) {
            if (stop.load()) return;
            st.last_error = secrets.redact(src.cfg.id + ": " + why);
            st.last_error_at = wall();
            log(st.last_error);
        }
        if (r.retry_at && st.mode != "streaming") {  // a 429, or a spent rate window: the next poll waits for it
            auto delay = until_wall(*r.retry_at);
            auto it = due.find(st.id);
            if (it == due.end() || it->second < Steady::now() + delay) schedule(st, delay);
        }
        if (stored) {
            if (stored->posts_updated)
                log(src.cfg.id + ": " + std::to_string(stored->posts_updated) + " edited upstream (found by the recheck)");
            if (stored->posts_deleted)
                log(src.cfg.id + ": " + std::to_string(stored->posts_deleted) + " deleted upstream, taken off the wall");
            if (stored->posts_recounted)
                log(src.cfg.id + ": new like, repost or reply counts on " + std::to_string(stored->posts_recounted) + " post(s)");
        }
        if (auto s = save_statuses(); !s) log("cannot write the status file: " + s.error());
    }

    // Streams every channel of a source until one ends or `stop`; returns the first error ("" when stopped).
    // While it streams, the source's recheck still runs at its interval: a favourite or a boost has
    // no stream event, so counts would otherwise freeze for as long as the stream stays up.
    std::string stream_all(Source& src, const std::vector<std::string>& channels, const std::atomic<bool>& stop, bool& opened,
                           Steady::time_point& next_recheck) {
        std::atomic<bool> halt{false};
        std::atomic<int> open{0};
        std::mutex em;
        std::string first_error;
        std::vector<std::thread> threads;
        for (const auto& ch : channels) {
            threads.emplace_back([&, ch] {
                RateLimit rate;
                auto st = src.conn->stream(
                    *opt.http, ch, halt,
                    [&](FetchedPage page) {
                        if (!page.problems.empty()) log(src.cfg.id + ": stream #" + ch + ": " + page.problems.front());
                        auto stored = store(src.cfg.id, page, std::nullopt);
                        if (!stored) log(src.cfg.id + ": " + stored.error());
                        else if (stored->posts_new || stored->posts_updated || stored->posts_deleted) {
                            log(src.cfg.id + ": stream #" + ch + ": " + std::to_string(stored->posts_new) + " new, " +
                                std::to_string(stored->posts_updated) + " edited, " + std::to_string(stored->posts_deleted) + " deleted");
                            std::lock_guard<std::mutex> lock(m);
                            statuses[src.cfg.id].last_success = wall();  // the admin sees a live stream as alive
                            if (auto s = save_statuses(); !s) log("cannot write the status file: " + s.error());
                        }
                    },
                    [&] {
                        if (++open == 1) {
                            std::lock_guard<std::mutex> lock(m);
                            statuses[src.cfg.id].mode = "streaming";
                            statuses[src.cfg.id].next_attempt.reset();
                            due.erase(src.cfg.id);
                            (void)save_statuses();
                            log(src.cfg.id + ": streaming");
                        }
                    },
                    rate);
                std::lock_guard<std::mutex> lock(em);
                if (!st && first_error.empty() && !halt.load()) first_error = st.error();
                halt = true;
            });
        }
        while (!stop.load() && !halt.load()) {
            if (open.load() > 0 && Steady::now() >= next_recheck) {
                recheck(src, stop);
                next_recheck = Steady::now() + opt.recheck_interval;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        halt = true;
        for (auto& t : threads) t.join();
        opened = open.load() > 0;
        std::lock_guard<std::mutex> lock(em);
        return stop.load() ? std::string() : first_error;
    }

    // Sets up one configured source: its status, and its connector unless it is disabled or lacks
    // credentials. Returns the new source (nullptr when it will not run).
    Source* configure(const SourceConfig& cfg, SourceStatus& st) {
        st.id = cfg.id;
        st.kind = cfg.kind;
        st.base_url = cfg.base_url;
        st.next_attempt.reset();
        due.erase(cfg.id);
        st.consecutive_failures = 0;
        if (!cfg.enabled) {
            st.mode = "disabled";
            return nullptr;
        }
        auto conn = make_connector(cfg, secrets);
        if (!conn) {
            st.mode = "not configured";
            st.last_error = secrets.redact(conn.error());
            st.last_error_at = wall();
            log(st.last_error);
            return nullptr;
        }
        st.mode = "idle";
        sources.push_back({cfg, std::move(*conn)});
        return &sources.back();
    }

    // The daemon's media mirror: a pass after each change of wall.json (at most once a second) and
    // every media_interval; a pass that added or removed files republishes, so screens switch to
    // the hub's copies. Downloads happen here, never inside the writers' lock.
    void mirror_loop(const std::atomic<bool>& stop) {
        // publish/media may be impossible to create at start (a full disk, a permission being fixed):
        // the mirror stays off only until a later attempt, one each media_interval, succeeds.
        auto mirror = MediaMirror::open(dir.path(), opt.http, opt.media);
        while (!mirror && !stop.load()) {
            log("media: the mirror is off for now (trying again in " +
                std::to_string(std::chrono::duration_cast<std::chrono::seconds>(opt.media_interval).count()) +
                " s): " + mirror.error());
            sleep_until_or_stop(Steady::now() + opt.media_interval, stop);
            if (stop.load()) return;
            mirror = MediaMirror::open(dir.path(), opt.http, opt.media);
            if (mirror) log("media: the mirror is on");
        }
        if (!mirror) return;
        FileStamp seen;
        Steady::time_point next = Steady::now();
        while (!stop.load()) {
            if (stamp_of(dir.wall_path()) == seen && Steady::now() < next) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            seen = stamp_of(dir.wall_path());
            MediaPassSummary sum = (*mirror)->run_pass(stop, wall());
            if (stop.load()) break;
            for (const auto& p : sum.problems) log("media: " + (p.url.empty() ? "" : p.url + ": ") + p.reason);
            if (sum.downloaded || sum.removed) {
                log("media: " + std::to_string(sum.downloaded) + " new, " + std::to_string(sum.removed) + " removed; " +
                    std::to_string(sum.mirrored) + " of " + std::to_string(sum.wanted) + " wall images on the hub (" +
                    std::to_string(sum.bytes_total / 1024) + " KB)" + (opt.publish ? "; republishing" : ""));
                if (opt.publish) {
                    std::lock_guard<std::mutex> lock(m);
                    if (auto w = publish_wall(dir, state, wall()); !w) log("media: republishing wall.json failed: " + w.error());
                    seen = stamp_of(dir.wall_path());  // our own republish needs no pass of its own
                }
            }
            next = Steady::now() + (sum.pending ? std::chrono::milliseconds(0) : opt.media_interval);
            if (!sum.pending) sleep_until_or_stop(Steady::now() + std::chrono::seconds(1), stop);
        }
    }

    // A new local day changes challenge_today (and the day's caps): the daemon republishes at each
    // local midnight of the event's zone, even when nothing arrives. Waited for on the steady clock
    // (a wall-clock step cannot make it fire twice or never); the target is worked out again from
    // the wall clock and the zone each time, so a clock change or a 23/25-hour day lands on time.
    std::chrono::steady_clock::time_point next_midnight_steady() {
        std::lock_guard<std::mutex> lock(m);
        Instant t = wall();
        auto next = opt.next_day_start ? opt.next_day_start(t) : next_local_midnight(t, state.event.timezone);
        if (!next) return std::chrono::steady_clock::now() + std::chrono::hours(1);  // (validate_event rules this out)
        // A second past midnight, so the publish's own clock reads the new day.
        return std::chrono::steady_clock::now() + (*next - t) + std::chrono::seconds(1);
    }

    void republish_new_day() {
        if (!opt.publish) return;
        std::lock_guard<std::mutex> lock(m);
        auto w = publish_wall(dir, state, wall());
        if (!w) log("midnight: republishing wall.json failed: " + w.error());
        else log("midnight: a new day in " + state.event.timezone + "; wall.json republished (revision " + std::to_string(w->revision) + ")");
    }

    void worker(Source& src, const std::atomic<bool>& stop) {
        IngestSummary ignored;
        Steady::time_point next_recheck = Steady::now();  // right after the first poll: deletions made while the hub was down
        Steady::time_point next_stream = Steady::now();
        int stream_failures = 0;
        while (!stop.load()) {
            Steady::time_point next;
            {
                std::lock_guard<std::mutex> lock(m);
                auto& st = statuses[src.cfg.id];
                auto it = due.find(src.cfg.id);
                next = it == due.end() ? Steady::now() : it->second;
                st.mode = "polling";
            }
            sleep_until_or_stop(next, stop);
            if (stop.load()) break;
            bool ok = poll_once(src, stop, ignored);
            if (ok && Steady::now() >= next_recheck && !stop.load()) {
                recheck(src, stop);
                next_recheck = Steady::now() + opt.recheck_interval;
            }
            auto channels = src.conn->stream_channels();
            if (!ok || channels.empty() || stop.load() || Steady::now() < next_stream) continue;
            bool opened = false;
            Steady::time_point began = Steady::now();
            std::string err = stream_all(src, channels, stop, opened, next_recheck);
            if (stop.load()) break;
            // The stream dropped or was refused: poll at once to catch up, keep polling at the
            // source's interval, and try streaming again after a pause that grows while the server
            // keeps refusing (a stream that was open for a while and then ended is retried at once).
            stream_failures = opened && Steady::now() - began > std::chrono::seconds(30) ? 0 : stream_failures + 1;
            auto pause = stream_failures ? std::chrono::duration_cast<std::chrono::milliseconds>(backoff_delay(stream_failures, jitter()))
                                         : std::chrono::milliseconds(0);
            next_stream = Steady::now() + pause;
            std::lock_guard<std::mutex> lock(m);
            auto& st = statuses[src.cfg.id];
            st.mode = "polling";
            st.last_error = secrets.redact(src.cfg.id + ": " + (err.empty() ? "the stream ended" : err));
            st.last_error_at = wall();
            schedule(st, std::chrono::milliseconds(0));
            log(st.last_error + "; polling, streaming again from " + format_rfc3339(wall() + pause));
            (void)save_statuses();
        }
    }
};

Ingestor::Ingestor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ingestor::~Ingestor() = default;

Result<std::unique_ptr<Ingestor>> Ingestor::open(const std::string& data_dir, IngestOptions options) {
    auto dir = DataDir::open(data_dir);
    if (!dir) return fail(dir.error());
    auto impl = std::make_unique<Impl>(std::move(*dir));
    auto state = impl->dir.load();
    if (!state) return fail(state.error());
    impl->state = std::move(*state);
    auto secrets = load_secrets(data_dir);
    if (!secrets) return fail(secrets.error());
    impl->secrets = std::move(*secrets);
    if (!options.http) options.http = std::shared_ptr<HttpClient>(make_curl_client(default_user_agent()));
    impl->opt = std::move(options);
    if (!impl->opt.media.authorization) {
        Impl* self = impl.get();  // the mirror runs inside run(), while the Impl lives
        impl->opt.media.authorization = [self](const std::string& url) { return self->chat_media_authorization(url); };
    }
    if (auto st = impl->load_cursors(); !st) return fail(st.error());
    if (auto old = load_source_status(data_dir)) impl->statuses = std::move(*old);
    // Keep only the sources the event still has, refreshed from its configuration.
    std::map<std::string, SourceStatus> fresh;
    for (const auto& cfg : impl->state.event.sources) {
        fresh[cfg.id] = impl->statuses.count(cfg.id) ? impl->statuses[cfg.id] : SourceStatus{};
        impl->configure(cfg, fresh[cfg.id]);
    }
    impl->statuses = std::move(fresh);
    return std::unique_ptr<Ingestor>(new Ingestor(std::move(impl)));
}

Result<IngestSummary> Ingestor::store(const std::string& source_id, const FetchedPage& page, const std::optional<Cursor>& cursor) {
    return impl_->store(source_id, page, cursor);
}

Result<IngestSummary> Ingestor::run_once() {
    impl_->publish_if_behind();  // what an earlier run stored but never published
    IngestSummary total;
    std::atomic<bool> never{false};
    std::mutex tm;
    std::vector<std::thread> threads;
    for (auto& src : impl_->sources) {
        threads.emplace_back([&, s = &src] {
            IngestSummary one;
            bool ok = impl_->poll_once(*s, never, one);
            if (ok) {
                std::int64_t before = 0;
                {
                    std::lock_guard<std::mutex> lock(impl_->m);
                    before = impl_->statuses[s->cfg.id].posts_deleted;
                }
                impl_->recheck(*s, never);
                std::lock_guard<std::mutex> lock(impl_->m);
                one.posts_deleted += impl_->statuses[s->cfg.id].posts_deleted - before;
            }
            std::lock_guard<std::mutex> lock(tm);
            total.sources++;
            if (!ok) total.failed++;
            total.posts_new += one.posts_new;
            total.posts_updated += one.posts_updated;
            total.posts_deleted += one.posts_deleted;
        });
    }
    for (auto& t : threads) t.join();
    std::lock_guard<std::mutex> lock(impl_->m);
    for (auto& [id, st] : impl_->statuses)
        if (st.mode == "idle" || st.mode == "polling") {
            st.mode = "stopped";
            if (st.consecutive_failures == 0) st.next_attempt.reset();  // nothing is scheduled after --once
        }
    if (auto s = impl_->save_statuses(); !s) return fail(s.error());
    return total;
}

Status Ingestor::run(const std::atomic<bool>& stop) {
    // One worker per running source, each with its own stop flag, so a source added, changed,
    // disabled or removed in event.json (by `source ...` or the admin window) is followed live.
    struct Running {
        SourceConfig cfg;
        std::unique_ptr<std::atomic<bool>> halt;
        std::thread thread;
    };
    std::map<std::string, Running> running;
    std::map<std::string, SourceConfig> acted_on;  // the configuration last acted on, per source id
    auto start = [&](Impl::Source& s) {
        Running r{s.cfg, std::make_unique<std::atomic<bool>>(false), {}};
        std::atomic<bool>* halt = r.halt.get();
        r.thread = std::thread([this, p = &s, halt] { impl_->worker(*p, *halt); });
        running[s.cfg.id] = std::move(r);
    };
    auto halt = [&](const std::string& id) {
        auto it = running.find(id);
        if (it == running.end()) return;
        *it->second.halt = true;
        it->second.thread.join();
        running.erase(it);
    };
    auto same = [](const SourceConfig& a, const SourceConfig& b) {
        return a.kind == b.kind && a.base_url == b.base_url && a.tags == b.tags && a.enabled == b.enabled &&
               a.poll_seconds == b.poll_seconds && a.stream == b.stream && a.channel == b.channel && a.team == b.team &&
               a.token_url == b.token_url;
    };
    for (const auto& cfg : impl_->state.event.sources) acted_on[cfg.id] = cfg;
    for (auto& src : impl_->sources) start(src);
    std::thread mirror;
    if (impl_->opt.mirror_media) mirror = std::thread([this, &stop] { impl_->mirror_loop(stop); });
    impl_->publish_if_behind();  // what an earlier run stored but never published
    Steady::time_point next_check = Steady::now() + impl_->opt.config_check_interval;
    auto next_midnight = impl_->next_midnight_steady();
    while (!stop.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (Steady::now() >= next_midnight) {
            impl_->republish_new_day();
            next_midnight = impl_->next_midnight_steady();
        }
        if (Steady::now() < next_check) continue;
        next_check = Steady::now() + impl_->opt.config_check_interval;
        std::vector<SourceConfig> wanted;
        {
            std::lock_guard<std::mutex> lock(impl_->m);
            if (auto st = impl_->dir.catch_up(impl_->state); !st) {
                impl_->log("cannot re-read the event: " + st.error());
                continue;
            }
            wanted = impl_->state.event.sources;
        }
        std::vector<const SourceConfig*> changed;
        std::map<std::string, bool> still;
        for (const auto& cfg : wanted) {
            still[cfg.id] = true;
            auto it = acted_on.find(cfg.id);
            if (it == acted_on.end() || !same(it->second, cfg)) changed.push_back(&cfg);
        }
        std::vector<std::string> gone;
        for (const auto& [id, cfg] : acted_on)
            if (!still.count(id)) gone.push_back(id);
        if (changed.empty() && gone.empty()) continue;
        for (const auto& id : gone) {
            halt(id);
            acted_on.erase(id);
            impl_->log(id + ": removed from the event; stopped");
        }
        if (!changed.empty()) {
            if (auto fresh = load_secrets(impl_->dir.path())) {  // a token may have come with the change
                std::lock_guard<std::mutex> lock(impl_->m);
                impl_->secrets = std::move(*fresh);
            } else {
                impl_->log(fresh.error());
            }
        }
        for (const SourceConfig* cfg : changed) {
            halt(cfg->id);
            acted_on[cfg->id] = *cfg;
            Impl::Source* src = nullptr;
            {
                std::lock_guard<std::mutex> lock(impl_->m);
                src = impl_->configure(*cfg, impl_->statuses[cfg->id]);
            }
            impl_->log(cfg->id + (src ? ": (re)configured; running" : ": " + impl_->statuses[cfg->id].mode));
            if (src) start(*src);
        }
        std::lock_guard<std::mutex> lock(impl_->m);
        if (auto s = impl_->save_statuses(); !s) impl_->log("cannot write the status file: " + s.error());
    }
    for (auto& [id, r] : running) *r.halt = true;
    for (auto& [id, r] : running) r.thread.join();
    if (mirror.joinable()) mirror.join();
    std::lock_guard<std::mutex> lock(impl_->m);
    for (auto& [id, st] : impl_->statuses)
        if (st.mode != "disabled" && st.mode != "not configured") {
            st.mode = "stopped";
            st.next_attempt.reset();
        }
    return impl_->save_statuses();
}

}  // namespace lw::connectors
