// The kiosk's look: colours for the "connect" theme and proportional metrics for any screen size.
#pragma once

#include <SFML/Graphics/Color.hpp>

#include <algorithm>
#include <string>

#include "render/fonts.hpp"
#include "learnwall/result.hpp"

namespace lw::kiosk {

struct Palette {
    sf::Color background{14, 27, 46};       // deep navy: calm, high contrast for white cards
    sf::Color background_2{22, 45, 72};     // lower gradient stop
    sf::Color card{250, 250, 247};
    sf::Color card_pinned{255, 246, 224};
    sf::Color ink{28, 33, 43};              // text on cards
    sf::Color ink_soft{98, 106, 120};       // handles, times
    sf::Color on_dark{245, 247, 250};       // text on the background
    sf::Color on_dark_soft{160, 178, 200};
    sf::Color accent{25, 167, 160};         // teal: hashtags, highlights
    sf::Color accent_dark{11, 122, 117};    // hashtags on light cards (contrast)
    sf::Color mention{52, 101, 191};
    sf::Color warm{255, 122, 89};           // coral: likes, featured
    sf::Color gold{247, 190, 59};
    sf::Color silver{196, 206, 218};
    sf::Color bronze{214, 141, 84};
    sf::Color panel{255, 255, 255, 20};     // translucent panels on the background
    sf::Color up{72, 199, 116};
    sf::Color down{239, 96, 96};
};

// An event's look for the kiosk (--theme FILE): colours over the built-in palette, and a logo for the header.
struct Theme {
    Palette palette;
    std::string logo_path;  // PNG or JPEG; "" = none
};
// JSON object of "#rrggbb" colours (background, background_2, card, card_pinned, ink, on_dark, accent,
// accent_dark, warm, gold, mention) and "logo"; an error names the file and the field.
Result<Theme> load_theme(const std::string& path);

// Metrics scale with the shorter screen side, so portrait and landscape screens of the same size
// get the same text sizes; 1080 px short side is the reference.
struct Metrics {
    float w = 1920, h = 1080, s = 1;
    bool portrait = false;
    Metrics(float width, float height) : w(width), h(height) {
        s = std::max(0.5f, std::min(width, height) / 1080.0f);
        portrait = height > width * 1.05f;
    }
    [[nodiscard]] float px(float v) const { return v * s; }
    [[nodiscard]] unsigned text(float v) const { return snap_char_size(v * s); }
};

}  // namespace lw::kiosk
