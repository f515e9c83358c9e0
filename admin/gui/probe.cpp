// Widget positions of the last frame, for the --test-script hook.
#include "gui/probe.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

namespace lw::admin {

namespace {
std::map<std::string, ProbeRect> g_current, g_last;
}

void probe_last_item(const std::string& name) {
    // Only visible items can be clicked; a clipped row is not on screen.
    if (!ImGui::IsItemVisible()) return;
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    g_current[name] = ProbeRect{a.x, a.y, b.x, b.y};
}

void probe_end_frame() {
    g_last.swap(g_current);
    g_current.clear();
}

std::optional<ProbeRect> probe_find(const std::string& name) {
    auto it = g_last.find(name);
    if (it == g_last.end()) return std::nullopt;
    return it->second;
}

std::string probe_json() {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [name, r] : g_last) j[name] = {r.x0, r.y0, r.x1, r.y1};
    return j.dump();
}

std::string probe_names(size_t max_names) {
    std::string out;
    size_t n = 0;
    for (const auto& [name, r] : g_last) {
        if (n++ == max_names) {
            out += ", ...";
            break;
        }
        if (!out.empty()) out += ", ";
        out += "\"" + name + "\"";
    }
    return out;
}

}  // namespace lw::admin
