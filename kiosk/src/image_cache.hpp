// Avatars and post images for the kiosk: fetched (http or https under the outbound-fetch policy, or a
// file inside the wall's own media folder) and decoded on worker threads, downscaled there, kept on
// disk under a size bound, and turned into textures on the render thread only. A failed, huge,
// broken or refused image becomes a placeholder; it never blocks a frame. A post's file:// URL or
// bare path is never opened: wall.json is written from posts, and posts are written by strangers.
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

namespace lw::kiosk {

struct ImageCacheOptions {
    std::string disk_dir;                          // "" = no disk cache
    std::uint64_t disk_limit_bytes = 256ull << 20;  // oldest files go first beyond this
    std::size_t max_download_bytes = 12u << 20;     // bigger answers are refused, not read
    std::uint64_t max_source_pixels = 50'000'000;   // refused before decoding (from the file header)
    unsigned max_side = 1024;                       // longest side after downscaling
    long timeout_s = 15;
    int workers = 2;
    std::size_t max_textures = 400;  // textures kept on the GPU; least recently used go first
    // http(s) URLs: internal addresses refused unless allowed (--allow-media-host; the wall's own
    // host is added by the kiosk). Null: the policy with no allowances.
    std::shared_ptr<const FetchPolicy> policy;
    // The only folders a local path may be read from: the media/ folder next to a local wall.json.
    std::vector<std::string> local_dirs;
};

// What an image file says about its size before decoding (PNG, JPEG, GIF, BMP); nullopt when unknown.
std::optional<std::pair<std::uint32_t, std::uint32_t>> sniff_image_size(const std::string& bytes);
// Box-filter downscale so the longest side is at most max_side (the image is returned unchanged when smaller).
sf::Image downscale(const sf::Image& src, unsigned max_side);

class ImageCache {
public:
    enum class State { loading, ready, failed };
    explicit ImageCache(ImageCacheOptions opts);
    ~ImageCache();
    ImageCache(const ImageCache&) = delete;
    ImageCache& operator=(const ImageCache&) = delete;

    // Render thread. The texture when ready; otherwise queues the URL (once) and returns null.
    const sf::Texture* get(const std::string& url);
    State state(const std::string& url) const;
    // Render thread: turns finished decodes into textures. True when any arrived or failed (redraw).
    bool pump();
    // The workers have nothing queued or in flight (finished work may still wait for pump()).
    bool idle() const;
    // Failures so far, with their reasons ("url: why"), for the log.
    std::vector<std::string> take_errors();
    std::size_t texture_count() const { return textures_.size(); }

private:
    struct Done {
        std::string url;
        std::optional<sf::Image> image;
        std::string error;
    };
    struct Entry {
        State state = State::loading;
        std::unique_ptr<sf::Texture> texture;
        std::uint64_t used = 0;
        std::chrono::steady_clock::time_point failed_at{};
    };
    void work();
    Done fetch_and_decode(const std::string& url);
    std::optional<std::string> from_disk(const std::string& url);
    void to_disk(const std::string& url, const std::string& bytes);
    void trim_disk();
    void evict();

    ImageCacheOptions opts_;
    std::unordered_map<std::string, Entry> textures_;  // render thread only
    std::uint64_t tick_ = 0;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> queue_;
    std::vector<Done> done_;
    std::vector<std::string> errors_;
    int in_flight_ = 0;
    bool stopping_ = false;
    std::atomic<bool> abort_{false};  // set on destruction: downloads in flight give up at once
    std::uint64_t disk_writes_ = 0;
    std::shared_ptr<connectors::HttpClient> http_;
    std::vector<std::thread> workers_;
};

}  // namespace lw::kiosk
