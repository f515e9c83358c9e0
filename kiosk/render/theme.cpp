// Loading a kiosk theme file: colours as "#rrggbb" and an optional logo, every error naming the field.
#include "render/theme.hpp"

#include <nlohmann/json.hpp>

#include "learnwall/fsutil.hpp"

namespace lw::kiosk {

namespace {
std::optional<sf::Color> parse_colour(const std::string& s) {
    if (s.size() != 7 || s[0] != '#') return std::nullopt;
    unsigned v[3];
    for (int i = 0; i < 3; ++i) {
        unsigned x = 0;
        for (int k = 0; k < 2; ++k) {
            char ch = s[static_cast<std::size_t>(1 + 2 * i + k)];
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (d < 0) return std::nullopt;
            x = x * 16 + static_cast<unsigned>(d);
        }
        v[i] = x;
    }
    return sf::Color(static_cast<sf::Uint8>(v[0]), static_cast<sf::Uint8>(v[1]), static_cast<sf::Uint8>(v[2]));
}
}  // namespace

Result<Theme> load_theme(const std::string& path) {
    auto text = read_file(path);
    if (!text) return Error{text.error()};
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{path + ": not a JSON object"};
    Theme t;
    const std::pair<const char*, sf::Color Palette::*> fields[] = {
        {"background", &Palette::background}, {"background_2", &Palette::background_2}, {"card", &Palette::card},
        {"card_pinned", &Palette::card_pinned}, {"ink", &Palette::ink},                 {"on_dark", &Palette::on_dark},
        {"accent", &Palette::accent},           {"accent_dark", &Palette::accent_dark}, {"warm", &Palette::warm},
        {"gold", &Palette::gold},               {"mention", &Palette::mention}};
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "logo") {
            if (!it->is_string()) return Error{path + ": /logo: expected a file path"};
            t.logo_path = it->get<std::string>();
            continue;
        }
        bool known = false;
        for (const auto& [name, member] : fields) {
            if (it.key() != name) continue;
            known = true;
            auto c = it->is_string() ? parse_colour(it->get<std::string>()) : std::nullopt;
            if (!c) return Error{path + ": /" + it.key() + ": expected a colour such as \"#19a7a0\""};
            t.palette.*member = *c;
        }
        if (!known) return Error{path + ": /" + it.key() + ": unknown field (colours: background, background_2, card, "
                                 "card_pinned, ink, on_dark, accent, accent_dark, warm, gold, mention; and logo)"};
    }
    return t;
}

}  // namespace lw::kiosk
