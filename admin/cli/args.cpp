// Command-line parsing for the admin's headless commands.
#include "cli/args.hpp"

namespace lw::cli {

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> ParsedArgs::all(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? std::vector<std::string>{} : it->second;
}

std::optional<ParsedArgs> parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec,
                                     std::string& error) {
    ParsedArgs out;
    bool options_done = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (options_done || a.size() < 2 || a[0] != '-' || a[1] != '-') {
            if (!options_done && a.size() > 1 && a[0] == '-' && a[1] != '-') {
                error = "unknown option " + a + " (options are spelled --name)";
                return std::nullopt;
            }
            out.positionals.push_back(a);
            continue;
        }
        if (a == "--") {
            options_done = true;
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inline_value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const OptionSpec* s = nullptr;
        for (const auto& o : spec)
            if (o.name == name) s = &o;
        if (!s) {
            error = "unknown option --" + name;
            return std::nullopt;
        }
        if (out.has(name) && !s->repeatable) {
            error = "option --" + name + " given twice";
            return std::nullopt;
        }
        if (s->takes_value) {
            if (inline_value) {
                out.values[name].push_back(*inline_value);
            } else {
                if (i + 1 >= args.size()) {
                    error = "option --" + name + " needs a value";
                    return std::nullopt;
                }
                out.values[name].push_back(args[++i]);
            }
        } else {
            if (inline_value) {
                error = "option --" + name + " takes no value";
                return std::nullopt;
            }
            out.values[name].push_back("");
        }
    }
    return out;
}

}  // namespace lw::cli
