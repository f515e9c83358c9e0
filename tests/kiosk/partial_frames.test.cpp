// [kiosk] issue 15 item 4: on a software renderer the kiosk draws only what moves (docs/kiosk-cpu.md). A frame
// drawn in part must be the very pixels of the same frame drawn whole, in every scene that moves: arrivals on
// the wall, the ticker, the leaderboard's slide and tints, the connections' arrival arcs, cross-fades.
// Run as its own ctest entry (kiosk_partial_frames): hundreds of frames read back twice, slow under ASan.
#include <doctest/doctest.h>

#include <SFML/Graphics/RenderTexture.hpp>

#include <cstring>
#include <functional>

#include "bench.hpp"
#include "kiosk_helpers.hpp"
#include "learnwall/wall.hpp"
#include "player.hpp"

using namespace kiosk_test;
using namespace lw::kiosk;

namespace {

struct PairRun {
    std::size_t frames = 0, partial_frames = 0, cross_fades = 0;  // partial: only the overlay's places drawn
    double largest_partial_share = 0;  // of the target's pixels, in one frame shown in rectangles
};

// Two Players on the same walls at the same instants: one draws whole frames, the other in part on a target
// that keeps its pixels (as the back buffer does when the presenter copies rectangles). After every frame
// the two pictures must be identical.
PairRun run_pair(std::optional<SceneKind> scene, sf::Vector2u size, std::int64_t until_us,
                 const std::function<std::shared_ptr<const lw::Wall>(std::int64_t)>& wall_at, const std::string& name) {
    SceneRenderer r(fonts());
    const auto start = *lw::parse_rfc3339("2026-05-19T10:35:00Z");
    Player whole(r, scene, start), part(r, scene, start);
    REQUIRE(whole.resize(size));
    REQUIRE(part.resize(size));
    part.set_partial(true);
    sf::RenderTexture a, b;
    REQUIRE(a.create(size.x, size.y));
    REQUIRE(b.create(size.x, size.y));
    PairRun run;
    std::shared_ptr<const lw::Wall> current;
    for (std::int64_t t = 0; t < until_us; t += 33'333) {
        if (auto w = wall_at(t); w != current) {
            current = w;
            whole.set_wall(w, "", t);
            part.set_wall(w, "", t);
        }
        const bool due_whole = whole.due(t), due_part = part.due(t);
        REQUIRE(due_whole == due_part);  // drawing in part never changes when a frame is due
        if (!due_whole) continue;
        const FrameUpdate uw = whole.render(a, t);
        const FrameUpdate up = part.render(b, t);
        CHECK(uw.whole);
        a.display();
        b.display();
        ++run.frames;
        if (part.last_frame_kind() == Player::FrameKind::cross_fade) ++run.cross_fades;
        if (part.last_frame_kind() == Player::FrameKind::overlay_part) ++run.partial_frames;
        if (!up.whole) {
            double px = 0;
            for (const auto& ar : up.areas) px += static_cast<double>(ar.width) * ar.height;
            run.largest_partial_share = std::max(run.largest_partial_share, px / (static_cast<double>(size.x) * size.y));
        }
        const sf::Image ia = a.getTexture().copyToImage(), ib = b.getTexture().copyToImage();
        const std::size_t bytes = static_cast<std::size_t>(size.x) * size.y * 4;
        if (std::memcmp(ia.getPixelsPtr(), ib.getPixelsPtr(), bytes) == 0) continue;  // the usual case: one compare
        std::size_t differ = 0;
        unsigned fx = 0, fy = 0;
        for (unsigned y = 0; y < size.y; ++y)
            for (unsigned x = 0; x < size.x; ++x)
                if (ia.getPixel(x, y) != ib.getPixel(x, y) && differ++ == 0) fx = x, fy = y;
        {
            const std::string dir = scratch_dir("partial-" + name);
            CHECK(ia.saveToFile(dir + "/whole.png"));
            CHECK(ib.saveToFile(dir + "/part.png"));
            FAIL_CHECK(name << ": at " << t << " us " << differ << " pixels differ, the first at " << fx << "," << fy
                            << " (frames saved in " << dir << ")");
            break;
        }
    }
    return run;
}

std::shared_ptr<const lw::Wall> with_board(int generation, bool announcements) {
    return make_bench_wall(60, generation, announcements);
}

}  // namespace

TEST_CASE("[kiosk partial] issue 15 item 4: a frame drawn in part is the same picture as the frame drawn whole") {
    SUBCASE("wall: arrivals glow while the ticker scrolls, landscape") {
        auto first = with_board(0, true), second = with_board(1, true);
        auto run = run_pair(SceneKind::wall, {960, 540}, 7'500'000,
                            [&](std::int64_t t) { return t < 1'000'000 ? first : second; }, "wall-ticker");
        CHECK(run.partial_frames > 100);  // the ticker moves all along: nearly every frame is partial
        CHECK(run.largest_partial_share < 0.5);
    }
    SUBCASE("wall: arrivals without a ticker, portrait") {
        auto first = with_board(0, false), second = with_board(1, false);
        auto run = run_pair(SceneKind::wall, {540, 960}, 7'500'000,
                            [&](std::int64_t t) { return t < 1'000'000 ? first : second; }, "wall-portrait");
        CHECK(run.partial_frames >= 15);  // the glow's fades
        CHECK(run.largest_partial_share < 0.5);
    }
    SUBCASE("leaderboard: rows slide and glow, both orientations") {
        for (sf::Vector2u size : {sf::Vector2u{960, 540}, sf::Vector2u{540, 960}}) {
            CAPTURE(size.x);
            auto first = with_board(0, false), second = with_board(1, false);
            auto run = run_pair(SceneKind::leaderboard, size, 8'000'000,
                                [&](std::int64_t t) { return t < 1'000'000 ? first : second; },
                                "leaderboard-" + std::to_string(size.x));
            CHECK(run.partial_frames >= 15);
        }
    }
    SUBCASE("leaderboard: teams change places and a person leaves the board") {
        auto first = std::make_shared<lw::Wall>(*with_board(0, false));
        auto second = std::make_shared<lw::Wall>(*with_board(1, false));
        std::swap(second->teams[0].team, second->teams[2].team);  // the third team climbs to the top
        second->leaderboard.erase(second->leaderboard.begin() + 1);
        for (sf::Vector2u size : {sf::Vector2u{960, 540}, sf::Vector2u{540, 960}}) {
            CAPTURE(size.x);
            std::shared_ptr<const lw::Wall> a = first, b = second;
            auto run = run_pair(SceneKind::leaderboard, size, 3'000'000, [&](std::int64_t t) { return t < 1'000'000 ? a : b; },
                                "teams-" + std::to_string(size.x));
            CHECK(run.partial_frames >= 15);
        }
    }
    SUBCASE("connections: the newest connections draw in") {
        auto wall = lw::parse_wall(read_text(data_file("wall-connections.json")), "wall-connections.json");
        REQUIRE_MESSAGE(wall, wall.error());
        std::shared_ptr<const lw::Wall> w = std::make_shared<lw::Wall>(*wall);
        auto run = run_pair(SceneKind::connections, {960, 540}, 5'000'000, [&](std::int64_t) { return w; }, "connections");
        CHECK(run.partial_frames >= 30);
    }
    SUBCASE("the playlist: scenes and pages cross-fade, arrivals in between") {
        // No announcements here (the ticker case is above): frames come only when something moves.
        int generation = 0;
        std::shared_ptr<const lw::Wall> current = with_board(0, false);
        std::int64_t next = 10'000'000;
        auto run = run_pair(std::nullopt, {640, 360}, 45'000'000,
                            [&](std::int64_t t) {
                                if (t >= next) current = with_board(++generation, false), next += 10'000'000;
                                return current;
                            },
                            "playlist");
        CHECK(run.cross_fades >= 10);  // at least one scene change or page turn in 45 s
        CHECK(run.partial_frames >= 30);
    }
}
