// Commands of the sources area. (Being built: see the issue for this area.)
#include "cli/common.hpp"

namespace lw::cli {

std::vector<Command> source_commands() { return {}; }

}  // namespace lw::cli
