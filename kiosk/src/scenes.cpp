// Scene layout and drawing for the kiosk. Everything is placed proportionally to the screen
// (Metrics), measured before it is drawn, and reported to the LayoutLog.
#include "scenes.hpp"

#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "draw_util.hpp"
#include "learnwall/utf8.hpp"

namespace lw::kiosk {

std::optional<SceneKind> scene_from_string(std::string_view s) {
    if (s == "wall") return SceneKind::wall;
    if (s == "leaderboard") return SceneKind::leaderboard;
    if (s == "challenge") return SceneKind::challenge;
    if (s == "quote") return SceneKind::quote;
    return std::nullopt;
}

const char* to_string(SceneKind k) {
    switch (k) {
        case SceneKind::wall: return "wall";
        case SceneKind::leaderboard: return "leaderboard";
        case SceneKind::challenge: return "challenge";
        case SceneKind::quote: return "quote";
    }
    return "wall";
}

std::string relative_time(Instant then, Instant now) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(now - then).count();
    if (secs < 60) return "just now";
    auto mins = secs / 60;
    if (mins < 60) return std::to_string(mins) + " min ago";
    auto hours = mins / 60;
    if (hours < 24) return std::to_string(hours) + " h ago";
    auto days = hours / 24;
    return days == 1 ? "yesterday" : std::to_string(days) + " days ago";
}

namespace {
bool word_char(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U'_' ||
           (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0x2000);
}
}  // namespace

std::vector<sf::Color> highlight_spans(const std::u32string& text, sf::Color base, sf::Color tag, sf::Color mention) {
    std::vector<sf::Color> out(text.size(), base);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char32_t c = text[i];
        if ((c != U'#' && c != U'@') || (i > 0 && word_char(text[i - 1]))) continue;
        std::size_t j = i + 1;
        while (j < text.size()) {
            if (word_char(text[j])) {
                ++j;
            } else if (c == U'@' && (text[j] == U'.' || text[j] == U'@' || text[j] == U'-') && j + 1 < text.size() &&
                       word_char(text[j + 1])) {
                ++j;  // @name@host.example and bluesky handles with dots
            } else {
                break;
            }
        }
        if (j == i + 1) continue;
        for (std::size_t k = i; k < j; ++k) out[k] = c == U'#' ? tag : mention;
        i = j - 1;
    }
    return out;
}

struct SceneRenderer::Ctx {
    sf::RenderTarget& t;
    const FrameInput& in;
    LayoutLog* log;
    Metrics m;
    bool animating = false;
    void record(const char* kind, const std::string& id, sf::FloatRect r) const {
        if (log) log->add(kind, id, r);
    }
};

SceneRenderer::SceneRenderer(std::shared_ptr<const FontSet> fonts) : fonts_(std::move(fonts)) {}

namespace {

std::string source_label(const std::string& source) {
    if (source == "mastodon") return "Mastodon";
    if (source == "bluesky") return "Bluesky";
    if (source == "x") return "X";
    if (source == "manual") return "";
    return source;
}

sf::Color source_colour(const std::string& source) {
    if (source == "mastodon") return {99, 100, 255};
    if (source == "bluesky") return {17, 133, 254};
    if (source == "x") return {20, 20, 20};
    return {120, 120, 120};
}

std::string with_hash(const std::string& tag) { return tag.empty() || tag[0] == '#' ? tag : "#" + tag; }

std::string thousands(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out = v < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

}  // namespace

bool SceneRenderer::draw(sf::RenderTarget& target, const FrameInput& in, LayoutLog* log) {
    sf::Vector2f size = target.getView().getSize();
    Ctx c{target, in, log, Metrics(size.x, size.y)};
    fill_vertical_gradient(target, {0, 0, size.x, size.y}, pal_.background, pal_.background_2);
    if (!in.wall) {
        draw_waiting(c, in.waiting_reason);
    } else {
        const Wall& w = *in.wall;
        switch (in.scene) {
            case SceneKind::wall: draw_wall(c, w); break;
            case SceneKind::leaderboard: draw_leaderboard_scene(c, w); break;
            case SceneKind::challenge: draw_challenge_scene(c, w); break;
            case SceneKind::quote: draw_quote_scene(c, w); break;
        }
    }
    if (in.stale) draw_stale_badge(c);
    return c.animating;
}

float SceneRenderer::draw_header(Ctx& c, const Wall& w) {
    const Metrics& m = c.m;
    float margin = m.px(44);
    float y = m.px(34);
    TextStyle title{m.text(46), true, pal_.on_dark};
    std::string tags;
    for (const auto& t : w.hashtags) tags += (tags.empty() ? "" : "   ") + with_hash(t);
    TextStyle tag_style{m.text(30), true, pal_.accent};
    float tag_w = measure_line(*fonts_, to_display_u32(tags), tag_style.size, true);
    std::string event_name = w.event_name.empty() ? std::string("Learning week") : w.event_name;
    float name_w = measure_line(*fonts_, to_display_u32(event_name), title.size, true);
    // Side by side when both fit; otherwise (portrait, long names) the hashtags go under the name.
    bool stacked = name_w + tag_w + 2 * margin > m.w - 2 * margin;
    float full_w = m.w - 2 * margin;
    auto name = layout_text(*fonts_, event_name, title, stacked ? full_w : full_w - tag_w - margin, 1);
    draw_text(c.t, name, {margin, y});
    auto tb = layout_text(*fonts_, tags, tag_style, stacked ? full_w : tag_w + 1, 1);
    float bottom;
    if (stacked) {
        draw_text(c.t, tb, {margin, y + name.height + m.px(4)});
        bottom = y + name.height + m.px(4) + tb.height + m.px(10);
    } else {
        float tag_y = y + (static_cast<float>(title.size) - static_cast<float>(tag_style.size)) * 0.6f;
        draw_text(c.t, tb, {m.w - margin - tb.width, tag_y});
        bottom = y + name.height + m.px(14);
    }
    sf::RectangleShape rule({m.w - 2 * margin, std::max(1.0f, m.px(3))});
    rule.setPosition(margin, bottom);
    rule.setFillColor(sf::Color(pal_.accent.r, pal_.accent.g, pal_.accent.b, 140));
    c.t.draw(rule);
    c.record("header", "", {margin, y, m.w - 2 * margin, bottom - y});
    return bottom + m.px(26);
}

float SceneRenderer::card_height(Ctx& c, const WallPost& p, float width) {
    const Metrics& m = c.m;
    float pad = m.px(26);
    TextStyle body{m.text(p.featured ? 34 : 30), false, pal_.ink};
    auto u = to_display_u32(p.text);
    auto tb = layout_text(*fonts_, u, {}, body, width - 2 * pad, p.featured ? 9 : 7);
    return pad + m.px(68) + m.px(18) + tb.height + m.px(12) + std::round(static_cast<float>(m.text(22)) * 1.3f) + pad;
}

void SceneRenderer::draw_card(Ctx& c, const WallPost& p, sf::FloatRect r) {
    const Metrics& m = c.m;
    float pad = m.px(26);
    bool highlight = p.pinned || p.featured;
    fill_rounded(c.t, {r.left + m.px(4), r.top + m.px(6), r.width, r.height}, m.px(18), sf::Color(0, 0, 0, 60));
    fill_rounded(c.t, r, m.px(18), highlight ? pal_.card_pinned : pal_.card);
    if (highlight) fill_rounded(c.t, {r.left, r.top, m.px(8), r.height}, m.px(4), p.featured ? pal_.warm : pal_.gold);
    c.record("post_card", p.id, r);

    // Avatar placeholder: initials on a colour of the author's own.
    float ar = m.px(34);
    sf::Vector2f ac{r.left + pad + ar, r.top + pad + ar};
    fill_circle(c.t, ac, ar, colour_for(p.author_handle.empty() ? p.author_name : p.author_handle));
    TextStyle ini{m.text(26), true, sf::Color::White};
    auto ib = layout_text(*fonts_, initials_of(p.author_name), ini, ar * 2, 1);
    draw_text(c.t, ib, {ac.x - ib.width / 2, ac.y - static_cast<float>(ini.size) * 0.62f});

    // Source mark, top right.
    float name_x = ac.x + ar + m.px(16);
    float right = r.left + r.width - pad;
    std::string src = source_label(p.source);
    if (!src.empty()) {
        TextStyle ss{m.text(18), true, sf::Color::White};
        auto sb = layout_text(*fonts_, src, ss, m.px(200), 1);
        float pw = sb.width + m.px(20), ph = static_cast<float>(ss.size) * 1.6f;
        sf::FloatRect pill{right - pw, r.top + pad, pw, ph};
        fill_rounded(c.t, pill, ph / 2, source_colour(p.source));
        draw_text(c.t, sb, {pill.left + m.px(10), pill.top + ph * 0.16f});
        right = pill.left - m.px(12);
    }
    if (p.pinned || p.featured) {
        TextStyle ps{m.text(18), true, p.featured ? pal_.warm : sf::Color(168, 120, 0)};
        auto pb = layout_text(*fonts_, p.featured ? "\u2605 Featured" : "\u25C6 Pinned", ps, m.px(200), 1);
        draw_text(c.t, pb, {right - pb.width, r.top + pad + m.px(4)});
        right -= pb.width + m.px(12);
    }
    TextStyle ns{m.text(28), true, pal_.ink};
    auto nb = layout_text(*fonts_, p.author_name, ns, right - name_x, 1);
    draw_text(c.t, nb, {name_x, r.top + pad + m.px(2)});
    if (!p.author_handle.empty() || !p.team.empty()) {
        std::string sub = p.author_handle.empty() ? "" : (p.author_handle[0] == '@' ? "" : "@") + p.author_handle;
        if (!p.team.empty()) sub += (sub.empty() ? "" : "  \u00B7  ") + p.team;
        TextStyle hs{m.text(22), false, pal_.ink_soft};
        auto hb = layout_text(*fonts_, sub, hs, r.left + r.width - pad - name_x, 1);
        draw_text(c.t, hb, {name_x, r.top + pad + m.px(38)});
    }

    // Body, with hashtags and mentions highlighted.
    TextStyle body{m.text(p.featured ? 34 : 30), false, pal_.ink};
    auto u = to_display_u32(p.text);
    auto colours = highlight_spans(u, pal_.ink, pal_.accent_dark, pal_.mention);
    auto tb = layout_text(*fonts_, u, colours, body, r.width - 2 * pad, p.featured ? 9 : 7);
    sf::Vector2f tp{r.left + pad, r.top + pad + m.px(68) + m.px(18)};
    draw_text(c.t, tb, tp);
    float text_x = tb.rtl ? tp.x + tb.box_width - tb.width : tp.x;
    c.record("post_text", p.id, {text_x, tp.y, tb.width, tb.height});

    // Footer: relative time, likes.
    TextStyle fs{m.text(22), false, pal_.ink_soft};
    float fy = tp.y + tb.height + m.px(12);
    auto when = layout_text(*fonts_, relative_time(p.created_at, c.in.now), fs, r.width / 2, 1);
    draw_text(c.t, when, {r.left + pad, fy});
    if (p.like_count > 0) {
        TextStyle ls{m.text(22), true, pal_.warm};
        auto lb = layout_text(*fonts_, "\u2665 " + thousands(p.like_count), ls, r.width / 2, 1);
        draw_text(c.t, lb, {r.left + r.width - pad - lb.width, fy});
    }
}

void SceneRenderer::draw_leader_panel(Ctx& c, const Wall& w, sf::FloatRect r, std::size_t max_rows) {
    const Metrics& m = c.m;
    fill_rounded(c.t, r, m.px(18), pal_.panel);
    float pad = m.px(24);
    TextStyle ts{m.text(32), true, pal_.on_dark};
    auto tb = layout_text(*fonts_, "Leaderboard", ts, r.width - 2 * pad, 1);
    draw_text(c.t, tb, {r.left + pad, r.top + pad});
    float y = r.top + pad + tb.height + m.px(10);
    float row_h = m.px(76);
    if (w.leaderboard.empty()) {
        TextStyle es{m.text(24), false, pal_.on_dark_soft};
        auto eb = layout_text(*fonts_, "Points appear here as soon as the first posts are approved.", es,
                              r.width - 2 * pad, 3);
        draw_text(c.t, eb, {r.left + pad, y});
        return;
    }
    for (std::size_t i = 0; i < w.leaderboard.size() && i < max_rows; ++i) {
        if (y + row_h > r.top + r.height - pad / 2) break;
        const WallLeader& l = w.leaderboard[i];
        sf::FloatRect row{r.left + pad, y, r.width - 2 * pad, row_h};
        c.record("leader_row", l.name, row);
        float cr = m.px(24);
        sf::Color medal = l.rank == 1 ? pal_.gold : l.rank == 2 ? pal_.silver : l.rank == 3 ? pal_.bronze
                                                                                            : sf::Color(255, 255, 255, 40);
        fill_circle(c.t, {row.left + cr, y + row_h / 2}, cr, medal);
        TextStyle rs{m.text(24), true, l.rank <= 3 ? pal_.ink : pal_.on_dark};
        auto rb = layout_text(*fonts_, std::to_string(l.rank), rs, cr * 2, 1);
        draw_text(c.t, rb, {row.left + cr - rb.width / 2, y + row_h / 2 - static_cast<float>(rs.size) * 0.62f});
        TextStyle ps{m.text(30), true, pal_.accent};
        auto pb = layout_text(*fonts_, thousands(l.points), ps, m.px(160), 1);
        float px = row.left + row.width - pb.width;
        draw_text(c.t, pb, {px, y + row_h / 2 - static_cast<float>(ps.size) * 0.65f});
        float nx = row.left + 2 * cr + m.px(16);
        float mv_w = m.px(34);
        TextStyle ns{m.text(26), true, pal_.on_dark};
        auto nb = layout_text(*fonts_, l.name, ns, px - nx - m.px(12) - mv_w, 1);
        draw_text(c.t, nb, {nx, y + m.px(6)});
        if (!l.team.empty()) {
            TextStyle tms{m.text(20), false, pal_.on_dark_soft};
            auto tmb = layout_text(*fonts_, l.team, tms, px - nx - m.px(12) - mv_w, 1);
            draw_text(c.t, tmb, {nx, y + m.px(42)});
        }
        if (l.movement != 0 || l.is_new) {
            TextStyle ms{m.text(22), true, l.is_new ? pal_.gold : l.movement > 0 ? pal_.up : pal_.down};
            auto mb = layout_text(*fonts_, l.is_new ? "\u2605" : l.movement > 0 ? "\u25B2" : "\u25BC", ms, mv_w, 1);
            draw_text(c.t, mb, {px - m.px(12) - mb.width, y + row_h / 2 - static_cast<float>(ms.size) * 0.62f});
        }
        y += row_h;
    }
}

void SceneRenderer::draw_quote_panel(Ctx& c, const Wall& w, sf::FloatRect r) {
    const Metrics& m = c.m;
    if (w.quotes.empty() || r.height < m.px(120)) return;
    const Quote& q = w.quotes[c.in.quote_index % w.quotes.size()];
    fill_rounded(c.t, r, m.px(18), sf::Color(pal_.accent.r, pal_.accent.g, pal_.accent.b, 48));
    float pad = m.px(26);
    TextStyle qs{m.text(28), false, pal_.on_dark};
    TextStyle as{m.text(22), true, pal_.on_dark_soft};
    float inner_w = r.width - 2 * pad;
    float avail = r.height - 2 * pad - m.px(56) - static_cast<float>(as.size) * 1.6f;
    int max_lines = std::max(1, static_cast<int>(avail / (static_cast<float>(qs.size) * qs.line_spacing)));
    auto qb = layout_text(*fonts_, q.text, qs, inner_w, max_lines);
    float content_h = qb.height + (q.author.empty() ? 0 : m.px(10) + static_cast<float>(as.size) * 1.3f);
    float qy = std::max(r.top + pad + m.px(50), r.top + (r.height - content_h) / 2 + m.px(16));
    TextStyle mark{m.text(72), true, pal_.accent};
    auto mb = layout_text(*fonts_, "\u201C", mark, m.px(80), 1);
    draw_text(c.t, mb, {r.left + pad - m.px(4), qy - m.px(52)});
    draw_text(c.t, qb, {r.left + pad, qy});
    c.record("quote", "", {r.left + pad, qy, qb.width, qb.height});
    if (!q.author.empty()) {
        auto ab = layout_text(*fonts_, "\u2014 " + q.author, as, inner_w, 1);
        draw_text(c.t, ab, {r.left + pad, qy + qb.height + m.px(10)});
    }
}

void SceneRenderer::draw_wall(Ctx& c, const Wall& w) {
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44), gap = m.px(24);
    float bottom = m.h - margin;
    sf::FloatRect posts_area, leader_area, quote_area;
    if (!m.portrait) {
        float side_w = std::max(m.px(440), m.w * 0.28f);
        posts_area = {margin, top, m.w - 2 * margin - side_w - gap, bottom - top};
        float sx = posts_area.left + posts_area.width + gap;
        float quote_h = std::min(m.px(330), (bottom - top) * 0.4f);
        leader_area = {sx, top, side_w, bottom - top - quote_h - gap};
        quote_area = {sx, bottom - quote_h, side_w, quote_h};
    } else {
        float lower_h = std::max(m.px(480), (bottom - top) * 0.3f);
        posts_area = {margin, top, m.w - 2 * margin, bottom - top - lower_h - gap};
        float lw = (m.w - 2 * margin - gap) * 0.55f;
        leader_area = {margin, bottom - lower_h, lw, lower_h};
        quote_area = {margin + lw + gap, bottom - lower_h, m.w - 2 * margin - gap - lw, lower_h};
    }
    c.record("posts_area", "", posts_area);

    if (w.posts.empty()) {
        TextStyle es{m.text(40), true, pal_.on_dark};
        auto eb = layout_text(*fonts_, "Be the first on the wall!", es, posts_area.width, 2);
        float y = posts_area.top + posts_area.height * 0.35f;
        draw_text(c.t, eb, {posts_area.left, y});
        std::string how = w.display.call_to_action.empty()
                              ? (w.hashtags.empty() ? std::string("Share what you learned today.")
                                                    : "Share what you learned today with " + with_hash(w.hashtags[0]))
                              : w.display.call_to_action;
        TextStyle hs{m.text(30), false, pal_.on_dark_soft};
        auto hb = layout_text(*fonts_, how, hs, posts_area.width, 3);
        draw_text(c.t, hb, {posts_area.left, y + eb.height + m.px(16)});
        c.record("empty_wall", "", {posts_area.left, y, posts_area.width, eb.height + hb.height});
    } else {
        // Masonry: each card goes into the shortest column; a card that would cross the bottom is left out
        // rather than cut, so every card on screen is whole.
        float col_min = m.px(520);
        int cols = std::clamp(static_cast<int>((posts_area.width + gap) / (col_min + gap)), 1, 4);
        float col_w = (posts_area.width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        std::vector<float> col_y(static_cast<std::size_t>(cols), posts_area.top);
        // Pinned posts first, then the rest newest first (the order wall.json gives).
        std::vector<const WallPost*> order;
        for (const auto& p : w.posts)
            if (p.pinned) order.push_back(&p);
        for (const auto& p : w.posts)
            if (!p.pinned) order.push_back(&p);
        const float area_bottom = posts_area.top + posts_area.height;
        for (const WallPost* p : order) {
            float h = card_height(c, *p, col_w);
            // The shortest column that still has room for this card; a card that fits nowhere is left out
            // (a later, shorter one may still fill the gap).
            std::optional<std::size_t> best;
            for (std::size_t k = 0; k < col_y.size(); ++k)
                if (col_y[k] + h <= area_bottom && (!best || col_y[k] < col_y[*best])) best = k;
            if (!best) continue;
            sf::FloatRect r{posts_area.left + static_cast<float>(*best) * (col_w + gap), col_y[*best], col_w, h};
            draw_card(c, *p, r);
            col_y[*best] += h + gap;
        }
    }
    draw_leader_panel(c, w, leader_area, 10);
    draw_quote_panel(c, w, quote_area);
}

void SceneRenderer::draw_leaderboard_scene(Ctx& c, const Wall& w) {
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44);
    sf::FloatRect r{margin, top, m.w - 2 * margin, m.h - margin - top};
    draw_leader_panel(c, w, r, 20);
}

void SceneRenderer::draw_challenge_scene(Ctx& c, const Wall& w) {
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44);
    sf::FloatRect r{margin, top, m.w - 2 * margin, m.h - margin - top};
    fill_rounded(c.t, r, m.px(24), pal_.panel);
    float pad = m.px(60);
    TextStyle ks{m.text(30), true, pal_.accent};
    auto kb = layout_text(*fonts_, "TODAY'S CHALLENGE", ks, r.width - 2 * pad, 1);
    draw_text(c.t, kb, {r.left + pad, r.top + pad});
    float y = r.top + pad + kb.height + m.px(20);
    if (!w.challenge_today) {
        TextStyle ns{m.text(56), true, pal_.on_dark};
        auto nb = layout_text(*fonts_, "Share one thing you learned today", ns, r.width - 2 * pad, 3);
        draw_text(c.t, nb, {r.left + pad, y});
        c.record("challenge", "", {r.left + pad, y, nb.width, nb.height});
        return;
    }
    const Challenge& ch = *w.challenge_today;
    TextStyle ts{m.text(64), true, pal_.on_dark};
    auto tb = layout_text(*fonts_, ch.title, ts, r.width - 2 * pad, 3);
    draw_text(c.t, tb, {r.left + pad, y});
    c.record("challenge", ch.tag, {r.left + pad, y, tb.width, tb.height});
    y += tb.height + m.px(24);
    if (!ch.description.empty()) {
        TextStyle ds{m.text(36), false, pal_.on_dark_soft};
        auto db = layout_text(*fonts_, ch.description, ds, r.width - 2 * pad, 5);
        draw_text(c.t, db, {r.left + pad, y});
        y += db.height + m.px(24);
    }
    TextStyle hs{m.text(48), true, pal_.accent};
    auto hb = layout_text(*fonts_, with_hash(ch.tag) + "   +" + std::to_string(ch.bonus) + " points", hs,
                          r.width - 2 * pad, 2);
    draw_text(c.t, hb, {r.left + pad, y});
}

void SceneRenderer::draw_quote_scene(Ctx& c, const Wall& w) {
    const Metrics& m = c.m;
    if (w.quotes.empty()) return draw_wall(c, w);
    const Quote& q = w.quotes[c.in.quote_index % w.quotes.size()];
    float width = std::min(m.w * 0.8f, m.px(1500));
    TextStyle qs{m.text(64), false, pal_.on_dark, 1.3f, Align::center};
    auto qb = layout_text(*fonts_, "\u201C" + q.text + "\u201D", qs, width, 6);
    TextStyle as{m.text(36), true, pal_.accent, 1.25f, Align::center};
    auto ab = layout_text(*fonts_, q.author.empty() ? "" : "\u2014 " + q.author, as, width, 1);
    float total = qb.height + m.px(40) + ab.height;
    float y = (m.h - total) / 2;
    float x = (m.w - width) / 2;
    draw_text(c.t, qb, {x, y});
    c.record("quote", "", {x + (width - qb.width) / 2, y, qb.width, qb.height});
    draw_text(c.t, ab, {x, y + qb.height + m.px(40)});
}

void SceneRenderer::draw_waiting(Ctx& c, const std::string& reason) {
    const Metrics& m = c.m;
    // Three linked dots: a quiet, event-neutral mark ("connect") instead of a blank screen.
    float cx = m.w / 2, cy = m.h * 0.36f, d = m.px(70), r = m.px(22);
    sf::Color line(pal_.accent.r, pal_.accent.g, pal_.accent.b, 120);
    for (float x0 : {cx - d, cx}) {
        sf::RectangleShape seg({d, m.px(6)});
        seg.setPosition(x0, cy - m.px(3));
        seg.setFillColor(line);
        c.t.draw(seg);
    }
    fill_circle(c.t, {cx - d, cy}, r, pal_.accent);
    fill_circle(c.t, {cx, cy}, r * 1.25f, pal_.on_dark);
    fill_circle(c.t, {cx + d, cy}, r, pal_.warm);
    float width = std::min(m.w - m.px(120), m.px(1400));
    TextStyle ts{m.text(64), true, pal_.on_dark, 1.2f, Align::center};
    auto tb = layout_text(*fonts_, "The wall is getting ready", ts, width, 2);
    float y = cy + m.px(90);
    draw_text(c.t, tb, {(m.w - width) / 2, y});
    c.record("waiting", "", {(m.w - width) / 2 + (width - tb.width) / 2, y, tb.width, tb.height});
    TextStyle ss{m.text(32), false, pal_.on_dark_soft, 1.3f, Align::center};
    auto sb = layout_text(*fonts_, "Posts, leaderboards and quotes will appear here in a moment.", ss, width, 3);
    draw_text(c.t, sb, {(m.w - width) / 2, y + tb.height + m.px(24)});
    if (!reason.empty()) {
        TextStyle rs{m.text(18), false, sf::Color(pal_.on_dark_soft.r, pal_.on_dark_soft.g, pal_.on_dark_soft.b, 170),
                     1.3f, Align::center};
        auto rb = layout_text(*fonts_, reason, rs, m.w - m.px(120), 3);
        float ry = m.h - m.px(40) - rb.height;
        draw_text(c.t, rb, {m.px(60), ry});
        c.record("waiting_reason", "", {m.px(60) + (m.w - m.px(120) - rb.width) / 2, ry, rb.width, rb.height});
    }
}

void SceneRenderer::draw_stale_badge(Ctx& c) {
    const Metrics& m = c.m;
    TextStyle s{m.text(20), true, pal_.ink};
    auto b = layout_text(*fonts_, c.in.stale_text.empty() ? "Offline \u2014 showing the last update" : c.in.stale_text,
                         s, m.w * 0.5f, 1);
    float pw = b.width + m.px(36), ph = static_cast<float>(s.size) * 1.9f;
    sf::FloatRect pill{m.w - m.px(44) - pw, m.h - m.px(16) - ph, pw, ph};
    fill_rounded(c.t, pill, ph / 2, pal_.gold);
    draw_text(c.t, b, {pill.left + m.px(18), pill.top + ph * 0.2f});
    c.record("stale_badge", "", pill);
}

}  // namespace lw::kiosk
