// Drawing helpers for the kiosk scenes.
#include "draw_util.hpp"

#include <SFML/Graphics/CircleShape.hpp>
#include <SFML/Graphics/ConvexShape.hpp>
#include <SFML/Graphics/VertexArray.hpp>

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

}  // namespace lw::kiosk
