// [kiosk] fair screen time on the wall scene (docs/screen-time.md): the wall pages through every post with
// its columns full, instead of showing the newest few for ever.
#include <doctest/doctest.h>

#include <SFML/Graphics/RenderTexture.hpp>

#include <map>
#include <set>
#include <string>

#include "bench.hpp"
#include "kiosk_helpers.hpp"

using namespace kiosk_test;
using namespace lw::kiosk;

namespace {
struct Drawn {
    std::vector<std::string> ids;
    sf::FloatRect area;
    std::map<float, float> column_bottom;  // card left edge -> lowest card bottom
};

Drawn draw_wall_at(SceneRenderer& r, sf::RenderTexture& rt, const lw::Wall& w, lw::Instant at) {
    FrameInput in;
    in.wall = &w;
    in.scene = SceneKind::wall;
    in.now = at;
    LayoutLog log;
    r.draw_static(rt, in, &log);
    Drawn d;
    for (const auto& it : log.items) {
        if (it.kind == "posts_area") d.area = it.rect;
        if (it.kind != "post_card") continue;
        d.ids.push_back(it.id);
        float& b = d.column_bottom[it.rect.left];
        b = std::max(b, it.rect.top + it.rect.height);
    }
    return d;
}
}  // namespace

TEST_CASE("[kiosk] fair screen time: most approved posts never showed; the wall pages through all of them with "
          "columns full") {
    auto wall = make_bench_wall(40, 0, false);  // post 3 pinned, post 1 featured
    SceneRenderer r(fonts());
    sf::RenderTexture rt;
    REQUIRE(rt.create(1280, 720));
    const lw::Instant t0 = *lw::parse_rfc3339("2026-05-19T10:35:00Z");  // a page starts
    std::set<std::string> seen;
    std::vector<std::string> first;
    for (int k = 0; k < 60; ++k) {
        auto d = draw_wall_at(r, rt, *wall, t0 + std::chrono::seconds(20 * k));
        INFO("page " << k);
        REQUIRE(!d.ids.empty());
        if (k == 0) first = d.ids;
        if (k == 1) CHECK(d.ids != first);  // the page turned
        // The pinned post is on every page.
        CHECK(std::find(d.ids.begin(), d.ids.end(), wall->posts[3].id) != d.ids.end());
        // No column half empty while posts wait.
        for (const auto& [left, bottom] : d.column_bottom) CHECK(bottom >= d.area.top + d.area.height * 0.6f);
        seen.insert(d.ids.begin(), d.ids.end());
    }
    CHECK(seen.size() == wall->posts.size());
    // The same moment draws the same page (a second screen, or this one after a restart).
    CHECK(draw_wall_at(r, rt, *wall, t0 + std::chrono::seconds(13)).ids == first);
    // The page time comes from wall.json: at 60 s a page, 20 s later is still the first page.
    auto slow = std::make_shared<lw::Wall>(*wall);
    slow->display.page_seconds = 60;
    CHECK(draw_wall_at(r, rt, *slow, t0).ids == draw_wall_at(r, rt, *slow, t0 + std::chrono::seconds(20)).ids);
}
