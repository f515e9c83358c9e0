// Organiser actions added for the command line (and usable by the window): see organiser_actions.hpp.
#include "learnwall/organiser_actions.hpp"

#include <date/tz.h>

#include <algorithm>
#include <set>

#include "learnwall/actions.hpp"
#include "learnwall/event_actions.hpp"
#include "learnwall/scoring.hpp"
#include "learnwall/scoring_actions.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

namespace {

size_t organiser_char_count(const std::string& s) { return utf8_to_u32(s).size(); }

bool organiser_has_control(const std::string& s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
    return false;
}

const std::string kWithdrawPrefix = "withdraws award ";

// The award number an entry withdraws, from its reason ("withdraws award 3: ..."), or 0.
size_t organiser_withdrawn_number(const Award& a) {
    if (a.reason.rfind(kWithdrawPrefix, 0) != 0) return 0;
    size_t n = 0, i = kWithdrawPrefix.size();
    while (i < a.reason.size() && a.reason[i] >= '0' && a.reason[i] <= '9') n = n * 10 + static_cast<size_t>(a.reason[i++] - '0');
    return i < a.reason.size() && a.reason[i] == ':' ? n : 0;
}

Status organiser_check_award_time(const Event& e, Instant at) {
    auto first = start_of_local_day(e.start, e.timezone);
    auto after = start_of_local_day(Date{std::chrono::sys_days{e.end} + std::chrono::days{1}}, e.timezone);
    if (first && after && (at < *first || at >= *after))
        return fail("the time " + format_rfc3339(at) + " is outside the event (" + format_date(e.start) + " to " +
                    format_date(e.end) + ", " + e.timezone + ")");
    return {};
}

}  // namespace

Status check_theme(const std::string& theme) {
    std::string t = trim(theme);
    if (t.empty()) return fail("the theme is empty");
    if (!is_valid_utf8(t)) return fail("the theme is not valid UTF-8");
    if (organiser_has_control(t)) return fail("the theme must be one line");
    if (organiser_char_count(t) > 40) return fail("the theme is longer than 40 characters (screens show it in the header)");
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

Status set_screen_invite(const DataDir& dir, State& state, const ScreenInvite& in, const std::string& by) {
    if (!in.join_url && !in.call_to_action && !in.quote_seconds && !in.max_posts) return fail("nothing to change");
    if (in.call_to_action && organiser_has_control(*in.call_to_action)) return fail("call to action: must be one line");
    std::string summary;
    auto note = [&](const std::string& s) { summary += (summary.empty() ? "" : ", ") + s; };
    if (in.join_url) note("join URL \"" + trim(*in.join_url) + "\"");
    if (in.call_to_action) note("call to action \"" + trim(*in.call_to_action) + "\"");
    if (in.quote_seconds) note(std::to_string(*in.quote_seconds) + " s a quote");
    if (in.max_posts) note(std::to_string(*in.max_posts) + " posts on screens");
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            DisplaySettings d = e.display;
            if (in.join_url) d.join_url = trim(*in.join_url);
            if (in.call_to_action) d.call_to_action = trim(*in.call_to_action);
            if (in.quote_seconds) d.quote_seconds = *in.quote_seconds;
            if (in.max_posts) d.max_posts = *in.max_posts;
            if (auto st = check_display(d); !st) return st;  // the Display panel's rules
            e.display = d;
            return {};
        },
        by, "screens: " + summary);
}

Result<std::vector<PlaylistItem>> parse_playlist(const std::vector<std::string>& items) {
    std::vector<PlaylistItem> out;
    for (const auto& raw : items) {
        std::string item = trim(raw);
        auto colon = item.find(':');
        PlaylistItem p;
        p.scene = trim(item.substr(0, colon));
        if (colon != std::string::npos) {
            std::string secs = trim(item.substr(colon + 1));
            if (secs.empty() || secs.size() > 5 || secs.find_first_not_of("0123456789") != std::string::npos)
                return fail("playlist item \"" + item + "\": expected SCENE:SECONDS such as wall:30");
            p.seconds = std::stoi(secs);
        }
        out.push_back(p);
    }
    DisplaySettings probe;
    probe.playlist = out;
    if (auto st = check_display(probe); !st) return fail(st.error());
    return out;
}

Status set_playlist(const DataDir& dir, State& state, std::vector<PlaylistItem> playlist, const std::string& by) {
    std::string summary;
    for (const auto& p : playlist) summary += (summary.empty() ? "" : " ") + p.scene + ":" + std::to_string(p.seconds);
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            DisplaySettings d = e.display;
            d.playlist = playlist;
            if (auto st = check_display(d); !st) return st;
            e.display = d;
            return {};
        },
        by, playlist.empty() ? std::string("playlist back to the screens' default") : "playlist set: " + summary);
}

std::vector<AwardRow> award_rows(const State& state) {
    std::vector<AwardRow> rows;
    for (size_t i = 0; i < state.awards.size(); ++i) {
        AwardRow r;
        r.number = i + 1;
        r.award = state.awards[i];
        r.withdraws = organiser_withdrawn_number(r.award);
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
    if (organiser_has_control(person)) return fail("the person's name must be one line");
    if (reason.empty()) return fail("a reason is required (people can see why they got or lost points)");
    if (req.points == 0) return fail("the points must not be zero (negative for a penalty)");
    if (req.points < -10000 || req.points > 10000)
        return fail("the points must be -10000 to 10000, got " + std::to_string(req.points));
    std::string recorded;
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        if (req.at)
            if (auto st = organiser_check_award_time(s.event, *req.at); !st) return fail(st.error());
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

Status organiser_append_awards(const DataDir& dir, State& state, size_t number, const std::string& reason, const std::string& by,
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
    return organiser_append_awards(dir, state, number, reason, by, std::nullopt);
}

Status correct_award(const DataDir& dir, State& state, size_t number, std::int64_t points, const std::string& reason,
                     const std::string& by) {
    return organiser_append_awards(dir, state, number, reason, by, points);
}

std::string local_time_text(Instant t, const std::string& zone) {
    try {
        const date::time_zone* tz = date::locate_zone(zone);
        auto local = tz->to_local(std::chrono::floor<std::chrono::minutes>(t));
        return date::format("%a %d %b %H:%M", local);
    } catch (const std::exception&) {
        return "";
    }
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

}  // namespace lw
