// JSON form of a frame's layout record.
#include "render/layout_log.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace lw::kiosk {

std::string LayoutLog::to_json(unsigned width, unsigned height, const std::string& scene,
                               unsigned long long revision) const {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& it : items)
        arr.push_back({{"kind", it.kind},
                       {"id", it.id},
                       {"x", std::lround(it.rect.left)},
                       {"y", std::lround(it.rect.top)},
                       {"w", std::lround(it.rect.width)},
                       {"h", std::lround(it.rect.height)}});
    nlohmann::json j = {{"width", width}, {"height", height}, {"scene", scene}, {"revision", revision}, {"items", arr}};
    return j.dump(1) + "\n";
}

}  // namespace lw::kiosk
