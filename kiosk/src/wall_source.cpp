// wall.json loading off the render thread: file stamp polling, HTTP conditional GET, last-good cache.
#include "wall_source.hpp"

#include <cctype>
#include <cstring>
#include <filesystem>
#include <functional>

#include "learnwall/connectors/http.hpp"
#include "learnwall/fetch_policy.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/url.hpp"
#include "shown_reporter.hpp"

namespace lw::kiosk {

WallSource::WallSource(std::string source, SourceOptions opts) : source_(std::move(source)), opts_(std::move(opts)) {
    if (source_.rfind("file://", 0) == 0) source_ = source_.substr(7);
    url_ = is_url_source(source_);
    if (url_) http_ = connectors::make_curl_client(connectors::user_agent("event wall screen"));
    load_cache();
}

WallSource::~WallSource() { stop(); }

void WallSource::load_cache() {
    if (opts_.cache_path.empty() || !file_exists(opts_.cache_path)) return;
    auto text = read_file(opts_.cache_path);
    if (!text) return;
    auto w = parse_wall(*text, opts_.cache_path);
    if (!w) return;  // a damaged cache is simply not used; the source will replace it
    resolve_wall_media(*w, source_);
    std::lock_guard lock(mu_);
    state_.wall = std::make_shared<const Wall>(std::move(*w));
    state_.from_cache = true;
    state_.error = "showing the copy saved on this screen until the source answers";
    ++state_.generation;
}

void WallSource::start() {
    if (worker_) return;
    WorkerOptions o;
    // Jitter spreads many screens' polls over the interval instead of all at the same instant.
    o.every = url_ ? opts_.url_poll : opts_.file_poll;
    o.jitter = url_ ? opts_.poll_jitter : 0.0;
    o.finish_queue_on_stop = false;
    abort_ = false;
    worker_ = std::make_unique<Worker>(o, [this] { attempt(); });
}

void WallSource::stop() {
    if (!worker_) return;
    abort_ = true;  // a request in flight gives up at once, so the join below is prompt
    worker_->stop();
    worker_.reset();
}

void WallSource::load_now() { attempt(); }

std::optional<SourceState> WallSource::poll(std::uint64_t seen) const {
    std::lock_guard lock(mu_);
    if (state_.generation == seen) return std::nullopt;
    return state_;
}

SourceState WallSource::state() const {
    std::lock_guard lock(mu_);
    return state_;
}

void WallSource::publish_ok(std::shared_ptr<const Wall> w, const std::string& raw) {
    {
        std::lock_guard lock(mu_);
        state_.wall = std::move(w);
        state_.ok = true;
        state_.error.clear();
        ++state_.loads;
        ++state_.attempts;
        state_.last_ok = std::chrono::steady_clock::now();
        state_.from_cache = false;
        ++state_.generation;
    }
    if (!opts_.cache_path.empty()) {
        // Best effort: a screen that cannot keep a copy still shows the live wall.
        auto dir = std::filesystem::path(opts_.cache_path).parent_path();
        if (dir.empty() || ensure_directory(dir.string())) (void)write_file_atomic(opts_.cache_path, raw);
    }
}

void WallSource::publish_unchanged() {
    std::lock_guard lock(mu_);
    ++state_.attempts;
    state_.last_ok = std::chrono::steady_clock::now();
    if (!state_.ok) {
        state_.ok = true;
        state_.error.clear();
        ++state_.generation;
    }
}

void WallSource::publish_error(const std::string& why) {
    std::lock_guard lock(mu_);
    ++state_.attempts;
    if (state_.ok || state_.failing_since == std::chrono::steady_clock::time_point{})
        state_.failing_since = std::chrono::steady_clock::now();
    if (state_.ok || state_.error != why) {
        state_.ok = false;
        state_.error = why;
        ++state_.generation;
    }
}

void WallSource::attempt() {
    if (!url_) {
        FileStamp st = stamp_of(source_);
        bool same = have_stamp_ && st.exists == stamp_exists_ && st.inode == stamp_inode_ && st.size == stamp_size_ &&
                    st.mtime_ns == stamp_mtime_;
        if (same) return;
        have_stamp_ = true;
        stamp_exists_ = st.exists;
        stamp_inode_ = st.inode;
        stamp_size_ = st.size;
        stamp_mtime_ = st.mtime_ns;
        if (!st.exists) return publish_error(source_ + ": file not found");
        if (st.size > opts_.max_bytes)
            return publish_error(source_ + ": " + std::to_string(st.size) + " bytes is more than a wall.json may be");
        auto text = read_file(source_);
        if (!text) return publish_error(text.error());
        auto w = parse_wall(*text, source_);
        if (!w) {
            // A writer that is not atomic may be half way through: look again on the next tick.
            have_stamp_ = false;
            return publish_error(w.error());
        }
        resolve_wall_media(*w, source_);
        return publish_ok(std::make_shared<const Wall>(std::move(*w)), *text);
    }

    // The one HTTP client (learnwall/connectors/http.hpp): the body cap counts decoded bytes, only
    // gzip and deflate are asked for, and the final URL after redirects comes back with the answer.
    connectors::HttpRequest req;
    req.url = source_;
    if (!etag_.empty()) req.headers.emplace_back("If-None-Match", etag_);
    if (!last_modified_.empty()) req.headers.emplace_back("If-Modified-Since", last_modified_);
    if (!opts_.screen_id.empty()) req.headers.emplace_back("X-Learnwall-Screen", opts_.screen_id);
    req.max_body_bytes = opts_.max_bytes;
    req.connect_timeout = std::chrono::seconds(5);
    req.total_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(opts_.url_timeout);
    if (opts_.shown)
        for (auto& h : opts_.shown->before_poll(ShownReporter::steady_ms_now(), ShownReporter::unix_now()))
            req.headers.push_back(std::move(h));
    connectors::HttpResponse reply = http_->send(req, &abort_);  // stop() ends a request in flight at once
    // Any answer means the server got (and nginx logged) the record; none means it is sent again later.
    if (opts_.shown) opts_.shown->after_poll(reply.status != 0);
    // Relative image paths resolve against where wall.json really came from (after redirects).
    const std::string base = reply.final_url.empty() ? source_ : reply.final_url;

    if (reply.too_large) return publish_error(source_ + ": response is larger than " + std::to_string(opts_.max_bytes) + " bytes");
    if (!reply.error.empty()) return publish_error(source_ + ": " + reply.error);
    if (reply.status == 304) return publish_unchanged();
    if (reply.status != 200) return publish_error(source_ + ": HTTP status " + std::to_string(reply.status));
    auto w = parse_wall(reply.body, source_);
    if (!w) {
        have_body_hash_ = false;
        etag_.clear();
        last_modified_.clear();
        return publish_error(w.error());
    }
    resolve_wall_media(*w, base);
    etag_ = reply.header("etag");
    last_modified_ = reply.header("last-modified");
    // Servers without validators send the same body again: that is no reason to redraw.
    std::size_t h = std::hash<std::string>{}(reply.body);
    if (have_body_hash_ && h == body_hash_) return publish_unchanged();
    have_body_hash_ = true;
    body_hash_ = h;
    publish_ok(std::make_shared<const Wall>(std::move(*w)), reply.body);
}

}  // namespace lw::kiosk
