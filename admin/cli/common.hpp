// Helpers shared by the command files: open the data directory, report, publish after a change.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "cli/commands.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/store.hpp"

namespace lw::cli {

struct Opened {
    DataDir dir;
    State state;
};

// Opens --data and loads its state; on failure prints "learnwall-admin CMD: message" and returns nullopt.
std::optional<Opened> open_data(const ParsedArgs& a, CommandIo& io, const std::string& command);

// Republishes wall.json unless --no-publish was given; prints a failure, returns false on it.
bool publish_after_change(Opened& o, const ParsedArgs& a, CommandIo& io, const std::string& command);

// The --no-publish option every changing command accepts.
OptionSpec no_publish_option();
OptionSpec by_option();

}  // namespace lw::cli
