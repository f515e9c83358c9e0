// The admin's headless commands: a table of commands, each with its options, help and handler.
// Each feature area contributes its commands from its own file; dispatch.cpp joins them.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/args.hpp"

namespace lw::cli {

struct CommandIo {
    std::ostream& out;
    std::ostream& err;
};

struct Command {
    std::vector<std::string> words;  // {"post", "add"}
    std::string summary;             // one line for the command list
    std::string usage;               // arguments after the words, e.g. "--author NAME --text T [--at RFC3339]"
    std::string details;             // extra paragraphs for --help (may be empty)
    std::vector<OptionSpec> options; // --help is added by the dispatcher
    bool needs_data = true;          // adds a required --data DIR option
    std::function<int(const ParsedArgs&, CommandIo&)> run;
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and something was wrong (bad file, refused change)
inline constexpr int kExitUsage = 2;    // bad command line

std::vector<Command> foundation_commands();  // init, post add, moderate, publish, export, validate (cmd_foundation.cpp)
std::vector<Command> source_commands();      // source add/list/remove, ingest (cmd_sources.cpp)
std::vector<Command> content_commands();     // quote add/list/remove/import (cmd_content.cpp)
std::vector<Command> scoring_commands();     // challenge, roster, award, leaderboard, explain (cmd_scoring.cpp)
std::vector<Command> report_commands();      // report (cmd_report.cpp)
std::vector<Command> connection_commands();  // connections (cmd_connections.cpp)
std::vector<Command> screen_commands();      // screens (cmd_screens.cpp)
std::vector<Command> event_commands();       // event screens/theme, announcement, playlist, challenge set/remove,
                                             // award list/remove/correct, moderate list (cmd_event.cpp)
std::vector<Command> moderation_commands();  // moderation policy/rules, author block/trust/unblock,
                                             // roster link/opt-out (cmd_moderation.cpp)
std::vector<Command> tips_commands();        // tips code/serve: the share-a-tip page (cmd_tips.cpp)

// Runs a command line (without the program name). Returns nullopt-like -1 when args name no command.
int dispatch(const std::vector<std::string>& args, CommandIo& io, bool& matched);
void print_overview(std::ostream& out);

// Who is acting: --by, else $LEARNWALL_USER, else $USER, else "cli".
std::string acting_user(const ParsedArgs& a);

}  // namespace lw::cli
