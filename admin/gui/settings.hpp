// The window's own settings, per user and not per event (they describe this computer, not the
// event): kept in $XDG_CONFIG_HOME/learnwall/admin.json (default ~/.config/learnwall/admin.json).
// Today: where the hub's nginx access log is, for the screens panel.
#pragma once

#include <string>

#include "learnwall/result.hpp"

namespace lw::admin {

inline constexpr const char* kDefaultAccessLog = "/var/log/nginx/learnwall-access.log";

struct WindowSettings {
    std::string access_log = kDefaultAccessLog;
};

// The settings file's path ("" when neither $XDG_CONFIG_HOME nor $HOME is set).
std::string window_settings_path();
// Missing file: defaults. A broken file: defaults, and `warning` says where and what.
WindowSettings load_window_settings(std::string& warning);
// Writes the file atomically (other keys in it are kept).
Status save_window_settings(const WindowSettings& s);

}  // namespace lw::admin
