// wall.json loading off the render thread: file stamp polling, HTTP conditional GET, last-good cache.
#include "wall_source.hpp"

#include <curl/curl.h>

#include <strings.h>

#include <cstring>
#include <filesystem>
#include <functional>
#include <random>

#include "learnwall/fsutil.hpp"

namespace lw::kiosk {

bool is_url(const std::string& s) {
    return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0 || s.rfind("file://", 0) == 0;
}

namespace {

struct HttpReply {
    long status = 0;
    std::string body, etag, last_modified, error;
    bool too_big = false;
    std::size_t limit = 0;
    const std::atomic<bool>* abort = nullptr;
};

// libcurl's progress callback: a non-zero return aborts the transfer (the kiosk is shutting down).
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* r = static_cast<const HttpReply*>(user);
    return r->abort && r->abort->load() ? 1 : 0;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* r = static_cast<HttpReply*>(user);
    if (r->body.size() + size * n > r->limit) {
        r->too_big = true;
        return 0;  // aborts the transfer
    }
    r->body.append(data, size * n);
    return size * n;
}

std::string header_value(const std::string& line, const char* name) {
    size_t n = std::strlen(name);
    if (line.size() <= n || strncasecmp(line.c_str(), name, n) != 0) return {};
    std::string v = line.substr(n);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.erase(v.begin());
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
    return v;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* r = static_cast<HttpReply*>(user);
    std::string line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) r->etag.clear(), r->last_modified.clear();  // a new response (redirects)
    if (auto v = header_value(line, "etag:"); !v.empty()) r->etag = v;
    if (auto v = header_value(line, "last-modified:"); !v.empty()) r->last_modified = v;
    return size * n;
}

}  // namespace

WallSource::WallSource(std::string source, SourceOptions opts) : source_(std::move(source)), opts_(std::move(opts)) {
    if (source_.rfind("file://", 0) == 0) source_ = source_.substr(7);
    url_ = is_url(source_);
    load_cache();
}

WallSource::~WallSource() { stop(); }

void WallSource::load_cache() {
    if (opts_.cache_path.empty() || !file_exists(opts_.cache_path)) return;
    auto text = read_file(opts_.cache_path);
    if (!text) return;
    auto w = parse_wall(*text, opts_.cache_path);
    if (!w) return;  // a damaged cache is simply not used; the source will replace it
    std::lock_guard lock(mu_);
    state_.wall = std::make_shared<const Wall>(std::move(*w));
    state_.from_cache = true;
    state_.error = "showing the copy saved on this screen until the source answers";
    ++state_.generation;
}

void WallSource::start() {
    if (worker_.joinable()) return;
    {
        std::lock_guard lock(mu_);
        stopping_ = false;
    }
    worker_ = std::thread([this] { run(); });
}

void WallSource::stop() {
    abort_ = true;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void WallSource::load_now() { attempt(); }

void WallSource::run() {
    // Jitter spreads many screens' polls over the interval instead of all at the same instant.
    std::minstd_rand rng(std::random_device{}());
    std::uniform_real_distribution<double> spread(1.0 - opts_.poll_jitter, 1.0 + opts_.poll_jitter);
    std::unique_lock lock(mu_);
    while (!stopping_) {
        lock.unlock();
        attempt();
        lock.lock();
        auto wait = url_ ? std::chrono::duration_cast<std::chrono::milliseconds>(opts_.url_poll * spread(rng))
                         : opts_.file_poll;
        cv_.wait_for(lock, wait, [this] { return stopping_; });
    }
}

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
        return publish_ok(std::make_shared<const Wall>(std::move(*w)), *text);
    }

    CURL* curl = curl_easy_init();
    if (!curl) return publish_error(source_ + ": cannot start an HTTP request");
    HttpReply reply;
    reply.limit = opts_.max_bytes;
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_slist* headers = nullptr;
    if (!etag_.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + etag_).c_str());
    if (!last_modified_.empty()) headers = curl_slist_append(headers, ("If-Modified-Since: " + last_modified_).c_str());
    if (!opts_.screen_id.empty()) headers = curl_slist_append(headers, ("X-Learnwall-Screen: " + opts_.screen_id).c_str());
    reply.abort = &abort_;
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &reply);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_URL, source_.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(opts_.url_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "learnwall-kiosk/" LEARNWALL_VERSION);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);

    if (reply.too_big) return publish_error(source_ + ": response is larger than " + std::to_string(opts_.max_bytes) + " bytes");
    if (rc != CURLE_OK) return publish_error(source_ + ": " + (errbuf[0] ? errbuf : curl_easy_strerror(rc)));
    if (reply.status == 304) return publish_unchanged();
    if (reply.status != 200) return publish_error(source_ + ": HTTP status " + std::to_string(reply.status));
    auto w = parse_wall(reply.body, source_);
    if (!w) {
        have_body_hash_ = false;
        etag_.clear();
        last_modified_.clear();
        return publish_error(w.error());
    }
    etag_ = reply.etag;
    last_modified_ = reply.last_modified;
    // Servers without validators send the same body again: that is no reason to redraw.
    std::size_t h = std::hash<std::string>{}(reply.body);
    if (have_body_hash_ && h == body_hash_) return publish_unchanged();
    have_body_hash_ = true;
    body_hash_ = h;
    publish_ok(std::make_shared<const Wall>(std::move(*w)), reply.body);
}

}  // namespace lw::kiosk
