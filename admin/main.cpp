// learnwall-admin: parses the command line and hands over to a headless command or the ImGui window.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "gui/gui.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    lw::cli::CommandIo io{std::cout, std::cerr};
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
        lw::cli::print_overview(std::cout);
        lw::admin::print_gui_help(std::cout);
        return 0;
    }
    if (args.size() == 1 && args[0] == "--version") {
        std::cout << "learnwall-admin " << LEARNWALL_VERSION << "\n";
        return 0;
    }
    bool matched = false;
    int rc = lw::cli::dispatch(args, io, matched);
    if (matched) return rc;
    return lw::admin::run_gui(args);
}
