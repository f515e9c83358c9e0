// Roster import from CSV: a header row naming the columns (name, team, and any of mastodon, bluesky,
// x, slack (member id), teams (Entra user object id), email), one person a row. Errors name the line and the column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "learnwall/model.hpp"
#include "learnwall/result.hpp"

namespace lw {

struct RosterImport {
    Roster roster;
    std::vector<std::string> warnings;  // accepted but worth a look (e.g. a person without a team)
};

// Parses CSV text (RFC 4180 quoting, CRLF or LF, an optional UTF-8 BOM). `source_name` starts every
// message ("staff.csv:4: column 3 (mastodon): ..."). All or nothing: one bad row refuses the file.
Result<RosterImport> parse_roster_csv(std::string_view text, const std::string& source_name);

// Reads and parses a file.
Result<RosterImport> load_roster_csv(const std::string& path);

}  // namespace lw
