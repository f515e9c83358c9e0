// [kiosk] issue 11 item 8 on the screens: a 0-point challenge promises no "+0 bonus points", and
// --scene quote on a wall without quotes says why it shows the wall.
#include <doctest/doctest.h>

#include <SFML/Graphics/RenderTexture.hpp>

#include <fstream>

#include "bench.hpp"
#include "kiosk_helpers.hpp"
#include "render/renderer.hpp"

using namespace kiosk_test;
using namespace lw::kiosk;

TEST_CASE("[kiosk] issue 11 item 8: a 0-point challenge shows no bonus chip") {
    auto chips_for = [](std::int64_t bonus) {
        auto base = make_bench_wall(6, 0, false);
        auto wall = std::make_shared<lw::Wall>(*base);
        wall->challenge_today->bonus = bonus;
        SceneRenderer r(fonts());
        sf::RenderTexture rt;
        REQUIRE(rt.create(1280, 720));
        FrameInput in;
        in.wall = wall.get();
        in.scene = SceneKind::challenge;
        in.now = *lw::parse_rfc3339("2026-05-19T10:35:00Z");
        LayoutLog log;
        r.draw_static(rt, in, &log);
        std::vector<std::string> chips;
        for (const auto& it : log.items)
            if (it.kind == "challenge_chip") chips.push_back(it.id);
        return chips;
    };
    auto with_bonus = chips_for(20);
    REQUIRE(with_bonus.size() == 2);
    CHECK(with_bonus[1] == "+20 bonus points");
    auto without = chips_for(0);
    REQUIRE(without.size() == 1);
    CHECK(without[0] == "#ShortcutTuesday");
}

TEST_CASE("[kiosk] issue 11 item 8: --scene quote without quotes says so") {
    auto dir = scratch_dir("no-quotes");
    auto wall = nlohmann::json::parse(read_text(data_file("wall.json")));
    wall["quotes"] = nlohmann::json::array();
    std::ofstream(dir + "/wall.json") << wall.dump();
    auto r = run_kiosk({"--source", dir + "/wall.json", "--scene", "quote", "--size", "640x360", "--screenshot",
                        dir + "/q.png", "--no-cache"});
    CHECK(r.rc == 0);
    CHECK_MESSAGE(r.err.find("--scene quote: the wall has no quotes") != std::string::npos, r.err);
    // With quotes, nothing to say.
    auto ok = run_kiosk({"--source", data_file("wall.json"), "--scene", "quote", "--size", "640x360", "--screenshot",
                         dir + "/q2.png", "--no-cache"});
    CHECK(ok.err.find("no quotes") == std::string::npos);
}
