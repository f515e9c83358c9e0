// [kiosk] Image paths relative to wall.json (the hub's mirrored media, "media/ab12.png") drawn on the
// wall. The resolution itself (RFC 3986, the local folder, what is dropped) is tested without a display
// in tests/shared/url.test.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <SFML/Graphics/Image.hpp>

#include "kiosk_helpers.hpp"

using namespace kiosk_test;

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
