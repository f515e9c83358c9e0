// Thumbnails for the moderation queue (post images, avatars). Worker threads fetch (http or https
// only, under the outbound-fetch policy: a post's file://, /etc/... or internal address is refused
// and never opened, since posts are written by strangers), check the header (format, pixel count) and a byte cap before
// decoding, decode with sf::Image and shrink; the UI thread only turns finished small images into
// textures, a few a frame, and keeps at most max_textures of them (least recently drawn go first).
// A broken, huge or unreachable image ends as `failed` with a reason; the frame never waits.
#pragma once

#include <SFML/Graphics/Image.hpp>
#include <SFML/Graphics/Texture.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "learnwall/fetch_policy.hpp"

namespace lw::connectors {
class HttpClient;
}

namespace lw::admin {

struct ThumbnailOptions {
    std::size_t max_bytes = 8u << 20;           // bigger files or downloads are refused, not read
    std::uint64_t max_pixels = 40'000'000;      // refused from the header, before decoding
    unsigned max_side = 320;                    // longest side kept (tooltips show it whole)
    unsigned blur_side = 8;                     // the stand-in for sensitive images: this small, drawn large
    long connect_timeout_s = 5, timeout_s = 20;
    int workers = 2;
    std::size_t max_textures = 160;
    std::size_t max_queue = 64;  // requests not yet started beyond this are dropped (asked again when drawn)
    std::chrono::seconds retry_failed_after{120};
    // Internal addresses refused unless allowed (the window's --allow-media-host). Null: no allowances.
    std::shared_ptr<const FetchPolicy> policy;
};

// What the first bytes of a file say: its format and size, or why it is not an image we can show.
struct ImageHeader {
    std::string format;  // "PNG", "JPEG", "GIF", "BMP"; "" when not recognised
    std::uint32_t width = 0, height = 0;
    std::string problem;  // "" when the header is usable
};
ImageHeader read_image_header(const std::string& bytes);
// Box-filter shrink so the longest side is at most `side` (unchanged when already that small).
sf::Image shrink_image(const sf::Image& src, unsigned side);

class ThumbnailCache {
public:
    enum class State { loading, ready, failed };
    struct Thumb {
        State state = State::loading;
        sf::Texture texture, blurred;
        std::string reason;  // why it failed
        std::uint64_t used = 0;
        std::chrono::steady_clock::time_point failed_at{};
    };

    explicit ThumbnailCache(ThumbnailOptions opts = {});
    ~ThumbnailCache();
    ThumbnailCache(const ThumbnailCache&) = delete;
    ThumbnailCache& operator=(const ThumbnailCache&) = delete;

    // UI thread: the entry for `url`, queued for loading on first sight. Valid until the next pump().
    const Thumb& get(const std::string& url);
    // UI thread, once a frame before drawing: uploads finished images (a few) and evicts beyond the bound.
    void pump();
    [[nodiscard]] std::size_t texture_count() const;
    [[nodiscard]] bool idle() const;  // nothing queued, loading or waiting for upload

private:
    struct Loaded {
        std::string url;
        std::optional<sf::Image> image, blurred;
        std::string error;
    };
    void work();
    Loaded load(const std::string& url);
    std::optional<std::string> fetch(const std::string& url, std::string& error);

    ThumbnailOptions opts_;
    std::unordered_map<std::string, std::unique_ptr<Thumb>> thumbs_;  // UI thread only
    std::uint64_t tick_ = 1;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> queue_;  // newest request at the back, taken first (what is on screen now)
    std::vector<Loaded> done_;
    int busy_ = 0;
    bool stopping_ = false;
    std::atomic<bool> abort_{false};
    std::shared_ptr<connectors::HttpClient> http_;
    std::vector<std::thread> workers_;
};

}  // namespace lw::admin
