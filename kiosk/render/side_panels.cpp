// The side panels of the wall and challenge scenes: "join in" with its QR code, and the rotating quote.
#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>

#include <algorithm>
#include <cmath>

#include "render/scene_context.hpp"
#include "learnwall/quote_id.hpp"
#include "learnwall/utf8.hpp"

namespace lw::kiosk::detail {

void draw_join_card(SceneContext& c, const Wall& w, sf::FloatRect r) {
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
    TextStyle hs{m.text(roomy ? 48 : 30), true, c.pal.ink};
    TextStyle cs{m.text(roomy ? 32 : 22), false, c.pal.ink};
    // Tips are open (docs/tips.md): the page behind the QR asks for this code, so it sits by the QR.
    const bool has_join_code = !w.join_code.empty();
    const std::string join_code_line = "Code: " + w.join_code;
    TextStyle ks{m.text(roomy ? 36 : 24), true, c.pal.accent_dark};
    auto u = to_display_u32(cta);
    auto colours = highlight_spans(u, c.pal.ink, c.pal.accent_dark, c.pal.mention);
    if (tall) {
        // Title and call to action on top, a large QR code below: the side column of the challenge scene.
        float tw = r.width - 2 * pad;
        auto hb = layout_text(c.fonts, "Join in!", hs, tw, 1);
        auto cb = layout_text(c.fonts, u, colours, cs, tw, 4);
        TextBlock kb;
        float kh = 0;
        if (has_join_code) {
            kb = layout_text(c.fonts, join_code_line, ks, tw, 1);
            kh = m.px(10) + kb.height;
        }
        float qr_side = code.empty() ? 0 : std::min(tw, r.height - 4 * pad - hb.height - cb.height - kh);
        float total = hb.height + m.px(10) + cb.height + kh + (qr_side > 0 ? pad + qr_side : 0);
        float y = r.top + (r.height - total) / 2;
        draw_text(c.t, hb, {r.left + pad, y});
        draw_text(c.t, cb, {r.left + pad, y + hb.height + m.px(10)});
        if (has_join_code) {
            sf::Vector2f kat{r.left + pad, y + hb.height + m.px(10) + cb.height + m.px(10)};
            draw_text(c.t, kb, kat);
            c.record("join_code", w.join_code, {kat.x, kat.y, kb.width, kb.height});
        }
        sf::Vector2f at{r.left + (r.width - qr_side) / 2, y + hb.height + m.px(10) + cb.height + kh + pad};
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
    auto hb = layout_text(c.fonts, "Join in!", hs, tw, 1);
    float avail = r.height - 2 * pad - hb.height - m.px(8);
    int lines = std::max(1, static_cast<int>(avail / (static_cast<float>(cs.size) * cs.line_spacing)));
    TextBlock kb;
    float kh = 0;
    if (has_join_code) {
        kb = layout_text(c.fonts, join_code_line, ks, tw, 1);
        kh = m.px(8) + kb.height;
        lines = std::max(1, static_cast<int>((avail - kh) / (static_cast<float>(cs.size) * cs.line_spacing)));
    }
    auto cb = layout_text(c.fonts, u, colours, cs, tw, lines);
    float total = hb.height + m.px(8) + cb.height + kh;
    float y = r.top + (r.height - total) / 2;
    draw_text(c.t, hb, {r.left + pad, y});
    draw_text(c.t, cb, {r.left + pad, y + hb.height + m.px(8)});
    if (has_join_code) {
        sf::Vector2f kat{r.left + pad, y + hb.height + m.px(8) + cb.height + m.px(8)};
        draw_text(c.t, kb, kat);
        c.record("join_code", w.join_code, {kat.x, kat.y, kb.width, kb.height});
    }
}

void draw_quote_panel(SceneContext& c, const Wall& w, sf::FloatRect r) {
    const Metrics& m = c.m;
    if (w.quotes.empty() || r.height < m.px(90)) return;
    const Quote& q = w.quotes[c.in.quote_index % w.quotes.size()];
    fill_rounded(c.t, r, m.px(18), sf::Color(c.pal.accent.r, c.pal.accent.g, c.pal.accent.b, 48));
    c.record("quote_panel", "", r);
    float pad = m.px(22);
    float hang = m.px(48);  // the opening quote mark hangs in its own column
    TextStyle qs{m.text(26), false, c.pal.on_dark};
    TextStyle as{m.text(20), true, c.pal.on_dark_soft};
    float inner_w = r.width - 2 * pad - hang;
    float author_h = q.author.empty() ? 0 : m.px(8) + static_cast<float>(as.size) * 1.3f;
    float avail = r.height - 2 * pad - author_h;
    int max_lines = std::max(1, static_cast<int>(avail / (static_cast<float>(qs.size) * qs.line_spacing)));
    auto qb = layout_text(c.fonts, q.text, qs, inner_w, max_lines);
    float content_h = qb.height + author_h;
    float qx = r.left + pad + hang;
    float qy = r.top + std::max(pad, (r.height - content_h) / 2);
    TextStyle mark{m.text(72), true, c.pal.accent};
    auto mb = layout_text(c.fonts, "\u201C", mark, m.px(80), 1);
    draw_text(c.t, mb, {r.left + pad - m.px(2), qy - m.px(14)});
    draw_text(c.t, qb, {qx, qy});
    // Named by its words (lw::quote_id): the watchdog then expects a new picture when another quote comes up.
    c.record("quote", quote_id(q), {qx, qy, qb.width, qb.height});
    if (!q.author.empty()) {
        auto ab = layout_text(c.fonts, "\u2014 " + q.author, as, inner_w, 1);
        draw_text(c.t, ab, {qx, qy + qb.height + m.px(8)});
    }
}

}  // namespace lw::kiosk::detail
