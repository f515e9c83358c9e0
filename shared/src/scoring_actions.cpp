// Organiser actions of the scoring area: challenges, roster import, awards.
#include "learnwall/scoring_actions.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "learnwall/hashtag.hpp"
#include "learnwall/scoring.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

Status add_challenge(const DataDir& dir, State& state, Challenge c, const std::string& by) {
    c.title = trim(c.title);
    c.tag = normalise_tag(trim(c.tag));
    if (c.title.empty()) return fail("the title is empty");
    if (c.tag.empty()) return fail("the tag is empty (the hashtag or keyword that answers the challenge)");
    if (auto tag = check_hashtag(c.tag); !tag) return fail(tag.error());  // the one hashtag rule
    if (c.bonus < 0 || c.bonus > 1000) return fail("the bonus must be 0 to 1000 points, got " + std::to_string(c.bonus));
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        const Event& e = s.event;
        auto d = std::chrono::sys_days{c.date};
        if (d < std::chrono::sys_days{e.start} || d > std::chrono::sys_days{e.end})
            return fail(format_date(c.date) + " is outside the event (" + format_date(e.start) + " to " +
                        format_date(e.end) + ")");
        for (const auto& other : e.challenges)
            if (other.date == c.date)
                return fail(format_date(c.date) + " already has a challenge: \"" + other.title + "\" (one a day)");
        Event next = e;
        next.challenges.push_back(c);
        std::sort(next.challenges.begin(), next.challenges.end(),
                  [](const Challenge& a, const Challenge& b) { return std::chrono::sys_days{a.date} < std::chrono::sys_days{b.date}; });
        JournalEntry entry;
        entry.kind = JournalEntry::Kind::event_changed;
        entry.by = by;
        entry.summary = "added the challenge of " + format_date(c.date) + ": \"" + c.title + "\" (" + c.tag + ", " +
                        std::to_string(c.bonus) + " points)";
        return DataDir::Change{{entry}, next, {}};
    });
    if (!revs) return fail(revs.error());
    return {};
}

std::vector<std::string> roster_import_warnings(const State& state, const Roster& incoming) {
    std::vector<std::string> out;
    std::map<std::string, const Participant*> before, after;  // folded name -> person
    for (const auto& p : state.roster.people) before.emplace(fold_case(p.name), &p);
    for (const auto& p : incoming.people) after.emplace(fold_case(p.name), &p);
    for (const auto& p : incoming.people) {
        auto it = before.find(fold_case(p.name));
        if (it != before.end() && it->second->name != p.name)
            out.push_back("\"" + it->second->name + "\" is now spelled \"" + p.name +
                          "\" (the same person: their posts and awards stay theirs)");
    }
    // Awards are kept by the name they were given to; a person renamed in the new file no longer
    // receives them (the journal is never rewritten), so say so before it happens.
    struct Given {
        int count = 0;
        std::int64_t points = 0;
        std::string name;
    };
    std::map<std::string, Given> orphaned;
    for (const auto& a : state.awards) {
        const std::string key = fold_case(a.person);
        if (!before.count(key) || after.count(key)) continue;  // not a roster member before, or still one
        Given& g = orphaned[key];
        ++g.count;
        g.points += a.points;
        g.name = before.at(key)->name;
    }
    for (const auto& [key, g] : orphaned)
        out.push_back(std::to_string(g.count) + " award" + (g.count == 1 ? "" : "s") + " (" + std::to_string(g.points) +
                      " points) to \"" + g.name + "\" would reach nobody: \"" + g.name +
                      "\" is not in the new roster (renamed? keep the old name in the file, or correct the awards)");
    return out;
}

Status import_roster(const DataDir& dir, State& state, const Roster& roster, const std::string& by,
                     const std::string& source_name) {
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        std::set<std::string> before, after;
        for (const auto& p : s.roster.people) before.insert(fold_case(p.name));  // a respelling is no new person
        for (const auto& p : roster.people) after.insert(fold_case(p.name));
        size_t added = 0, removed = 0;
        for (const auto& n : after) added += !before.count(n);
        for (const auto& n : before) removed += !after.count(n);
        JournalEntry entry;
        entry.kind = JournalEntry::Kind::roster_changed;
        entry.by = by;
        entry.summary = "imported the roster from " + source_name + ": " + std::to_string(roster.people.size()) +
                        " people (" + std::to_string(added) + " new, " + std::to_string(removed) + " removed)";
        return DataDir::Change{{entry}, {}, roster};
    });
    if (!revs) return fail(revs.error());
    return {};
}

Result<std::string> add_award(const DataDir& dir, State& state, const std::string& person_in, std::int64_t points,
                              const std::string& reason_in, const std::string& by) {
    std::string person = trim(person_in), reason = trim(reason_in);
    if (person.empty()) return fail("the person is empty");
    if (reason.empty()) return fail("a reason is required (people can see why they got or lost points)");
    if (points == 0) return fail("the points must not be zero (negative for a penalty)");
    if (points < -10000 || points > 10000) return fail("the points must be -10000 to 10000, got " + std::to_string(points));
    std::string recorded;
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        if (const Participant* p = s.roster.find_by_name(person)) {
            recorded = p->name;
        } else {
            // Case-insensitive roster match, else (no roster yet, or anyone may rank) a name in the scores.
            const std::string folded = fold_case(person);  // "ZOË ÅNGSTRÖM" is Zoë Ångström
            for (const auto& p : s.roster.people)
                if (fold_case(p.name) == folded) recorded = p.name;
            if (recorded.empty() && (s.roster.people.empty() || s.event.scoring.anyone_ranks)) {
                Scores sc = compute_scores(s, ScoreDetail::totals);
                if (const PersonScore* ps = sc.find(person)) recorded = ps->name;
            }
            if (recorded.empty())
                return fail("nobody called \"" + person + "\" in the roster" +
                            (s.roster.people.empty() ? std::string(" or the scores") : std::string()) +
                            " (see: learnwall-admin leaderboard --all; a guest who is not on the roster: --visitor)");
        }
        JournalEntry entry;
        entry.kind = JournalEntry::Kind::award;
        entry.by = by;
        entry.award = Award{recorded, points, reason, by, now()};
        return DataDir::Change{{entry}, {}, {}};
    });
    if (!revs) return fail(revs.error());
    return recorded;
}

}  // namespace lw
