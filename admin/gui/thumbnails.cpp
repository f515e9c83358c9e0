// Loading thumbnails off the frame (see thumbnails.hpp).
#include "gui/thumbnails.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <mutex>

#include "learnwall/connectors/http.hpp"
#include "learnwall/log_safe.hpp"

namespace lw::admin {

namespace {

constexpr int kUploadsPerFrame = 6;  // a texture upload is cheap, but dozens at once would show

unsigned byte_at(const std::string& b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
std::uint32_t big16(const std::string& b, std::size_t i) { return byte_at(b, i) << 8 | byte_at(b, i + 1); }
std::uint32_t big32(const std::string& b, std::size_t i) { return big16(b, i) << 16 | big16(b, i + 2); }
std::uint32_t little16(const std::string& b, std::size_t i) { return byte_at(b, i) | byte_at(b, i + 1) << 8; }
std::uint32_t little32(const std::string& b, std::size_t i) { return little16(b, i) | little16(b, i + 2) << 16; }

std::string megabytes(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

// JPEG keeps its size in the frame header (SOF0..SOF15 but DHT, JPG and DAC); walk the segments to it.
bool jpeg_size(const std::string& b, std::uint32_t& w, std::uint32_t& h) {
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (byte_at(b, i) != 0xFF) return false;
        unsigned marker = byte_at(b, i + 1);
        if (marker == 0xFF) {  // fill byte
            ++i;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {  // no length
            i += 2;
            continue;
        }
        std::uint32_t len = big16(b, i + 2);
        if (len < 2) return false;
        bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (i + 9 > b.size()) return false;
            h = big16(b, i + 5);
            w = big16(b, i + 7);
            return true;
        }
        i += 2 + len;
    }
    return false;
}

}  // namespace

ImageHeader read_image_header(const std::string& b) {
    ImageHeader h;
    if (b.size() >= 24 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) {
        h.format = "PNG";
        if (b.compare(12, 4, "IHDR") == 0) h.width = big32(b, 16), h.height = big32(b, 20);
    } else if (b.size() >= 3 && byte_at(b, 0) == 0xFF && byte_at(b, 1) == 0xD8 && byte_at(b, 2) == 0xFF) {
        h.format = "JPEG";
        jpeg_size(b, h.width, h.height);
    } else if (b.size() >= 10 && (b.compare(0, 6, "GIF87a") == 0 || b.compare(0, 6, "GIF89a") == 0)) {
        h.format = "GIF";
        h.width = little16(b, 6), h.height = little16(b, 8);
    } else if (b.size() >= 26 && b.compare(0, 2, "BM") == 0) {
        h.format = "BMP";
        auto w = static_cast<std::int32_t>(little32(b, 18)), ht = static_cast<std::int32_t>(little32(b, 22));
        h.width = static_cast<std::uint32_t>(w < 0 ? -static_cast<std::int64_t>(w) : w);
        h.height = static_cast<std::uint32_t>(ht < 0 ? -static_cast<std::int64_t>(ht) : ht);
    } else if (b.size() >= 12 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0) {
        h.problem = "WebP images cannot be shown here (PNG, JPEG, GIF or BMP only); open the post's link";
        return h;
    } else {
        std::size_t i = 0;
        while (i < b.size() && std::isspace(byte_at(b, i))) ++i;
        h.problem = b.empty()                       ? "the file is empty"
                    : i < b.size() && b[i] == '<' ? "not an image: the answer is HTML or XML (a login or error page?)"
                                                  : "not an image (PNG, JPEG, GIF or BMP expected)";
        return h;
    }
    if (h.width == 0 || h.height == 0) h.problem = "broken " + h.format + " header (no size in it)";
    return h;
}

sf::Image shrink_image(const sf::Image& src, unsigned side) {
    const sf::Vector2u in = src.getSize();
    if (in.x == 0 || in.y == 0 || (in.x <= side && in.y <= side)) return src;
    const double scale = static_cast<double>(side) / std::max(in.x, in.y);
    const unsigned w = std::max(1u, static_cast<unsigned>(in.x * scale + 0.5));
    const unsigned h = std::max(1u, static_cast<unsigned>(in.y * scale + 0.5));
    const sf::Uint8* px = src.getPixelsPtr();
    // Sum every source pixel into the output pixel whose box holds it, then divide by the box size.
    std::vector<std::uint32_t> sum(static_cast<std::size_t>(w) * h * 4, 0), count(static_cast<std::size_t>(w) * h, 0);
    for (unsigned y = 0; y < in.y; ++y) {
        const std::size_t oy = static_cast<std::size_t>(y) * h / in.y;
        for (unsigned x = 0; x < in.x; ++x) {
            const std::size_t o = oy * w + static_cast<std::size_t>(x) * w / in.x;
            const sf::Uint8* p = px + (static_cast<std::size_t>(y) * in.x + x) * 4;
            for (int c = 0; c < 4; ++c) sum[o * 4 + c] += p[c];
            ++count[o];
        }
    }
    std::vector<sf::Uint8> out(sum.size());
    for (std::size_t o = 0; o < count.size(); ++o)
        for (int c = 0; c < 4; ++c) out[o * 4 + c] = static_cast<sf::Uint8>(count[o] ? sum[o * 4 + c] / count[o] : 0);
    sf::Image img;
    img.create(w, h, out.data());
    return img;
}

ThumbnailCache::ThumbnailCache(ThumbnailOptions opts) : opts_(std::move(opts)) {
    if (!opts_.policy) opts_.policy = std::make_shared<const FetchPolicy>();
    // Made here, on the UI thread: the client's one-time libcurl setup is not thread-safe.
    http_ = connectors::make_curl_client("learnwall-admin/" LEARNWALL_VERSION " (moderation thumbnails)");
    for (int i = 0; i < std::max(1, opts_.workers); ++i) workers_.emplace_back([this] { work(); });
}

ThumbnailCache::~ThumbnailCache() {
    abort_ = true;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        queue_.clear();
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
}

const ThumbnailCache::Thumb& ThumbnailCache::get(const std::string& url) {
    auto& slot = thumbs_[url];
    bool queue = false;
    if (!slot) {
        slot = std::make_unique<Thumb>();
        queue = true;
    } else if (slot->state == State::failed &&
               std::chrono::steady_clock::now() - slot->failed_at > opts_.retry_failed_after) {
        slot->state = State::loading;  // the network may be back
        queue = true;
    }
    slot->used = tick_;
    if (queue) {
        std::string dropped;
        {
            std::lock_guard lock(mu_);
            queue_.push_back(url);
            if (queue_.size() > opts_.max_queue) {
                dropped = std::move(queue_.front());
                queue_.pop_front();
            }
        }
        cv_.notify_one();
        // Scrolled past before a worker got to it: forget it, so drawing it again asks again.
        if (!dropped.empty() && dropped != url) thumbs_.erase(dropped);
    }
    return *slot;
}

void ThumbnailCache::pump() {
    ++tick_;
    std::vector<Loaded> done;
    {
        std::lock_guard lock(mu_);
        const auto n = std::min<std::size_t>(done_.size(), kUploadsPerFrame);
        done.assign(std::make_move_iterator(done_.begin()), std::make_move_iterator(done_.begin() + static_cast<std::ptrdiff_t>(n)));
        done_.erase(done_.begin(), done_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    for (Loaded& d : done) {
        auto it = thumbs_.find(d.url);
        if (it == thumbs_.end()) continue;  // evicted meanwhile
        Thumb& t = *it->second;
        if (d.image && t.texture.loadFromImage(*d.image) && d.blurred && t.blurred.loadFromImage(*d.blurred)) {
            t.texture.setSmooth(true);
            t.blurred.setSmooth(true);  // a few pixels drawn large, filtered: a blur for free
            t.state = State::ready;
        } else {
            t.state = State::failed;
            t.reason = d.error.empty() ? "the graphics card refused the texture" : d.error;
            t.failed_at = std::chrono::steady_clock::now();
            std::cerr << "learnwall-admin: image " << log_safe(d.url, 500) << ": " << log_safe(t.reason, 500) << "\n";
        }
    }
    // Beyond the bound: the least recently drawn go (never one drawn in the last frame).
    std::size_t textures = 0;
    for (const auto& [url, t] : thumbs_) textures += t->state == State::ready;
    if (textures > opts_.max_textures || thumbs_.size() > opts_.max_textures * 4) {
        std::vector<std::pair<std::uint64_t, std::string>> old;
        for (const auto& [url, t] : thumbs_)
            if (t->state != State::loading && t->used + 1 < tick_) old.emplace_back(t->used, url);
        std::sort(old.begin(), old.end());
        for (const auto& [used, url] : old) {
            if (textures <= opts_.max_textures * 3 / 4 && thumbs_.size() <= opts_.max_textures * 3) break;
            textures -= thumbs_[url]->state == State::ready;
            thumbs_.erase(url);
        }
    }
}

std::size_t ThumbnailCache::texture_count() const {
    std::size_t n = 0;
    for (const auto& [url, t] : thumbs_) n += t->state == State::ready;
    return n;
}

bool ThumbnailCache::idle() const {
    std::lock_guard lock(mu_);
    return queue_.empty() && busy_ == 0 && done_.empty();
}

void ThumbnailCache::work() {
    std::unique_lock lock(mu_);
    while (true) {
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        std::string url = std::move(queue_.back());
        queue_.pop_back();
        ++busy_;
        lock.unlock();
        Loaded result = load(url);
        lock.lock();
        --busy_;
        done_.push_back(std::move(result));
    }
}

std::optional<std::string> ThumbnailCache::fetch(const std::string& url, std::string& error) {
    // Only the web: a post's file:// URL or /etc/... path is refused, never opened.
    if (auto st = opts_.policy->check_url(url); !st) {
        error = "not an address the window opens: " + st.error();
        return std::nullopt;
    }
    connectors::HttpRequest req = connectors::post_media_request(url, opts_.policy);
    req.max_body_bytes = opts_.max_bytes;
    req.connect_timeout = std::chrono::seconds(opts_.connect_timeout_s);
    req.total_timeout = std::chrono::seconds(opts_.timeout_s);
    auto resp = http_->send(req, &abort_);  // closing the window cancels downloads
    if (resp.too_large) {
        error = "too large: more than " + megabytes(opts_.max_bytes) + " (not downloaded)";
    } else if (resp.refused) {
        error = resp.error;
    } else if (resp.timed_out) {
        error = "the image server did not answer in time";
    } else if (!resp.error.empty()) {
        error = "unreachable: " + resp.error;
    } else if (resp.status < 200 || resp.status >= 300) {
        error = "the image server answered HTTP " + std::to_string(resp.status);
    } else {
        return std::move(resp.body);
    }
    return std::nullopt;
}

ThumbnailCache::Loaded ThumbnailCache::load(const std::string& url) {
    Loaded r;
    r.url = url;
    auto bytes = fetch(url, r.error);
    if (!bytes) return r;
    ImageHeader h = read_image_header(*bytes);
    if (!h.problem.empty()) {
        r.error = h.problem;
        return r;
    }
    if (static_cast<std::uint64_t>(h.width) * h.height > opts_.max_pixels) {
        r.error = "too large: " + std::to_string(h.width) + "x" + std::to_string(h.height) + " pixels (limit " +
                  std::to_string(opts_.max_pixels / 1'000'000) + " megapixels; not decoded)";
        return r;
    }
    sf::Image full;
    if (!full.loadFromMemory(bytes->data(), bytes->size())) {
        r.error = "broken or cut-off " + h.format + " (it could not be decoded)";
        return r;
    }
    bytes.reset();
    r.image = shrink_image(full, opts_.max_side);
    r.blurred = shrink_image(*r.image, opts_.blur_side);
    return r;
}

}  // namespace lw::admin
