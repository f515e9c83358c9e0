// The boards: people (rank medal, name column, team, badges, movement) and teams (bar in proportion to
// the leader, member counts dropped before any team, "+N more teams"). Rows fill the panel they are given.
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "render/scene_context.hpp"
#include "learnwall/utf8.hpp"

namespace lw::kiosk::detail {

namespace {

// What one people row needs that is the same for every row of a panel.
struct LeaderRowGeometry {
    bool big = false;
    float k = 1.0f;
    float row_h = 0;
    float widest_name = 0;
};

// One row of the people board at `row`, every part of it at opacity `alpha` (a row sliding in fades in).
void draw_leader_board_row(SceneContext& c, const WallLeader& l, sf::FloatRect row, const LeaderRowGeometry& g, float alpha) {
    const Metrics& m = c.m;
    const bool big = g.big;
    const float k = g.k, row_h = g.row_h, y = row.top;
    const auto faded = [alpha](sf::Color col) {
        col.a = static_cast<sf::Uint8>(static_cast<float>(col.a) * alpha);
        return col;
    };
    c.record("leader_row", l.name, row);
    float cr = m.px(24) * k;
    sf::Color medal = l.rank == 1 ? c.pal.gold : l.rank == 2 ? c.pal.silver : l.rank == 3 ? c.pal.bronze
                                                                                        : sf::Color(255, 255, 255, 40);
    fill_circle(c.t, {row.left + cr, y + row_h / 2}, cr, faded(medal));
    TextStyle rs{m.text(24 * k), true, l.rank <= 3 ? c.pal.ink : c.pal.on_dark};
    auto rb = layout_text(c.fonts, std::to_string(l.rank), rs, cr * 2, 1);
    draw_text(c.t, rb, {row.left + cr - rb.width / 2, y + row_h / 2 - static_cast<float>(rs.size) * 0.62f}, alpha);
    TextStyle ps{m.text(30 * k), true, c.pal.accent};
    auto pb = layout_text(c.fonts, thousands(l.points), ps, m.px(200), 1);
    float px = row.left + row.width - pb.width;
    draw_text(c.t, pb, {px, y + row_h / 2 - static_cast<float>(ps.size) * 0.65f}, alpha);
    c.record("leader_points", l.name, {px, y + row_h / 2 - static_cast<float>(ps.size) * 0.65f, pb.width, pb.height});
    const TextStyle ns{m.text(26 * k), true, c.pal.on_dark};
    float nx = row.left + 2 * cr + m.px(16);
    float mv_w = m.px(34) * k;
    float name_right = std::min(px - m.px(12) - mv_w, nx + std::ceil(g.widest_name) + 1);
    auto nb = layout_text(c.fonts, l.name, ns, name_right - nx, 1);
    float name_y = y + row_h / 2 - static_cast<float>(ns.size) * 1.05f;
    draw_text(c.t, nb, {nx, name_y}, alpha);
    c.record("leader_name", l.name, {nx + (nb.rtl ? nb.box_width - nb.width : 0.0f), name_y, nb.width, nb.height});
    name_right = px - m.px(12) - mv_w;  // the team and badges below may use the whole row
    std::string sub = l.team;
    TextStyle tms{m.text(20 * k), false, c.pal.on_dark_soft};
    float sub_y = name_y + static_cast<float>(ns.size) * 1.3f;
    float sx = nx;
    if (!sub.empty()) {
        auto tmb = layout_text(c.fonts, sub, tms, (name_right - nx) * (big ? 0.45f : 1.0f), 1);
        draw_text(c.t, tmb, {sx, sub_y}, alpha);
        sx += tmb.width + m.px(14);
    }
    if (big) {
        for (const auto& badge : l.badges) {
            TextStyle bs{m.text(18 * k), true, c.pal.ink};
            auto bb = layout_text(c.fonts, "\u2605 " + badge, bs, m.px(300), 1);
            float bw = bb.width + m.px(20);
            if (sx + bw > name_right) break;
            sf::FloatRect chip{sx, sub_y - m.px(2), bw, static_cast<float>(bs.size) * 1.5f};
            fill_rounded(c.t, chip, chip.height / 2, faded(c.pal.gold));
            draw_text(c.t, bb, {chip.left + m.px(10), chip.top + chip.height * 0.12f}, alpha);
            sx += bw + m.px(8);
        }
    }
    if (l.movement != 0 || l.is_new) {
        TextStyle ms{m.text(22 * k), true, l.is_new ? c.pal.gold : l.movement > 0 ? c.pal.up : c.pal.down};
        std::string mark = l.is_new ? "\u2605" : l.movement > 0 ? "\u25B2" : "\u25BC";
        if (big && !l.is_new) mark += std::to_string(std::abs(l.movement));
        auto mb = layout_text(c.fonts, mark, ms, mv_w * 2, 1);
        draw_text(c.t, mb, {px - m.px(12) - mb.width, y + row_h / 2 - static_cast<float>(ms.size) * 0.62f}, alpha);
    }
}

// a over b by t (0: a, 1: b), opaque.
sf::Color leader_row_mix(sf::Color a, sf::Color b, float t) {
    const auto ch = [t](sf::Uint8 x, sf::Uint8 y) {
        return static_cast<sf::Uint8>(static_cast<float>(x) + (static_cast<float>(y) - static_cast<float>(x)) * t);
    };
    return {ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b), 255};
}

// How far a board's slide is (0..1), or -1: `had_board` says there is a previous order to slide from.
float board_slide_progress(const FrameInput& in, bool had_board) {
    if (in.ranks_since_us < 0 || !had_board) return -1.0f;
    const std::int64_t since = in.elapsed_us - in.ranks_since_us;
    if (since < 0 || since >= SceneRenderer::kRankSlideUs) return -1.0f;
    return static_cast<float>(since) / static_cast<float>(SceneRenderer::kRankSlideUs);
}

// Slow out, slow in.
float board_slide_ease(float t) { return t < 0.5f ? 4 * t * t * t : 1 - std::pow(-2 * t + 2, 3.0f) / 2; }

// Where each of the first `shown` names was in `before` (matched in order when a name repeats), or -1.
std::vector<int> board_rows_before(const std::vector<std::string>& now, const std::vector<std::string>& before,
                                   std::size_t shown, std::size_t shown_before) {
    std::vector<int> from(shown, -1);
    std::vector<bool> taken(before.size(), false);
    for (std::size_t i = 0; i < shown && i < now.size(); ++i)
        for (std::size_t j = 0; j < before.size() && j < shown_before; ++j)
            if (!taken[j] && before[j] == now[i]) {
                taken[j] = true;
                from[i] = static_cast<int>(j);
                break;
            }
    return from;
}

}  // namespace

float leader_slide_progress(const FrameInput& in) { return board_slide_progress(in, !in.previous_leaders.empty()); }
float team_slide_progress(const FrameInput& in) { return board_slide_progress(in, !in.previous_teams.empty()); }

void draw_leader_panel(SceneContext& c, const Wall& w, sf::FloatRect r, const char* title, LeaderPass pass) {
    const Metrics& m = c.m;
    // While the rows slide, the static layer holds the panel without its rows and the overlay draws the rows
    // every frame (issue 15, item 5); the static layer is drawn again with the rows in place when they stop.
    const float slide = leader_slide_progress(c.in);
    if (pass == LeaderPass::whole && slide >= 0 && !w.leaderboard.empty()) {
        pass = LeaderPass::panel_only;
        c.record("leader_slide", title ? title : "", r);
    }
    if (pass != LeaderPass::rows_only) {
        fill_rounded(c.t, r, m.px(18), c.pal.panel);
        c.record("leader_panel", "", r);
    }
    // A big panel (the leaderboard scene) gets larger rows and shows badges.
    LeaderRowGeometry g;
    g.big = r.height > m.px(700) && r.width > m.px(700);
    g.k = g.big ? 1.2f : 1.0f;
    float pad = m.px(24) * g.k;
    TextStyle ts{m.text(32 * g.k), true, c.pal.on_dark};
    auto tb = layout_text(c.fonts, title ? title : g.big ? "Top learners" : "Leaderboard", ts, r.width - 2 * pad, 1);
    if (pass != LeaderPass::rows_only) draw_text(c.t, tb, {r.left + pad, r.top + pad});
    float y = r.top + pad + tb.height + m.px(10);
    g.row_h = m.px(g.big ? 88 : 70);
    if (w.leaderboard.empty()) {
        TextStyle es{m.text(24), false, c.pal.on_dark_soft};
        auto eb = layout_text(c.fonts, "Points appear here as soon as the first posts are approved.", es,
                              r.width - 2 * pad, 3);
        if (pass != LeaderPass::rows_only) draw_text(c.t, eb, {r.left + pad, y});
        return;
    }
    if (pass == LeaderPass::panel_only) return;
    // The name column is as wide as the widest name on the board (never past the mark and the score):
    // a right-to-left name is right-aligned inside it, beside the other names, not against the score.
    const TextStyle ns{m.text(26 * g.k), true, c.pal.on_dark};
    const float rows_room = std::max(0.0f, std::floor((r.top + r.height - pad / 2 - y) / g.row_h));
    // As many people as the panel has room for, not a fixed count per scene (issue 11, item 8).
    for (std::size_t i = 0; i < w.leaderboard.size() && static_cast<float>(i) < rows_room; ++i)
        g.widest_name = std::max(g.widest_name, measure_line(c.fonts, to_display_u32(w.leaderboard[i].name), ns.size, true));
    std::size_t slots = 0;  // the rows whose bottom is inside the panel
    for (float at = y; at + g.row_h <= r.top + r.height - pad / 2; at += g.row_h) ++slots;
    const std::size_t shown = std::min(slots, w.leaderboard.size());
    if (pass == LeaderPass::rows_only && slide >= 0) {
        // Eased (slow out, slow in) from the row's place on the previous wall to its new one; a newcomer fades in.
        const float e = board_slide_ease(slide);
        std::vector<std::string> names;
        for (std::size_t i = 0; i < shown; ++i) names.push_back(w.leaderboard[i].name);
        const std::size_t shown_before = std::min(slots, c.in.previous_leaders.size());
        const std::vector<int> from = board_rows_before(names, c.in.previous_leaders, shown, shown_before);
        // A row that leaves the board (shown before, not now) sinks to the last place as it fades out, under
        // every other row: it goes rather than vanishes.
        if (c.in.previous_board.size() >= shown_before && shown > 0) {
            std::vector<bool> stays(shown_before, false);
            for (int f : from)
                if (f >= 0) stays[static_cast<std::size_t>(f)] = true;
            const float last_y = y + g.row_h * static_cast<float>(slots - 1);
            for (std::size_t j = 0; j < shown_before; ++j) {
                if (stays[j]) continue;
                const float from_y = y + g.row_h * static_cast<float>(j);
                draw_leader_board_row(c, c.in.previous_board[j],
                                      {r.left + pad, from_y + (last_y - from_y) * e, r.width - 2 * pad, g.row_h}, g,
                                      (1 - e) * (1 - e));
            }
        }
        // Rows that pass each other must not print through each other: each moving row gets a backdrop of the
        // panel's own colour, and those going down are drawn first, so a climber passes over them.
        for (int pass_no = 0; pass_no < 3; ++pass_no)
            for (std::size_t i = 0; i < shown; ++i) {
                const int dir = from[i] < 0 || from[i] == static_cast<int>(i) ? 1 : from[i] < static_cast<int>(i) ? 0 : 2;
                if (dir != pass_no) continue;
                const float to_y = y + g.row_h * static_cast<float>(i);
                const float from_y = from[i] < 0 ? to_y : y + g.row_h * static_cast<float>(from[i]);
                sf::FloatRect row{r.left + pad, from_y + (to_y - from_y) * e, r.width - 2 * pad, g.row_h};
                if (dir != 1) {  // the panel over the background's gradient at this height
                    const sf::Color ground = leader_row_mix(c.pal.background, c.pal.background_2, (row.top + row.height / 2) / m.h);
                    fill_rounded(c.t, row, m.px(12), leader_row_mix(ground, c.pal.panel, static_cast<float>(c.pal.panel.a) / 255.0f));
                }
                draw_leader_board_row(c, w.leaderboard[i], row, g, from[i] < 0 ? e * e : 1.0f);  // late: once the room is clear
            }
        return;
    }
    for (std::size_t i = 0; i < shown; ++i) {
        draw_leader_board_row(c, w.leaderboard[i], {r.left + pad, y, r.width - 2 * pad, g.row_h}, g, 1.0f);
        y += g.row_h;
    }
}


namespace {
struct TeamRowSizes {
    float head_h = 0;  // from the panel's top to the first row
    float name_h = 0;  // from a row's name to its bar
    float bar_h = 0;
    float row_h = 0;
    float more_h = 0;  // the "+N more teams" line
    float foot_h = 0;  // below the last row
    bool with_members = false;  // rows carry the "9 people" line
};

TeamRowSizes team_row_sizes(const SceneContext& c, const Wall& w, bool with_members) {
    const Metrics& m = c.m;
    TeamRowSizes z;
    const TextStyle ts{m.text(38), true, c.pal.on_dark};
    const TextStyle ns{m.text(30), true, c.pal.on_dark};
    const TextStyle cs{m.text(18), false, c.pal.on_dark_soft};
    const TextStyle more_style{m.text(26), true, c.pal.on_dark_soft};
    z.head_h = m.px(28) + layout_text(c.fonts, "Teams", ts, m.w, 1).height + m.px(14);
    z.name_h = static_cast<float>(ns.size) * 1.35f;
    z.bar_h = m.px(12);
    // The member count line only when some team has members: without it the rows close up.
    z.with_members = with_members && std::any_of(w.teams.begin(), w.teams.end(), [](const WallTeam& t) { return t.members > 0; });
    const float members_h = z.with_members ? m.px(6) + layout_text(c.fonts, "0 people", cs, m.w, 1).height : 0.0f;
    // Whole pixels: rows placed at fractional steps would round into each other in the layout record.
    z.row_h = std::round(m.px(8) + z.name_h + z.bar_h + members_h + m.px(8));
    z.more_h = layout_text(c.fonts, more_teams_label(0), more_style, m.w, 1).height + m.px(8);
    z.foot_h = m.px(28) / 2;
    return z;
}

}  // namespace

float team_panel_height(const SceneContext& c, const Wall& w, float at_most) {
    const auto need = [&](bool with_members) {
        const TeamRowSizes z = team_row_sizes(c, w, with_members);
        return z.head_h + z.row_h * static_cast<float>(std::max<std::size_t>(1, w.teams.size())) + z.foot_h + 1.0f;
    };
    // Every team with its member count, else every team in the compact rows draw_team_panel falls back
    // to (no empty band under them), else all the room there is.
    if (float full = need(true); full <= at_most) return full;
    if (float compact = need(false); compact <= at_most) return compact;
    return at_most;
}

void draw_team_panel(SceneContext& c, const Wall& w, sf::FloatRect r, LeaderPass pass) {
    const Metrics& m = c.m;
    // While the rows slide (a new wall changed the teams' order), the static layer holds the panel alone and
    // the overlay draws the rows each frame, as for the people board.
    const float slide = team_slide_progress(c.in);
    if (pass == LeaderPass::whole && slide >= 0 && !w.teams.empty()) {
        pass = LeaderPass::panel_only;
        c.record("team_slide", "", r);
    }
    float pad = m.px(28);
    TextStyle ts{m.text(38), true, c.pal.on_dark};
    auto tb = layout_text(c.fonts, "Teams", ts, r.width - 2 * pad, 1);
    if (pass != LeaderPass::rows_only) {
        fill_rounded(c.t, r, m.px(18), c.pal.panel);
        c.record("team_panel", "", r);
        draw_text(c.t, tb, {r.left + pad, r.top + pad});
    }
    float y = r.top + pad + tb.height + m.px(14);
    if (w.teams.empty()) {
        TextStyle es{m.text(24), false, c.pal.on_dark_soft};
        auto eb = layout_text(c.fonts, "Team scores appear once people with a team have posted.", es, r.width - 2 * pad, 3);
        if (pass != LeaderPass::rows_only) draw_text(c.t, eb, {r.left + pad, y});
        return;
    }
    if (pass == LeaderPass::panel_only) return;
    // Bars are in proportion to the highest score on the board, whatever order the file gives (and never
    // longer than the row).
    std::int64_t top_points = 1;
    for (const auto& t : w.teams) top_points = std::max(top_points, t.points);
    const TextStyle ns{m.text(30), true, c.pal.on_dark};
    const TextStyle cs{m.text(18), false, c.pal.on_dark_soft};
    const TextStyle more_style{m.text(26), true, c.pal.on_dark_soft};
    // How many rows fit is measured from the fonts and the panel, never a fixed count per scene: a fixed
    // count left a portrait board with room to spare showing five of six teams (issue 11, item 8).
    const float bottom = r.top + r.height - pad / 2;
    const auto rows_in = [&](float room, float row_h) {
        return room <= 0 ? std::size_t{0} : static_cast<std::size_t>(std::floor(room / row_h));
    };
    TeamRowSizes sz = team_row_sizes(c, w, true);
    std::size_t shown = std::min(w.teams.size(), rows_in(bottom - y, sz.row_h));
    if (shown < w.teams.size() && sz.with_members) {
        // Tight for space: the member counts go before any team does.
        sz = team_row_sizes(c, w, false);
        shown = std::min(w.teams.size(), rows_in(bottom - y, sz.row_h));
    }
    // When not every team fits, the last row says how many are left out rather than dropping them silently.
    if (shown < w.teams.size()) shown = std::min(w.teams.size(), rows_in(bottom - y - sz.more_h, sz.row_h));
    const float name_h = sz.name_h, bar_h = sz.bar_h, row_h = sz.row_h;
    float widest_team = 0;
    for (std::size_t i = 0; i < shown; ++i)
        widest_team = std::max(widest_team, measure_line(c.fonts, to_display_u32(w.teams[i].team), ns.size, true));
    // One team's row at `row`, every part at opacity `alpha` (a team new to the board fades in).
    const auto draw_row = [&](const WallTeam& t, sf::FloatRect row, float alpha) {
        const auto faded = [alpha](sf::Color col) {
            col.a = static_cast<sf::Uint8>(static_cast<float>(col.a) * alpha);
            return col;
        };
        const float ry = row.top;
        c.record("team_row", t.team, row);
        TextStyle ps{m.text(30), true, c.pal.accent};
        auto pb = layout_text(c.fonts, thousands(t.points), ps, m.px(200), 1);
        // The rank and the name apart: "1. " + an Arabic name would make the whole label right-to-left
        // (rank drawn on the right). A right-to-left name is right-aligned in a column as wide as the
        // widest team name, not pushed against the points.
        auto rkb = layout_text(c.fonts, std::to_string(t.rank) + ".", ns, m.px(120), 1);
        draw_text(c.t, rkb, {row.left, ry + m.px(8)}, alpha);
        const float name_x = row.left + rkb.width + measure_line(c.fonts, U" ", ns.size, true);
        float name_w = row.left + row.width - pb.width - m.px(60) - name_x;
        auto nb = layout_text(c.fonts, t.team, ns, std::min(name_w, std::ceil(widest_team) + 1), 1);
        draw_text(c.t, nb, {name_x, ry + m.px(8)}, alpha);
        c.record("team_name", t.team, {name_x + (nb.rtl ? nb.box_width - nb.width : 0.0f), ry + m.px(8), nb.width, nb.height});
        draw_text(c.t, pb, {row.left + row.width - pb.width, ry + m.px(8)}, alpha);
        if (t.movement != 0) {
            TextStyle ms{m.text(22), true, t.movement > 0 ? c.pal.up : c.pal.down};
            auto mb = layout_text(c.fonts, t.movement > 0 ? "\u25B2" : "\u25BC", ms, m.px(40), 1);
            draw_text(c.t, mb, {row.left + row.width - pb.width - m.px(14) - mb.width, ry + m.px(14)}, alpha);
        }
        // A bar in proportion to the leading team: teams compare at a glance from across the room.
        float bar_y = ry + m.px(8) + name_h;
        float frac = std::min(1.0f, static_cast<float>(std::max<std::int64_t>(0, t.points)) / static_cast<float>(top_points));
        fill_rounded(c.t, {row.left, bar_y, row.width, bar_h}, bar_h / 2, faded(sf::Color(255, 255, 255, 30)));
        fill_rounded(c.t, {row.left, bar_y, std::max(bar_h, row.width * frac), bar_h}, bar_h / 2, faded(colour_for(t.team)));
        if (sz.with_members && t.members > 0) {
            auto cb = layout_text(c.fonts, std::to_string(t.members) + (t.members == 1 ? " person" : " people"), cs,
                                  row.width, 1);
            draw_text(c.t, cb, {row.left, bar_y + bar_h + m.px(6)}, alpha);
        }
    };
    if (pass == LeaderPass::rows_only && slide >= 0) {
        // As the people board: eased from the old place to the new, a newcomer fades in, rows going down are
        // drawn first on a backdrop of the panel's colour so a climbing team passes over them. (A team that
        // leaves the board, rare with a handful of teams, simply goes.)
        const float e = board_slide_ease(slide);
        std::vector<std::string> names;
        for (std::size_t i = 0; i < shown; ++i) names.push_back(w.teams[i].team);
        const std::vector<int> from = board_rows_before(names, c.in.previous_teams, shown, shown);
        for (int pass_no = 0; pass_no < 3; ++pass_no)
            for (std::size_t i = 0; i < shown; ++i) {
                const int dir = from[i] < 0 || from[i] == static_cast<int>(i) ? 1 : from[i] < static_cast<int>(i) ? 0 : 2;
                if (dir != pass_no) continue;
                const float to_y = y + row_h * static_cast<float>(i);
                const float from_y = from[i] < 0 ? to_y : y + row_h * static_cast<float>(from[i]);
                sf::FloatRect row{r.left + pad, from_y + (to_y - from_y) * e, r.width - 2 * pad, row_h};
                if (dir != 1) {
                    const sf::Color ground = leader_row_mix(c.pal.background, c.pal.background_2, (row.top + row.height / 2) / m.h);
                    fill_rounded(c.t, row, m.px(12), leader_row_mix(ground, c.pal.panel, static_cast<float>(c.pal.panel.a) / 255.0f));
                }
                draw_row(w.teams[i], row, from[i] < 0 ? e * e : 1.0f);
            }
        y += row_h * static_cast<float>(shown);
    } else {
        for (std::size_t i = 0; i < shown; ++i) {
            draw_row(w.teams[i], {r.left + pad, y, r.width - 2 * pad, row_h}, 1.0f);
            y += row_h;
        }
    }
    // A panel too short even for this line (a tiny window) shows the title alone rather than spill over.
    if (shown < w.teams.size() && y + sz.more_h <= r.top + r.height) {
        const std::size_t more = w.teams.size() - shown;
        const std::string label = more_teams_label(more);
        auto mb = layout_text(c.fonts, label, more_style, r.width - 2 * pad, 1);
        sf::Vector2f at{r.left + pad, y + m.px(4)};
        draw_text(c.t, mb, at);
        c.record("team_more", label, {at.x, at.y, mb.width, mb.height});
    }
}

}  // namespace lw::kiosk::detail

namespace lw::kiosk {

std::string more_teams_label(std::size_t more) {
    return "+" + std::to_string(more) + (more == 1 ? " more team" : " more teams");
}

}  // namespace lw::kiosk
