// Commands of the scoring area. (Being built: see the issue for this area.)
#include "cli/common.hpp"

namespace lw::cli {

std::vector<Command> scoring_commands() { return {}; }

}  // namespace lw::cli
