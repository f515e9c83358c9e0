// Organiser actions on people (roster links and opt-outs): see learnwall/actions/people.hpp.
#include "learnwall/actions/people.hpp"

#include <functional>

#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

namespace {

// One roster edit as one transaction: `edit` changes the latest roster (so a concurrent import is not
// undone) and returns the sentence the user sees, which is also the audit line; or refuses.
Result<std::string> change_roster(const DataDir& dir, State& state,
                                  const std::function<Result<std::string>(Roster&)>& edit, const std::string& by) {
    std::string said;
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        Roster r = s.roster;
        auto summary = edit(r);
        if (!summary) return fail(summary.error());
        said = *summary;
        JournalEntry j;
        j.kind = JournalEntry::Kind::roster_changed;
        j.by = by;
        j.summary = *summary;
        return DataDir::Change{{j}, {}, r};
    });
    if (!revs) return fail(revs.error());
    return said;
}

// The roster person called `name` (any case and accent form), or null.
Participant* person_named(Roster& r, const std::string& name) {
    for (auto& p : r.people)
        if (equals_folded(p.name, name)) return &p;
    return nullptr;
}

std::string& account_of(Participant& p, const std::string& source) {
    return source == "mastodon" ? p.mastodon
           : source == "bluesky" ? p.bluesky
           : source == "slack"   ? p.slack
           : source == "teams"   ? p.teams
                                 : p.x;
}

}  // namespace

Result<std::string> link_author(const DataDir& dir, State& state, const std::string& source_in,
                                const std::string& handle_in, const std::string& person_in, const std::string& by) {
    const std::string source = ascii_lower(trim(source_in));
    const std::string person = trim(person_in);
    const std::string handle = normalise_handle(trim(handle_in));
    return change_roster(
        dir, state,
        [&](Roster& r) -> Result<std::string> {
            if (source != "mastodon" && source != "bluesky" && source != "x" && source != "slack" && source != "teams")
                return fail("only mastodon, bluesky, x, slack and teams accounts can be linked (posts typed in by hand count for the "
                            "roster name given as their author), got \"" + source_in + "\"");
            if (handle.empty()) return fail("link: the handle is empty");
            if (person.empty()) return fail("link: the person is empty");
            Participant* target = person_named(r, person);
            if (!target) return fail("nobody called \"" + person + "\" in the roster");
            for (auto& p : r.people)
                if (&p != target && account_of(p, source) == handle)
                    return fail("@" + handle + " on " + source + " already belongs to " + p.name);
            std::string& field = account_of(*target, source);
            const std::string was = field;
            field = handle;
            return "linked " + source + " @" + handle + " to " + target->name +
                   (was.empty() || was == handle ? "" : " (was @" + was + ")");
        },
        by);
}

Result<std::string> set_opt_out(const DataDir& dir, State& state, const std::string& person_in,
                                const std::string& opt_out_in, const std::string& by) {
    const std::string person = trim(person_in);
    const std::string opt_out = opt_out_in == "none" ? std::string() : opt_out_in;
    return change_roster(
        dir, state,
        [&](Roster& r) -> Result<std::string> {
            if (!opt_out.empty() && opt_out != "anonymous" && opt_out != "hidden")
                return fail("opt-out must be none, anonymous or hidden, got \"" + opt_out_in + "\"");
            Participant* p = person_named(r, person);
            if (!p) return fail("nobody called \"" + person + "\" in the roster");
            p->opt_out = opt_out;
            return p->name + (opt_out.empty()       ? " is shown on screens"
                              : opt_out == "hidden" ? " opted out: never shown on screens"
                                                    : " opted out: shown as \"a colleague\"");
        },
        by);
}

}  // namespace lw
