// [ScoringRecompute] Property: on random journals, scores kept up to date step by step (each entry
// applied to a live state, scores recomputed after each) equal a full recomputation from the journal
// text, and the totals-only mode agrees with the full one. The journals mix ingests, edits,
// deletions, approvals, rejections, resets, awards, penalties, rule changes and roster changes, over
// a week that contains a daylight-saving change.
#include <doctest/doctest.h>

#include <random>
#include <sstream>

#include "learnwall/scoring.hpp"
#include "learnwall/text.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {

Event dst_event() {
    Event e = test::sample_event();
    // Clocks go forward in Europe/London on Sunday 29 March 2026.
    e.start = *parse_date("2026-03-27");
    e.end = *parse_date("2026-04-02");
    e.challenges = {{*parse_date("2026-03-28"), "Teach a shortcut", "", "shortcut", 20},
                    {*parse_date("2026-03-29"), "Share a book", "", "book", 15},
                    {*parse_date("2026-03-30"), "Ask a question", "", "ask", 10}};
    e.scoring = ScoringRules{};
    return e;
}

Roster base_roster() {
    Roster r;
    r.people = {{"Ana Lima", "Finance", "ana@social.example", "ana.bsky.social", "", "ana@corp.example"},
                {"Bob Stone", "IT", "bob@social.example", "", "bobstone", ""},
                {"Cy Park", "IT", "cy@social.example", "", "", ""},
                {"Dee Roy", "HR", "", "", "", "dee@corp.example"}};
    return r;
}

// One step of a journal: an entry, and the event or roster that replaced the files at that step.
struct Step {
    JournalEntry entry;
    std::optional<Event> event;
    std::optional<Roster> roster;
};

// Generates plausible, adversarial journals: a small text pool so near-duplicates happen, replies to
// posts that are later rejected or deleted, edits that change likes, rules that change mid-week.
class JournalMaker {
public:
    explicit JournalMaker(std::uint32_t seed) : rng_(seed), event_(dst_event()), roster_(base_roster()) {}

    Step next() {
        Step s;
        JournalEntry& e = s.entry;
        e.at = *parse_rfc3339("2026-03-27T08:00:00Z") + std::chrono::minutes(step_++);
        e.by = "tester";
        unsigned roll = pick(100);
        if (ids_.empty() || roll < 40) {
            e.kind = JournalEntry::Kind::post_ingested;
            e.post = new_post();
            ids_.push_back(e.post->id());
            posts_.push_back(*e.post);
        } else if (roll < 68) {
            e.kind = JournalEntry::Kind::moderation;
            static const char* actions[] = {"approve", "approve", "approve", "reject", "reset", "pin"};
            e.decision = ModerationDecision{ids_[pick(ids_.size())], actions[pick(6)], "mod", e.at, ""};
        } else if (roll < 76) {
            e.kind = JournalEntry::Kind::post_updated;
            Post p = posts_[pick(posts_.size())];
            p.like_count = pick(9);
            p.repost_count = pick(3);
            if (pick(3) == 0) p.text = text();
            p.hashtags = extract_hashtags(p.text);
            e.post = p;
        } else if (roll < 81) {
            e.kind = JournalEntry::Kind::post_deleted;
            e.post_id = ids_[pick(ids_.size())];
        } else if (roll < 89) {
            e.kind = JournalEntry::Kind::award;
            static const char* names[] = {"Ana Lima", "Bob Stone", "Cy Park", "Dee Roy"};
            std::int64_t pts = static_cast<std::int64_t>(pick(30)) - 8;
            e.award = Award{names[pick(4)], pts == 0 ? 1 : pts, "from the property test", "org", e.at};
        } else if (roll < 95) {
            e.kind = JournalEntry::Kind::event_changed;
            e.summary = "rules changed";
            ScoringRules& r = event_.scoring;
            switch (pick(7)) {
                case 0: r.daily_cap = static_cast<std::int64_t>(pick(4)) * 20; break;
                case 1: r.team_score = r.team_score == "total" ? "average" : "total"; break;
                case 2: r.anyone_ranks = !r.anyone_ranks; break;
                case 3: r.min_length = pick(2) ? 0 : 20; break;
                case 4: r.excluded_authors = pick(2) ? std::vector<std::string>{} : std::vector<std::string>{"Cy Park"}; break;
                case 5: r.post_points = 5 + pick(10); break;
                default: r.streak_days = 1 + pick(4); break;
            }
            s.event = event_;
        } else {
            e.kind = JournalEntry::Kind::roster_changed;
            e.summary = "roster changed";
            switch (pick(3)) {
                case 0:  // link an outsider to a new roster member
                    if (!roster_.find_by_name("Eve Wu")) roster_.people.push_back({"Eve Wu", "Finance", "eve@elsewhere.example", "", "", ""});
                    break;
                case 1:  // someone changes team
                    roster_.people[pick(roster_.people.size())].team = pick(2) ? "IT" : "HR";
                    break;
                default:  // someone leaves
                    if (roster_.people.size() > 2) roster_.people.erase(roster_.people.begin() + static_cast<long>(pick(roster_.people.size())));
                    break;
            }
            s.roster = roster_;
        }
        return s;
    }

    const Event& first_event() const { return first_event_; }

private:
    unsigned pick(size_t n) { return static_cast<unsigned>(rng_() % n); }

    std::string text() {
        static const char* bodies[] = {"ctrl+shift+t reopens a closed tab", "write it down to remember it",
                                       "teach it to someone the same week", "read the manual first",
                                       "pair up with a colleague for an hour", "ok"};
        std::string t = pick(3) == 0 ? "Tip: " : "";
        t += bodies[pick(6)];
        if (pick(2)) t = ascii_lower(t);  // near-duplicates differ in case
        static const char* extra[] = {"", " #shortcut", " #book", " ask", " #tip"};
        t += extra[pick(5)];
        if (pick(6)) t += pick(2) ? " #NLAWWeek" : "  #learningatworkweek";
        return t;
    }

    Post new_post() {
        static const struct {
            const char* source;
            const char* handle;
            const char* name;
        } authors[] = {{"mastodon", "ana@social.example", "Ana"},   {"bluesky", "ana.bsky.social", "Ana L"},
                       {"mastodon", "bob@social.example", "Bob"},   {"x", "BobStone", "Bob S"},
                       {"mastodon", "cy@social.example", "Cy"},     {"manual", "dee@corp.example", "Dee Roy"},
                       {"manual", "", "Dee Roy"},                   {"mastodon", "eve@elsewhere.example", "Eve"},
                       {"bluesky", "stranger.bsky.social", "Stranger"}};
        const auto& a = authors[pick(9)];
        Post p;
        p.source = a.source;
        p.native_id = "n" + std::to_string(next_id_++);
        p.author_handle = a.handle;
        p.author_display_name = a.name;
        p.text = text();
        p.hashtags = extract_hashtags(p.text);
        // From a day before the event to a day after it, at any second (the DST night included).
        p.created_at = *parse_rfc3339("2026-03-26T00:00:00Z") + std::chrono::seconds(pick(9 * 86400));
        p.like_count = pick(7);
        p.repost_count = pick(3);
        p.reply_count = pick(3);
        if (!ids_.empty() && pick(4) == 0) {
            p.is_reply = true;
            if (pick(4)) p.in_reply_to_id = ids_[pick(ids_.size())];
            else p.in_reply_to_handle = authors[pick(9)].handle;
        }
        return p;
    }

    std::mt19937 rng_;
    Event event_;
    Event first_event_ = dst_event();
    Roster roster_;
    std::vector<std::string> ids_;
    std::vector<Post> posts_;
    int next_id_ = 0;
    int step_ = 0;
};

// The totals-only mode must give the same boards as the full one, items aside.
void check_totals_mode(const State& s, const Scores& full) {
    Scores totals = compute_scores(s, ScoreDetail::totals);
    REQUIRE(totals.people.size() == full.people.size());
    for (size_t i = 0; i < full.people.size(); ++i) {
        PersonScore f = full.people[i];
        f.items.clear();
        CHECK(totals.people[i] == f);
    }
    CHECK(totals.teams == full.teams);
}

std::string describe(const Scores& sc) {
    std::ostringstream o;
    for (const auto& p : sc.people) o << p.rank << " " << p.name << " " << p.total << "; ";
    return o.str();
}

}  // namespace

TEST_CASE("[ScoringRecompute] step-by-step updates equal a full recomputation from the journal text") {
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        CAPTURE(seed);
        JournalMaker maker(seed);
        State live;
        live.event = maker.first_event();
        live.roster = base_roster();
        std::vector<std::string> lines;  // the journal as written
        Event event = live.event;
        Roster roster = live.roster;
        for (int i = 0; i < 90; ++i) {
            CAPTURE(i);
            Step step = maker.next();
            step.entry.rev = static_cast<std::uint64_t>(i + 2);
            if (step.event) live.event = event = *step.event;
            if (step.roster) live.roster = roster = *step.roster;
            apply_entry(live, step.entry);
            lines.push_back(journal_line(step.entry));
            Scores incremental = compute_scores(live);

            // A fresh process: today's event and roster files, the whole journal parsed from its text.
            State fresh;
            fresh.event = event;
            fresh.roster = roster;
            for (size_t l = 0; l < lines.size(); ++l) {
                auto e = parse_journal_line(lines[l], "journal line " + std::to_string(l + 1));
                REQUIRE_MESSAGE(e.ok(), e.error());
                apply_entry(fresh, *e);
            }
            Scores full = compute_scores(fresh);
            REQUIRE_MESSAGE(incremental == full, "live: " << describe(incremental) << "\nfresh: " << describe(full));
            if (i % 10 == 9) check_totals_mode(live, incremental);
        }
    }
}

TEST_CASE("[ScoringRecompute] a reader catching up with the data directory equals a fresh load") {
    for (std::uint32_t seed = 100; seed < 103; ++seed) {
        CAPTURE(seed);
        test::ScratchDir scratch("recompute");
        JournalMaker maker(seed);
        auto dir = DataDir::create(scratch.path + "/ev", maker.first_event(), "tester");
        REQUIRE_MESSAGE(dir.ok(), dir.error());
        State writer;
        {
            auto r = dir->transact(writer, [&](const State&) -> Result<DataDir::Change> {
                DataDir::Change c;
                c.roster = base_roster();
                return c;
            });
            REQUIRE_MESSAGE(r.ok(), r.error());
        }
        auto loaded = dir->load();
        REQUIRE(loaded.ok());
        State reader = std::move(*loaded);
        for (int i = 0; i < 40; ++i) {
            CAPTURE(i);
            Step step = maker.next();
            auto r = dir->transact(writer, [&](const State&) -> Result<DataDir::Change> {
                DataDir::Change c;
                c.entries.push_back(step.entry);
                c.event = step.event;
                c.roster = step.roster;
                return c;
            });
            REQUIRE_MESSAGE(r.ok(), r.error());
            REQUIRE(dir->catch_up(reader).ok());
            auto fresh = dir->load();
            REQUIRE(fresh.ok());
            Scores full = compute_scores(*fresh);
            CHECK(compute_scores(reader) == full);
            CHECK(compute_scores(writer) == full);
            check_totals_mode(reader, full);
        }
    }
}
