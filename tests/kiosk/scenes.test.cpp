// [kiosk] the renderer and the Player in-process: rank-change highlight, arrivals, redraw only on change.
#include <doctest/doctest.h>

#include <SFML/Graphics/RenderTexture.hpp>

#include "bench.hpp"
#include "kiosk_helpers.hpp"
#include "player.hpp"
#include "screen_awake.hpp"

using namespace kiosk_test;
using namespace lw::kiosk;

TEST_CASE("[kiosk] leaderboard rows that moved light up after a change, then settle") {
    auto wall = make_bench_wall(20, 0, false);
    SceneRenderer r(fonts());
    sf::RenderTexture rt;
    REQUIRE(rt.create(1280, 720));
    FrameInput in;
    in.wall = wall.get();
    in.scene = SceneKind::leaderboard;
    in.now = *lw::parse_rfc3339("2026-05-19T10:35:00Z");
    LayoutLog log;
    r.draw_static(rt, in, &log);
    rt.display();
    sf::Image base = rt.getTexture().copyToImage();
    // The first leader moved (movement -1 for rank 1 in generation 0), so its row must change colour.
    const LayoutItem* row = nullptr;
    for (const auto& it : log.items)
        if (!row && it.kind == "leader_row" && it.id == wall->leaderboard[0].name) row = &it;
    REQUIRE(row);
    REQUIRE(wall->leaderboard[0].movement != 0);

    in.ranks_since_us = 0;
    in.elapsed_us = 200'000;  // fading in: moving (issue 15: once it holds still it is drawn but not moving)
    CHECK(r.draw_overlay(rt, in, log));  // moving
    rt.display();
    sf::Image lit = rt.getTexture().copyToImage();
    CHECK(lit.saveToFile(scratch_dir("rank-glow") + "/lit.png"));  // kept for a human to look at
    auto x = static_cast<unsigned>(row->rect.left + row->rect.width * 0.6f), y = static_cast<unsigned>(row->rect.top + 3);
    CHECK(lit.getPixel(x, y) != base.getPixel(x, y));

    in.elapsed_us = SceneRenderer::kRankGlowUs + 1;  // over: nothing moves, the layer alone is the frame
    r.draw_static(rt, in, &log);
    CHECK(!r.draw_overlay(rt, in, log));
}

TEST_CASE("[kiosk] the Player redraws the static layer only when something changed") {
    SceneRenderer r(fonts());
    Player p(r, SceneKind::wall, *lw::parse_rfc3339("2026-05-19T10:35:00Z"));
    REQUIRE(p.resize({640, 360}));
    sf::RenderTexture win;
    REQUIRE(win.create(640, 360));
    p.set_wall(make_bench_wall(30, 0, false), "", 0);
    REQUIRE(p.due(0));
    p.render(win, 0);
    CHECK(p.static_redraws() == 1);
    // Nothing changed: once the start-up highlight is over (one last frame draws it away), no frame is due.
    std::int64_t t = 8'000'000;
    p.render(win, t);
    CHECK(!p.animating());
    CHECK(!p.due(t + 40'000));
    CHECK(p.static_redraws() == 1);
    // A new wall with new posts: due, one static redraw, and the arrivals animate.
    p.set_wall(make_bench_wall(30, 1, false), "", t);
    CHECK(p.due(t));
    p.render(win, t);
    CHECK(p.static_redraws() == 2);
    CHECK(p.animating());
    // The same wall object again is no change at all.
    auto same = make_bench_wall(30, 2, false);
    p.set_wall(same, "", t + 10'000'000);
    p.render(win, t + 10'000'000);
    p.render(win, t + 11'000'000);  // the board's rows have slid into place (issue 15): back in the static layer
    auto redraws = p.static_redraws();
    p.set_wall(same, "", t + 20'000'000);
    p.render(win, t + 20'000'000);
    CHECK(p.static_redraws() == redraws);
    // The stale badge appearing is a change.
    p.set_stale(true, "");
    CHECK(p.due(t + 20'100'000));
    p.render(win, t + 20'100'000);
    CHECK(p.static_redraws() == redraws + 1);
}

TEST_CASE("[kiosk] the screen saver timer is reset on the display, at most every 30 s") {
    ScreenAwake awake;
    REQUIRE(awake.active());  // the tests run on an X display (Xvfb)
    awake.tick(0);
    awake.tick(1'000'000);
    CHECK(awake.resets() == 1);
    awake.tick(30'000'000);
    CHECK(awake.resets() == 2);
}

TEST_CASE("[kiosk] the playlist turns scenes on time and cross-fades; quotes rotate inside the quote scene") {
    SceneRenderer r(fonts());
    // The playlist runs on the wall clock (docs/screen-time.md): 10:34:56Z is the start of a 23 s cycle.
    Player p(r, std::nullopt, *lw::parse_rfc3339("2026-05-19T10:34:56Z"));
    REQUIRE(p.resize({480, 270}));
    sf::RenderTexture win;
    REQUIRE(win.create(480, 270));
    auto w = std::make_shared<lw::Wall>(*make_bench_wall(10, 0, false));
    w->display.playlist = {{"wall", 2}, {"leaderboard", 1}, {"quote", 20}};
    w->display.quote_seconds = 5;
    p.set_wall(w, "", 0);
    std::vector<std::pair<std::int64_t, SceneKind>> seen;
    for (std::int64_t t = 0; t <= 16'000'000; t += 100'000) {
        if (p.due(t)) p.render(win, t);
        if (seen.empty() || seen.back().second != p.scene()) seen.emplace_back(t, p.scene());
    }
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].second == SceneKind::wall);
    CHECK(seen[1] == std::pair<std::int64_t, SceneKind>{2'000'000, SceneKind::leaderboard});
    CHECK(seen[2] == std::pair<std::int64_t, SceneKind>{3'000'000, SceneKind::quote});
    // Over 13 s of quotes at 5 s each, two more static redraws than the scene changes alone would need.
    CHECK(p.static_redraws() >= 3 + 2);
}

TEST_CASE("[kiosk] two screens started at different times show the same scene at the same time (playlist on the "
          "wall clock)") {
    SceneRenderer r(fonts());
    auto w = std::make_shared<lw::Wall>(*make_bench_wall(10, 0, false));
    w->display.playlist = {{"wall", 5}, {"leaderboard", 3}, {"quote", 4}};
    const lw::Instant start = *lw::parse_rfc3339("2026-05-19T10:35:00Z");
    // Screen b starts 7 s after screen a; its own clock counts from its start.
    Player a(r, std::nullopt, start), b(r, std::nullopt, start + std::chrono::seconds(7));
    a.set_wall(w, "", 0);
    b.set_wall(w, "", 0);
    int compared = 0;
    for (std::int64_t t = 7'000'000; t <= 40'000'000; t += 500'000) {
        a.due(t);
        b.due(t - 7'000'000);  // the same wall-clock moment
        CHECK(a.scene() == b.scene());
        ++compared;
    }
    CHECK(compared > 60);
}
