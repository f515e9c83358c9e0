// learnwall-kiosk: parses the command line and starts the live wall, a one-frame screenshot or a benchmark.
#include <iostream>

#include "app.hpp"
#include "bench.hpp"

int main(int argc, char** argv) {
    lw::kiosk::KioskOptions opts;
    switch (lw::kiosk::parse_options({argv + 1, argv + argc}, opts, std::cout, std::cerr)) {
        case lw::kiosk::ParseResult::exit_ok: return 0;
        case lw::kiosk::ParseResult::exit_usage: return 2;
        case lw::kiosk::ParseResult::run: break;
    }
    if (!opts.bench.empty()) return lw::kiosk::run_bench(opts, std::cout, std::cerr);
    return opts.screenshot.empty() ? lw::kiosk::run_live(opts, std::cerr) : lw::kiosk::run_screenshot(opts, std::cerr);
}
