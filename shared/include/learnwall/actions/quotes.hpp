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

// One quote added at the end, checked with the whole list as the Quotes panel checks it (a quote the
// panel refuses would keep it from ever saving again). Returns "added quote N".
Result<std::string> add_quote(const DataDir& dir, State& state, Quote quote, const std::string& by);
// Removes quote `number` (1-based, as listed). Returns "removed quote N".
Result<std::string> remove_quote(const DataDir& dir, State& state, size_t number, const std::string& by);
// Adds quotes read from `from` (or replaces the current ones), each text once whatever its case or
// spacing; the resulting list is checked as a whole. Returns "imported N quotes from FROM ...".
Result<std::string> import_quotes(const DataDir& dir, State& state, std::vector<Quote> quotes, bool replace,
                                  const std::string& from, const std::string& by);

// One announcement added at the end / removed by its number, checked like set_announcements.
Result<std::string> add_announcement(const DataDir& dir, State& state, const std::string& line, const std::string& by);
Result<std::string> remove_announcement(const DataDir& dir, State& state, size_t number, const std::string& by);

}  // namespace lw
