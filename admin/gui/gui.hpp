// The admin's ImGui window (and its --screenshot mode).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace lw::admin {

// Runs the window with options [--data DIR] [--panel P] [--size WxH] [--screenshot out.png].
int run_gui(const std::vector<std::string>& args);
void print_gui_help(std::ostream& out);

}  // namespace lw::admin
