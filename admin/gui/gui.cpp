// Placeholder until the ImGui window lands: says so instead of pretending.
#include "gui/gui.hpp"

#include <iostream>

namespace lw::admin {

int run_gui(const std::vector<std::string>&) {
    std::cerr << "learnwall-admin: the admin window is not built yet; use the headless commands (--help)\n";
    return 1;
}

void print_gui_help(std::ostream&) {}

}  // namespace lw::admin
