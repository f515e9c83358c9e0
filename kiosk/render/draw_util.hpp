// Small drawing helpers shared by the scenes: rounded rectangles, circles, gradients, initials.
#pragma once

#include <SFML/Graphics/RenderTarget.hpp>

#include <string>

namespace lw::kiosk {

void fill_rounded(sf::RenderTarget& t, sf::FloatRect r, float radius, sf::Color c);
void fill_circle(sf::RenderTarget& t, sf::Vector2f centre, float radius, sf::Color c);
void fill_vertical_gradient(sf::RenderTarget& t, sf::FloatRect r, sf::Color top, sf::Color bottom);
// A stable, pleasant colour for a name (avatar placeholders, team chips).
sf::Color colour_for(const std::string& key);
// Up to two initials of a display name ("Ada Lovelace" -> "AL"), UTF-8.
std::string initials_of(const std::string& name);

}  // namespace lw::kiosk

namespace lw::kiosk {
// Draws a QR code for text as dark modules on a white square (with its quiet zone) of side `side`.
// Returns false (drawing nothing) when the text cannot be encoded.
bool draw_qr(sf::RenderTarget& t, const std::string& text, sf::Vector2f top_left, float side);
}  // namespace lw::kiosk
