// Post cards: avatar or initials, author, source mark, text with hashtags and mentions in colour, the
// first image (or a placeholder of the same size), relative time, pinned/featured marks and likes.
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "render/scene_context.hpp"
#include "learnwall/time_text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::kiosk::detail {

namespace {

std::string source_label(const std::string& source) {
    if (source == "mastodon") return "Mastodon";
    if (source == "bluesky") return "Bluesky";
    if (source == "x") return "X";
    if (source == "slack") return "Slack";
    if (source == "teams") return "Teams";
    if (source == "manual") return "";
    return source;
}

sf::Color source_colour(const std::string& source) {
    if (source == "mastodon") return {99, 100, 255};
    if (source == "bluesky") return {17, 133, 254};
    if (source == "x") return {20, 20, 20};
    if (source == "slack") return {74, 21, 75};    // Slack's aubergine
    if (source == "teams") return {98, 100, 167};  // Teams' purple
    return {120, 120, 120};
}
}  // namespace

namespace {
float image_height(const Metrics& m, float width) {
    // Room for the first image is kept whether or not it has arrived, so cards never jump when it does.
    return std::round(std::min(width * 0.5f, m.px(300)));
}

void draw_picture(const SceneContext& c, const std::string& url, sf::FloatRect box) {
    const sf::Texture* tex = c.picture(url);
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

}  // namespace

float card_height(SceneContext& c, const WallPost& p, float width, int max_lines, bool with_image) {
    const Metrics& m = c.m;
    float pad = m.px(26);
    TextStyle body{m.text(p.featured ? 34 : 30), false, c.pal.ink};
    auto u = to_display_u32(p.text);
    auto tb = layout_text(c.fonts, u, {}, body, width - 2 * pad, max_lines > 0 ? max_lines : p.featured ? 9 : 7);
    float image_h = p.image_urls.empty() || !with_image ? 0.0f : image_height(m, width - 2 * pad) + m.px(16);
    return pad + m.px(68) + m.px(18) + tb.height + image_h + m.px(12) +
           std::round(static_cast<float>(m.text(22)) * 1.3f) + pad;
}

void draw_card(SceneContext& c, const WallPost& p, sf::FloatRect r, int max_lines, bool with_image) {
    const Metrics& m = c.m;
    float pad = m.px(26);
    bool highlight = p.pinned || p.featured;
    fill_rounded(c.t, {r.left + m.px(4), r.top + m.px(6), r.width, r.height}, m.px(18), sf::Color(0, 0, 0, 60));
    fill_rounded(c.t, r, m.px(18), highlight ? c.pal.card_pinned : c.pal.card);
    if (highlight) fill_rounded(c.t, {r.left, r.top, m.px(8), r.height}, m.px(4), p.featured ? c.pal.warm : c.pal.gold);
    c.record("post_card", p.id, r);

    // Avatar placeholder: initials on a colour of the author's own.
    float ar = m.px(34);
    sf::Vector2f ac{r.left + pad + ar, r.top + pad + ar};
    const sf::Texture* avatar = c.picture(p.author_avatar_url);
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
        auto ib = layout_text(c.fonts, initials_of(p.author_name), ini, ar * 2, 1);
        draw_text(c.t, ib, {ac.x - ar, ac.y - static_cast<float>(ini.size) * 0.62f});
        c.record("avatar_initials", p.id, {ac.x - ar, ac.y - ar, 2 * ar, 2 * ar});
    }

    // Source mark, top right.
    float name_x = ac.x + ar + m.px(16);
    float right = r.left + r.width - pad;
    std::string src = source_label(p.source);
    if (!src.empty()) {
        TextStyle ss{m.text(18), true, sf::Color::White};
        auto sb = layout_text(c.fonts, src, ss, m.px(200), 1);
        float pw = sb.width + m.px(20), ph = static_cast<float>(ss.size) * 1.6f;
        sf::FloatRect pill{right - pw, r.top + pad, pw, ph};
        fill_rounded(c.t, pill, ph / 2, source_colour(p.source));
        draw_text(c.t, sb, {pill.left + m.px(10), pill.top + ph * 0.16f});
        right = pill.left - m.px(12);
    }
    TextStyle ns{m.text(28), true, c.pal.ink};
    // Slack and Teams handles are member ids ("U0123ABCD", a GUID): nothing a colleague would read.
    const bool id_handle = p.source == "slack" || p.source == "teams";
    std::string sub = p.author_handle.empty() || id_handle ? "" : (p.author_handle[0] == '@' ? "" : "@") + p.author_handle;
    if (!p.team.empty()) sub += (sub.empty() ? "" : "  \u00B7  ") + p.team;
    TextStyle hs{m.text(22), false, c.pal.ink_soft};
    // The name's column is the header block beside the avatar (as wide as the name or the handle line
    // under it): a right-to-left name is right-aligned there, not pushed against the source mark.
    float head_w = std::max(measure_line(c.fonts, to_display_u32(p.author_name), ns.size, true),
                            sub.empty() ? 0.0f : measure_line(c.fonts, to_display_u32(sub), hs.size, false));
    auto nb = layout_text(c.fonts, p.author_name, ns, std::min(right - name_x, std::ceil(head_w) + 1), 1);
    draw_text(c.t, nb, {name_x, r.top + pad + m.px(2)});
    c.record("post_author", p.id,
             {name_x + (nb.rtl ? nb.box_width - nb.width : 0.0f), r.top + pad + m.px(2), nb.width, nb.height});
    if (!sub.empty()) {
        auto hb = layout_text(c.fonts, sub, hs, r.left + r.width - pad - name_x, 1);
        draw_text(c.t, hb, {name_x, r.top + pad + m.px(38)});
    }

    // Body, with hashtags and mentions highlighted.
    TextStyle body{m.text(p.featured ? 34 : 30), false, c.pal.ink};
    auto u = to_display_u32(p.text);
    auto colours = highlight_spans(u, c.pal.ink, c.pal.accent_dark, c.pal.mention);
    auto tb = layout_text(c.fonts, u, colours, body, r.width - 2 * pad, max_lines > 0 ? max_lines : p.featured ? 9 : 7);
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
    TextStyle fs{m.text(22), false, c.pal.ink_soft};
    auto when = layout_text(c.fonts, relative_time(p.created_at, c.in.now, c.in.wall && !c.in.wall->timezone.empty() ? c.in.wall->timezone : std::string("UTC")), fs, r.width / 2, 1);
    draw_text(c.t, when, {r.left + pad, fy});
    if (p.pinned || p.featured) {
        // In the footer, not beside the name: on a narrow card the name needs the room.
        TextStyle ps{m.text(22), true, p.featured ? c.pal.warm : sf::Color(168, 120, 0)};
        auto pb = layout_text(c.fonts, p.featured ? "\u2605 Featured" : "\u25C6 Pinned", ps, r.width / 3, 1);
        draw_text(c.t, pb, {r.left + pad + when.width + m.px(20), fy});
    }
    if (p.like_count > 0) {
        TextStyle ls{m.text(22), true, c.pal.warm};
        auto lb = layout_text(c.fonts, "\u2665 " + thousands(p.like_count), ls, r.width / 2, 1);
        draw_text(c.t, lb, {r.left + r.width - pad - lb.width, fy});
    }
}

}  // namespace lw::kiosk::detail

namespace lw::kiosk {

namespace {
bool tag_word_char(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U'_' ||
           (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0x2000);
}
}  // namespace

std::vector<sf::Color> highlight_spans(const std::u32string& text, sf::Color base, sf::Color tag, sf::Color mention) {
    std::vector<sf::Color> out(text.size(), base);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char32_t c = text[i];
        if ((c != U'#' && c != U'@') || (i > 0 && tag_word_char(text[i - 1]))) continue;
        std::size_t j = i + 1;
        while (j < text.size()) {
            if (tag_word_char(text[j])) {
                ++j;
            } else if (c == U'@' && (text[j] == U'.' || text[j] == U'@' || text[j] == U'-') && j + 1 < text.size() &&
                       tag_word_char(text[j + 1])) {
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

}  // namespace lw::kiosk
