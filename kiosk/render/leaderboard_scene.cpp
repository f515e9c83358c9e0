// The leaderboard scene: people and teams side by side (landscape) or stacked (portrait).
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "render/scene_context.hpp"

namespace lw::kiosk::detail {

void draw_leaderboard_scene(SceneContext& c, const Wall& w) {
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44), gap = m.px(28);
    float avail_h = c.bottom - top;
    if (!m.portrait) {
        float people_w = (m.w - 2 * margin - gap) * 0.6f;
        draw_leader_panel(c, w, {margin, top, people_w, avail_h});
        draw_team_panel(c, w, {margin + people_w + gap, top, m.w - 2 * margin - gap - people_w, avail_h});
    } else {
        // The teams take the height they need, up to half; the people have the rest. A fixed share left
        // the sixth team out while the people panel had room to spare (issue 11, item 8).
        float team_h = team_panel_height(c, w, (avail_h - gap) * 0.5f);
        float people_h = avail_h - gap - team_h;
        draw_leader_panel(c, w, {margin, top, m.w - 2 * margin, people_h});
        draw_team_panel(c, w, {margin, top + people_h + gap, m.w - 2 * margin, avail_h - people_h - gap});
    }
}

}  // namespace lw::kiosk::detail
