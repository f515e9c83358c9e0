// [kiosk] Image paths relative to wall.json (the hub's mirrored media, "media/ab12.png"): resolved
// against an http(s) source by RFC 3986, against a local wall.json's folder, and drawn on the wall.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <SFML/Graphics/Image.hpp>

#include "kiosk_helpers.hpp"
#include "wall_source.hpp"

using namespace kiosk_test;
using lw::kiosk::resolve_url_reference;
using lw::kiosk::resolve_wall_media;

TEST_CASE("[kiosk] relative references resolve against the wall.json URL (RFC 3986 5.4)") {
    const std::string base = "http://a/b/c/d;p?q";
    CHECK(resolve_url_reference(base, "g") == "http://a/b/c/g");
    CHECK(resolve_url_reference(base, "./g") == "http://a/b/c/g");
    CHECK(resolve_url_reference(base, "g/") == "http://a/b/c/g/");
    CHECK(resolve_url_reference(base, "/g") == "http://a/g");
    CHECK(resolve_url_reference(base, "//g") == "http://g");
    CHECK(resolve_url_reference(base, "?y") == "http://a/b/c/d;p?y");
    CHECK(resolve_url_reference(base, "g?y") == "http://a/b/c/g?y");
    CHECK(resolve_url_reference(base, "#s") == "http://a/b/c/d;p?q#s");
    CHECK(resolve_url_reference(base, "g#s") == "http://a/b/c/g#s");
    CHECK(resolve_url_reference(base, "..") == "http://a/b/");
    CHECK(resolve_url_reference(base, "../g") == "http://a/b/g");
    CHECK(resolve_url_reference(base, "../../g") == "http://a/g");
    CHECK(resolve_url_reference(base, "../../../g") == "http://a/g");
    CHECK(resolve_url_reference(base, "/./g") == "http://a/g");
    CHECK(resolve_url_reference(base, "g;x=1/../y") == "http://a/b/c/y");
    CHECK(resolve_url_reference(base, "") == "http://a/b/c/d;p?q");
    CHECK(resolve_url_reference(base, "https://cdn.example/x.png") == "https://cdn.example/x.png");
    // The hub's case: wall.json at the site root or below it, with or without a port and a query.
    CHECK(resolve_url_reference("http://hub.local:8080/wall.json", "media/0123456789abcdef.png") ==
          "http://hub.local:8080/media/0123456789abcdef.png");
    CHECK(resolve_url_reference("https://hub/event/wall.json?screen=3", "media/a.jpg") == "https://hub/event/media/a.jpg");
    CHECK(resolve_url_reference("http://hub", "media/a.jpg") == "http://hub/media/a.jpg");
}

TEST_CASE("[kiosk] a wall's relative image paths resolve against its source; absolute ones stay") {
    lw::Wall w;
    lw::WallPost p;
    p.author_avatar_url = "media/av.png";
    p.image_urls = {"media/pic.jpg", "https://cdn.example/x.png", "/srv/pics/y.png", ""};
    w.posts = {p};

    lw::Wall local = w;
    resolve_wall_media(local, "/var/lib/learnwall/event/publish/wall.json");
    CHECK(local.posts[0].author_avatar_url == "/var/lib/learnwall/event/publish/media/av.png");
    // A post's absolute path (and file://, ../) is dropped: the kiosk opens no local file a post names.
    CHECK(local.posts[0].image_urls ==
          std::vector<std::string>{"/var/lib/learnwall/event/publish/media/pic.jpg", "https://cdn.example/x.png"});

    lw::Wall file_url = w;
    resolve_wall_media(file_url, "file:///data/publish/wall.json");
    CHECK(file_url.posts[0].image_urls[0] == "/data/publish/media/pic.jpg");

    lw::Wall remote = w;
    resolve_wall_media(remote, "http://hub:8080/wall.json");
    CHECK(remote.posts[0].author_avatar_url == "http://hub:8080/media/av.png");
    CHECK(remote.posts[0].image_urls ==
          std::vector<std::string>{"http://hub:8080/media/pic.jpg", "https://cdn.example/x.png"});
}

TEST_CASE("[kiosk] file:// URLs and bare paths in a post's images and avatar are dropped, never resolved") {
    lw::Wall w;
    lw::WallPost p;
    p.author_avatar_url = "file:///home/organiser/private.png";
    p.image_urls = {"/etc/passwd", "file:///etc/passwd", "media/../../secrets.json", "../media/x.png", "data:image/png;base64,AA",
                    "media/0123456789abcdef.png"};
    w.posts = {p};
    for (const std::string src : {"/data/publish/wall.json", "http://hub/wall.json", "file:///data/publish/wall.json"}) {
        CAPTURE(src);
        lw::Wall r = w;
        resolve_wall_media(r, src);
        CHECK(r.posts[0].author_avatar_url.empty());
        REQUIRE(r.posts[0].image_urls.size() == 1);
        CHECK(r.posts[0].image_urls[0].find("media/0123456789abcdef.png") != std::string::npos);
    }
}

TEST_CASE("[kiosk] a wall.json naming its images relative to itself shows them") {
    auto dir = scratch_dir("mediapaths");
    std::filesystem::create_directories(dir + "/publish/media");
    sf::Image photo;
    photo.create(640, 400, sf::Color(210, 50, 50));
    REQUIRE(photo.saveToFile(dir + "/publish/media/0123456789abcdef.png"));
    sf::Image face;
    face.create(128, 128, sf::Color(40, 190, 60));
    REQUIRE(face.saveToFile(dir + "/publish/media/fedcba9876543210.png"));
    auto wall = nlohmann::json::parse(read_text(data_file("wall-rich.json")));
    auto& posts = wall["posts"];
    posts.erase(posts.begin() + 5, posts.end());
    for (auto& p : posts) p["text"] = "Short tip #NLAWWeek";
    posts[4]["image_urls"] = {"media/0123456789abcdef.png"};
    posts[4]["author_avatar_url"] = "media/fedcba9876543210.png";
    const std::string id = posts[4]["id"];
    std::ofstream(dir + "/publish/wall.json") << wall.dump();
    // Run from another folder: the paths are relative to wall.json, not to the kiosk's working directory.
    auto r = run_kiosk({"--source", dir + "/publish/wall.json", "--size", "1080x1920", "--screenshot", dir + "/w.png",
                        "--layout-json", dir + "/w.json", "--now", "2026-05-19T10:35:00Z"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.err.find("placeholder") == std::string::npos);
    auto j = nlohmann::json::parse(read_text(dir + "/w.json"));
    auto pic = find_item(j, "post_image", std::filesystem::path(dir + "/publish/media/0123456789abcdef.png").lexically_normal().string());
    REQUIRE_MESSAGE(!pic.is_null(), r.err);
    sf::Image img;
    REQUIRE(img.loadFromFile(dir + "/w.png"));
    sf::Color mid = img.getPixel(pic["x"].get<unsigned>() + pic["w"].get<unsigned>() / 2,
                                 pic["y"].get<unsigned>() + pic["h"].get<unsigned>() / 2);
    CHECK(mid.r > 150);  // the photo's red, not a placeholder
    CHECK(mid.g < 110);
    auto av = find_item(j, "avatar", id);
    REQUIRE(!av.is_null());
    sf::Color face_mid = img.getPixel(av["x"].get<unsigned>() + av["w"].get<unsigned>() / 2,
                                      av["y"].get<unsigned>() + av["h"].get<unsigned>() / 2);
    CHECK(face_mid.g > 150);
    CHECK(face_mid.r < 110);
}
