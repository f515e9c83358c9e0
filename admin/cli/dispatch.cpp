// Joins every area's commands, finds the one a command line names, and handles --help.
#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"

namespace lw::cli {

namespace {

std::vector<Command> all_commands() {
    std::vector<Command> all;
    for (auto&& group : {foundation_commands(), content_commands(), source_commands(), scoring_commands(), report_commands(), connection_commands(), screen_commands(), event_commands(), moderation_commands(), tips_commands()})
        for (auto& c : group) all.push_back(c);
    return all;
}

std::string joined(const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
    return s;
}

void print_help(const Command& c, std::ostream& out) {
    out << "usage: learnwall-admin " << joined(c.words) << (c.needs_data ? " --data DIR" : "")
        << (c.usage.empty() ? "" : " " + c.usage) << "\n\n"
        << c.summary << "\n";
    if (!c.details.empty()) out << "\n" << c.details << "\n";
    out << "\noptions:\n";
    if (c.needs_data) out << "  --data DIR          the event's data directory (required)\n";
    for (const auto& o : c.options)
        if (!o.help.empty()) out << "  " << o.help << "\n";
    out << "  --help              show this help\n";
}

}  // namespace

void print_overview(std::ostream& out) {
    out << "usage: learnwall-admin [--data DIR]                 open the admin window\n"
           "       learnwall-admin COMMAND --data DIR [options]  run a headless command\n"
           "       learnwall-admin COMMAND --help                help on one command\n\n"
           "commands:\n";
    for (const auto& c : all_commands()) {
        std::string w = joined(c.words);
        // At least two spaces: scripts (and the help test) split the words from the summary there.
        out << "  " << w << std::string(w.size() < 18 ? 20 - w.size() : 2, ' ') << c.summary << "\n";
    }
    out << "\nExit status: 0 success, 1 the command failed (the message says where and why), 2 bad command line.\n"
           "Full reference: docs/cli.md\n";
}

std::string acting_user(const ParsedArgs& a) {
    if (auto by = a.get("by")) return *by;
    if (const char* u = std::getenv("LEARNWALL_USER"); u && *u) return u;
    if (const char* u = std::getenv("USER"); u && *u) return u;
    return "cli";
}

int dispatch(const std::vector<std::string>& args, CommandIo& io, bool& matched) {
    matched = false;
    const auto commands = all_commands();
    // Longest match of leading words wins ("export posts" before "export").
    const Command* best = nullptr;
    for (const auto& c : commands) {
        if (c.words.size() > args.size()) continue;
        if (!std::equal(c.words.begin(), c.words.end(), args.begin())) continue;
        if (!best || c.words.size() > best->words.size()) best = &c;
    }
    if (!best) {
        if (!args.empty() && args[0].rfind("--", 0) != 0) {
            matched = true;
            // A known first word with a bad second word gets that group's list.
            std::vector<const Command*> group;
            for (const auto& c : commands)
                if (c.words[0] == args[0]) group.push_back(&c);
            if (!group.empty()) {
                io.err << "learnwall-admin " << args[0] << ": expected one of:";
                for (const auto* c : group) io.err << " '" << joined(c->words) << "'";
                io.err << " (try --help)\n";
            } else {
                io.err << "learnwall-admin: unknown command '" << args[0] << "' (try learnwall-admin --help)\n";
            }
            return kExitUsage;
        }
        return 0;
    }
    matched = true;
    std::vector<std::string> rest(args.begin() + static_cast<long>(best->words.size()), args.end());
    std::vector<OptionSpec> spec = best->options;
    spec.push_back({"help", false, false, ""});
    if (best->needs_data) spec.push_back({"data", true, false, ""});
    std::string err;
    auto parsed = parse_args(rest, spec, err);
    const std::string name = "learnwall-admin " + joined(best->words);
    if (!parsed) {
        io.err << name << ": " << err << " (try --help)\n";
        return kExitUsage;
    }
    if (parsed->has("help")) {
        print_help(*best, io.out);
        return kExitOk;
    }
    if (best->needs_data && !parsed->get("data")) {
        io.err << name << ": --data DIR is required (the event's data directory)\n";
        return kExitUsage;
    }
    return best->run(*parsed, io);
}

}  // namespace lw::cli
