// The one image cache of the kiosk's wall and the admin's moderation thumbnails. Fetching (http or
// https under the outbound-fetch policy, or a file inside the wall's own media folder), header checks
// (learnwall/image.hpp: format, size, truncation, limits, before any decoding), decoding and the box
// shrink run on an lw::Worker (newest request first, bounded queue); finished images come back
// through an lw::Inbox and become textures on the UI thread, a few a frame, within a texture bound.
// A failed, huge, broken or refused image ends as `failed` with a reason (and is asked again after a
// while); nothing ever blocks a frame. A post's file:// URL or bare path is never opened: posts are
// written by strangers.
#pragma once

#include <SFML/Graphics/Image.hpp>
#include <SFML/Graphics/Texture.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "learnwall/fetch_policy.hpp"
#include "learnwall/worker.hpp"

namespace lw::connectors {
class HttpClient;
}

namespace lw::kiosk {

struct ImageCacheOptions {
    // Who fetches: the User-Agent is the project's (learnwall/<version>) followed by this note.
    std::string purpose = "event wall screen";
    int workers = 2;
    std::size_t max_bytes = 12u << 20;       // a bigger file or answer (decoded) is refused, not read
    std::uint64_t max_pixels = 50'000'000;  // a header claiming more is refused before decoding
    unsigned max_side = 1024;               // longest side kept after the shrink
    unsigned blur_side = 0;                 // > 0: also a blurred variant this small (drawn large, filtered)
    std::size_t max_textures = 400;         // textures kept on the GPU; least recently drawn go first
    std::size_t max_queue = 0;              // requests not yet started beyond this are dropped (0: no bound)
    std::size_t uploads_per_frame = 8;      // textures made per pump() (0: all that are ready)
    std::chrono::seconds retry_failed_after{300};  // a failed image is asked again after this
    // http(s) URLs: caps, timeouts, redirects and the address rule. Internal addresses are refused
    // unless allowed (--allow-media-host; the kiosk adds the wall's own host). Null: no allowances.
    std::shared_ptr<const FetchPolicy> policy;
    // The only folders a local path may be read from (the media/ folder next to a local wall.json).
    std::vector<std::string> local_dirs;
    std::string disk_dir;                           // "" = no disk cache of downloaded files
    std::uint64_t disk_limit_bytes = 256ull << 20;  // oldest files go first beyond this

    // The defaults above are the kiosk's wall. The admin's moderation thumbnails: small (tooltips show
    // them whole), a blurred stand-in for sensitive images, a bounded queue (rows scrolled past are
    // asked again when drawn), a few uploads a frame, no disk cache and no local folders.
    static ImageCacheOptions thumbnails() {
        ImageCacheOptions o;
        o.purpose = "moderation thumbnails";
        o.max_bytes = 8u << 20;
        o.max_pixels = 40'000'000;
        o.max_side = 320;
        o.blur_side = 8;
        o.max_textures = 160;
        o.max_queue = 64;
        o.uploads_per_frame = 6;
        o.retry_failed_after = std::chrono::seconds(120);
        return o;
    }
};

class ImageCache {
public:
    enum class State { loading, ready, failed };
    struct Entry {
        State state = State::loading;
        sf::Texture texture;
        sf::Texture blurred;  // only with blur_side > 0
        std::string reason;   // why it failed ("" otherwise)
        std::uint64_t used = 0;
        std::chrono::steady_clock::time_point failed_at{};
    };

    explicit ImageCache(ImageCacheOptions opts = {});
    ~ImageCache();
    ImageCache(const ImageCache&) = delete;
    ImageCache& operator=(const ImageCache&) = delete;

    // UI thread: the entry for `url`, queued for loading on first sight (or again once a failure is
    // old enough). The reference is valid until the next pump().
    const Entry& entry(const std::string& url);
    // UI thread: the texture when ready; otherwise queues the URL (once) and returns null.
    const sf::Texture* get(const std::string& url);
    // UI thread: loading for a URL never asked for.
    [[nodiscard]] State state(const std::string& url) const;
    // UI thread, once a frame before drawing: turns finished images into textures (a few) and evicts
    // beyond the bound. True when any arrived or failed (the caller redraws).
    bool pump();
    // Nothing queued or in flight on the workers (finished images may still wait for pump()).
    [[nodiscard]] bool idle() const;
    // Failures so far, "url: why", for the log (the reasons are also in each entry).
    std::vector<std::string> take_errors();
    [[nodiscard]] std::size_t texture_count() const;

private:
    struct Loaded {
        std::string url;
        std::optional<sf::Image> image, blurred;
        std::string error;
    };
    void queue(const std::string& url);
    Loaded load(const std::string& url);
    std::optional<std::string> fetch(const std::string& url, std::string& error);
    std::optional<std::string> from_disk(const std::string& url);
    void to_disk(const std::string& url, const std::string& bytes);
    void trim_disk();
    void evict();

    ImageCacheOptions opts_;
    std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;  // UI thread only
    std::uint64_t tick_ = 1;
    std::vector<std::string> errors_;  // UI thread only
    std::shared_ptr<connectors::HttpClient> http_;
    std::atomic<std::uint64_t> disk_writes_{0};
    Inbox<Loaded> done_;
    // Last: destroyed first, so no job runs while the members above go away.
    std::unique_ptr<Worker> worker_;
};

}  // namespace lw::kiosk
