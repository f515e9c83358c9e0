// [kiosk] issue 15 items 4 and 5 in-process: an arrival costs frames only while something moves (the held
// highlight is drawn once, not 30 times a second), and leaderboard rows slide to their new places.
#include <doctest/doctest.h>

#include <SFML/Graphics/RenderTexture.hpp>

#include <algorithm>
#include <map>

#include "bench.hpp"
#include "kiosk_helpers.hpp"
#include "player.hpp"

using namespace kiosk_test;
using namespace lw::kiosk;

namespace {

// Steps the Player as the live loop does (a due() every 33 ms) from `from_us` to `to_us`; returns the
// instants at which a frame was drawn.
std::vector<std::int64_t> frames_between(Player& p, sf::RenderTarget& win, std::int64_t from_us, std::int64_t to_us) {
    std::vector<std::int64_t> drawn;
    for (std::int64_t t = from_us; t < to_us; t += 33'333)
        if (p.due(t)) {
            p.render(win, t);
            drawn.push_back(t);
        }
    return drawn;
}

// The top of each leader row, by name, in a layout record.
std::map<std::string, float> row_tops(const LayoutLog& log) {
    std::map<std::string, float> out;
    for (const auto& it : log.items)
        if (it.kind == "leader_row") out.emplace(it.id, it.rect.top);
    return out;
}

// A board of ten people with distinct names (the bench's board repeats names), in the given order.
std::shared_ptr<const lw::Wall> wall_with_board(const std::vector<std::string>& names) {
    auto w = std::make_shared<lw::Wall>(*make_bench_wall(20, 0, false));
    w->leaderboard.clear();
    for (std::size_t i = 0; i < names.size(); ++i) {
        lw::WallLeader l;
        l.rank = static_cast<int>(i + 1);
        l.name = names[i];
        l.team = "Design";
        l.points = 200 - static_cast<std::int64_t>(i) * 10;
        w->leaderboard.push_back(l);
    }
    return w;
}

}  // namespace

TEST_CASE("[kiosk] issue 15 item 4: an arrival on the live feed draws frames only while its highlight moves") {
    SceneRenderer r(fonts());
    Player p(r, SceneKind::wall, *lw::parse_rfc3339("2026-05-19T10:35:00Z"));
    REQUIRE(p.resize({1280, 720}));
    sf::RenderTexture win;
    REQUIRE(win.create(1280, 720));
    p.set_wall(make_bench_wall(200, 0, false), "", 0);
    frames_between(p, win, 0, 8'000'000);  // start-up highlights come and go
    REQUIRE(!p.animating());
    // Five new posts and a changed board, as every 10 s on the live feed of issue 15.
    const std::int64_t t = 10'000'000;
    p.set_wall(make_bench_wall(200, 1, false), "", t);
    auto drawn = frames_between(p, win, t, t + 8'000'000);
    // Before: a pulsing glow at 30 fps for the whole 6 s (about 180 frames). Now the fades and the rows'
    // slide move at 30 fps, and the held highlight between them costs no frame at all.
    CHECK(drawn.size() >= 20);  // the moving parts still run at the frame rate
    CHECK(drawn.size() <= 70);
    const auto in_hold = std::count_if(drawn.begin(), drawn.end(), [&](std::int64_t f) {
        return f > t + 1'000'000 && f < t + 3'500'000;
    });
    CHECK(in_hold == 0);
    // Frames while the glow fades in come at the full rate (30 fps while something moves).
    const auto first_400ms = std::count_if(drawn.begin(), drawn.end(), [&](std::int64_t f) { return f < t + 400'000; });
    CHECK(first_400ms >= 11);
    CHECK(!p.animating());
}

TEST_CASE("[kiosk] issue 15 item 4: a held arrival glow is on screen though nothing moves") {
    auto wall = make_bench_wall(20, 1, false);
    SceneRenderer r(fonts());
    sf::RenderTexture rt;
    REQUIRE(rt.create(1280, 720));
    FrameInput in;
    in.wall = wall.get();
    in.now = *lw::parse_rfc3339("2026-05-19T10:35:00Z");
    LayoutLog log;
    r.draw_static(rt, in, &log);
    rt.display();
    const sf::Image base = rt.getTexture().copyToImage();
    const LayoutItem* card = nullptr;
    for (const auto& it : log.items)
        if (!card && it.kind == "post_card") card = &it;
    REQUIRE(card);
    in.new_post_ids = {card->id};
    in.new_since_us = 0;
    in.elapsed_us = 3'000'000;  // holding: drawn, but not moving
    CHECK(!r.draw_overlay(rt, in, log));
    rt.display();
    const sf::Image held = rt.getTexture().copyToImage();
    CHECK(held.saveToFile(scratch_dir("held-glow") + "/held.png"));  // kept for a human to look at
    const auto x = static_cast<unsigned>(card->rect.left + card->rect.width / 3);
    const auto y = static_cast<unsigned>(card->rect.top - 2);  // in the glow above the card
    CHECK(held.getPixel(x, y) != base.getPixel(x, y));
    CHECK(SceneRenderer::next_change_us(in) == SceneRenderer::kNewPostGlowUs - SceneRenderer::kHighlightFadeUs);
    in.elapsed_us = 200'000;  // fading in: moving
    r.draw_static(rt, in, nullptr);
    CHECK(r.draw_overlay(rt, in, log));
}

TEST_CASE("[kiosk] issue 15 item 5: leaderboard rows slide from their old places to their new ones") {
    const std::vector<std::string> before = {"Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana"};
    const std::vector<std::string> after = {"Dev", "Ada", "Ben", "Cleo", "Ivo", "Eli", "Fay", "Gus"};  // Dev climbs, Ivo new
    auto old_wall = wall_with_board(before), new_wall = wall_with_board(after);
    SceneRenderer r(fonts());
    for (sf::Vector2u size : {sf::Vector2u{1920, 1080}, sf::Vector2u{1080, 1920}}) {
        CAPTURE(size.x);
        sf::RenderTexture rt;
        REQUIRE(rt.create(size.x, size.y));
        FrameInput in;
        in.scene = SceneKind::leaderboard;
        in.now = *lw::parse_rfc3339("2026-05-19T10:35:00Z");
        in.wall = old_wall.get();
        LayoutLog old_log;
        r.draw(rt, in, &old_log);
        in.wall = new_wall.get();
        LayoutLog settled_log;
        r.draw(rt, in, &settled_log);  // the new board without a change in progress: the end state
        const auto from = row_tops(old_log), to = row_tops(settled_log);
        REQUIRE(from.at("Dev") > to.at("Dev"));  // Dev goes up the board
        REQUIRE(from.at("Ada") < to.at("Ada"));

        in.previous_leaders = before;
        in.ranks_since_us = 1'000'000;
        in.elapsed_us = in.ranks_since_us + SceneRenderer::kRankSlideUs / 2;
        LayoutLog mid_log;
        CHECK(r.draw(rt, in, &mid_log));  // moving
        rt.display();
        CHECK(rt.getTexture().copyToImage().saveToFile(scratch_dir("rank-slide-" + std::to_string(size.x)) + "/mid.png"));
        const auto mid = row_tops(mid_log);
        CHECK(mid.at("Dev") < from.at("Dev"));  // between its places, not at either
        CHECK(mid.at("Dev") > to.at("Dev"));
        CHECK(mid.at("Ada") > from.at("Ada"));
        CHECK(mid.at("Ada") < to.at("Ada"));
        CHECK(mid.at("Ivo") == doctest::Approx(to.at("Ivo")));  // a newcomer fades in at its place
        CHECK(SceneRenderer::rows_sliding(in));

        in.elapsed_us = in.ranks_since_us + SceneRenderer::kRankSlideUs;  // over: every row in its new place
        CHECK(!SceneRenderer::rows_sliding(in));
        LayoutLog end_log;
        r.draw(rt, in, &end_log);
        const auto end = row_tops(end_log);
        for (const auto& name : after)
            if (to.count(name)) CHECK(end.at(name) == doctest::Approx(to.at(name)));
    }
}

TEST_CASE("[kiosk] issue 15 item 5: the Player puts the rows back into its static layer once they stop") {
    SceneRenderer r(fonts());
    Player p(r, SceneKind::leaderboard, *lw::parse_rfc3339("2026-05-19T10:35:00Z"));
    REQUIRE(p.resize({1280, 720}));
    sf::RenderTexture win;
    REQUIRE(win.create(1280, 720));
    p.set_wall(wall_with_board({"Ada", "Ben", "Cleo", "Dev"}), "", 0);
    frames_between(p, win, 0, 5'000'000);
    const auto redraws = p.static_redraws();
    p.set_wall(wall_with_board({"Dev", "Ada", "Ben", "Cleo"}), "", 5'000'000);
    REQUIRE(p.due(5'000'000));
    p.render(win, 5'000'000);
    auto kinds = [&](const char* kind) {
        return std::count_if(p.layout().items.begin(), p.layout().items.end(), [&](const LayoutItem& it) { return it.kind == kind; });
    };
    CHECK(kinds("leader_slide") == 1);  // the rows are in the overlay while they move
    CHECK(kinds("leader_row") == 0);
    CHECK(p.animating());
    frames_between(p, win, 5'033'333, 5'000'000 + SceneRenderer::kRankSlideUs + 100'000);
    CHECK(kinds("leader_slide") == 0);
    CHECK(kinds("leader_row") == 4);
    CHECK(p.static_redraws() == redraws + 2);  // the new board, then the rows back in place
}
