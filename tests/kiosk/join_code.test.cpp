// [kiosk] issue 13 item 1: when tips are open (the wall carries display.join_code), the "Join in"
// card shows the code beside its QR, in landscape and portrait, on the wall and the challenge scene.
#include <doctest/doctest.h>

#include <fstream>

#include "kiosk_helpers.hpp"

using namespace kiosk_test;

namespace {

struct JoinBox {
    double x = 0, y = 0, w = 0, h = 0;
    std::string id;
};

std::vector<JoinBox> join_items(const nlohmann::json& layout, const std::string& kind) {
    std::vector<JoinBox> out;
    for (const auto& it : layout.at("items"))
        if (it.at("kind") == kind)
            out.push_back({it.at("x").get<double>(), it.at("y").get<double>(), it.at("w").get<double>(),
                           it.at("h").get<double>(), it.at("id").get<std::string>()});
    return out;
}

bool join_inside(const JoinBox& a, const JoinBox& b) {
    return a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.w <= b.x + b.w + 1 && a.y + a.h <= b.y + b.h + 1;
}

}  // namespace

TEST_CASE("[kiosk] join code shown beside the QR when tips are open, landscape and portrait") {
    auto dir = scratch_dir("join-code");
    auto wall = nlohmann::json::parse(read_text(data_file("wall-rich.json")));
    const std::string with_code = dir + "/wall-code.json", without = data_file("wall-rich.json");
    wall["display"]["join_code"] = "K7PM4Q";
    std::ofstream(with_code) << wall.dump();
    for (const std::string scene : {"wall", "challenge"})
        for (const std::string size : {"1920x1080", "1080x1920"}) {
            CAPTURE(scene);
            CAPTURE(size);
            const std::string stem = dir + "/" + scene + "-" + size;
            auto r = run_kiosk({"--source", with_code, "--scene", scene, "--size", size, "--screenshot", stem + ".png",
                                "--layout-json", stem + ".json", "--now", "2026-05-19T10:35:00Z"});
            REQUIRE_MESSAGE(r.rc == 0, r.err);
            auto j = nlohmann::json::parse(read_text(stem + ".json"));
            auto codes = join_items(j, "join_code");
            auto cards = join_items(j, "join");
            if (cards.empty()) continue;  // a scene without the card has nothing to check
            REQUIRE(codes.size() == 1);
            CHECK(codes[0].id == "K7PM4Q");
            CHECK(join_inside(codes[0], cards[0]));
            CHECK(codes[0].w > 100);  // legible from a distance, not a footnote
            sf::Image img;
            REQUIRE(img.loadFromFile(stem + ".png"));
            const auto& c = codes[0];
            sf::Color bg = img.getPixel(static_cast<unsigned>(cards[0].x + 4), static_cast<unsigned>(cards[0].y + 4));
            CHECK(pixels_differing(img, static_cast<int>(c.x), static_cast<int>(c.y), static_cast<int>(c.w),
                                   static_cast<int>(c.h), bg) > static_cast<std::size_t>(c.w * c.h / 50));
            // Without a code (tips not open) the card has no code line.
            auto plain = run_kiosk({"--source", without, "--scene", scene, "--size", size, "--screenshot", stem + "-plain.png",
                                    "--layout-json", stem + "-plain.json", "--now", "2026-05-19T10:35:00Z"});
            REQUIRE(plain.rc == 0);
            CHECK(join_items(nlohmann::json::parse(read_text(stem + "-plain.json")), "join_code").empty());
        }
}
