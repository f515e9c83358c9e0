// Organiser actions on what screens rotate besides posts: quotes and announcements. One check each,
// used by the CLI and the Quotes panel; every change is one transaction through change_event.
#pragma once

#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

// Quotes: each needs text (at most 400 characters); the author may be empty (at most 80). Trims both.
Status check_quotes(const std::vector<Quote>& quotes);
Status set_quotes(const DataDir& dir, State& state, std::vector<Quote> quotes, const std::string& by);

// Announcements shown on screens: each non-empty, at most 200 characters. Trims each.
Status check_announcements(const std::vector<std::string>& lines);
Status set_announcements(const DataDir& dir, State& state, std::vector<std::string> lines, const std::string& by);

}  // namespace lw
