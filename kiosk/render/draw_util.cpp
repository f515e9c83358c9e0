// Drawing helpers for the kiosk scenes.
#include "render/draw_util.hpp"

#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/RectangleShape.hpp>
#include <SFML/Graphics/VertexArray.hpp>

#include <qrencode.h>

#include <array>
#include <cmath>

#include "learnwall/utf8.hpp"

namespace lw::kiosk {

void fill_rounded(sf::RenderTarget& t, sf::FloatRect r, float radius, sf::Color c) {
    radius = std::min({radius, r.width / 2, r.height / 2});
    constexpr int kSteps = 8;
    sf::ConvexShape shape(4 * (kSteps + 1));
    const std::array<sf::Vector2f, 4> centres = {sf::Vector2f{r.left + r.width - radius, r.top + radius},
                                                 {r.left + r.width - radius, r.top + r.height - radius},
                                                 {r.left + radius, r.top + r.height - radius},
                                                 {r.left + radius, r.top + radius}};
    std::size_t k = 0;
    for (int corner = 0; corner < 4; ++corner) {
        for (int i = 0; i <= kSteps; ++i) {
            float a = (static_cast<float>(corner) * 90.0f - 90.0f + 90.0f * static_cast<float>(i) / kSteps) * 3.14159265f / 180.0f;
            shape.setPoint(k++, {centres[static_cast<std::size_t>(corner)].x + radius * std::cos(a),
                                 centres[static_cast<std::size_t>(corner)].y + radius * std::sin(a)});
        }
    }
    shape.setFillColor(c);
    t.draw(shape);
}

void fill_circle(sf::RenderTarget& t, sf::Vector2f centre, float radius, sf::Color c) {
    sf::CircleShape circle(radius, 48);
    circle.setOrigin(radius, radius);
    circle.setPosition(centre);
    circle.setFillColor(c);
    t.draw(circle);
}

void fill_vertical_gradient(sf::RenderTarget& t, sf::FloatRect r, sf::Color top, sf::Color bottom) {
    sf::VertexArray v(sf::TriangleStrip, 4);
    v[0] = sf::Vertex({r.left, r.top}, top);
    v[1] = sf::Vertex({r.left + r.width, r.top}, top);
    v[2] = sf::Vertex({r.left, r.top + r.height}, bottom);
    v[3] = sf::Vertex({r.left + r.width, r.top + r.height}, bottom);
    t.draw(v);
}

sf::Color colour_for(const std::string& key) {
    static const std::array<sf::Color, 8> kColours = {
        sf::Color{25, 167, 160}, sf::Color{52, 101, 191}, sf::Color{255, 122, 89}, sf::Color{139, 92, 186},
        sf::Color{219, 84, 132}, sf::Color{64, 145, 80},  sf::Color{214, 141, 54}, sf::Color{45, 128, 175}};
    std::uint32_t h = 2166136261u;  // FNV-1a: stable across runs and machines
    for (unsigned char c : key) h = (h ^ c) * 16777619u;
    return kColours[h % kColours.size()];
}

std::string initials_of(const std::string& name) {
    std::u32string u = utf8_to_u32(repair_utf8(name));
    std::u32string out;
    bool at_word = true;
    for (char32_t cp : u) {
        bool space = cp == U' ' || cp == U'-' || cp == U'.' || cp == U'_' || cp == U'@';
        if (space) {
            at_word = true;
        } else if (at_word) {
            if (out.size() < 2) out.push_back(cp >= U'a' && cp <= U'z' ? cp - 32 : cp);
            at_word = false;
        }
    }
    return out.empty() ? std::string("?") : u32_to_utf8(out);
}

bool draw_qr(sf::RenderTarget& t, const std::string& text, sf::Vector2f top_left, float side) {
    if (text.empty()) return false;
    QRcode* qr = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
    if (!qr) return false;
    const int n = qr->width;
    const int quiet = 2;  // modules of white around the code; the white card around it adds more
    float module = std::floor(side / static_cast<float>(n + 2 * quiet));
    if (module < 1) module = 1;
    float real = module * static_cast<float>(n + 2 * quiet);
    sf::Vector2f origin{std::round(top_left.x + (side - real) / 2), std::round(top_left.y + (side - real) / 2)};
    sf::RectangleShape bg({real, real});
    bg.setPosition(origin);
    bg.setFillColor(sf::Color::White);
    t.draw(bg);
    sf::VertexArray quads(sf::Quads);
    const sf::Color dark(16, 24, 36);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            if (!(qr->data[y * n + x] & 1)) continue;
            float px = origin.x + module * static_cast<float>(x + quiet), py = origin.y + module * static_cast<float>(y + quiet);
            quads.append(sf::Vertex({px, py}, dark));
            quads.append(sf::Vertex({px + module, py}, dark));
            quads.append(sf::Vertex({px + module, py + module}, dark));
            quads.append(sf::Vertex({px, py + module}, dark));
        }
    QRcode_free(qr);
    t.draw(quads);
    return true;
}

}  // namespace lw::kiosk
