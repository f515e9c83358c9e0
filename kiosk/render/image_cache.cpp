// The image cache of the kiosk and the admin (see image_cache.hpp): workers fetch, check the header,
// decode and shrink; the UI thread only makes textures of finished, small images.
#include "render/image_cache.hpp"

#include <utime.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "learnwall/connectors/http.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/image.hpp"
#include "learnwall/media.hpp"

namespace lw::kiosk {

namespace {

// The mirror's URL hash (FNV-1a 64): stable file names across restarts.
std::string disk_name(const std::string& url) { return media_hash(url) + ".img"; }

// A local path is read only inside one of `dirs` (after "." and ".." are resolved away).
bool inside_local_dirs(const std::string& path, const std::vector<std::string>& dirs) {
    if (path.empty() || path.front() != '/') return false;
    const std::string p = std::filesystem::path(path).lexically_normal().string();
    for (const auto& d : dirs) {
        std::string dir = std::filesystem::path(d).lexically_normal().string();
        if (dir.empty()) continue;
        if (dir.back() != '/') dir += '/';
        if (p.size() > dir.size() && p.compare(0, dir.size(), dir) == 0) return true;
    }
    return false;
}

sf::Image shrink(const sf::Image& src, unsigned side) {
    const sf::Vector2u s = src.getSize();
    RgbaImage out = shrink_rgba(src.getPixelsPtr(), s.x, s.y, side);
    sf::Image img;
    img.create(out.width, out.height, out.pixels.data());
    return img;
}

}  // namespace

ImageCache::ImageCache(ImageCacheOptions opts) : opts_(std::move(opts)) {
    if (!opts_.policy) opts_.policy = std::make_shared<const FetchPolicy>();
    // Made here, on the UI thread: the client's one-time libcurl setup is not thread-safe.
    http_ = connectors::make_curl_client(connectors::user_agent(opts_.purpose));
    if (!opts_.disk_dir.empty() && !ensure_directory(opts_.disk_dir)) opts_.disk_dir.clear();
    if (!opts_.disk_dir.empty()) trim_disk();
    WorkerOptions w;
    w.threads = std::max(1, opts_.workers);
    w.max_queue = opts_.max_queue;
    w.order = WorkerOptions::Order::newest_first;  // what was drawn last is what is on screen now
    w.finish_queue_on_stop = false;                // nobody will draw them; downloads in flight give up
    worker_ = std::make_unique<Worker>(w);
}

ImageCache::~ImageCache() { worker_->stop(); }

void ImageCache::queue(const std::string& url) {
    worker_->post([this, url] { done_.push(load(url)); },
                  // Scrolled past before a worker got to it: forget it, so drawing it again asks again.
                  // Runs on this (the UI) thread, inside post().
                  [this, url] {
                      auto it = entries_.find(url);
                      if (it != entries_.end() && it->second->state == State::loading) entries_.erase(it);
                  });
}

const ImageCache::Entry& ImageCache::entry(const std::string& url) {
    auto& slot = entries_[url];
    bool ask = false;
    if (!slot) {
        slot = std::make_unique<Entry>();
        ask = true;
    } else if (slot->state == State::failed && std::chrono::steady_clock::now() - slot->failed_at > opts_.retry_failed_after) {
        slot->state = State::loading;  // the network may be back
        ask = true;
    }
    slot->used = tick_;
    Entry& e = *slot;  // the map may not move it, but keep the one we return apart from `slot`
    if (ask) queue(url);
    return e;
}

const sf::Texture* ImageCache::get(const std::string& url) {
    if (url.empty()) return nullptr;
    const Entry& e = entry(url);
    return e.state == State::ready ? &e.texture : nullptr;
}

ImageCache::State ImageCache::state(const std::string& url) const {
    auto it = entries_.find(url);
    return it == entries_.end() ? State::loading : it->second->state;
}

bool ImageCache::pump() {
    ++tick_;
    auto done = done_.take(opts_.uploads_per_frame ? opts_.uploads_per_frame : SIZE_MAX);
    for (Loaded& d : done) {
        auto it = entries_.find(d.url);
        std::string error = d.error;
        if (it != entries_.end()) {  // else evicted meanwhile
            Entry& e = *it->second;
            const bool made = d.image && e.texture.loadFromImage(*d.image) &&
                              (!d.blurred || e.blurred.loadFromImage(*d.blurred));
            if (made) {
                e.texture.setSmooth(true);
                e.blurred.setSmooth(true);  // a few pixels drawn large, filtered: a blur for free
                e.state = State::ready;
                e.reason.clear();
            } else {
                if (error.empty()) error = "the graphics card refused the texture";
                e.state = State::failed;
                e.reason = error;
                e.failed_at = std::chrono::steady_clock::now();
            }
        }
        if (!error.empty()) errors_.push_back(d.url + ": " + error);
    }
    evict();
    return !done.empty();
}

void ImageCache::evict() {
    // Beyond the bound: the least recently drawn go (never one drawn in the last frame). Failed
    // entries keep their reason without a texture; they count against a looser bound.
    std::size_t textures = texture_count();
    if (textures <= opts_.max_textures && entries_.size() <= opts_.max_textures * 4) return;
    std::vector<std::pair<std::uint64_t, std::string>> old;
    for (const auto& [url, e] : entries_)
        if (e->state != State::loading && e->used + 1 < tick_) old.emplace_back(e->used, url);
    std::sort(old.begin(), old.end());
    for (const auto& [used, url] : old) {
        if (textures <= opts_.max_textures && entries_.size() <= opts_.max_textures * 4) break;
        auto it = entries_.find(url);
        textures -= it->second->state == State::ready;
        entries_.erase(it);
    }
}

bool ImageCache::idle() const { return worker_->idle(); }

std::vector<std::string> ImageCache::take_errors() { return std::exchange(errors_, {}); }

std::size_t ImageCache::texture_count() const {
    std::size_t n = 0;
    for (const auto& [url, e] : entries_) n += e->state == State::ready;
    return n;
}

std::optional<std::string> ImageCache::fetch(const std::string& url, std::string& error) {
    if (auto cached = from_disk(url)) return cached;
    if (!is_http_url(url)) {
        // Only the wall's own media folder: a post's /etc/... or file://... is never opened.
        if (!inside_local_dirs(url, opts_.local_dirs)) {
            error = "refused: not an http(s) URL nor a file of the wall's media folder (a post's local path is never opened)";
            return std::nullopt;
        }
        std::error_code ec;
        const auto size = std::filesystem::file_size(url, ec);
        if (ec) {
            error = "cannot read the file (" + ec.message() + ")";
            return std::nullopt;
        }
        if (size > opts_.max_bytes) {
            error = "too large: " + format_megabytes(size) + " (limit " + format_megabytes(opts_.max_bytes) + "; not read)";
            return std::nullopt;
        }
        auto text = read_file(url);
        if (!text) error = text.error();
        return text ? std::optional<std::string>(std::move(*text)) : std::nullopt;
    }
    if (auto st = opts_.policy->check_url(url); !st) {
        error = st.error();
        return std::nullopt;
    }
    // The one policy (scheme, addresses on every hop, redirects, timeouts); the byte cap is this cache's.
    connectors::HttpRequest req = connectors::post_media_request(url, opts_.policy);
    req.max_body_bytes = opts_.max_bytes;
    auto resp = http_->send(req, &worker_->stop_flag());  // closing the window cancels downloads
    if (resp.too_large) error = "too large: more than " + format_megabytes(opts_.max_bytes) + " (not downloaded)";
    else if (resp.refused) error = resp.error;
    else if (resp.timed_out) error = "the image server did not answer in time";
    else if (!resp.error.empty()) error = "unreachable: " + resp.error;
    else if (resp.status < 200 || resp.status >= 300) error = "the image server answered HTTP " + std::to_string(resp.status);
    else return std::move(resp.body);
    return std::nullopt;
}

ImageCache::Loaded ImageCache::load(const std::string& url) {
    Loaded r;
    r.url = url;
    auto bytes = fetch(url, r.error);
    if (!bytes) return r;
    // The header first: a file claiming 10 gigapixels, a cut-off download or a login page is refused
    // with a reason before any decoder sees it.
    const ImageInfo info = inspect_image(*bytes, ImageLimits{opts_.max_bytes, opts_.max_pixels});
    if (!info.ok()) {
        r.error = info.problem;
        return r;
    }
    if (info.format == ImageFormat::webp) {
        r.error = "WebP images cannot be shown here (PNG, JPEG, GIF or BMP only)";
        return r;
    }
    sf::Image full;
    if (!full.loadFromMemory(bytes->data(), bytes->size())) {
        r.error = std::string("broken ") + image_format_name(info.format) + " (it could not be decoded)";
        return r;
    }
    r.image = shrink(full, opts_.max_side);
    if (opts_.blur_side > 0) r.blurred = shrink(*r.image, opts_.blur_side);
    if (is_http_url(url)) to_disk(url, *bytes);  // only what decoded: a broken answer is fetched again later
    return r;
}

std::optional<std::string> ImageCache::from_disk(const std::string& url) {
    if (opts_.disk_dir.empty() || !is_http_url(url)) return std::nullopt;
    const std::string path = opts_.disk_dir + "/" + disk_name(url);
    if (!file_exists(path)) return std::nullopt;
    auto text = read_file(path);
    if (!text) return std::nullopt;
    ::utime(path.c_str(), nullptr);  // recently used: trimmed last
    return std::move(*text);
}

void ImageCache::to_disk(const std::string& url, const std::string& bytes) {
    if (opts_.disk_dir.empty()) return;
    if (!write_file_atomic(opts_.disk_dir + "/" + disk_name(url), bytes)) return;  // best effort
    if (++disk_writes_ % 16 == 0) trim_disk();
}

void ImageCache::trim_disk() {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    std::uint64_t total = 0;
    for (const auto& e : fs::directory_iterator(opts_.disk_dir, ec)) {
        if (e.path().extension() != ".img") continue;
        auto sz = e.file_size(ec);
        if (ec) continue;
        total += sz;
        files.emplace_back(e.last_write_time(ec), e.path());
    }
    if (total <= opts_.disk_limit_bytes) return;
    std::sort(files.begin(), files.end());
    for (const auto& [when, path] : files) {
        if (total <= opts_.disk_limit_bytes * 9 / 10) break;
        auto sz = fs::file_size(path, ec);
        if (fs::remove(path, ec)) total -= sz;
    }
}

}  // namespace lw::kiosk
