// The window's per-user settings file (see settings.hpp).
#include "gui/settings.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "learnwall/fsutil.hpp"

namespace lw::admin {

namespace {

std::string config_dir() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x == '/') return std::string(x) + "/learnwall";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/learnwall";
    return "";
}

}  // namespace

std::string window_settings_path() {
    auto dir = config_dir();
    return dir.empty() ? "" : dir + "/admin.json";
}

WindowSettings load_window_settings(std::string& warning) {
    WindowSettings s;
    const std::string path = window_settings_path();
    if (path.empty() || !file_exists(path)) return s;
    auto text = read_file(path);
    if (!text) {
        warning = text.error();
        return s;
    }
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        warning = path + ": not a JSON object; using the defaults";
        return s;
    }
    if (auto it = j.find("access_log"); it != j.end()) {
        if (it->is_string() && !it->get<std::string>().empty()) s.access_log = it->get<std::string>();
        else warning = path + ": \"access_log\" must be a non-empty string; using the default";
    }
    return s;
}

Status save_window_settings(const WindowSettings& s) {
    const std::string path = window_settings_path();
    if (path.empty()) return fail("cannot remember settings: neither XDG_CONFIG_HOME nor HOME is set");
    nlohmann::json j = nlohmann::json::object();
    if (file_exists(path))
        if (auto text = read_file(path)) {
            auto old = nlohmann::json::parse(*text, nullptr, false);
            if (old.is_object()) j = std::move(old);
        }
    j["access_log"] = s.access_log;
    if (auto st = ensure_directory(config_dir()); !st) return st;
    return write_file_atomic(path, j.dump(2) + "\n");
}

}  // namespace lw::admin
