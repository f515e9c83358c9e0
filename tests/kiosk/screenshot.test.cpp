// [kiosk] the learnwall-kiosk binary: screenshots of a known wall, the waiting screen, bad arguments.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiosk_helpers.hpp"

using namespace kiosk_test;

TEST_CASE("[kiosk] screenshot of a known wall shows the posts, with text inside the first card") {
    auto dir = scratch_dir("shot");
    for (std::string size : {"1920x1080", "1080x1920", "1366x768"}) {
        CAPTURE(size);
        std::string png = dir + "/wall-" + size + ".png", layout = dir + "/wall-" + size + ".json";
        auto r = run_kiosk({"--source", data_file("wall.json"), "--size", size, "--screenshot", png, "--layout-json",
                            layout, "--now", "2026-05-18T10:35:00Z"});
        REQUIRE_MESSAGE(r.rc == 0, r.err);
        sf::Image img;
        REQUIRE(img.loadFromFile(png));
        CHECK(std::to_string(img.getSize().x) + "x" + std::to_string(img.getSize().y) == size);
        CHECK(distinct_colours(img) > 50);
        auto j = nlohmann::json::parse(read_text(layout));
        CHECK(j.at("revision") == 15);
        auto card = find_item(j, "post_card");
        REQUIRE(!card.is_null());
        auto text = find_item(j, "post_text", card.at("id"));
        REQUIRE(!text.is_null());
        int cx = card["x"], cy = card["y"], cw = card["w"], ch = card["h"];
        int tx = text["x"], ty = text["y"], tw = text["w"], th = text["h"];
        // The text box lies inside its card, and has ink on it (pixels unlike the card's own colour).
        CHECK(tx >= cx);
        CHECK(ty >= cy);
        CHECK(tx + tw <= cx + cw);
        CHECK(ty + th <= cy + ch);
        sf::Color card_bg = img.getPixel(static_cast<unsigned>(cx + cw / 2), static_cast<unsigned>(cy + 6));
        std::size_t ink = pixels_differing(img, tx, ty, tw, th, card_bg);
        CHECK(ink > static_cast<std::size_t>(tw * th) / 50);
        // A strip of the card outside the text box is plain (the check above is not fooled by noise).
        CHECK(pixels_differing(img, cx + 4, cy + ch - 8, cw / 3, 4, card_bg) < static_cast<std::size_t>(cw));
        CHECK(!find_item(j, "leader_row").is_null());
    }
}

TEST_CASE("[kiosk] pinned posts come first on the wall") {
    auto dir = scratch_dir("pinned");
    auto r = run_kiosk({"--source", data_file("wall.json"), "--screenshot", dir + "/w.png", "--layout-json",
                        dir + "/w.json", "--now", "2026-05-18T10:35:00Z"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto j = nlohmann::json::parse(read_text(dir + "/w.json"));
    CHECK(find_item(j, "post_card").at("id") == "bluesky:4");  // the pinned post in the fixture
}

TEST_CASE("[kiosk] a missing source gives the designed waiting screen with the reason") {
    auto dir = scratch_dir("waiting");
    std::string png = dir + "/waiting.png", layout = dir + "/waiting.json";
    auto r = run_kiosk({"--source", dir + "/no-such-wall.json", "--screenshot", png, "--layout-json", layout});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.err.find("no-such-wall.json") != std::string::npos);
    sf::Image img;
    REQUIRE(img.loadFromFile(png));
    CHECK(distinct_colours(img) > 20);
    auto j = nlohmann::json::parse(read_text(layout));
    auto title = find_item(j, "waiting");
    REQUIRE(!title.is_null());
    CHECK(find_item(j, "post_card").is_null());
    sf::Color bg = img.getPixel(5, static_cast<unsigned>(title["y"].get<int>()));
    CHECK(pixels_differing(img, title["x"], title["y"], title["w"], title["h"], bg) > 500);
    CHECK(!find_item(j, "waiting_reason").is_null());
}

TEST_CASE("[kiosk] a broken wall.json also gives the waiting screen, naming the bad field") {
    auto dir = scratch_dir("broken");
    {
        std::ofstream(dir + "/wall.json") << R"({"schema_version":1,"revision":"three"})";
    }
    auto r = run_kiosk({"--source", dir + "/wall.json", "--screenshot", dir + "/b.png", "--layout-json", dir + "/b.json"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.err.find("/revision") != std::string::npos);
    auto j = nlohmann::json::parse(read_text(dir + "/b.json"));
    CHECK(!find_item(j, "waiting").is_null());
}

TEST_CASE("[kiosk] a screenshot that cannot be written fails with a message") {
    auto dir = scratch_dir("unwritable");
    auto r = run_kiosk({"--source", data_file("wall.json"), "--screenshot", dir + "/missing-dir/out.png"});
    CHECK(r.rc != 0);
    CHECK(r.err.find("missing-dir") != std::string::npos);
    std::filesystem::create_directories(dir + "/ro");
    std::filesystem::permissions(dir + "/ro", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    if (::access((dir + "/ro").c_str(), W_OK) != 0) {  // root can write anyway; then there is nothing to test
        r = run_kiosk({"--source", data_file("wall.json"), "--screenshot", dir + "/ro/out.png"});
        CHECK(r.rc != 0);
        CHECK(r.err.find("cannot write") != std::string::npos);
    }
    std::filesystem::permissions(dir + "/ro", std::filesystem::perms::owner_all);
}

TEST_CASE("[kiosk] bad command lines are refused with exit status 2 and a reason") {
    auto r = run_kiosk({"--size", "12x34", "--source", "x.json"});
    CHECK(r.rc == 2);
    CHECK(r.err.find("--size") != std::string::npos);
    r = run_kiosk({"--scene", "disco", "--source", "x.json"});
    CHECK(r.rc == 2);
    CHECK(r.err.find("disco") != std::string::npos);
    r = run_kiosk({"--windowed"});
    CHECK(r.rc == 2);
    CHECK(r.err.find("--source") != std::string::npos);
    r = run_kiosk({"--exit-key", "Hyper", "--source", "x.json"});
    CHECK(r.rc == 2);
    // A screen id goes into an HTTP header and nginx's log: nothing that could break either.
    r = run_kiosk({"--screen-id", "lobby 1\r\nX-Evil: 1", "--source", "x.json"});
    CHECK(r.rc == 2);
    CHECK(r.err.find("--screen-id") != std::string::npos);
    CHECK(run_kiosk({"--help"}).rc == 0);
}
