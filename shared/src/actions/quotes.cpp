// Quotes and announcements (see actions/quotes.hpp).
#include "learnwall/actions/quotes.hpp"

#include "action_text.hpp"
#include "learnwall/actions/event.hpp"

namespace lw {


Status check_quotes(const std::vector<Quote>& quotes) {
    for (size_t i = 0; i < quotes.size(); ++i) {
        const std::string where = "quote " + std::to_string(i + 1);
        if (action_text::clean(quotes[i].text).empty()) return fail(where + ": the text is empty");
        if (action_text::chars(quotes[i].text) > 400) return fail(where + ": the text is longer than 400 characters");
        if (action_text::chars(quotes[i].author) > 80) return fail(where + ": the author is longer than 80 characters");
    }
    return {};
}

Status set_quotes(const DataDir& dir, State& state, std::vector<Quote> quotes, const std::string& by) {
    for (auto& q : quotes) {
        q.text = action_text::clean(q.text);
        q.author = action_text::clean(q.author);
    }
    if (auto st = check_quotes(quotes); !st) return st;
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.quotes = quotes;
            return {};
        },
        by, "quotes set (" + std::to_string(quotes.size()) + ")");
}

Status check_announcements(const std::vector<std::string>& lines) {
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string where = "announcement " + std::to_string(i + 1);
        if (action_text::clean(lines[i]).empty()) return fail(where + ": it is empty");
        if (action_text::chars(lines[i]) > 200) return fail(where + ": it is longer than 200 characters");
    }
    return {};
}

Status set_announcements(const DataDir& dir, State& state, std::vector<std::string> lines, const std::string& by) {
    for (auto& l : lines) l = action_text::clean(l);
    if (auto st = check_announcements(lines); !st) return st;
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.display.announcements = lines;
            return {};
        },
        by, "announcements set (" + std::to_string(lines.size()) + ")");
}

}  // namespace lw
