// Roster import, awards and their corrections, the explain note (see actions/scoring.hpp).
#include "learnwall/actions/scoring.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "action_text.hpp"
#include "learnwall/actions/event.hpp"
#include "learnwall/scoring.hpp"

namespace lw {


namespace {

const std::string kWithdrawPrefix = "withdraws award ";

// The award number an entry withdraws, from its reason ("withdraws award 3: ..."), or 0.
size_t award_withdrawn_number(const Award& a) {
    if (a.reason.rfind(kWithdrawPrefix, 0) != 0) return 0;
    size_t n = 0, i = kWithdrawPrefix.size();
    while (i < a.reason.size() && a.reason[i] >= '0' && a.reason[i] <= '9') n = n * 10 + static_cast<size_t>(a.reason[i++] - '0');
    return i < a.reason.size() && a.reason[i] == ':' ? n : 0;
}

Status award_check_award_time(const Event& e, Instant at) {
    auto first = start_of_local_day(e.start, e.timezone);
    auto after = start_of_local_day(Date{std::chrono::sys_days{e.end} + std::chrono::days{1}}, e.timezone);
    if (first && after && (at < *first || at >= *after))
        return fail("the time " + format_rfc3339(at) + " is outside the event (" + format_date(e.start) + " to " +
                    format_date(e.end) + ", " + e.timezone + ")");
    return {};
}

}  // namespace

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

std::vector<AwardRow> award_rows(const State& state) {
    std::vector<AwardRow> rows;
    for (size_t i = 0; i < state.awards.size(); ++i) {
        AwardRow r;
        r.number = i + 1;
        r.award = state.awards[i];
        r.withdraws = award_withdrawn_number(r.award);
        rows.push_back(std::move(r));
    }
    for (const auto& r : rows)
        if (r.withdraws >= 1 && r.withdraws <= rows.size()) rows[r.withdraws - 1].withdrawn = true;
    return rows;
}

Result<std::string> give_award(const DataDir& dir, State& state, const AwardRequest& req, const std::string& by) {
    if (!req.visitor && !req.at) return add_award(dir, state, req.person, req.points, req.reason, by);
    std::string person = trim(req.person), reason = trim(req.reason);
    if (person.empty()) return fail("the person is empty");
    if (action_text::has_control(person)) return fail("the person's name must be one line");
    if (reason.empty()) return fail("a reason is required (people can see why they got or lost points)");
    if (req.points == 0) return fail("the points must not be zero (negative for a penalty)");
    if (req.points < -10000 || req.points > 10000)
        return fail("the points must be -10000 to 10000, got " + std::to_string(req.points));
    std::string recorded;
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        if (req.at)
            if (auto st = award_check_award_time(s.event, *req.at); !st) return fail(st.error());
        // A roster member keeps their roster spelling; a visitor is recorded as named.
        recorded = person;
        bool member = false;
        for (const auto& p : s.roster.people)
            if (equals_folded(p.name, person)) {
                recorded = p.name;
                member = true;
            }
        if (!member && !req.visitor)
            return fail("nobody called \"" + person + "\" in the roster (a guest? add --visitor)");
        JournalEntry e;
        e.kind = JournalEntry::Kind::award;
        e.by = by;
        e.award = Award{recorded, req.points, reason, by, req.at.value_or(now())};
        return DataDir::Change{{e}, {}, {}};
    });
    if (!revs) return fail(revs.error());
    return recorded;
}

namespace {

Status award_append_awards(const DataDir& dir, State& state, size_t number, const std::string& reason, const std::string& by,
                     std::optional<std::int64_t> replacement) {
    std::string why = trim(reason);
    if (why.empty()) return fail("a reason is required (the correction is shown with it)");
    if (replacement && (*replacement == 0 || *replacement < -10000 || *replacement > 10000))
        return fail("the points must be -10000 to 10000 and not zero (to remove it: award remove)");
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        auto rows = award_rows(s);
        if (number < 1 || number > rows.size())
            return fail("there is no award " + std::to_string(number) + " (there are " + std::to_string(rows.size()) +
                        "; see: learnwall-admin award list)");
        const AwardRow& r = rows[number - 1];
        if (r.withdrawn) return fail("award " + std::to_string(number) + " was already withdrawn");
        if (r.withdraws) return fail("entry " + std::to_string(number) + " is itself a correction of award " +
                                     std::to_string(r.withdraws));
        DataDir::Change c;
        JournalEntry undo;
        undo.kind = JournalEntry::Kind::award;
        undo.by = by;
        // At the original's time, so days and "reached at" tie-breaks come out as if it never was.
        undo.award = Award{r.award.person, -r.award.points, kWithdrawPrefix + std::to_string(number) + ": " + why, by,
                           r.award.at};
        c.entries.push_back(undo);
        if (replacement) {
            JournalEntry redo;
            redo.kind = JournalEntry::Kind::award;
            redo.by = by;
            redo.award = Award{r.award.person, *replacement, r.award.reason + " (corrected: " + why + ")", by, r.award.at};
            c.entries.push_back(redo);
        }
        return c;
    });
    if (!revs) return fail(revs.error());
    return {};
}

}  // namespace

Status withdraw_award(const DataDir& dir, State& state, size_t number, const std::string& reason, const std::string& by) {
    return award_append_awards(dir, state, number, reason, by, std::nullopt);
}

Status correct_award(const DataDir& dir, State& state, size_t number, std::int64_t points, const std::string& reason,
                     const std::string& by) {
    return award_append_awards(dir, state, number, reason, by, points);
}

std::string challenge_bonus_note(const State& state, const PersonScore& person, const ScoreItem& item) {
    if (item.rule != "post" || item.post_id.empty()) return "";
    const PostRecord* r = state.find(item.post_id);
    if (!r) return "";
    auto day = local_date(r->post.created_at, state.event.timezone);
    if (!day) return "";
    const Challenge* ch = nullptr;
    for (const auto& c : state.event.challenges)
        if (c.date == *day) ch = &c;
    if (!ch || ch->tag.empty()) return "";
    std::string earlier;
    for (const auto& other : person.items) {
        if (other.rule != "challenge") continue;
        if (other.post_id == item.post_id) return "";  // paid for this post
        if (auto d = local_date(other.at, state.event.timezone); d && *d == *day) earlier = other.post_id;
    }
    if (!earlier.empty())
        return "no challenge bonus: the challenge of " + format_date(ch->date) + " pays once a day, already for " + earlier;
    if (ch->bonus == 0) return "no challenge bonus: the challenge of " + format_date(ch->date) + " is worth 0 points";
    return "no challenge bonus: the post does not carry #" + ch->tag + " (the challenge of " + format_date(ch->date) +
           ", \"" + ch->title + "\")";
}

Status set_scoring_rules(const DataDir& dir, State& state, const ScoringRules& rules, const std::string& by) {
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.scoring = rules;
            return {};
        },
        by, "scoring rules saved");
}

}  // namespace lw
