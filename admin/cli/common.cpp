// Helpers shared by the command files.
#include "cli/common.hpp"

namespace lw::cli {

std::optional<Opened> open_data(const ParsedArgs& a, CommandIo& io, const std::string& command) {
    auto dir = DataDir::open(*a.get("data"));
    if (!dir) {
        io.err << "learnwall-admin " << command << ": " << dir.error() << "\n";
        return std::nullopt;
    }
    auto state = dir->load();
    if (!state) {
        io.err << "learnwall-admin " << command << ": " << state.error() << "\n";
        return std::nullopt;
    }
    if (!state->warning.empty()) io.err << "learnwall-admin " << command << ": warning: " << state->warning << "\n";
    return Opened{std::move(*dir), std::move(*state)};
}

bool publish_after_change(Opened& o, const ParsedArgs& a, CommandIo& io, const std::string& command) {
    if (a.has("no-publish")) return true;
    auto w = publish_wall(o.dir, o.state, now());
    if (!w) {
        io.err << "learnwall-admin " << command << ": the change is saved, but publishing failed: " << w.error()
               << "\n";
        return false;
    }
    return true;
}

OptionSpec no_publish_option() {
    return {"no-publish", false, false, "--no-publish        do not rebuild wall.json after the change"};
}

OptionSpec by_option() {
    return {"by", true, false, "--by NAME           who is acting, for the audit trail (default $LEARNWALL_USER or $USER)"};
}

}  // namespace lw::cli
