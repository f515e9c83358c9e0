// Command-line parsing for the admin's headless commands: options, repeats, positionals, clear errors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lw::cli {

struct OptionSpec {
    std::string name;   // without "--"
    bool takes_value = true;
    bool repeatable = false;
    std::string help;   // "--tag T   a hashtag (repeatable)"
};

struct ParsedArgs {
    std::map<std::string, std::vector<std::string>> values;  // option -> values ("" for flags)
    std::vector<std::string> positionals;
    [[nodiscard]] bool has(const std::string& name) const { return values.count(name) != 0; }
    [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
    [[nodiscard]] std::vector<std::string> all(const std::string& name) const;
};

// Parses argv[first..]; on error returns nullopt and fills `error` ("unknown option --x").
std::optional<ParsedArgs> parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec,
                                     std::string& error);

}  // namespace lw::cli
