// The daily challenges: one check and the transactions that use it (see actions/challenges.hpp).
#include "learnwall/actions/challenges.hpp"

#include <algorithm>

#include "action_text.hpp"
#include "learnwall/actions/event.hpp"
#include "learnwall/hashtag.hpp"

namespace lw {

Status check_challenge(const Event& e, const Challenge& c) {
    const std::string day = format_date(c.date);
    auto d = std::chrono::sys_days{c.date};
    if (!c.date.ok()) return fail("challenge: not a calendar day");
    if (d < std::chrono::sys_days{e.start} || d > std::chrono::sys_days{e.end})
        return fail("challenge for " + day + ": the day is outside the event (" + format_date(e.start) + " to " +
                    format_date(e.end) + ")");
    if (action_text::clean(c.title).empty()) return fail("challenge for " + day + ": the title is empty");
    if (action_text::chars(c.title) > 120) return fail("challenge for " + day + ": the title is longer than 120 characters");
    if (action_text::chars(c.description) > 600)
        return fail("challenge for " + day + ": the description is longer than 600 characters");
    std::string tag = normalise_tag(action_text::clean(c.tag));
    if (tag.empty()) return fail("challenge for " + day + ": the tag is empty (the hashtag or word that answers it)");
    if (auto checked = check_hashtag(tag); !checked) return fail("challenge for " + day + ": " + checked.error());
    if (c.bonus < 0 || c.bonus > 1000) return fail("challenge for " + day + ": the bonus must be 0 to 1000 points");
    return {};
}

namespace {

// Set and add differ only in what a day that already has a challenge means: replace it, or refuse.
// Both run the window's check on the event as it is under the lock (the CLI used to check less: a
// 300-character title or the tag "two words" went through).
Status put_challenge(const DataDir& dir, State& state, Challenge& c, bool may_replace, const std::string& by,
                     const std::string& summary) {
    c.title = action_text::clean(c.title);
    c.description = action_text::clean(c.description);
    c.tag = normalise_tag(action_text::clean(c.tag));
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            if (auto st = check_challenge(e, c); !st) return st;
            auto it = std::find_if(e.challenges.begin(), e.challenges.end(),
                                   [&](const Challenge& x) { return x.date == c.date; });
            if (it != e.challenges.end() && !may_replace)
                return fail("challenge for " + format_date(c.date) + ": the day already has a challenge: \"" +
                            it->title + "\" (one a day; change it with: challenge set)");
            if (it != e.challenges.end()) {
                *it = c;
                return {};
            }
            e.challenges.push_back(c);
            std::sort(e.challenges.begin(), e.challenges.end(), [](const Challenge& a, const Challenge& b) {
                return std::chrono::sys_days{a.date} < std::chrono::sys_days{b.date};
            });
            return {};
        },
        by, summary);
}

}  // namespace

Result<std::string> set_challenge(const DataDir& dir, State& state, Challenge c, const std::string& by) {
    auto st = put_challenge(dir, state, c, true, by, "challenge for " + format_date(c.date) + " set: " + action_text::clean(c.title));
    if (!st) return fail(st.error());
    return "challenge of " + format_date(c.date) + ": " + c.title;
}

Result<std::string> remove_challenge(const DataDir& dir, State& state, Date day, const std::string& by) {
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            auto it = std::find_if(e.challenges.begin(), e.challenges.end(),
                                   [&](const Challenge& x) { return x.date == day; });
            if (it == e.challenges.end()) return fail("no challenge is set for " + format_date(day));
            e.challenges.erase(it);
            return {};
        },
        by, "challenge for " + format_date(day) + " removed");
    if (!st) return fail(st.error());
    return "removed the challenge of " + format_date(day);
}

Status add_challenge(const DataDir& dir, State& state, Challenge c, const std::string& by) {
    const std::string tag = normalise_tag(action_text::clean(c.tag));
    return put_challenge(dir, state, c, false, by,
                         "added the challenge of " + format_date(c.date) + ": \"" + action_text::clean(c.title) +
                             "\" (" + tag + ", " + std::to_string(c.bonus) + " points)");
}

}  // namespace lw
