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

// The leaderboard scene of `w` at the tests' instant, and one frame of it drawn with its layout record.
FrameInput board_frame(const lw::Wall& w) {
    FrameInput in;
    in.scene = SceneKind::leaderboard;
    in.now = *lw::parse_rfc3339("2026-05-19T10:35:00Z");
    in.wall = &w;
    return in;
}

LayoutLog draw_logged(SceneRenderer& r, sf::RenderTarget& target, const FrameInput& in) {
    LayoutLog log;
    r.draw(target, in, &log);
    return log;
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
        FrameInput in = board_frame(*old_wall);
        const LayoutLog old_log = draw_logged(r, rt, in);
        in.wall = new_wall.get();
        const LayoutLog settled_log = draw_logged(r, rt, in);  // the new board without a change in progress: the end state
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

namespace {

// Six teams in the given order (points falling), on the bench's wall.
std::shared_ptr<const lw::Wall> wall_with_teams(const std::vector<std::string>& names) {
    auto w = std::make_shared<lw::Wall>(*make_bench_wall(20, 0, false));
    w->teams.clear();
    for (std::size_t i = 0; i < names.size(); ++i)
        w->teams.push_back({static_cast<int>(i + 1), names[i], 300 - static_cast<std::int64_t>(i) * 40, 5, 0});
    return w;
}

std::map<std::string, float> team_tops(const LayoutLog& log) {
    std::map<std::string, float> out;
    for (const auto& it : log.items)
        if (it.kind == "team_row") out.emplace(it.id, it.rect.top);
    return out;
}

}  // namespace

TEST_CASE("[kiosk] issue 15 item 5: team rows slide to their new places too") {
    const std::vector<std::string> before = {"Design", "Finance", "Support", "Engineering", "People"};
    const std::vector<std::string> after = {"Support", "Design", "Finance", "Engineering", "Legal"};  // Support climbs, Legal new
    auto old_wall = wall_with_teams(before), new_wall = wall_with_teams(after);
    SceneRenderer r(fonts());
    for (sf::Vector2u size : {sf::Vector2u{1920, 1080}, sf::Vector2u{1080, 1920}}) {
        CAPTURE(size.x);
        sf::RenderTexture rt;
        REQUIRE(rt.create(size.x, size.y));
        FrameInput in = board_frame(*old_wall);
        const LayoutLog old_log = draw_logged(r, rt, in);
        in.wall = new_wall.get();
        const LayoutLog settled_log = draw_logged(r, rt, in);
        const auto from = team_tops(old_log), to = team_tops(settled_log);
        REQUIRE(from.at("Support") > to.at("Support"));
        REQUIRE(from.at("Design") < to.at("Design"));

        in.previous_teams = before;
        in.ranks_since_us = 1'000'000;
        in.elapsed_us = in.ranks_since_us + SceneRenderer::kRankSlideUs / 2;
        LayoutLog static_log;
        r.draw_static(rt, in, &static_log);
        CHECK(std::count_if(static_log.items.begin(), static_log.items.end(),
                            [](const LayoutItem& it) { return it.kind == "team_slide"; }) == 1);
        CHECK(team_tops(static_log).empty());  // the rows are not in the static layer while they move
        LayoutLog mid_log;
        CHECK(r.draw(rt, in, &mid_log));  // moving
        rt.display();
        CHECK(rt.getTexture().copyToImage().saveToFile(scratch_dir("team-slide-" + std::to_string(size.x)) + "/mid.png"));
        const auto mid = team_tops(mid_log);
        CHECK(mid.at("Support") < from.at("Support"));
        CHECK(mid.at("Support") > to.at("Support"));
        CHECK(mid.at("Design") > from.at("Design"));
        CHECK(mid.at("Design") < to.at("Design"));
        CHECK(mid.at("Legal") == doctest::Approx(to.at("Legal")));  // a newcomer fades in at its place
        CHECK(SceneRenderer::rows_sliding(in));

        in.elapsed_us = in.ranks_since_us + SceneRenderer::kRankSlideUs;
        CHECK(!SceneRenderer::rows_sliding(in));
        LayoutLog end_log;
        r.draw(rt, in, &end_log);
        const auto end = team_tops(end_log);
        for (const auto& name : after) CHECK(end.at(name) == doctest::Approx(to.at(name)));
    }
}

TEST_CASE("[kiosk] issue 15 item 5: a person who drops off the board sinks and fades out instead of vanishing") {
    const std::vector<std::string> before = {"Ada", "Ben", "Cleo", "Dev", "Eli"};
    const std::vector<std::string> after = {"Ada", "Cleo", "Dev", "Eli", "Ivo"};  // Ben leaves the board
    auto old_wall = wall_with_board(before), new_wall = wall_with_board(after);
    SceneRenderer r(fonts());
    sf::RenderTexture rt;
    REQUIRE(rt.create(1920, 1080));
    FrameInput in = board_frame(*old_wall);
    const float ben_was = row_tops(draw_logged(r, rt, in)).at("Ben");
    in.wall = new_wall.get();
    in.previous_leaders = before;
    in.previous_board = old_wall->leaderboard;
    in.ranks_since_us = 1'000'000;
    in.elapsed_us = in.ranks_since_us + SceneRenderer::kRankSlideUs / 2;
    LayoutLog mid_log;
    CHECK(r.draw(rt, in, &mid_log));
    const auto mid = row_tops(mid_log);
    REQUIRE(mid.count("Ben"));  // still on screen mid-slide
    CHECK(mid.at("Ben") > ben_was);  // sinking
    in.previous_board.clear();  // without the old rows (an older Player): Ben is simply gone
    LayoutLog without;
    r.draw(rt, in, &without);
    CHECK(!row_tops(without).count("Ben"));
    in.previous_board = old_wall->leaderboard;
    in.elapsed_us = in.ranks_since_us + SceneRenderer::kRankSlideUs;  // over
    LayoutLog end_log;
    r.draw(rt, in, &end_log);
    CHECK(!row_tops(end_log).count("Ben"));
}

TEST_CASE("[kiosk] issue 15 item 5: the Player slides team rows only when the teams' order changed") {
    SceneRenderer r(fonts());
    Player p(r, SceneKind::leaderboard, *lw::parse_rfc3339("2026-05-19T10:35:00Z"));
    REQUIRE(p.resize({1280, 720}));
    sf::RenderTexture win;
    REQUIRE(win.create(1280, 720));
    p.set_wall(wall_with_teams({"Design", "Finance", "Support"}), "", 0);
    frames_between(p, win, 0, 5'000'000);
    auto kinds = [&](const char* kind) {
        return std::count_if(p.layout().items.begin(), p.layout().items.end(), [&](const LayoutItem& it) { return it.kind == kind; });
    };
    // New points, same order: the rows stay in the static layer.
    auto same_order = std::make_shared<lw::Wall>(*wall_with_teams({"Design", "Finance", "Support"}));
    same_order->teams[0].points += 5;
    p.set_wall(same_order, "", 5'000'000);
    REQUIRE(p.due(5'000'000));
    p.render(win, 5'000'000);
    CHECK(kinds("team_slide") == 0);
    CHECK(kinds("team_row") == 3);
    // A new order: the rows move in the overlay, and come back to the static layer when they stop.
    p.set_wall(wall_with_teams({"Support", "Design", "Finance"}), "", 6'000'000);
    REQUIRE(p.due(6'000'000));
    p.render(win, 6'000'000);
    CHECK(kinds("team_slide") == 1);
    CHECK(kinds("team_row") == 0);
    CHECK(p.animating());
    frames_between(p, win, 6'033'333, 6'000'000 + SceneRenderer::kRankSlideUs + 100'000);
    CHECK(kinds("team_slide") == 0);
    CHECK(kinds("team_row") == 3);
}

TEST_CASE("[kiosk] team bars stay inside their rows when the file's teams are out of order") {
    // A wall.json whose teams are not sorted by points (a hand-edited or foreign file): the bars are measured
    // against the highest score, so none runs past its row into the next panel or off the screen.
    auto w = std::make_shared<lw::Wall>(*wall_with_teams({"Design", "Finance", "Support"}));
    std::swap(w->teams[0], w->teams[2]);  // 220 first, then 260, then 300
    SceneRenderer r(fonts());
    sf::RenderTexture rt;
    REQUIRE(rt.create(960, 540));
    const LayoutLog log = draw_logged(r, rt, board_frame(*w));
    rt.display();
    const sf::Image img = rt.getTexture().copyToImage();
    const LayoutItem* panel = nullptr;
    for (const auto& it : log.items)
        if (it.kind == "team_panel") panel = &it;
    REQUIRE(panel);
    // Right of the panel, across its height: the background only (no bar colour leaks there).
    const auto right = static_cast<unsigned>(panel->rect.left + panel->rect.width) + 2;
    REQUIRE(right < 960);
    std::size_t bar_pixels = 0;
    for (unsigned y = static_cast<unsigned>(panel->rect.top); y < static_cast<unsigned>(panel->rect.top + panel->rect.height); ++y)
        for (unsigned x = right; x < 960; ++x)
            if (img.getPixel(x, y).g > 100) ++bar_pixels;  // the bars are bright; the background is dark blue
    CHECK(bar_pixels == 0);
}
