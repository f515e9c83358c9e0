// The event-change transaction, the event's days and theme: see actions/event.hpp.
#include "learnwall/actions/event.hpp"

#include <date/tz.h>

#include "action_text.hpp"

namespace lw {


Status change_event(const DataDir& dir, State& state, const std::function<Status(Event&)>& edit,
                    const std::string& by, const std::string& summary) {
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        Event e = s.event;  // edit the latest, so a concurrent writer's change is kept
        if (auto st = edit(e); !st) return fail(st.error());
        if (auto v = validate_event(e); !v) return fail(v.error());
        JournalEntry j;
        j.kind = JournalEntry::Kind::event_changed;
        j.by = by;
        j.summary = summary;
        return DataDir::Change{{j}, e, {}};
    });
    if (!revs) return fail(revs.error());
    return {};
}

std::vector<Date> event_days(const Event& e) {
    std::vector<Date> days;
    auto first = std::chrono::sys_days{e.start}, last = std::chrono::sys_days{e.end};
    for (auto d = first; d <= last && days.size() < 366; d += std::chrono::days{1}) days.emplace_back(d);
    return days;
}

Status check_theme(const std::string& theme) {
    std::string t = trim(theme);
    if (t.empty()) return fail("the theme is empty");
    if (!is_valid_utf8(t)) return fail("the theme is not valid UTF-8");
    if (action_text::has_control(t)) return fail("the theme must be one line");
    if (action_text::chars(t) > 40) return fail("the theme is longer than 40 characters (screens show it in the header)");
    return {};
}

Status set_theme(const DataDir& dir, State& state, const std::string& theme, const std::string& by) {
    if (auto st = check_theme(theme); !st) return st;
    const std::string t = trim(theme);
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.theme = t;
            return {};
        },
        by, "theme set to \"" + t + "\"");
}

}  // namespace lw
