// Quotes and announcements (see actions/quotes.hpp).
#include "learnwall/actions/quotes.hpp"

#include <set>

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

namespace {

Quote cleaned_quote(Quote q) {
    q.text = action_text::clean(q.text);
    q.author = action_text::clean(q.author);
    return q;
}

}  // namespace

Result<std::string> add_quote(const DataDir& dir, State& state, Quote quote, const std::string& by) {
    quote = cleaned_quote(std::move(quote));
    std::string message;
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.quotes.push_back(quote);
            if (auto ok = check_quotes(e.quotes); !ok) return ok;
            message = "added quote " + std::to_string(e.quotes.size());
            return {};
        },
        by, message);
    if (!st) return fail(st.error());
    return message;
}

Result<std::string> remove_quote(const DataDir& dir, State& state, size_t number, const std::string& by) {
    std::string message;
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            if (number < 1 || number > e.quotes.size())
                return fail("there is no quote " + std::to_string(number) + " (there are " +
                            std::to_string(e.quotes.size()) + ")");
            e.quotes.erase(e.quotes.begin() + static_cast<std::ptrdiff_t>(number - 1));
            message = "removed quote " + std::to_string(number);
            return {};
        },
        by, message);
    if (!st) return fail(st.error());
    return message;
}

Result<std::string> import_quotes(const DataDir& dir, State& state, std::vector<Quote> quotes, bool replace,
                                  const std::string& from, const std::string& by) {
    for (auto& q : quotes) q = cleaned_quote(std::move(q));
    std::string message;
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            if (replace) e.quotes.clear();
            // Importing the same file twice (or a file that repeats a line) adds each quote once: the same
            // text, whatever its case or spacing, is the same quote.
            std::set<std::string> have;
            for (const auto& q : e.quotes) have.insert(fold_case(q.text));
            size_t added = 0, skipped = 0;
            for (const auto& q : quotes) {
                if (!have.insert(fold_case(q.text)).second) {
                    ++skipped;
                    continue;
                }
                e.quotes.push_back(q);
                ++added;
            }
            if (auto ok = check_quotes(e.quotes); !ok) return fail(from + ": " + ok.error());
            message = "imported " + std::to_string(added) + " quotes from " + from +
                      (skipped ? " (" + std::to_string(skipped) + " already there, skipped)" : std::string()) + " (" +
                      std::to_string(e.quotes.size()) + " in all)";
            return {};
        },
        by, message);
    if (!st) return fail(st.error());
    return message;
}

Result<std::string> add_announcement(const DataDir& dir, State& state, const std::string& line, const std::string& by) {
    const std::string cleaned = action_text::clean(line);
    std::string message;
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.display.announcements.push_back(cleaned);
            if (auto ok = check_announcements(e.display.announcements); !ok) return ok;
            message = "added announcement " + std::to_string(e.display.announcements.size());
            return {};
        },
        by, message);
    if (!st) return fail(st.error());
    return message;
}

Result<std::string> remove_announcement(const DataDir& dir, State& state, size_t number, const std::string& by) {
    std::string message;
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            auto& lines = e.display.announcements;
            if (number < 1 || number > lines.size())
                return fail("there is no announcement " + std::to_string(number) + " (there are " +
                            std::to_string(lines.size()) + ")");
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(number - 1));
            message = "removed announcement " + std::to_string(number);
            return {};
        },
        by, message);
    if (!st) return fail(st.error());
    return message;
}

}  // namespace lw
