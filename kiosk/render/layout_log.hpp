// A record of where a frame drew things (post cards, their text boxes, leaderboard rows, the quote),
// written as JSON by --layout-json so tests can check that text lands where it should.
#pragma once

#include <SFML/Graphics/Rect.hpp>

#include <string>
#include <vector>

namespace lw::kiosk {

struct LayoutItem {
    std::string kind;  // post_card, post_text, leader_row, quote, challenge, waiting, header, ...
    std::string id;    // post id, leader name, ...
    sf::FloatRect rect;
};

struct LayoutLog {
    std::vector<LayoutItem> items;
    void add(std::string kind, std::string id, sf::FloatRect rect) {
        items.push_back({std::move(kind), std::move(id), rect});
    }
    // {"width":..,"height":..,"scene":"..","revision":..,"items":[{"kind","id","x","y","w","h"}]}
    [[nodiscard]] std::string to_json(unsigned width, unsigned height, const std::string& scene,
                                      unsigned long long revision) const;
};

}  // namespace lw::kiosk
