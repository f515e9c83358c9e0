// [kiosk] images: real encoders' files through the image module, the one image cache (kiosk/render) with its disk bound, and broken,
// huge or missing images ending as placeholders on the wall.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <SFML/Window/Context.hpp>

#include "file_server.hpp"
#include "render/image_cache.hpp"
#include "learnwall/image.hpp"
#include "kiosk_helpers.hpp"

using namespace kiosk_test;
using lw::kiosk::ImageCache;

namespace {

std::string write_png(const std::string& path, unsigned w, unsigned h, bool noise, sf::Color c = sf::Color(30, 140, 200)) {
    sf::Image img;
    img.create(w, h, c);
    if (noise) {
        std::uint32_t x = 12345 + w * 7 + h;
        for (unsigned yy = 0; yy < h; ++yy)
            for (unsigned xx = 0; xx < w; ++xx) {
                x = x * 1664525u + 1013904223u;
                img.setPixel(xx, yy, sf::Color(x >> 24, (x >> 16) & 255, (x >> 8) & 255));
            }
    }
    REQUIRE(img.saveToFile(path));
    return path;
}

void write_bytes(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// A PNG whose header claims 40000 x 40000 pixels (6.4 GB decoded); the rest is junk.
std::string huge_png_header() {
    std::string b = "\x89PNG\r\n\x1a\n";
    b += std::string("\0\0\0\x0d", 4) + "IHDR";
    for (std::uint32_t v : {40000u, 40000u}) {
        b.push_back(static_cast<char>(v >> 24));
        b.push_back(static_cast<char>((v >> 16) & 255));
        b.push_back(static_cast<char>((v >> 8) & 255));
        b.push_back(static_cast<char>(v & 255));
    }
    b += std::string("\x08\x06\0\0\0", 5) + std::string(4, '\0') + std::string(200, 'x');
    return b;
}

// Waits for the workers, then pumps until every finished image is a texture (a few per pump).
void settle(ImageCache& cache) {
    for (int i = 0; i < 1000 && !cache.idle(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    while (cache.pump()) {
    }
}

std::uint64_t dir_bytes(const std::string& dir) {
    std::uint64_t total = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) total += e.file_size();
    return total;
}

}  // namespace

TEST_CASE("[kiosk] image sizes are read from real PNG, JPEG and BMP files before decoding") {
    auto dir = scratch_dir("sniff");
    sf::Image img;
    img.create(321, 123, sf::Color::Red);
    for (const char* ext : {".png", ".jpg", ".bmp"}) {
        CAPTURE(ext);
        REQUIRE(img.saveToFile(dir + "/i" + ext));
        const std::string bytes = read_text(dir + "/i" + ext);
        lw::ImageInfo info = lw::inspect_image(bytes);
        CHECK_MESSAGE(info.ok(), info.problem);  // whole, as the encoder wrote it
        CHECK(info.width == 321);
        CHECK(info.height == 123);
        CHECK(lw::inspect_image(bytes.substr(0, bytes.size() * 2 / 3)).truncated);
    }
    auto huge = lw::inspect_image(huge_png_header(), lw::ImageLimits{0, 50'000'000});
    CHECK(huge.width == 40000);
    CHECK(huge.too_large);
}

TEST_CASE("[kiosk] the image cache shrinks with the shared box filter: aspect kept, colours averaged") {
    auto dir = scratch_dir("shrink");
    sf::Image img;
    img.create(2000, 1000, sf::Color::Black);
    for (unsigned y = 0; y < 1000; ++y)
        for (unsigned x = 0; x < 2000; x += 2) img.setPixel(x, y, sf::Color::White);  // fine stripes
    REQUIRE(img.saveToFile(dir + "/stripes.png"));
    lw::kiosk::ImageCacheOptions opts;
    opts.max_side = 500;
    opts.local_dirs = {dir};
    ImageCache cache(opts);
    (void)cache.get(dir + "/stripes.png");
    settle(cache);
    const sf::Texture* t = cache.get(dir + "/stripes.png");
    REQUIRE(t);
    CHECK(t->getSize().x == 500);
    CHECK(t->getSize().y == 250);
    sf::Color mid = t->copyToImage().getPixel(250, 125);
    CHECK(mid.r > 100);  // grey, not aliased to black or white
    CHECK(mid.r < 155);
}

TEST_CASE("[kiosk] the image cache loads good images and fails broken, huge and missing ones with a reason") {
    auto dir = scratch_dir("imgcache");
    std::string good = write_png(dir + "/good.png", 1600, 900, false);
    std::string truncated = dir + "/truncated.png";
    write_bytes(truncated, read_text(write_png(dir + "/full.png", 300, 300, true)).substr(0, 300));
    std::string junk = dir + "/junk.jpg", huge = dir + "/huge.png", missing = dir + "/missing.png";
    write_bytes(junk, "<html><body>404 not found</body></html>");
    write_bytes(huge, huge_png_header());

    lw::kiosk::ImageCacheOptions opts;
    opts.max_side = 512;
    opts.local_dirs = {dir};  // as the kiosk does for a local wall.json's media/ folder
    ImageCache cache(opts);
    for (const auto& u : {good, truncated, junk, huge, missing}) CHECK(cache.get(u) == nullptr);  // queued, not blocking
    settle(cache);
    const sf::Texture* t = cache.get(good);
    REQUIRE(t);
    CHECK(t->getSize().x == 512);  // downscaled on the worker
    CHECK(t->getSize().y == 288);
    for (const auto& u : {truncated, junk, huge, missing}) {
        CAPTURE(u);
        CHECK(cache.state(u) == ImageCache::State::failed);
        CHECK(cache.get(u) == nullptr);
    }
    auto errors = cache.take_errors();
    std::string all;
    for (const auto& e : errors) all += e + "\n";
    CAPTURE(all);
    CHECK(errors.size() == 4);
    CHECK(all.find("huge.png: too large: 40000x40000 pixels") != std::string::npos);
    CHECK(all.find("junk.jpg: not an image: the answer is an HTML or XML page") != std::string::npos);
    CHECK(all.find("truncated.png: truncated: the PNG has no end chunk (IEND)") != std::string::npos);
    CHECK(all.find("missing.png: cannot read") != std::string::npos);
}

TEST_CASE("[kiosk] the image disk cache keeps its size bound and serves images after a restart without network") {
    auto dir = scratch_dir("imgdisk");
    lw::test::FileServer server(dir);
    std::vector<std::string> urls;
    for (int i = 0; i < 10; ++i) {
        write_png(dir + "/n" + std::to_string(i) + ".png", 160, 160, true);
        urls.push_back(server.url("n" + std::to_string(i) + ".png"));
    }
    std::uint64_t one = std::filesystem::file_size(dir + "/n0.png");
    auto policy = std::make_shared<lw::FetchPolicy>();
    REQUIRE(policy->allow("127.0.0.1"));  // the test's image server is on loopback
    // The kiosk's window keeps its X connection open; without one, each cache's last texture would
    // close the display and the next would reopen it, racing an X server's reset. Hold it as the window does.
    sf::Context keep_display;
    lw::kiosk::ImageCacheOptions opts;
    opts.disk_dir = dir + "/cache";
    opts.disk_limit_bytes = one * 4;
    opts.policy = policy;
    {
        ImageCache cache(opts);
        for (const auto& u : urls) (void)cache.get(u);
        settle(cache);
        for (const auto& u : urls) CHECK(cache.get(u) != nullptr);
    }
    CHECK(dir_bytes(opts.disk_dir) > opts.disk_limit_bytes);  // ten written, trimmed at the next start
    {
        ImageCache cache(opts);
        CHECK(dir_bytes(opts.disk_dir) <= opts.disk_limit_bytes);
    }
    // What survived the trim still shows with the originals gone (a restart without network).
    std::size_t kept = 0;
    for (const auto& e : std::filesystem::directory_iterator(opts.disk_dir)) kept += e.path().extension() == ".img";
    CHECK(kept >= 1);
    for (int i = 0; i < 10; ++i) std::filesystem::remove(dir + "/n" + std::to_string(i) + ".png");
    ImageCache cache(opts);
    for (const auto& u : urls) (void)cache.get(u);
    settle(cache);
    std::size_t shown = 0;
    for (const auto& u : urls) shown += cache.get(u) != nullptr;
    CHECK(shown == kept);
}

TEST_CASE("[kiosk] broken, huge and missing post images show placeholders; good ones are drawn") {
    auto dir = scratch_dir("wallimages");
    // The hub's mirror names its files relative to wall.json (media/...): the only local files a kiosk opens.
    std::filesystem::create_directories(dir + "/media");
    std::string good = write_png(dir + "/media/photo.png", 800, 600, false, sf::Color(200, 60, 60));
    std::string avatar = write_png(dir + "/media/avatar.png", 200, 200, false, sf::Color(60, 200, 60));
    std::string huge = dir + "/media/huge.png", junk = dir + "/media/junk.png";
    write_bytes(huge, huge_png_header());
    write_bytes(junk, "GIF? no.");
    auto wall = nlohmann::json::parse(read_text(data_file("wall-rich.json")));
    auto& posts = wall["posts"];
    // The pinned post (first on screen) gets the good image; others the bad ones.
    posts[4]["image_urls"] = {"media/photo.png"};
    posts[4]["author_avatar_url"] = "media/avatar.png";
    posts[0]["image_urls"] = {"media/huge.png"};
    posts[1]["image_urls"] = {"media/junk.png"};
    posts[2]["image_urls"] = {"media/nowhere.png"};
    posts.erase(posts.begin() + 5, posts.end());
    for (auto& p : posts) p["text"] = "Short tip #NLAWWeek";  // four image cards fit on a portrait screen
    std::ofstream(dir + "/wall.json") << wall.dump();
    auto r = run_kiosk({"--source", dir + "/wall.json", "--size", "1080x1920", "--screenshot", dir + "/w.png",
                        "--layout-json", dir + "/w.json", "--now", "2026-05-19T10:35:00Z"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto j = nlohmann::json::parse(read_text(dir + "/w.json"));
    auto pic = find_item(j, "post_image", good);
    REQUIRE_MESSAGE(!pic.is_null(), r.err);
    sf::Image img;
    REQUIRE(img.loadFromFile(dir + "/w.png"));
    sf::Color mid = img.getPixel(pic["x"].get<unsigned>() + pic["w"].get<unsigned>() / 2,
                                 pic["y"].get<unsigned>() + pic["h"].get<unsigned>() / 2);
    CHECK(mid.r > 150);  // the photo's red, not a placeholder grey
    CHECK(mid.g < 110);
    CHECK(!find_item(j, "avatar", "bluesky:104").is_null());
    for (const std::string& bad : {huge, junk}) {
        CAPTURE(bad);
        CHECK(!find_item(j, "image_placeholder", bad).is_null());
        CHECK(r.err.find(bad) != std::string::npos);
    }
    CHECK(r.err.find("nowhere.png") != std::string::npos);
}

TEST_CASE("[kiosk] the image cache refuses file://, bare paths and loopback URLs named by posts") {
    // Issue 10, item 2: a post's file:///... or /etc/... avatar was drawn and copied to the disk cache.
    auto dir = scratch_dir("imgrefuse");
    std::string secret = write_png(dir + "/private.png", 64, 64, false);
    lw::test::FileServer server(dir);
    lw::kiosk::ImageCacheOptions opts;
    opts.disk_dir = dir + "/cache";
    ImageCache cache(opts);
    const std::vector<std::string> urls{"file://" + secret, secret, "/etc/passwd", server.url("private.png"),
                                        "http://localhost:" + std::to_string(server.port()) + "/private.png"};
    for (const auto& u : urls) CHECK(cache.get(u) == nullptr);
    settle(cache);
    for (const auto& u : urls) {
        CAPTURE(u);
        CHECK(cache.state(u) == ImageCache::State::failed);
    }
    std::string all;
    for (const auto& e : cache.take_errors()) all += e + "\n";
    CAPTURE(all);
    CHECK(all.find(secret + ": refused") != std::string::npos);
    CHECK(all.find("/etc/passwd: refused") != std::string::npos);
    CHECK(all.find("127.0.0.1 is a loopback address") != std::string::npos);
    CHECK(server.requests() == 0);
    std::size_t cached = 0;
    for (const auto& e : std::filesystem::directory_iterator(opts.disk_dir)) cached += e.path().extension() == ".img";
    CHECK(cached == 0);
}
