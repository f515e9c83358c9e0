// Scene layout and drawing for the kiosk. Everything is placed proportionally to the screen
// (Metrics), measured before it is drawn, and reported to the LayoutLog.
#include "scenes.hpp"

#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
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

std::string relative_time(Instant then, Instant now, const std::string& zone) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(now - then).count();
    if (secs < 60) return "just now";
    auto mins = secs / 60;
    if (mins < 60) return std::to_string(mins) + " min ago";
    // Past the hour, days are the event's calendar days, not 24-hour spans: a post from 23:00 seen at
    // 01:00 two days later is "2 days ago", one from this morning is "N h ago", never "yesterday".
    auto a = local_date(then, zone), b = local_date(now, zone);
    auto days = a && b ? (std::chrono::sys_days{*b} - std::chrono::sys_days{*a}).count() : mins / (60 * 24);
    if (days <= 0) return std::to_string(mins / 60) + " h ago";
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
    float bottom = 0;  // lowest y content may use (above the ticker band)
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

float SceneRenderer::ticker_height(const Metrics& m, const Wall& w) const {
    return w.display.announcements.empty() || w.display.blank ? 0.0f : std::round(m.px(64));
}

bool SceneRenderer::draw(sf::RenderTarget& target, const FrameInput& in, LayoutLog* log) {
    LayoutLog local;
    LayoutLog& l = log ? *log : local;
    draw_static(target, in, &l);
    return draw_overlay(target, in, l);
}

void SceneRenderer::draw_static(sf::RenderTarget& target, const FrameInput& in, LayoutLog* log) {
    sf::Vector2f size = target.getView().getSize();
    Ctx c{target, in, log, Metrics(size.x, size.y)};
    c.bottom = c.m.h - c.m.px(44) - (in.wall ? ticker_height(c.m, *in.wall) : 0.0f);
    fill_vertical_gradient(target, {0, 0, size.x, size.y}, pal_.background, pal_.background_2);
    if (!in.wall) {
        draw_waiting(c, in.waiting_reason);
    } else if (in.wall->display.blank) {
        draw_blank(c, *in.wall);
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
}

bool SceneRenderer::draw_overlay(sf::RenderTarget& target, const FrameInput& in, const LayoutLog& static_log) {
    if (!in.wall || in.wall->display.blank) return false;
    sf::Vector2f size = target.getView().getSize();
    Metrics m(size.x, size.y);
    bool moving = false;

    // New posts: a glow around the card that fades out, and a "New" tab, so people notice arrivals.
    std::int64_t since = in.elapsed_us - in.new_since_us;
    if (!in.new_post_ids.empty() && since >= 0 && since < kNewPostGlowUs) {
        float t = static_cast<float>(since) / static_cast<float>(kNewPostGlowUs);
        float pulse = 0.5f + 0.5f * std::cos(static_cast<float>(since) / 1e6f * 2 * 3.14159265f);
        auto alpha = static_cast<sf::Uint8>(255 * (1 - t) * (0.55f + 0.45f * pulse));
        for (const auto& it : static_log.items) {
            if (it.kind != "post_card") continue;
            if (std::find(in.new_post_ids.begin(), in.new_post_ids.end(), it.id) == in.new_post_ids.end()) continue;
            float g = m.px(6);
            sf::FloatRect r = it.rect;
            sf::Color glow(pal_.accent.r, pal_.accent.g, pal_.accent.b, alpha);
            for (sf::FloatRect edge : {sf::FloatRect{r.left - g, r.top - g, r.width + 2 * g, g},
                                       sf::FloatRect{r.left - g, r.top + r.height, r.width + 2 * g, g},
                                       sf::FloatRect{r.left - g, r.top, g, r.height},
                                       sf::FloatRect{r.left + r.width, r.top, g, r.height}}) {
                sf::RectangleShape e({edge.width, edge.height});
                e.setPosition(edge.left, edge.top);
                e.setFillColor(glow);
                target.draw(e);
            }
            TextStyle ns{m.text(18), true, sf::Color::White};
            auto nb = layout_text(*fonts_, "NEW", ns, m.px(100), 1);
            sf::FloatRect tab{r.left + r.width / 2 - nb.width / 2 - m.px(12), r.top - m.px(16), nb.width + m.px(24),
                              m.px(30)};
            fill_rounded(target, tab, m.px(10), sf::Color(pal_.accent.r, pal_.accent.g, pal_.accent.b, alpha));
            draw_text(target, nb, {tab.left + m.px(12), tab.top + m.px(4)}, static_cast<float>(alpha) / 255.0f);
        }
        moving = true;
    }

    // Rank changes: people who moved up glow green, and everyone who moved gets a sweep of light, for a few
    // seconds after the board changed or its scene came up, so a glance shows who is climbing.
    std::int64_t rank_since = in.elapsed_us - std::max(in.ranks_since_us, in.scene_started_us);
    if (in.ranks_since_us >= 0 && rank_since >= 0 && rank_since < kRankGlowUs) {
        float t = static_cast<float>(rank_since) / static_cast<float>(kRankGlowUs);
        std::size_t k = 0;  // rows are drawn in board order (names may repeat: match by position)
        for (const auto& it : static_log.items) {
            if (it.kind != "leader_row") continue;
            if (k >= in.wall->leaderboard.size()) break;
            const WallLeader& l = in.wall->leaderboard[k++];
            int movement = l.is_new ? 1 : l.movement;
            if (movement == 0) continue;
            sf::Color c = movement > 0 ? pal_.up : pal_.down;
            auto alpha = static_cast<sf::Uint8>(64 * (1 - t));
            fill_rounded(target, it.rect, m.px(12), sf::Color(c.r, c.g, c.b, alpha));
            float sweep_w = it.rect.width * 0.25f;
            float x = it.rect.left + (it.rect.width + sweep_w) * std::min(1.0f, t * 1.6f) - sweep_w;
            sf::FloatRect band{std::max(it.rect.left, x), it.rect.top,
                               std::min(x + sweep_w, it.rect.left + it.rect.width) - std::max(it.rect.left, x),
                               it.rect.height};
            if (band.width > 0) fill_rounded(target, band, m.px(8), sf::Color(255, 255, 255, static_cast<sf::Uint8>(40 * (1 - t))));
        }
        moving = true;
    }

    // Announcements ticker along the bottom edge.
    float th = ticker_height(m, *in.wall);
    if (th > 0) {
        sf::FloatRect band{0, m.h - th, m.w, th};
        sf::RectangleShape bg({band.width, band.height});
        bg.setPosition(band.left, band.top);
        bg.setFillColor(sf::Color(8, 16, 28, 235));
        target.draw(bg);
        std::string joined;
        for (const auto& a : in.wall->display.announcements) joined += (joined.empty() ? "" : "      \u2022      ") + a;
        TextStyle ts{m.text(28), false, pal_.on_dark};
        auto tb = layout_text(*fonts_, joined, ts, 1e6f, 1);
        float gap = m.px(160);
        float speed = m.px(110);  // px per second: slow enough to read from a distance
        float period = tb.width + gap;
        float offset = std::fmod(static_cast<float>(in.elapsed_us) / 1e6f * speed, period);
        float y = band.top + (th - static_cast<float>(ts.size) * 1.25f) / 2;
        // Starts just right of the label, so a screenshot or a fresh start shows words at once.
        for (float x = m.px(260) - offset; x < m.w; x += period)
            if (x + tb.width > 0) draw_text(target, tb, {x, y});
        TextStyle ls{m.text(22), true, sf::Color::White};
        auto lb = layout_text(*fonts_, "WHAT'S ON", ls, m.px(300), 1);
        sf::FloatRect label{0, band.top, lb.width + m.px(64), th};
        sf::RectangleShape lbg({label.width, label.height});
        lbg.setPosition(label.left, label.top);
        lbg.setFillColor(pal_.accent_dark);
        target.draw(lbg);
        draw_text(target, lb, {m.px(32), band.top + (th - static_cast<float>(ls.size) * 1.25f) / 2});
        moving = true;
    }
    return moving;
}

float SceneRenderer::draw_header(Ctx& c, const Wall& w) {
    const Metrics& m = c.m;
    float margin = m.px(44);
    float y = m.px(34);
    TextStyle title{m.text(46), true, pal_.on_dark};
    std::string tags;
    for (const auto& t : w.hashtags) tags += (tags.empty() ? "" : "   ") + with_hash(t);
    // The event's theme (learnwall-admin event theme) leads the hashtags: the week's one-word idea.
    if (!w.theme.empty()) tags = w.theme + (tags.empty() ? "" : "  \u00B7  " + tags);
    TextStyle tag_style{m.text(30), true, pal_.accent};
    float tag_w = measure_line(*fonts_, to_display_u32(tags), tag_style.size, true);
    std::string event_name = w.event_name.empty() ? std::string("Learning week") : w.event_name;
    float name_w = measure_line(*fonts_, to_display_u32(event_name), title.size, true);
    // Side by side when both fit; otherwise (portrait, long names) the hashtags go under the name.
    float full_w = m.w - 2 * margin;
    bool stacked = name_w + tag_w + 2 * margin > full_w;
    float name_x = margin;
    if (logo_ && logo_->getSize().y > 0) {
        // The logo stands as tall as the title's line, left of it.
        float lh = static_cast<float>(title.size) * 1.25f;
        float lw = std::min(lh * static_cast<float>(logo_->getSize().x) / static_cast<float>(logo_->getSize().y), m.px(400));
        sf::RectangleShape logo({lw, lh});
        logo.setPosition(margin, y);
        logo.setTexture(logo_);
        c.t.draw(logo);
        c.record("logo", "", {margin, y, lw, lh});
        name_x += lw + m.px(20);
        full_w -= lw + m.px(20);
        stacked = name_w + tag_w + 2 * margin > full_w;
    }
    auto name = layout_text(*fonts_, event_name, title, stacked ? full_w : full_w - tag_w - margin, 1);
    draw_text(c.t, name, {name_x, y});
    auto tb = layout_text(*fonts_, tags, tag_style, stacked ? full_w : tag_w + 1, 1);
    float bottom;
    if (stacked) {
        draw_text(c.t, tb, {name_x, y + name.height + m.px(4)});
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

float SceneRenderer::card_height(Ctx& c, const WallPost& p, float width, int max_lines, bool with_image) {
    const Metrics& m = c.m;
    float pad = m.px(26);
    TextStyle body{m.text(p.featured ? 34 : 30), false, pal_.ink};
    auto u = to_display_u32(p.text);
    auto tb = layout_text(*fonts_, u, {}, body, width - 2 * pad, max_lines > 0 ? max_lines : p.featured ? 9 : 7);
    float image_h = p.image_urls.empty() || !with_image ? 0.0f : image_height(m, width - 2 * pad) + m.px(16);
    return pad + m.px(68) + m.px(18) + tb.height + image_h + m.px(12) +
           std::round(static_cast<float>(m.text(22)) * 1.3f) + pad;
}

float SceneRenderer::image_height(const Metrics& m, float width) const {
    // Room for the first image is kept whether or not it has arrived, so cards never jump when it does.
    return std::round(std::min(width * 0.5f, m.px(300)));
}

void SceneRenderer::draw_picture(Ctx& c, const std::string& url, sf::FloatRect box) {
    const sf::Texture* tex = images_ ? images_->get(url) : nullptr;
    if (tex) {
        // Cover the box: scale to fill it, crop the overflow evenly.
        auto ts = tex->getSize();
        float k = std::max(box.width / static_cast<float>(ts.x), box.height / static_cast<float>(ts.y));
        float cw = box.width / k, ch = box.height / k;
        sf::RectangleShape pic({box.width, box.height});
        pic.setPosition(box.left, box.top);
        pic.setTexture(tex);
        pic.setTextureRect({static_cast<int>((static_cast<float>(ts.x) - cw) / 2),
                            static_cast<int>((static_cast<float>(ts.y) - ch) / 2), static_cast<int>(cw),
                            static_cast<int>(ch)});
        c.t.draw(pic);
        c.record("post_image", url, box);
        return;
    }
    // Placeholder (loading, failed or no image cache): a soft tile with a small landscape mark.
    const Metrics& m = c.m;
    fill_rounded(c.t, box, m.px(10), sf::Color(232, 235, 240));
    float s = std::min(box.height * 0.35f, m.px(70));
    sf::Vector2f o{box.left + box.width / 2, box.top + box.height / 2};
    sf::Color mark(196, 202, 212);
    fill_circle(c.t, {o.x + s * 0.45f, o.y - s * 0.35f}, s * 0.16f, mark);
    sf::ConvexShape hill(3);
    hill.setPoint(0, {o.x - s * 0.8f, o.y + s * 0.45f});
    hill.setPoint(1, {o.x - s * 0.15f, o.y - s * 0.3f});
    hill.setPoint(2, {o.x + s * 0.5f, o.y + s * 0.45f});
    hill.setFillColor(mark);
    c.t.draw(hill);
    sf::ConvexShape hill2(3);
    hill2.setPoint(0, {o.x + s * 0.05f, o.y + s * 0.45f});
    hill2.setPoint(1, {o.x + s * 0.45f, o.y});
    hill2.setPoint(2, {o.x + s * 0.85f, o.y + s * 0.45f});
    hill2.setFillColor(mark);
    c.t.draw(hill2);
    c.record("image_placeholder", url, box);
}

void SceneRenderer::draw_card(Ctx& c, const WallPost& p, sf::FloatRect r, int max_lines, bool with_image) {
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
    const sf::Texture* avatar = images_ && !p.author_avatar_url.empty() ? images_->get(p.author_avatar_url) : nullptr;
    if (avatar) {
        auto ts = avatar->getSize();
        int side = static_cast<int>(std::min(ts.x, ts.y));
        sf::CircleShape disc(ar, 48);
        disc.setOrigin(ar, ar);
        disc.setPosition(ac);
        disc.setTexture(avatar);
        disc.setTextureRect({(static_cast<int>(ts.x) - side) / 2, (static_cast<int>(ts.y) - side) / 2, side, side});
        c.t.draw(disc);
        c.record("avatar", p.id, {ac.x - ar, ac.y - ar, 2 * ar, 2 * ar});
    } else {
        fill_circle(c.t, ac, ar, colour_for(p.author_handle.empty() ? p.author_name : p.author_handle));
        // Centred by the layout itself: a right-to-left block is placed at the right of its box, so
        // centring by its width alone would push Arabic or Hebrew initials off the disc.
        TextStyle ini{m.text(26), true, sf::Color::White, 1.25f, Align::center};
        auto ib = layout_text(*fonts_, initials_of(p.author_name), ini, ar * 2, 1);
        draw_text(c.t, ib, {ac.x - ar, ac.y - static_cast<float>(ini.size) * 0.62f});
        c.record("avatar_initials", p.id, {ac.x - ar, ac.y - ar, 2 * ar, 2 * ar});
    }

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
    TextStyle ns{m.text(28), true, pal_.ink};
    std::string sub = p.author_handle.empty() ? "" : (p.author_handle[0] == '@' ? "" : "@") + p.author_handle;
    if (!p.team.empty()) sub += (sub.empty() ? "" : "  \u00B7  ") + p.team;
    TextStyle hs{m.text(22), false, pal_.ink_soft};
    // The name's column is the header block beside the avatar (as wide as the name or the handle line
    // under it): a right-to-left name is right-aligned there, not pushed against the source mark.
    float head_w = std::max(measure_line(*fonts_, to_display_u32(p.author_name), ns.size, true),
                            sub.empty() ? 0.0f : measure_line(*fonts_, to_display_u32(sub), hs.size, false));
    auto nb = layout_text(*fonts_, p.author_name, ns, std::min(right - name_x, std::ceil(head_w) + 1), 1);
    draw_text(c.t, nb, {name_x, r.top + pad + m.px(2)});
    c.record("post_author", p.id,
             {name_x + (nb.rtl ? nb.box_width - nb.width : 0.0f), r.top + pad + m.px(2), nb.width, nb.height});
    if (!sub.empty()) {
        auto hb = layout_text(*fonts_, sub, hs, r.left + r.width - pad - name_x, 1);
        draw_text(c.t, hb, {name_x, r.top + pad + m.px(38)});
    }

    // Body, with hashtags and mentions highlighted.
    TextStyle body{m.text(p.featured ? 34 : 30), false, pal_.ink};
    auto u = to_display_u32(p.text);
    auto colours = highlight_spans(u, pal_.ink, pal_.accent_dark, pal_.mention);
    auto tb = layout_text(*fonts_, u, colours, body, r.width - 2 * pad, max_lines > 0 ? max_lines : p.featured ? 9 : 7);
    sf::Vector2f tp{r.left + pad, r.top + pad + m.px(68) + m.px(18)};
    draw_text(c.t, tb, tp);
    float text_x = tb.rtl ? tp.x + tb.box_width - tb.width : tp.x;
    c.record("post_text", p.id, {text_x, tp.y, tb.width, tb.height});

    float fy = tp.y + tb.height + m.px(12);
    if (!p.image_urls.empty() && with_image) {
        sf::FloatRect box{r.left + pad, tp.y + tb.height + m.px(16), r.width - 2 * pad, image_height(m, r.width - 2 * pad)};
        draw_picture(c, p.image_urls.front(), box);
        fy = box.top + box.height + m.px(12);
    }

    // Footer: relative time, likes.
    TextStyle fs{m.text(22), false, pal_.ink_soft};
    auto when = layout_text(*fonts_, relative_time(p.created_at, c.in.now, c.in.wall && !c.in.wall->timezone.empty() ? c.in.wall->timezone : std::string("UTC")), fs, r.width / 2, 1);
    draw_text(c.t, when, {r.left + pad, fy});
    if (p.pinned || p.featured) {
        // In the footer, not beside the name: on a narrow card the name needs the room.
        TextStyle ps{m.text(22), true, p.featured ? pal_.warm : sf::Color(168, 120, 0)};
        auto pb = layout_text(*fonts_, p.featured ? "\u2605 Featured" : "\u25C6 Pinned", ps, r.width / 3, 1);
        draw_text(c.t, pb, {r.left + pad + when.width + m.px(20), fy});
    }
    if (p.like_count > 0) {
        TextStyle ls{m.text(22), true, pal_.warm};
        auto lb = layout_text(*fonts_, "\u2665 " + thousands(p.like_count), ls, r.width / 2, 1);
        draw_text(c.t, lb, {r.left + r.width - pad - lb.width, fy});
    }
}

void SceneRenderer::draw_leader_panel(Ctx& c, const Wall& w, sf::FloatRect r, const char* title) {
    const Metrics& m = c.m;
    fill_rounded(c.t, r, m.px(18), pal_.panel);
    c.record("leader_panel", "", r);
    // A big panel (the leaderboard scene) gets larger rows and shows badges.
    bool big = r.height > m.px(700) && r.width > m.px(700);
    float k = big ? 1.2f : 1.0f;
    float pad = m.px(24) * k;
    TextStyle ts{m.text(32 * k), true, pal_.on_dark};
    auto tb = layout_text(*fonts_, title ? title : big ? "Top learners" : "Leaderboard", ts, r.width - 2 * pad, 1);
    draw_text(c.t, tb, {r.left + pad, r.top + pad});
    float y = r.top + pad + tb.height + m.px(10);
    float row_h = m.px(big ? 88 : 70);
    if (w.leaderboard.empty()) {
        TextStyle es{m.text(24), false, pal_.on_dark_soft};
        auto eb = layout_text(*fonts_, "Points appear here as soon as the first posts are approved.", es,
                              r.width - 2 * pad, 3);
        draw_text(c.t, eb, {r.left + pad, y});
        return;
    }
    // The name column is as wide as the widest name on the board (never past the mark and the score):
    // a right-to-left name is right-aligned inside it, beside the other names, not against the score.
    const TextStyle ns{m.text(26 * k), true, pal_.on_dark};
    float widest_name = 0;
    const float rows_room = std::max(0.0f, std::floor((r.top + r.height - pad / 2 - y) / row_h));
    for (std::size_t i = 0; i < w.leaderboard.size() && static_cast<float>(i) < rows_room; ++i)
        widest_name = std::max(widest_name, measure_line(*fonts_, to_display_u32(w.leaderboard[i].name), ns.size, true));
    // As many people as the panel has room for, not a fixed count per scene (issue 11, item 8).
    for (std::size_t i = 0; i < w.leaderboard.size(); ++i) {
        if (y + row_h > r.top + r.height - pad / 2) break;
        const WallLeader& l = w.leaderboard[i];
        sf::FloatRect row{r.left + pad, y, r.width - 2 * pad, row_h};
        c.record("leader_row", l.name, row);
        float cr = m.px(24) * k;
        sf::Color medal = l.rank == 1 ? pal_.gold : l.rank == 2 ? pal_.silver : l.rank == 3 ? pal_.bronze
                                                                                            : sf::Color(255, 255, 255, 40);
        fill_circle(c.t, {row.left + cr, y + row_h / 2}, cr, medal);
        TextStyle rs{m.text(24 * k), true, l.rank <= 3 ? pal_.ink : pal_.on_dark};
        auto rb = layout_text(*fonts_, std::to_string(l.rank), rs, cr * 2, 1);
        draw_text(c.t, rb, {row.left + cr - rb.width / 2, y + row_h / 2 - static_cast<float>(rs.size) * 0.62f});
        TextStyle ps{m.text(30 * k), true, pal_.accent};
        auto pb = layout_text(*fonts_, thousands(l.points), ps, m.px(200), 1);
        float px = row.left + row.width - pb.width;
        draw_text(c.t, pb, {px, y + row_h / 2 - static_cast<float>(ps.size) * 0.65f});
        c.record("leader_points", l.name, {px, y + row_h / 2 - static_cast<float>(ps.size) * 0.65f, pb.width, pb.height});
        float nx = row.left + 2 * cr + m.px(16);
        float mv_w = m.px(34) * k;
        float name_right = std::min(px - m.px(12) - mv_w, nx + std::ceil(widest_name) + 1);
        auto nb = layout_text(*fonts_, l.name, ns, name_right - nx, 1);
        float name_y = y + row_h / 2 - static_cast<float>(ns.size) * 1.05f;
        draw_text(c.t, nb, {nx, name_y});
        c.record("leader_name", l.name, {nx + (nb.rtl ? nb.box_width - nb.width : 0.0f), name_y, nb.width, nb.height});
        name_right = px - m.px(12) - mv_w;  // the team and badges below may use the whole row
        std::string sub = l.team;
        TextStyle tms{m.text(20 * k), false, pal_.on_dark_soft};
        float sub_y = name_y + static_cast<float>(ns.size) * 1.3f;
        float sx = nx;
        if (!sub.empty()) {
            auto tmb = layout_text(*fonts_, sub, tms, (name_right - nx) * (big ? 0.45f : 1.0f), 1);
            draw_text(c.t, tmb, {sx, sub_y});
            sx += tmb.width + m.px(14);
        }
        if (big) {
            for (const auto& badge : l.badges) {
                TextStyle bs{m.text(18 * k), true, pal_.ink};
                auto bb = layout_text(*fonts_, "\u2605 " + badge, bs, m.px(300), 1);
                float bw = bb.width + m.px(20);
                if (sx + bw > name_right) break;
                sf::FloatRect chip{sx, sub_y - m.px(2), bw, static_cast<float>(bs.size) * 1.5f};
                fill_rounded(c.t, chip, chip.height / 2, pal_.gold);
                draw_text(c.t, bb, {chip.left + m.px(10), chip.top + chip.height * 0.12f});
                sx += bw + m.px(8);
            }
        }
        if (l.movement != 0 || l.is_new) {
            TextStyle ms{m.text(22 * k), true, l.is_new ? pal_.gold : l.movement > 0 ? pal_.up : pal_.down};
            std::string mark = l.is_new ? "\u2605" : l.movement > 0 ? "\u25B2" : "\u25BC";
            if (big && !l.is_new) mark += std::to_string(std::abs(l.movement));
            auto mb = layout_text(*fonts_, mark, ms, mv_w * 2, 1);
            draw_text(c.t, mb, {px - m.px(12) - mb.width, y + row_h / 2 - static_cast<float>(ms.size) * 0.62f});
        }
        y += row_h;
    }
}

std::string more_teams_label(std::size_t more) {
    return "+" + std::to_string(more) + (more == 1 ? " more team" : " more teams");
}

struct SceneRenderer::TeamRowSizes {
    float head_h = 0;  // from the panel's top to the first row
    float name_h = 0;  // from a row's name to its bar
    float bar_h = 0;
    float row_h = 0;
    float more_h = 0;  // the "+N more teams" line
    float foot_h = 0;  // below the last row
    bool with_members = false;  // rows carry the "9 people" line
};

SceneRenderer::TeamRowSizes SceneRenderer::team_row_sizes(const Metrics& m, const Wall& w, bool with_members) const {
    TeamRowSizes z;
    const TextStyle ts{m.text(38), true, pal_.on_dark};
    const TextStyle ns{m.text(30), true, pal_.on_dark};
    const TextStyle cs{m.text(18), false, pal_.on_dark_soft};
    const TextStyle more_style{m.text(26), true, pal_.on_dark_soft};
    z.head_h = m.px(28) + layout_text(*fonts_, "Teams", ts, m.w, 1).height + m.px(14);
    z.name_h = static_cast<float>(ns.size) * 1.35f;
    z.bar_h = m.px(12);
    // The member count line only when some team has members: without it the rows close up.
    z.with_members = with_members && std::any_of(w.teams.begin(), w.teams.end(), [](const WallTeam& t) { return t.members > 0; });
    const float members_h = z.with_members ? m.px(6) + layout_text(*fonts_, "0 people", cs, m.w, 1).height : 0.0f;
    // Whole pixels: rows placed at fractional steps would round into each other in the layout record.
    z.row_h = std::round(m.px(8) + z.name_h + z.bar_h + members_h + m.px(8));
    z.more_h = layout_text(*fonts_, more_teams_label(0), more_style, m.w, 1).height + m.px(8);
    z.foot_h = m.px(28) / 2;
    return z;
}

float SceneRenderer::team_panel_height(const Metrics& m, const Wall& w, float at_most) const {
    const auto need = [&](bool with_members) {
        const TeamRowSizes z = team_row_sizes(m, w, with_members);
        return z.head_h + z.row_h * static_cast<float>(std::max<std::size_t>(1, w.teams.size())) + z.foot_h + 1.0f;
    };
    // Every team with its member count, else every team in the compact rows draw_team_panel falls back
    // to (no empty band under them), else all the room there is.
    if (float full = need(true); full <= at_most) return full;
    if (float compact = need(false); compact <= at_most) return compact;
    return at_most;
}

void SceneRenderer::draw_team_panel(Ctx& c, const Wall& w, sf::FloatRect r) {
    const Metrics& m = c.m;
    fill_rounded(c.t, r, m.px(18), pal_.panel);
    c.record("team_panel", "", r);
    float pad = m.px(28);
    TextStyle ts{m.text(38), true, pal_.on_dark};
    auto tb = layout_text(*fonts_, "Teams", ts, r.width - 2 * pad, 1);
    draw_text(c.t, tb, {r.left + pad, r.top + pad});
    float y = r.top + pad + tb.height + m.px(14);
    if (w.teams.empty()) {
        TextStyle es{m.text(24), false, pal_.on_dark_soft};
        auto eb = layout_text(*fonts_, "Team scores appear once people with a team have posted.", es, r.width - 2 * pad, 3);
        draw_text(c.t, eb, {r.left + pad, y});
        return;
    }
    std::int64_t top_points = std::max<std::int64_t>(1, w.teams.front().points);
    const TextStyle ns{m.text(30), true, pal_.on_dark};
    const TextStyle cs{m.text(18), false, pal_.on_dark_soft};
    const TextStyle more_style{m.text(26), true, pal_.on_dark_soft};
    // How many rows fit is measured from the fonts and the panel, never a fixed count per scene: a fixed
    // count left a portrait board with room to spare showing five of six teams (issue 11, item 8).
    const float bottom = r.top + r.height - pad / 2;
    const auto rows_in = [&](float room, float row_h) {
        return room <= 0 ? std::size_t{0} : static_cast<std::size_t>(std::floor(room / row_h));
    };
    TeamRowSizes sz = team_row_sizes(m, w, true);
    std::size_t shown = std::min(w.teams.size(), rows_in(bottom - y, sz.row_h));
    if (shown < w.teams.size() && sz.with_members) {
        // Tight for space: the member counts go before any team does.
        sz = team_row_sizes(m, w, false);
        shown = std::min(w.teams.size(), rows_in(bottom - y, sz.row_h));
    }
    // When not every team fits, the last row says how many are left out rather than dropping them silently.
    if (shown < w.teams.size()) shown = std::min(w.teams.size(), rows_in(bottom - y - sz.more_h, sz.row_h));
    const float name_h = sz.name_h, bar_h = sz.bar_h, row_h = sz.row_h;
    float widest_team = 0;
    for (std::size_t i = 0; i < shown; ++i)
        widest_team = std::max(widest_team, measure_line(*fonts_, to_display_u32(w.teams[i].team), ns.size, true));
    for (std::size_t i = 0; i < shown; ++i) {
        const WallTeam& t = w.teams[i];
        sf::FloatRect row{r.left + pad, y, r.width - 2 * pad, row_h};
        c.record("team_row", t.team, row);
        TextStyle ps{m.text(30), true, pal_.accent};
        auto pb = layout_text(*fonts_, thousands(t.points), ps, m.px(200), 1);
        // The rank and the name apart: "1. " + an Arabic name would make the whole label right-to-left
        // (rank drawn on the right). A right-to-left name is right-aligned in a column as wide as the
        // widest team name, not pushed against the points.
        auto rkb = layout_text(*fonts_, std::to_string(t.rank) + ".", ns, m.px(120), 1);
        draw_text(c.t, rkb, {row.left, y + m.px(8)});
        const float name_x = row.left + rkb.width + measure_line(*fonts_, U" ", ns.size, true);
        float name_w = row.left + row.width - pb.width - m.px(60) - name_x;
        auto nb = layout_text(*fonts_, t.team, ns, std::min(name_w, std::ceil(widest_team) + 1), 1);
        draw_text(c.t, nb, {name_x, y + m.px(8)});
        c.record("team_name", t.team, {name_x + (nb.rtl ? nb.box_width - nb.width : 0.0f), y + m.px(8), nb.width, nb.height});
        draw_text(c.t, pb, {row.left + row.width - pb.width, y + m.px(8)});
        if (t.movement != 0) {
            TextStyle ms{m.text(22), true, t.movement > 0 ? pal_.up : pal_.down};
            auto mb = layout_text(*fonts_, t.movement > 0 ? "\u25B2" : "\u25BC", ms, m.px(40), 1);
            draw_text(c.t, mb, {row.left + row.width - pb.width - m.px(14) - mb.width, y + m.px(14)});
        }
        // A bar in proportion to the leading team: teams compare at a glance from across the room.
        float bar_y = y + m.px(8) + name_h;
        float frac = static_cast<float>(std::max<std::int64_t>(0, t.points)) / static_cast<float>(top_points);
        fill_rounded(c.t, {row.left, bar_y, row.width, bar_h}, bar_h / 2, sf::Color(255, 255, 255, 30));
        fill_rounded(c.t, {row.left, bar_y, std::max(bar_h, row.width * frac), bar_h}, bar_h / 2, colour_for(t.team));
        if (sz.with_members && t.members > 0) {
            auto cb = layout_text(*fonts_, std::to_string(t.members) + (t.members == 1 ? " person" : " people"), cs,
                                  row.width, 1);
            draw_text(c.t, cb, {row.left, bar_y + bar_h + m.px(6)});
        }
        y += row_h;
    }
    // A panel too short even for this line (a tiny window) shows the title alone rather than spill over.
    if (shown < w.teams.size() && y + sz.more_h <= r.top + r.height) {
        const std::size_t more = w.teams.size() - shown;
        const std::string label = more_teams_label(more);
        auto mb = layout_text(*fonts_, label, more_style, r.width - 2 * pad, 1);
        sf::Vector2f at{r.left + pad, y + m.px(4)};
        draw_text(c.t, mb, at);
        c.record("team_more", label, {at.x, at.y, mb.width, mb.height});
    }
}

void SceneRenderer::draw_join_card(Ctx& c, const Wall& w, sf::FloatRect r) {
    const Metrics& m = c.m;
    fill_rounded(c.t, r, m.px(18), sf::Color(255, 255, 255, 235));
    c.record("join", "", r);
    float pad = m.px(22);
    std::string code = !w.display.join_url.empty() ? w.display.join_url
                                                   : (w.hashtags.empty() ? std::string() : with_hash(w.hashtags[0]));
    std::string cta = !w.display.call_to_action.empty()
                          ? w.display.call_to_action
                          : (w.hashtags.empty() ? std::string("Share what you learned today")
                                                : "Share what you learned with " + with_hash(w.hashtags[0]));
    bool tall = r.height > r.width * 1.1f;
    bool roomy = tall || r.height >= m.px(300);
    TextStyle hs{m.text(roomy ? 48 : 30), true, pal_.ink};
    TextStyle cs{m.text(roomy ? 32 : 22), false, pal_.ink};
    auto u = to_display_u32(cta);
    auto colours = highlight_spans(u, pal_.ink, pal_.accent_dark, pal_.mention);
    if (tall) {
        // Title and call to action on top, a large QR code below: the side column of the challenge scene.
        float tw = r.width - 2 * pad;
        auto hb = layout_text(*fonts_, "Join in!", hs, tw, 1);
        auto cb = layout_text(*fonts_, u, colours, cs, tw, 4);
        float qr_side = code.empty() ? 0 : std::min(tw, r.height - 4 * pad - hb.height - cb.height);
        float total = hb.height + m.px(10) + cb.height + (qr_side > 0 ? pad + qr_side : 0);
        float y = r.top + (r.height - total) / 2;
        draw_text(c.t, hb, {r.left + pad, y});
        draw_text(c.t, cb, {r.left + pad, y + hb.height + m.px(10)});
        sf::Vector2f at{r.left + (r.width - qr_side) / 2, y + hb.height + m.px(10) + cb.height + pad};
        if (qr_side > m.px(60) && draw_qr(c.t, code, at, qr_side)) c.record("qr", code, {at.x, at.y, qr_side, qr_side});
        return;
    }
    float qr_side = code.empty() ? 0 : std::min(r.height - 2 * pad, r.width * 0.42f);
    sf::Vector2f at{r.left + r.width - pad - qr_side, r.top + (r.height - qr_side) / 2};
    if (qr_side > m.px(60) && draw_qr(c.t, code, at, qr_side))
        c.record("qr", code, {at.x, at.y, qr_side, qr_side});
    else
        qr_side = 0;
    float tw = r.width - 2 * pad - (qr_side > 0 ? qr_side + pad : 0);
    auto hb = layout_text(*fonts_, "Join in!", hs, tw, 1);
    float avail = r.height - 2 * pad - hb.height - m.px(8);
    int lines = std::max(1, static_cast<int>(avail / (static_cast<float>(cs.size) * cs.line_spacing)));
    auto cb = layout_text(*fonts_, u, colours, cs, tw, lines);
    float total = hb.height + m.px(8) + cb.height;
    float y = r.top + (r.height - total) / 2;
    draw_text(c.t, hb, {r.left + pad, y});
    draw_text(c.t, cb, {r.left + pad, y + hb.height + m.px(8)});
}

void SceneRenderer::draw_quote_panel(Ctx& c, const Wall& w, sf::FloatRect r) {
    const Metrics& m = c.m;
    if (w.quotes.empty() || r.height < m.px(90)) return;
    const Quote& q = w.quotes[c.in.quote_index % w.quotes.size()];
    fill_rounded(c.t, r, m.px(18), sf::Color(pal_.accent.r, pal_.accent.g, pal_.accent.b, 48));
    c.record("quote_panel", "", r);
    float pad = m.px(22);
    float hang = m.px(48);  // the opening quote mark hangs in its own column
    TextStyle qs{m.text(26), false, pal_.on_dark};
    TextStyle as{m.text(20), true, pal_.on_dark_soft};
    float inner_w = r.width - 2 * pad - hang;
    float author_h = q.author.empty() ? 0 : m.px(8) + static_cast<float>(as.size) * 1.3f;
    float avail = r.height - 2 * pad - author_h;
    int max_lines = std::max(1, static_cast<int>(avail / (static_cast<float>(qs.size) * qs.line_spacing)));
    auto qb = layout_text(*fonts_, q.text, qs, inner_w, max_lines);
    float content_h = qb.height + author_h;
    float qx = r.left + pad + hang;
    float qy = r.top + std::max(pad, (r.height - content_h) / 2);
    TextStyle mark{m.text(72), true, pal_.accent};
    auto mb = layout_text(*fonts_, "\u201C", mark, m.px(80), 1);
    draw_text(c.t, mb, {r.left + pad - m.px(2), qy - m.px(14)});
    draw_text(c.t, qb, {qx, qy});
    c.record("quote", "", {qx, qy, qb.width, qb.height});
    if (!q.author.empty()) {
        auto ab = layout_text(*fonts_, "\u2014 " + q.author, as, inner_w, 1);
        draw_text(c.t, ab, {qx, qy + qb.height + m.px(8)});
    }
}

void SceneRenderer::draw_wall(Ctx& c, const Wall& w) {
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44), gap = m.px(24);
    float bottom = c.bottom;
    sf::FloatRect posts_area, leader_area, quote_area, join_area;
    const float join_h = m.px(m.portrait ? 220 : 170);
    if (!m.portrait) {
        // Sidebar: leaderboard, then the quote, then "join in" with its QR code at the bottom.
        float side_w = std::max(m.px(440), m.w * 0.28f);
        posts_area = {margin, top, m.w - 2 * margin - side_w - gap, bottom - top};
        float sx = posts_area.left + posts_area.width + gap;
        float leader_h = std::min(m.px(410), (bottom - top) * 0.46f);
        leader_area = {sx, top, side_w, leader_h};
        join_area = {sx, bottom - join_h, side_w, join_h};
        quote_area = {sx, top + leader_h + gap, side_w, bottom - join_h - gap - (top + leader_h + gap)};
    } else {
        float lower_h = std::max(m.px(500), (bottom - top) * 0.3f);
        posts_area = {margin, top, m.w - 2 * margin, bottom - top - lower_h - gap};
        float lw = (m.w - 2 * margin - gap) * 0.52f;
        float rx = margin + lw + gap, rw = m.w - 2 * margin - gap - lw;
        leader_area = {margin, bottom - lower_h, lw, lower_h};
        join_area = {rx, bottom - join_h, rw, join_h};
        quote_area = {rx, bottom - lower_h, rw, lower_h - join_h - gap};
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
        float col_min = m.px(m.portrait ? 440 : 520);
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
        std::vector<bool> drawn(order.size(), false);
        for (std::size_t i = 0; i < order.size(); ++i) {
            const WallPost* p = order[i];
            float h = card_height(c, *p, col_w);
            // The shortest column that still has room for this card; a card that fits nowhere is left out
            // (a later, shorter one may still fill the gap).
            std::optional<std::size_t> best;
            for (std::size_t k = 0; k < col_y.size(); ++k)
                if (col_y[k] + h <= area_bottom && (!best || col_y[k] < col_y[*best])) best = k;
            if (!best) continue;
            sf::FloatRect r{posts_area.left + static_cast<float>(*best) * (col_w + gap), col_y[*best], col_w, h};
            draw_card(c, *p, r);
            drawn[i] = true;
            col_y[*best] += h + gap;
        }
        // A gap left at the foot of a column takes the next post with its text cut short (ellipsis), so the
        // wall looks full instead of ragged.
        for (std::size_t k = 0; k < col_y.size(); ++k) {
            for (std::size_t i = 0; i < order.size(); ++i) {
                if (drawn[i]) continue;
                int lines = 0;
                for (int n = 6; n >= 2 && lines == 0; --n)
                    if (col_y[k] + card_height(c, *order[i], col_w, n, false) <= area_bottom) lines = n;
                if (lines == 0) break;
                // Text only: the image would not fit, and a post's words matter more than its picture.
                float h = card_height(c, *order[i], col_w, lines, false);
                draw_card(c, *order[i], {posts_area.left + static_cast<float>(k) * (col_w + gap), col_y[k], col_w, h}, lines,
                          false);
                drawn[i] = true;
                col_y[k] += h + gap;
            }
        }
    }
    draw_leader_panel(c, w, leader_area);
    draw_quote_panel(c, w, quote_area);
    draw_join_card(c, w, join_area);
}

void SceneRenderer::draw_leaderboard_scene(Ctx& c, const Wall& w) {
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
        float team_h = team_panel_height(m, w, (avail_h - gap) * 0.5f);
        float people_h = avail_h - gap - team_h;
        draw_leader_panel(c, w, {margin, top, m.w - 2 * margin, people_h});
        draw_team_panel(c, w, {margin, top + people_h + gap, m.w - 2 * margin, avail_h - people_h - gap});
    }
}

namespace {
// "18 to 22 May 2026", "29 May to 2 June 2026": how a poster would write the event's dates.
std::string pretty_range(Date a, Date b) {
    static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    auto day = [](Date d) { return std::to_string(static_cast<unsigned>(d.day())); };
    auto month = [&](Date d) { return std::string(months[(static_cast<unsigned>(d.month()) + 11) % 12]); };
    auto year = [](Date d) { return std::to_string(static_cast<int>(d.year())); };
    if (!a.ok() || !b.ok()) return format_date(a) + " to " + format_date(b);
    if (a.year() != b.year()) return day(a) + " " + month(a) + " " + year(a) + " to " + day(b) + " " + month(b) + " " + year(b);
    if (a.month() != b.month()) return day(a) + " " + month(a) + " to " + day(b) + " " + month(b) + " " + year(b);
    return day(a) + " to " + day(b) + " " + month(b) + " " + year(b);
}

// "3 days 4 h", "5 h 12 min", "12 min": the two most significant parts, whole minutes.
std::string duration_text(std::chrono::milliseconds d) {
    auto mins = std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::minutes>(d).count());
    auto days = mins / (24 * 60), hours = (mins / 60) % 24, rest = mins % 60;
    if (days > 0) return std::to_string(days) + (days == 1 ? " day " : " days ") + std::to_string(hours) + " h";
    if (hours > 0) return std::to_string(hours) + " h " + std::to_string(rest) + " min";
    return std::to_string(rest) + " min";
}
std::string upper_ascii(std::string s) {
    for (char& ch : s)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return s;
}

// "tomorrow", "on Thursday" (within the week), "on 21 May": when the next challenge comes.
std::string day_words(Date today, Date d) {
    static const char* weekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    auto gap = (std::chrono::sys_days{d} - std::chrono::sys_days{today}).count();
    if (gap == 1) return "tomorrow";
    if (gap > 1 && gap < 7) return std::string("on ") + weekdays[std::chrono::weekday{std::chrono::sys_days{d}}.c_encoding()];
    return "on " + std::to_string(static_cast<unsigned>(d.day())) + " " + months[(static_cast<unsigned>(d.month()) + 11) % 12];
}
}  // namespace

void SceneRenderer::draw_challenge_scene(Ctx& c, const Wall& w) {
    const Metrics& m = c.m;
    float top = draw_header(c, w);
    float margin = m.px(44), gap = m.px(28);
    sf::FloatRect area{margin, top, m.w - 2 * margin, c.bottom - top};
    // Where the event stands today, in the event's own time zone.
    enum class Phase { before, during, after } phase = Phase::during;
    std::chrono::milliseconds until{0};
    auto today = local_date(c.in.now, w.timezone.empty() ? std::string("UTC") : w.timezone);
    if (today) {
        auto day = std::chrono::sys_days{*today};
        if (day < std::chrono::sys_days{w.start}) {
            phase = Phase::before;
            if (auto s = start_of_local_day(w.start, w.timezone)) until = *s - c.in.now;
        } else if (day > std::chrono::sys_days{w.end}) {
            phase = Phase::after;
        } else if (auto e = start_of_local_day(Date{day + std::chrono::days{1}}, w.timezone)) {
            until = *e - c.in.now;
        }
    }
    // Today's challenge by this screen's own clock in the event's zone, never the publishing day's:
    // a wall published yesterday (or last week) still shows the right one.
    const std::optional<Challenge> todays = challenge_for(w, c.in.now);
    const std::optional<Challenge> next_one = todays ? std::nullopt : next_challenge_after(w, c.in.now);
    sf::FloatRect main = area, side{};
    bool with_join = phase != Phase::after;
    if (with_join) {
        if (!m.portrait) {
            float sw = std::max(m.px(420), area.width * 0.3f);
            main = {area.left, area.top, area.width - sw - gap, area.height};
            side = {main.left + main.width + gap, area.top, sw, area.height};
        } else {
            float jh = std::min(m.px(420), area.height * 0.3f);
            main = {area.left, area.top, area.width, area.height - jh - gap};
            side = {area.left, area.top + area.height - jh, area.width, jh};
        }
    }
    fill_rounded(c.t, main, m.px(24), pal_.panel);
    c.record("challenge_panel", "", main);
    float pad = m.px(56);
    float tw = main.width - 2 * pad;
    // Laid out twice: once to measure, once to draw, so the content sits in the middle of its panel.
    auto content = [&](float y0, bool dry) -> float {
        float y = y0;
        auto put = [&](const TextBlock& b, sf::Vector2f at) {
            if (!dry) draw_text(c.t, b, at);
        };
        auto kicker = [&](const std::string& text) {
            TextStyle ks{m.text(30), true, pal_.accent};
            auto kb = layout_text(*fonts_, text, ks, tw, 1);
            put(kb, {main.left + pad, y});
            y += kb.height + m.px(20);
        };
        if (phase == Phase::before) {
            kicker("COMING SOON");
            TextStyle ts{m.text(56), true, pal_.on_dark};
            auto tb = layout_text(*fonts_, (w.event_name.empty() ? std::string("The learning week") : w.event_name) + " starts in",
                                  ts, tw, 3);
            put(tb, {main.left + pad, y});
            y += tb.height + m.px(24);
            TextStyle cs{m.text(96), true, pal_.gold};
            auto cb = layout_text(*fonts_, duration_text(until), cs, tw, 2);
            put(cb, {main.left + pad, y});
            if (!dry) c.record("countdown", "", {main.left + pad, y, cb.width, cb.height});
            y += cb.height + m.px(24);
            TextStyle ds{m.text(32), false, pal_.on_dark_soft};
            auto db = layout_text(*fonts_, pretty_range(w.start, w.end), ds, tw, 1);
            put(db, {main.left + pad, y});
            y += db.height;
        } else if (phase == Phase::after) {
            kicker("THAT'S A WRAP");
            TextStyle ts{m.text(64), true, pal_.on_dark};
            auto tb = layout_text(*fonts_, "Thank you for learning together!", ts, tw, 2);
            put(tb, {main.left + pad, y});
            if (!dry) c.record("thanks", "", {main.left + pad, y, tb.width, tb.height});
            y += tb.height + m.px(30);
            sf::FloatRect board{main.left + pad, y, tw, main.top + main.height - pad - y};
            if (!m.portrait && !w.teams.empty()) {
                float bw = (tw - gap) * 0.58f;
                if (!dry) draw_leader_panel(c, w, {board.left, board.top, bw, board.height}, "Final leaderboard");
                if (!dry) draw_team_panel(c, w, {board.left + bw + gap, board.top, tw - bw - gap, board.height});
            } else if (!w.teams.empty()) {
                // Portrait: the teams under the people, so the final board names every team that fits too.
                float bh = board.height - gap - team_panel_height(m, w, (board.height - gap) * 0.5f);
                if (!dry) draw_leader_panel(c, w, {board.left, board.top, tw, bh}, "Final leaderboard");
                if (!dry) draw_team_panel(c, w, {board.left, board.top + bh + gap, tw, board.height - bh - gap});
            } else if (!dry) {
                draw_leader_panel(c, w, board, "Final leaderboard");
            }
            y = main.top + main.height - pad;
        } else if (!todays) {
            kicker("TODAY");
            TextStyle ns{m.text(56), true, pal_.on_dark};
            auto nb = layout_text(*fonts_, "Share one thing you learned today", ns, tw, 3);
            put(nb, {main.left + pad, y});
            if (!dry) c.record("challenge", "", {main.left + pad, y, nb.width, nb.height});
            y += nb.height + m.px(30);
            TextStyle ls{m.text(32), false, pal_.on_dark_soft};
            auto lb = layout_text(*fonts_, duration_text(until) + " left today", ls, tw, 1);
            put(lb, {main.left + pad, y});
            if (!dry) c.record("time_left", "", {main.left + pad, y, lb.width, lb.height});
            y += lb.height;
            if (next_one && today) {
                // What comes next, so a day without a challenge still points somewhere.
                y += m.px(44);
                TextStyle hs{m.text(30), true, pal_.accent};
                auto hb = layout_text(*fonts_, "NEXT CHALLENGE " + upper_ascii(day_words(*today, next_one->date)), hs, tw, 1);
                put(hb, {main.left + pad, y});
                y += hb.height + m.px(14);
                TextStyle xs{m.text(44), true, pal_.gold};
                auto xb = layout_text(*fonts_, next_one->title, xs, tw, 2);
                put(xb, {main.left + pad, y});
                if (!dry) c.record("next_challenge", next_one->tag, {main.left + pad, y, xb.width, xb.height});
                y += xb.height;
            }
        } else {
            const Challenge& ch = *todays;
            kicker("TODAY'S CHALLENGE");
            TextStyle ts{m.text(64), true, pal_.on_dark};
            auto tb = layout_text(*fonts_, ch.title, ts, tw, 3);
            put(tb, {main.left + pad, y});
            if (!dry) c.record("challenge", ch.tag, {main.left + pad, y, tb.width, tb.height});
            y += tb.height + m.px(24);
            if (!ch.description.empty()) {
                TextStyle ds{m.text(36), false, pal_.on_dark_soft};
                float room = main.top + main.height - pad - y - m.px(170);
                int lines = std::max(1, static_cast<int>(room / (static_cast<float>(ds.size) * ds.line_spacing)));
                auto db = layout_text(*fonts_, ch.description, ds, tw, std::min(lines, 6));
                put(db, {main.left + pad, y});
                y += db.height + m.px(30);
            }
            // Hashtag chip, bonus chip, time left: the three facts to carry away.
            float cx = main.left + pad;
            auto chip = [&](const std::string& text, sf::Color bg, sf::Color fg) {
                TextStyle cs{m.text(40), true, fg};
                auto cb = layout_text(*fonts_, text, cs, tw, 1);
                sf::FloatRect r{cx, y, cb.width + m.px(48), static_cast<float>(cs.size) * 1.7f};
                if (r.left + r.width > main.left + main.width - pad && cx > main.left + pad) {
                    cx = main.left + pad;
                    y += r.height + m.px(16);
                    r.left = cx;
                    r.top = y;
                }
                if (!dry) fill_rounded(c.t, r, r.height / 2, bg);
                put(cb, {r.left + m.px(24), r.top + r.height * 0.16f});
                if (!dry) c.record("challenge_chip", text, r);
                cx = r.left + r.width + m.px(20);
                return r;
            };
            chip(with_hash(ch.tag), pal_.accent, sf::Color::White);
            if (ch.bonus > 0) chip("+" + std::to_string(ch.bonus) + " bonus points", pal_.gold, pal_.ink);  // "+0" promises nothing
            y += static_cast<float>(m.text(40)) * 1.7f + m.px(24);
            TextStyle ls{m.text(40), true, pal_.on_dark};
            auto lb = layout_text(*fonts_, "\u23F0 " + duration_text(until) + " left today", ls, tw, 1);
            if (y + lb.height <= main.top + main.height) {
                put(lb, {main.left + pad, y});
                if (!dry) c.record("time_left", "", {main.left + pad, y, lb.width, lb.height});
            }
            y += lb.height;
        }
        return y - y0;
    };
    float h = content(0, true);
    float y0 = phase == Phase::after ? main.top + pad : main.top + std::max(pad, (main.height - h) / 2);
    content(y0, false);
    if (with_join) draw_join_card(c, w, side);
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
    float y = (c.bottom + m.px(44) - total) / 2;
    float x = (m.w - width) / 2;
    // A large, faint quotation mark behind the words, and the event's name and hashtags at the foot: the
    // scene belongs to the event even when someone walks by mid-quote.
    TextStyle big{m.text(220), true, sf::Color(pal_.accent.r, pal_.accent.g, pal_.accent.b, 70), 1.0f, Align::center};
    auto bm = layout_text(*fonts_, "\u201C", big, width, 1);
    draw_text(c.t, bm, {x, y - m.px(170)});
    std::string foot = w.event_name;
    for (const auto& t : w.hashtags) foot += (foot.empty() ? "" : "   \u00B7   ") + with_hash(t);
    TextStyle fs{m.text(30), true, pal_.on_dark_soft, 1.25f, Align::center};
    auto fb = layout_text(*fonts_, foot, fs, m.w - m.px(120), 2);
    float fy = c.bottom - fb.height;
    if (fy > y + total + m.px(40)) {
        draw_text(c.t, fb, {m.px(60), fy});
        c.record("quote_footer", "", {m.px(60) + (m.w - m.px(120) - fb.width) / 2, fy, fb.width, fb.height});
    }
    draw_text(c.t, qb, {x, y});
    c.record("quote", "", {x + (width - qb.width) / 2, y, qb.width, qb.height});
    draw_text(c.t, ab, {x, y + qb.height + m.px(40)});
    if (!q.author.empty())
        c.record("quote_author", "", {x + (width - ab.width) / 2, y + qb.height + m.px(40), ab.width, ab.height});
}

void SceneRenderer::draw_blank(Ctx& c, const Wall& w) {
    // The organisers' "blank all screens" switch: a calm slide with nothing from the feed on it.
    const Metrics& m = c.m;
    float cx = m.w / 2, cy = m.h * 0.45f, d = m.px(70), r = m.px(22);
    sf::Color line(pal_.accent.r, pal_.accent.g, pal_.accent.b, 90);
    for (float x0 : {cx - d, cx}) {
        sf::RectangleShape seg({d, m.px(6)});
        seg.setPosition(x0, cy - m.px(3));
        seg.setFillColor(line);
        c.t.draw(seg);
    }
    fill_circle(c.t, {cx - d, cy}, r, sf::Color(pal_.accent.r, pal_.accent.g, pal_.accent.b, 160));
    fill_circle(c.t, {cx, cy}, r * 1.25f, sf::Color(pal_.on_dark.r, pal_.on_dark.g, pal_.on_dark.b, 200));
    fill_circle(c.t, {cx + d, cy}, r, sf::Color(pal_.warm.r, pal_.warm.g, pal_.warm.b, 160));
    TextStyle ts{m.text(40), true, pal_.on_dark_soft, 1.2f, Align::center};
    float width = m.w - m.px(120);
    auto tb = layout_text(*fonts_, w.event_name.empty() ? std::string("Learning week") : w.event_name, ts, width, 2);
    draw_text(c.t, tb, {m.px(60), cy + m.px(80)});
    c.record("blank", "", {m.px(60) + (width - tb.width) / 2, cy + m.px(80), tb.width, tb.height});
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
        float ry = c.bottom - rb.height;
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
    // In the margin between the content and the ticker (or the screen edge): it never covers a card.
    sf::FloatRect pill{m.w - m.px(44) - pw, c.bottom + std::max(0.0f, (m.px(44) - ph) / 2), pw, ph};
    fill_rounded(c.t, pill, ph / 2, pal_.gold);
    draw_text(c.t, b, {pill.left + m.px(18), pill.top + ph * 0.2f});
    c.record("stale_badge", "", pill);
}

}  // namespace lw::kiosk
