// The connections scene (issue 14): who learned from whom across the organisation. Teams are nodes on a
// circle (sized by their connections), arcs between them weighted by how many connections joined them,
// the headline share of connections that crossed teams, the week's top connectors, and the newest
// connections drawing in for a few seconds when the scene comes up (the overlay; then it stands still).
#include <SFML/Graphics/VertexArray.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "learnwall/time_text.hpp"
#include "render/scene_context.hpp"

namespace lw::kiosk::detail {

namespace {

constexpr float kConnPi = 3.14159265f;
// How long the newest connections take to draw in after the scene comes up: long enough to catch the
// eye, short enough that the kiosk goes back to redrawing nothing (issue 15: stay near 5 % of a core).
constexpr std::int64_t kConnArrivalUs = 3'500'000;
constexpr std::size_t kConnArrivalsShown = 3;

std::string conn_team_label(const std::string& team) { return team.empty() ? "No team" : team; }

// A one-line block whose box is as wide as its text: a right-to-left name sits against the box's right
// edge, so a wide box would carry Arabic or Hebrew away from the node or the disc it labels.
TextBlock conn_fit(const SceneContext& c, const std::string& text, TextStyle style, float max_w) {
    style.align = Align::left;
    TextBlock b = layout_text(c.fonts, text, style, max_w, 1);
    if (b.width + 2 < b.box_width) b = layout_text(c.fonts, text, style, std::ceil(b.width) + 2, 1);
    return b;
}

// Where the network sits and each team's node on it.
struct ConnNetwork {
    sf::Vector2f centre;
    float radius = 0;
    std::map<std::string, std::pair<sf::Vector2f, float>> nodes;  // team -> (centre, node radius)
};

// The point at parameter u of the arc between two nodes: a quadratic curve bowed toward the centre of
// the circle, so arcs between neighbours stay outside the crowd and long ones cross through the middle.
sf::Vector2f conn_arc_point(sf::Vector2f a, sf::Vector2f b, sf::Vector2f centre, float u) {
    sf::Vector2f mid{(a.x + b.x) / 2, (a.y + b.y) / 2};
    sf::Vector2f ctrl{mid.x + (centre.x - mid.x) * 0.55f, mid.y + (centre.y - mid.y) * 0.55f};
    float v = 1 - u;
    return {v * v * a.x + 2 * v * u * ctrl.x + u * u * b.x, v * v * a.y + 2 * v * u * ctrl.y + u * u * b.y};
}

// A thick arc from u = 0 to u = upto as a triangle strip (one draw call per arc).
void conn_draw_arc(sf::RenderTarget& t, sf::Vector2f a, sf::Vector2f b, sf::Vector2f centre, float width,
                   sf::Color colour, float upto = 1.0f) {
    constexpr int kSteps = 28;
    sf::VertexArray strip(sf::TriangleStrip);
    int steps = std::max(2, static_cast<int>(std::ceil(kSteps * upto)));
    for (int i = 0; i <= steps; ++i) {
        float u = upto * static_cast<float>(i) / static_cast<float>(steps);
        sf::Vector2f p = conn_arc_point(a, b, centre, std::max(0.0f, u - 0.01f));
        sf::Vector2f q = conn_arc_point(a, b, centre, std::min(1.0f, u + 0.01f));
        sf::Vector2f d{q.x - p.x, q.y - p.y};
        float len = std::sqrt(d.x * d.x + d.y * d.y);
        sf::Vector2f n = len > 0 ? sf::Vector2f{-d.y / len, d.x / len} : sf::Vector2f{0, 0};
        sf::Vector2f here = conn_arc_point(a, b, centre, u);
        strip.append(sf::Vertex({here.x + n.x * width / 2, here.y + n.y * width / 2}, colour));
        strip.append(sf::Vertex({here.x - n.x * width / 2, here.y - n.y * width / 2}, colour));
    }
    t.draw(strip);
}

// Many teams: names in a column on each side of the circle, at their node's height where room allows
// (pushed apart top to bottom, then back up from the panel's foot), each joined to its node by a line.
void conn_draw_label_columns(SceneContext& c, const WallConnections& k, const ConnNetwork& net, sf::FloatRect r,
                             TextStyle ls, float label_w) {
    const Metrics& m = c.m;
    struct Label {
        const WallConnectionTeam* team;
        sf::Vector2f node;
        float node_r;
        float y;
    };
    const float line_h = static_cast<float>(ls.size) * ls.line_spacing + m.px(4);
    for (int right = 0; right < 2; ++right) {
        std::vector<Label> col;
        for (const auto& t : k.teams) {
            auto it = net.nodes.find(t.team);
            if (it == net.nodes.end()) continue;
            bool on_right = it->second.first.x >= net.centre.x - 0.5f;
            if (on_right != (right == 1)) continue;
            col.push_back({&t, it->second.first, it->second.second, it->second.first.y - line_h / 2});
        }
        std::sort(col.begin(), col.end(), [](const Label& a, const Label& b) { return a.y < b.y; });
        const float top = r.top + m.px(8), foot = r.top + r.height - m.px(8);
        for (std::size_t i = 0; i < col.size(); ++i) col[i].y = std::max(col[i].y, i ? col[i - 1].y + line_h : top);
        for (std::size_t i = col.size(); i-- > 0;) col[i].y = std::min(col[i].y, i + 1 < col.size() ? col[i + 1].y - line_h : foot - line_h);
        ls.align = right ? Align::left : Align::right;
        float x = right ? net.centre.x + net.radius + m.px(50) : net.centre.x - net.radius - m.px(50) - label_w;
        for (const auto& l : col) {
            auto lb = conn_fit(c, conn_team_label(l.team->team), ls, label_w);
            float ly = l.y + line_h / 2;
            sf::Vector2f from{l.node.x + (right ? l.node_r : -l.node_r), l.node.y};
            sf::Vector2f to{right ? x - m.px(6) : x + label_w + m.px(6), ly};
            sf::VertexArray lead(sf::Lines);
            sf::Color soft(c.pal.on_dark_soft.r, c.pal.on_dark_soft.g, c.pal.on_dark_soft.b, 110);
            lead.append(sf::Vertex(from, soft));
            lead.append(sf::Vertex(to, soft));
            c.t.draw(lead);
            float lx = right ? x : x + label_w - lb.box_width;
            draw_text(c.t, lb, {lx, l.y});
            c.record("connection_label", l.team->team, {lx, l.y, lb.box_width, lb.height});
        }
    }
}

// The circle of teams: nodes, arcs, labels. Records each node as "connection_node" (id: the team).
ConnNetwork conn_draw_network(SceneContext& c, const WallConnections& k, sf::FloatRect r) {
    const Metrics& m = c.m;
    ConnNetwork net;
    const std::size_t n = k.teams.size();
    // Labels sit outside the circle: leave them a band on each side proportional to the room.
    const bool crowded = n > 12;
    // Columns of names (crowded) need less width than names beside nodes: the circle gets the rest.
    float label_w = crowded ? std::clamp(r.width * 0.19f, m.px(150), m.px(240)) : std::clamp(r.width * 0.24f, m.px(150), m.px(330));
    // Above the top node and below the bottom one: the node itself, a gap, the name and (when not
    // crowded) the count, so the top label never rises into the title above the panel.
    float label_h = crowded ? m.px(30 + 16) : m.px(48 + 12 + 35 + 28);
    // Crowded: the names stand in a column each side (joined to their node by a thin line), since names
    // placed beside nodes that are 60 px apart would run into each other near the top and bottom.
    float side = crowded ? label_w + m.px(30 + 25) : label_w;
    net.radius = std::max(m.px(60), std::min((r.width - 2 * side) / 2, (r.height - 2 * label_h) / 2) - m.px(10));
    net.centre = {r.left + r.width / 2, r.top + r.height / 2};
    std::int64_t most = 1;
    for (const auto& t : k.teams) most = std::max(most, t.connections);
    // Node size: area in proportion to connections, from a small dot to a big disc, smaller when crowded.
    float max_node = std::min(m.px(n > 12 ? 30 : 48), net.radius * kConnPi / static_cast<float>(std::max<std::size_t>(n, 2)) * 0.8f);
    float min_node = std::max(m.px(8), max_node * 0.3f);
    for (std::size_t i = 0; i < n; ++i) {
        // The most connected team at the top, then clockwise.
        float ang = -kConnPi / 2 + 2 * kConnPi * static_cast<float>(i) / static_cast<float>(n);
        sf::Vector2f p{net.centre.x + net.radius * std::cos(ang), net.centre.y + net.radius * std::sin(ang)};
        float share = std::sqrt(static_cast<float>(std::max<std::int64_t>(0, k.teams[i].connections)) / static_cast<float>(most));
        net.nodes[k.teams[i].team] = {p, min_node + (max_node - min_node) * share};
    }
    // Arcs first (under the nodes), lightest first so the heaviest lie on top.
    std::int64_t heaviest = 1;
    for (const auto& l : k.links) heaviest = std::max(heaviest, l.count);
    for (auto it = k.links.rbegin(); it != k.links.rend(); ++it) {
        const auto a = net.nodes.find(it->from_team), b = net.nodes.find(it->to_team);
        if (a == net.nodes.end() || b == net.nodes.end() || it->from_team == it->to_team) continue;
        float w = static_cast<float>(it->count) / static_cast<float>(heaviest);
        auto alpha = static_cast<sf::Uint8>(70 + 150 * w);
        conn_draw_arc(c.t, a->second.first, b->second.first, net.centre, m.px(2) + m.px(14) * w,
                      sf::Color(c.pal.accent.r, c.pal.accent.g, c.pal.accent.b, alpha));
    }
    TextStyle ls{m.text(crowded ? 22 : 28), true, c.pal.on_dark};
    TextStyle cs{m.text(crowded ? 18 : 22), false, c.pal.on_dark_soft};
    if (crowded) conn_draw_label_columns(c, k, net, r, ls, label_w);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& team = k.teams[i];
        // Plain variables, not a structured binding: the lambda below captures them (clang 14 cannot).
        const sf::Vector2f p = net.nodes[team.team].first;
        const float nr = net.nodes[team.team].second;
        fill_circle(c.t, p, nr + m.px(3), c.pal.background);
        fill_circle(c.t, p, nr, team.team.empty() ? c.pal.silver : colour_for(team.team));
        c.record("connection_node", team.team, {p.x - nr, p.y - nr, 2 * nr, 2 * nr});
        if (crowded) continue;  // labelled in columns above
        // The label outward from the node: right of nodes on the right half, left on the left half,
        // centred above or below the top and bottom ones.
        float ang = -kConnPi / 2 + 2 * kConnPi * static_cast<float>(i) / static_cast<float>(n);
        float cx = std::cos(ang), cy = std::sin(ang);
        Align al = std::abs(cx) < 0.3f ? Align::center : cx > 0 ? Align::left : Align::right;
        float gap = nr + m.px(10);
        // As wide as the room between the node and the panel's edge (a long team name such as "People &
        // Culture" was cut at the band's width with space to spare), never narrower than the band.
        const float edge = m.px(16);
        const float room = al == Align::left    ? r.left + r.width - edge - (p.x + gap)
                           : al == Align::right ? p.x - gap - (r.left + edge)
                                                : std::min(r.width - 2 * edge, 2 * label_w);
        const float fit_w = std::max(label_w, room);
        auto lb = conn_fit(c, conn_team_label(team.team), ls, fit_w);
        auto cb = conn_fit(c, thousands(team.connections), cs, fit_w);
        auto place = [&](const TextBlock& b) {
            return al == Align::center ? p.x - b.box_width / 2 : al == Align::left ? p.x + gap : p.x - gap - b.box_width;
        };
        float by = al == Align::center ? (cy < 0 ? p.y - gap - lb.height - cb.height : p.y + gap)
                                       : p.y - (lb.height + cb.height) / 2;
        float lx = place(lb);
        draw_text(c.t, lb, {lx, by});
        c.record("connection_label", team.team, {lx, by, lb.box_width, lb.height});
        draw_text(c.t, cb, {place(cb), by + lb.height});
    }
    return net;
}

const char* conn_kind_words(const std::string& kind) {
    if (kind == "reply") return "replied to";
    if (kind == "thanks") return "thanked";
    if (kind == "quote") return "quoted";
    if (kind == "credit") return "credited";
    return "learned from";
}

// The headline, top connectors and newest connections, in a column; returns where it ended.
float conn_draw_column(SceneContext& c, const WallConnections& k, sf::FloatRect r, const std::string& zone) {
    const Metrics& m = c.m;
    float y = r.top;
    int pct = static_cast<int>(std::lround(k.cross_team_share * 100));
    TextStyle big{m.text(110), true, c.pal.accent};
    auto bb = layout_text(c.fonts, std::to_string(pct) + " %", big, r.width, 1);
    draw_text(c.t, bb, {r.left, y});
    c.record("connections_headline", "", {r.left, y, bb.width, bb.height});
    y += bb.height;
    TextStyle hs{m.text(36), true, c.pal.on_dark, 1.2f};
    auto hb = layout_text(c.fonts, "of connections crossed teams", hs, r.width, 2);
    draw_text(c.t, hb, {r.left, y});
    y += hb.height + m.px(6);
    TextStyle ts{m.text(26), false, c.pal.on_dark_soft};
    auto tb = layout_text(c.fonts,
                          thousands(k.total) + (k.total == 1 ? " person learned from a colleague this week"
                                                             : " times someone learned from a colleague this week"),
                          ts, r.width, 2);
    draw_text(c.t, tb, {r.left, y});
    y += tb.height + m.px(30);

    if (!k.top_connectors.empty() && y + m.px(120) < r.top + r.height) {
        fill_rounded(c.t, {r.left, y, r.width, m.px(4)}, m.px(2), c.pal.panel);
        y += m.px(18);
        TextStyle ss{m.text(32), true, c.pal.on_dark};
        auto sb = layout_text(c.fonts, "Top connectors", ss, r.width, 1);
        draw_text(c.t, sb, {r.left, y});
        y += sb.height + m.px(8);
        const float row_h = m.px(84);
        for (std::size_t i = 0; i < k.top_connectors.size(); ++i) {
            if (y + row_h > r.top + r.height) break;
            const auto& p = k.top_connectors[i];
            sf::FloatRect row{r.left, y, r.width, row_h - m.px(8)};
            fill_rounded(c.t, row, m.px(14), c.pal.panel);
            c.record("connector_row", p.name, row);
            float cr = m.px(24);
            fill_circle(c.t, {row.left + m.px(14) + cr, row.top + row.height / 2}, cr, colour_for(p.name));
            TextStyle is{m.text(20), true, c.pal.on_dark};
            auto ib = conn_fit(c, initials_of(p.name), is, cr * 2);
            draw_text(c.t, ib, {row.left + m.px(14) + cr - ib.box_width / 2, row.top + row.height / 2 - static_cast<float>(is.size) * 0.65f});
            float nx = row.left + m.px(14) + 2 * cr + m.px(14);
            TextStyle ns{m.text(28), true, c.pal.on_dark};
            TextStyle fs{m.text(22), false, c.pal.on_dark_soft};
            std::string figures = thousands(p.connections) + (p.connections == 1 ? " connection" : " connections");
            if (p.teams_reached > 0)
                figures += " \u00B7 " + thousands(p.teams_reached) + (p.teams_reached == 1 ? " team" : " teams");
            auto fb = layout_text(c.fonts, figures, fs, r.width * 0.45f, 1);
            float fx = row.left + row.width - m.px(16) - fb.width;
            auto nb = layout_text(c.fonts, p.name, ns, fx - nx - m.px(12), 1);
            float ny = row.top + m.px(6);
            draw_text(c.t, nb, {nx, ny});
            c.record("connector_name", p.name, {nx + (nb.rtl ? nb.box_width - nb.width : 0.0f), ny, nb.width, nb.height});
            auto teamb = layout_text(c.fonts, conn_team_label(p.team), fs, fx - nx - m.px(12), 1);
            draw_text(c.t, teamb, {nx, ny + nb.height});
            draw_text(c.t, fb, {fx, row.top + row.height / 2 - fb.height / 2});
            y += row_h;
        }
        y += m.px(16);
    }

    if (!k.recent.empty() && y + m.px(100) < r.top + r.height) {
        TextStyle ss{m.text(28), true, c.pal.on_dark};
        auto sb = layout_text(c.fonts, "Just now", ss, r.width, 1);
        draw_text(c.t, sb, {r.left, y});
        y += sb.height + m.px(4);
        TextStyle ws{m.text(24), false, c.pal.on_dark, 1.2f};
        TextStyle ds{m.text(19), false, c.pal.on_dark_soft};
        for (const auto& e : k.recent) {
            auto wb = layout_text(c.fonts, e.from + " " + conn_kind_words(e.kind) + " " + e.to, ws, r.width, 1);
            auto db = layout_text(c.fonts,
                                  conn_team_label(e.from_team) + " \u2192 " + conn_team_label(e.to_team) + " \u00B7 " +
                                      relative_time(e.at, c.in.now, zone),
                                  ds, r.width, 1);
            if (y + wb.height + db.height > r.top + r.height) break;
            draw_text(c.t, wb, {r.left, y});
            c.record("connection_recent", e.from, {r.left, y, wb.width, wb.height});
            draw_text(c.t, db, {r.left, y + wb.height});
            y += wb.height + db.height + m.px(10);
        }
    }
    return y;
}

}  // namespace

void draw_connections_scene(SceneContext& c, const Wall& w) {
    // No connections yet: the playlist skips this scene; a screen fixed on it shows the wall instead of
    // an empty circle.
    if (!wall_has_connections(w)) return draw_wall_scene(c, w);
    const WallConnections& k = *w.connections;
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44), gap = m.px(36);
    float avail_h = c.bottom - top;
    TextStyle ts{m.text(44), true, c.pal.on_dark};
    auto tb = layout_text(c.fonts, "Who learned from whom", ts, m.w - 2 * margin, 1);
    draw_text(c.t, tb, {margin, top});
    c.record("connections_title", "", {margin, top, tb.width, tb.height});
    top += tb.height + m.px(10);
    avail_h -= tb.height + m.px(10);
    if (!m.portrait) {
        float net_w = (m.w - 2 * margin - gap) * 0.6f;
        sf::FloatRect net_r{margin, top, net_w, avail_h};
        fill_rounded(c.t, net_r, m.px(18), c.pal.panel);
        c.record("connections_network", "", net_r);
        conn_draw_network(c, k, net_r);
        conn_draw_column(c, k, {margin + net_w + gap, top + m.px(10), m.w - 2 * margin - gap - net_w, avail_h - m.px(10)}, w.timezone);
    } else {
        float net_h = std::min(m.w - 2 * margin, avail_h * 0.5f);
        sf::FloatRect net_r{margin, top, m.w - 2 * margin, net_h};
        fill_rounded(c.t, net_r, m.px(18), c.pal.panel);
        c.record("connections_network", "", net_r);
        conn_draw_network(c, k, net_r);
        conn_draw_column(c, k, {margin, top + net_h + gap, m.w - 2 * margin, avail_h - net_h - gap}, w.timezone);
    }
}

bool draw_connections_overlay(SceneContext& c, const Wall& w, const LayoutLog& static_log, sf::FloatRect* area) {
    if (!wall_has_connections(w) || w.connections->recent.empty()) return false;
    std::int64_t since = c.in.elapsed_us - c.in.scene_started_us;
    if (since < 0 || since >= kConnArrivalUs) return false;
    std::map<std::string, sf::FloatRect> nodes;
    sf::FloatRect net{};
    for (const auto& it : static_log.items) {
        if (it.kind == "connection_node") nodes[it.id] = it.rect;
        if (it.kind == "connections_network") net = it.rect;
    }
    if (nodes.empty()) return false;
    // The same centre the static layer bowed its arcs toward (the network panel's centre).
    sf::Vector2f centre{net.left + net.width / 2, net.top + net.height / 2};
    const Metrics& m = c.m;
    if (area) {
        // Each arc bows toward the centre, so it stays inside the box of the nodes and the centre; the
        // arc's head and a node's pulse ring reach at most m.px(18) beyond a node.
        float l = centre.x, t = centre.y, r = centre.x, b = centre.y;
        for (const auto& [team, rect] : nodes) {
            l = std::min(l, rect.left), t = std::min(t, rect.top);
            r = std::max(r, rect.left + rect.width), b = std::max(b, rect.top + rect.height);
        }
        const float pad = m.px(24);
        *area = {l - pad, t - pad, r - l + 2 * pad, b - t + 2 * pad};
    }
    float t = static_cast<float>(since) / static_cast<float>(kConnArrivalUs);
    const auto& recent = w.connections->recent;
    // The newest few, one after another: each arc draws from the learner's team to the teacher's, with a
    // bright head, then fades while the next one draws.
    std::size_t shown = std::min(kConnArrivalsShown, recent.size());
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& e = recent[shown - 1 - i];  // oldest of the few first, the newest last
        auto a = nodes.find(e.from_team), b = nodes.find(e.to_team);
        if (a == nodes.end() || b == nodes.end()) continue;
        float start = static_cast<float>(i) / static_cast<float>(shown) * 0.6f;
        float u = std::clamp((t - start) / 0.4f, 0.0f, 1.0f);
        if (u <= 0) continue;
        sf::Vector2f pa{a->second.left + a->second.width / 2, a->second.top + a->second.height / 2};
        sf::Vector2f pb{b->second.left + b->second.width / 2, b->second.top + b->second.height / 2};
        auto alpha = static_cast<sf::Uint8>(255 * std::clamp(1.6f - t, 0.0f, 1.0f));
        sf::Color glow(c.pal.gold.r, c.pal.gold.g, c.pal.gold.b, alpha);
        if (e.from_team != e.to_team) {
            conn_draw_arc(c.t, pa, pb, centre, m.px(8), glow, u);
            sf::Vector2f head = conn_arc_point(pa, pb, centre, u);
            fill_circle(c.t, head, m.px(12), glow);
        } else {
            // A connection inside one team: a pulse ring on its node.
            fill_circle(c.t, pa, a->second.width / 2 + m.px(18) * u, sf::Color(glow.r, glow.g, glow.b, static_cast<sf::Uint8>(alpha / 3)));
        }
    }
    return true;
}

}  // namespace lw::kiosk::detail
