// The connections command (issue 14): who learned from whom, as people pairs and team pairs.
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

#include "cli/common.hpp"
#include "learnwall/connections.hpp"

namespace lw::cli {

namespace {

int cmd_connections(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "connections");
    if (!o) return kExitFailure;
    const Connections c = compute_connections(o->state);
    const auto people = people_links(c);
    const auto teams = team_links(c);
    if (a.has("json")) {
        nlohmann::json pj = nlohmann::json::array(), tj = nlohmann::json::array();
        for (const auto& p : people) pj.push_back({{"from", p.from}, {"to", p.to}, {"count", p.count}, {"kinds", p.kinds}});
        for (const auto& t : teams) tj.push_back({{"from_team", t.from_team}, {"to_team", t.to_team}, {"count", t.count}});
        nlohmann::json out = {{"people", pj}, {"teams", tj}, {"cross_team_share", c.cross_team_share()}};
        io.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    const int total = c.total();
    if (total == 0) {
        io.out << "no learning connections yet (a reply to a tip, \"thanks @name\", a quote-post, post add --credit)\n";
        return kExitOk;
    }
    io.out << total << " connection" << (total == 1 ? "" : "s") << ", "
           << std::lround(c.cross_team_share() * 100) << "% across teams\n\nwho learned from whom:\n";
    for (const auto& p : people) {
        std::string kinds;
        for (const auto& k : p.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
        io.out << "  " << p.from << " -> " << p.to << "  " << p.count << "  (" << kinds << ")\n";
    }
    io.out << "\nteams (learner's team -> teacher's team):\n";
    for (const auto& t : teams)
        io.out << "  " << (t.from_team.empty() ? "(no team)" : t.from_team) << " -> "
               << (t.to_team.empty() ? "(no team)" : t.to_team) << "  " << t.count << "\n";
    return kExitOk;
}

}  // namespace

std::vector<Command> connection_commands() {
    return {
        {{"connections"},
         "who learned from whom: people pairs, team pairs and the share across teams",
         "[--json]",
         "A connection goes from the person who learned (replied to a tip, thanked with a marker such as\n"
         "\"thanks @x\", quoted a post, or handed in a tip with post add --credit) to the person learned\n"
         "from, after the guardrails (one per pair a day, mutual thanks once, a daily cap, no self-credit).\n"
         "Names are as on the board: opted-out people show as \"a colleague\". See docs/connections.md.",
         {{"json", false, false,
           "--json              {\"people\": [{from, to, count, kinds}], \"teams\": [{from_team, to_team, count}],\n"
           "                    \"cross_team_share\": 0..1}"}},
         true,
         cmd_connections},
    };
}

}  // namespace lw::cli
