// Image loading for the kiosk: worker threads fetch, check the header, decode and downscale; the
// render thread only uploads finished, small images as textures.
#include "image_cache.hpp"

#include <sys/stat.h>
#include <utime.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "learnwall/connectors/http.hpp"
#include "learnwall/fsutil.hpp"

namespace lw::kiosk {

namespace {

constexpr auto kRetryFailedAfter = std::chrono::minutes(5);

std::uint32_t be32(const std::string& b, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}
std::uint32_t le16(const std::string& b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8);
}
std::uint32_t be16(const std::string& b, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1]));
}

std::string hex_name(const std::string& url) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a 64: stable file names across restarts
    for (unsigned char c : url) h = (h ^ c) * 1099511628211ull;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return std::string(buf) + ".img";
}

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

}  // namespace

std::optional<std::pair<std::uint32_t, std::uint32_t>> sniff_image_size(const std::string& b) {
    if (b.size() >= 24 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && b.compare(12, 4, "IHDR") == 0)
        return std::pair{be32(b, 16), be32(b, 20)};
    if (b.size() >= 10 && (b.compare(0, 6, "GIF87a") == 0 || b.compare(0, 6, "GIF89a") == 0))
        return std::pair{le16(b, 6), le16(b, 8)};
    if (b.size() >= 26 && b[0] == 'B' && b[1] == 'M') {
        auto w = static_cast<std::int32_t>(le16(b, 18) | (le16(b, 20) << 16));
        auto h = static_cast<std::int32_t>(le16(b, 22) | (le16(b, 24) << 16));
        return std::pair{static_cast<std::uint32_t>(std::abs(w)), static_cast<std::uint32_t>(std::abs(h))};
    }
    if (b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8) {
        // Walk the JPEG segments to the frame header (SOFn), which holds the size.
        std::size_t i = 2;
        while (i + 9 < b.size()) {
            if (static_cast<unsigned char>(b[i]) != 0xFF) return std::nullopt;
            auto marker = static_cast<unsigned char>(b[i + 1]);
            if (marker == 0xFF) {
                ++i;
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                i += 2;
                continue;
            }
            std::uint32_t len = be16(b, i + 2);
            bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) return std::pair{be16(b, i + 7), be16(b, i + 5)};
            if (len < 2) return std::nullopt;
            i += 2 + len;
        }
    }
    return std::nullopt;
}

sf::Image downscale(const sf::Image& src, unsigned max_side) {
    sf::Vector2u s = src.getSize();
    if (s.x == 0 || s.y == 0 || std::max(s.x, s.y) <= max_side) return src;
    double k = static_cast<double>(max_side) / std::max(s.x, s.y);
    unsigned w = std::max(1u, static_cast<unsigned>(s.x * k)), h = std::max(1u, static_cast<unsigned>(s.y * k));
    const sf::Uint8* p = src.getPixelsPtr();
    std::vector<sf::Uint8> out(static_cast<std::size_t>(w) * h * 4);
    // Box filter: each output pixel averages the source pixels it covers (no aliasing on big shrinks).
    for (unsigned y = 0; y < h; ++y) {
        unsigned y0 = static_cast<unsigned>(static_cast<std::uint64_t>(y) * s.y / h);
        unsigned y1 = std::max(y0 + 1, static_cast<unsigned>(static_cast<std::uint64_t>(y + 1) * s.y / h));
        for (unsigned x = 0; x < w; ++x) {
            unsigned x0 = static_cast<unsigned>(static_cast<std::uint64_t>(x) * s.x / w);
            unsigned x1 = std::max(x0 + 1, static_cast<unsigned>(static_cast<std::uint64_t>(x + 1) * s.x / w));
            std::uint64_t acc[4] = {0, 0, 0, 0};
            for (unsigned yy = y0; yy < y1; ++yy)
                for (unsigned xx = x0; xx < x1; ++xx)
                    for (int c = 0; c < 4; ++c) acc[c] += p[(static_cast<std::size_t>(yy) * s.x + xx) * 4 + c];
            std::uint64_t n = static_cast<std::uint64_t>(y1 - y0) * (x1 - x0);
            for (int c = 0; c < 4; ++c)
                out[(static_cast<std::size_t>(y) * w + x) * 4 + c] = static_cast<sf::Uint8>(acc[c] / n);
        }
    }
    sf::Image img;
    img.create(w, h, out.data());
    return img;
}

ImageCache::ImageCache(ImageCacheOptions opts) : opts_(std::move(opts)) {
    if (!opts_.policy) opts_.policy = std::make_shared<const FetchPolicy>();
    http_ = connectors::make_curl_client("learnwall-kiosk/" LEARNWALL_VERSION " (event wall screen)");
    if (!opts_.disk_dir.empty() && !ensure_directory(opts_.disk_dir)) opts_.disk_dir.clear();
    if (!opts_.disk_dir.empty()) trim_disk();
    for (int i = 0; i < std::max(1, opts_.workers); ++i) workers_.emplace_back([this] { work(); });
}

ImageCache::~ImageCache() {
    abort_ = true;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        queue_.clear();
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
}

const sf::Texture* ImageCache::get(const std::string& url) {
    if (url.empty()) return nullptr;
    auto [it, added] = textures_.try_emplace(url);
    Entry& e = it->second;
    e.used = tick_;
    if (!added && e.state == State::failed && std::chrono::steady_clock::now() - e.failed_at > kRetryFailedAfter) {
        e.state = State::loading;
        added = true;
    }
    if (added) {
        {
            std::lock_guard lock(mu_);
            queue_.push_back(url);
        }
        cv_.notify_one();
        return nullptr;
    }
    return e.state == State::ready ? e.texture.get() : nullptr;
}

ImageCache::State ImageCache::state(const std::string& url) const {
    auto it = textures_.find(url);
    return it == textures_.end() ? State::loading : it->second.state;
}

bool ImageCache::pump() {
    ++tick_;
    std::vector<Done> done;
    {
        std::lock_guard lock(mu_);
        done.swap(done_);
    }
    for (Done& d : done) {
        auto it = textures_.find(d.url);
        if (it == textures_.end()) continue;  // evicted meanwhile
        Entry& e = it->second;
        auto tex = std::make_unique<sf::Texture>();
        if (d.image && tex->loadFromImage(*d.image)) {
            tex->setSmooth(true);
            e.texture = std::move(tex);
            e.state = State::ready;
        } else {
            e.state = State::failed;
            e.failed_at = std::chrono::steady_clock::now();
            if (d.image) {
                std::lock_guard lock(mu_);
                errors_.push_back(d.url + ": cannot make a texture of it");
            }
        }
    }
    evict();
    return !done.empty();
}

void ImageCache::evict() {
    if (textures_.size() <= opts_.max_textures) return;
    std::vector<std::pair<std::uint64_t, std::string>> old;
    for (const auto& [url, e] : textures_)
        if (e.state != State::loading && e.used + 1 < tick_) old.emplace_back(e.used, url);
    std::sort(old.begin(), old.end());
    for (std::size_t i = 0; i < old.size() && textures_.size() > opts_.max_textures; ++i) textures_.erase(old[i].second);
}

bool ImageCache::idle() const {
    std::lock_guard lock(mu_);
    return queue_.empty() && in_flight_ == 0;
}

std::vector<std::string> ImageCache::take_errors() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    out.swap(errors_);
    return out;
}

void ImageCache::work() {
    std::unique_lock lock(mu_);
    while (true) {
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        std::string url = std::move(queue_.front());
        queue_.pop_front();
        ++in_flight_;
        lock.unlock();
        Done d = fetch_and_decode(url);
        lock.lock();
        --in_flight_;
        if (!d.error.empty()) errors_.push_back(d.url + ": " + d.error);
        done_.push_back(std::move(d));
    }
}

ImageCache::Done ImageCache::fetch_and_decode(const std::string& url) {
    Done d;
    d.url = url;
    std::string bytes;
    if (auto cached = from_disk(url)) {
        bytes = std::move(*cached);
    } else if (!is_http_url(url)) {
        // Only the wall's own media folder: a post's /etc/... or file://... never reaches the disk.
        if (!inside_local_dirs(url, opts_.local_dirs))
            return d.error = "refused: not an http(s) URL nor a file of the wall's media folder (a post's local path is never opened)", d;
        std::error_code ec;
        auto size = std::filesystem::file_size(url, ec);
        if (ec) return d.error = "cannot read the file (" + ec.message() + ")", d;
        if (size > opts_.max_download_bytes)
            return d.error = std::to_string(size) + " bytes is more than an image may be", d;
        auto text = read_file(url);
        if (!text) return d.error = text.error(), d;
        bytes = std::move(*text);
    } else {
        if (auto st = opts_.policy->check_url(url); !st) return d.error = st.error(), d;
        connectors::HttpRequest req = connectors::post_media_request(url, opts_.policy);
        req.max_body_bytes = opts_.max_download_bytes;
        req.total_timeout = std::chrono::seconds(opts_.timeout_s);
        req.connect_timeout = std::min<std::chrono::milliseconds>(req.connect_timeout, std::chrono::seconds(5));
        // abort_ ends a download in flight at once when the cache is destroyed (the kiosk is closing).
        auto resp = http_->send(req, &abort_);
        if (resp.too_large) return d.error = "more than " + std::to_string(opts_.max_download_bytes) + " bytes", d;
        if (!resp.error.empty()) return d.error = resp.error, d;
        if (resp.status != 200) return d.error = "HTTP status " + std::to_string(resp.status), d;
        bytes = std::move(resp.body);
    }
    auto size = sniff_image_size(bytes);
    if (!size) return d.error = "not a PNG, JPEG, GIF or BMP image", d;
    if (size->first == 0 || size->second == 0) return d.error = "the image has no pixels", d;
    std::uint64_t pixels = static_cast<std::uint64_t>(size->first) * size->second;
    if (pixels > opts_.max_source_pixels)
        return d.error = std::to_string(size->first) + "x" + std::to_string(size->second) +
                         " pixels is more than the kiosk decodes",
               d;
    sf::Image img;
    if (!img.loadFromMemory(bytes.data(), bytes.size())) return d.error = "the image data is damaged", d;
    d.image = downscale(img, opts_.max_side);
    if (is_http_url(url)) to_disk(url, bytes);  // only what decoded: a broken answer is fetched again later
    return d;
}

std::optional<std::string> ImageCache::from_disk(const std::string& url) {
    if (opts_.disk_dir.empty() || !is_http_url(url)) return std::nullopt;
    std::string path = opts_.disk_dir + "/" + hex_name(url);
    if (!file_exists(path)) return std::nullopt;
    auto text = read_file(path);
    if (!text) return std::nullopt;
    ::utime(path.c_str(), nullptr);  // recently used: trimmed last
    return std::move(*text);
}

void ImageCache::to_disk(const std::string& url, const std::string& bytes) {
    if (opts_.disk_dir.empty()) return;
    if (!write_file_atomic(opts_.disk_dir + "/" + hex_name(url), bytes)) return;  // best effort
    bool trim;
    {
        std::lock_guard lock(mu_);
        trim = ++disk_writes_ % 16 == 0;
    }
    if (trim) trim_disk();
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
