// [ScoringTable] Every scoring rule and guardrail as one table: the rules in force, a handful of posts,
// and what Ana (and Bob) must end up with, which rule gave it and what the explanation must say.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scoring_scene.hpp"

using namespace lw;
using test::points_for;
using test::Scene;

namespace {

// Handles of the scene's roster (see scoring_scene.hpp) and of someone outside it.
constexpr const char* kAna = "ana@social.example";
constexpr const char* kAnaBsky = "ana.bsky.social";
constexpr const char* kBob = "bob@social.example";
constexpr const char* kOut = "stranger@elsewhere.example";

struct P {
    const char* who;
    const char* text;
    const char* at;
    const char* source = "mastodon";
    int likes = 0;
    int reposts = 0;
    int reply_to = -1;                // index of an earlier post of the same row
    const char* status = "approved";  // approved | rejected | pending | deleted
};

struct Row {
    const char* what;
    void (*rules)(ScoringRules&);
    std::vector<P> posts;
    std::int64_t ana;             // Ana's total
    std::int64_t bob = -1;        // Bob's total (-1: not checked)
    const char* rule = nullptr;   // a rule whose points for Ana are checked...
    std::int64_t rule_points = 0; // ...against this
    const char* says = nullptr;   // text one of Ana's items must carry in its reason or cap
};

void none(ScoringRules&) {}

const std::vector<Row>& rows() {
    static const std::vector<Row> r = {
        // ---- rules ----
        {"post with an event hashtag", none, {{kAna, "Learned pivot tables today #NLAWWeek", "2026-05-18T10:00:00Z"}},
         10, -1, "post", 10, "post with an event hashtag"},
        {"the other event hashtag, any case", none,
         {{kAna, "Learned pivot tables today #learningatworkweek", "2026-05-18T10:00:00Z"}}, 10, -1, "post", 10},
        {"no event hashtag: nothing", none, {{kAna, "Learned pivot tables today #Other", "2026-05-18T10:00:00Z"}}, 0,
         -1, "post", 0, "no event hashtag"},
        {"tip marker as text", [](ScoringRules& r) { r.tip_bonus = 5; },
         {{kAna, "Tip: ctrl+shift+t reopens a tab #NLAWWeek", "2026-05-18T10:00:00Z"}}, 15, -1, "tip", 5,
         "shared a tip"},
        {"tip marker as hashtag", [](ScoringRules& r) { r.tip_bonus = 5; },
         {{kAna, "ctrl+shift+t reopens a tab #tip #NLAWWeek", "2026-05-18T10:00:00Z"}}, 15, -1, "tip", 5},
        {"a longer hashtag is not the tip marker", [](ScoringRules& r) { r.tip_bonus = 5; },
         {{kAna, "ctrl+shift+t reopens a tab #tips #NLAWWeek", "2026-05-18T10:00:00Z"}}, 10, -1, "tip", 0},
        {"custom tip marker", [](ScoringRules& r) {
             r.tip_bonus = 4;
             r.tip_markers = {"Pro tip"};
         },
         {{kAna, "PRO TIP - ctrl+shift+t reopens a tab #NLAWWeek", "2026-05-18T10:00:00Z"}}, 14, -1, "tip", 4},
        {"challenge answered by hashtag on its day", none,
         {{kAna, "My favourite #shortcut is ctrl+L #NLAWWeek", "2026-05-19T10:00:00Z"}}, 30, -1, "challenge", 20,
         "answered the challenge of 2026-05-19"},
        {"challenge answered by keyword", none,
         {{kAna, "The Shortcut I use most: win+v #NLAWWeek", "2026-05-19T10:00:00Z"}}, 30, -1, "challenge", 20},
        {"challenge keyword inside another word does not count", none,
         {{kAna, "Shortcuts are all I think about #NLAWWeek", "2026-05-19T10:00:00Z"}}, 10, -1, "challenge", 0},
        {"challenge tag on another day: no bonus", none,
         {{kAna, "My favourite #shortcut is ctrl+L #NLAWWeek", "2026-05-18T10:00:00Z"}}, 10, -1, "challenge", 0},
        {"challenge bonus once a day", none,
         {{kAna, "My favourite #shortcut is ctrl+L #NLAWWeek", "2026-05-19T10:00:00Z"},
          {kAna, "Another #shortcut: ctrl+shift+esc #NLAWWeek", "2026-05-19T11:00:00Z"}},
         40, -1, "challenge", 20},
        {"23:30 UTC in summer is the next day in Europe/London", none,
         {{kAna, "Late night #shortcut: alt+tab #NLAWWeek", "2026-05-18T23:30:00Z"}}, 30, -1, "challenge", 20},
        {"midnight BST ends the challenge's day", none,
         {{kAna, "One minute late #shortcut: ctrl+y #NLAWWeek", "2026-05-19T23:00:00Z"}}, 10, -1, "challenge", 0},
        {"replying to a colleague, and being replied to", [](ScoringRules& r) { r.reply_points = 3; r.replied_points = 2; },
         {{kBob, "How do I freeze a header row? #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "View, then Freeze panes #NLAWWeek", "2026-05-18T09:10:00Z", "mastodon", 0, 0, 0}},
         13, 12, "reply", 3, "replied to a colleague (Bob Stone)"},
        {"replies pay once per colleague per day", [](ScoringRules& r) { r.reply_points = 3; r.replied_points = 2; },
         {{kBob, "How do I freeze a header row? #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "View, then Freeze panes #NLAWWeek", "2026-05-18T09:10:00Z", "mastodon", 0, 0, 0},
          {kAna, "Or select the row and press Alt W F R #NLAWWeek", "2026-05-18T09:20:00Z", "mastodon", 0, 0, 0}},
         23, 12, "reply", 3},
        {"replies to the same colleague on another day pay again",
         [](ScoringRules& r) { r.reply_points = 3; r.replied_points = 2; },
         {{kBob, "How do I freeze a header row? #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "View, then Freeze panes #NLAWWeek", "2026-05-18T09:10:00Z", "mastodon", 0, 0, 0},
          {kAna, "Update: Alt W F R does it faster #NLAWWeek", "2026-05-20T09:00:00Z", "mastodon", 0, 0, 0}},
         26, 14, "reply", 6},
        {"replying to oneself: no connecting points", [](ScoringRules& r) { r.reply_points = 3; r.replied_points = 2; },
         {{kAna, "How do I freeze a header row? #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "Found it: View, then Freeze panes #NLAWWeek", "2026-05-18T09:10:00Z", "mastodon", 0, 0, 0}},
         20, -1, "reply", 0},
        {"replying to someone outside the roster: no connecting points",
         [](ScoringRules& r) { r.reply_points = 3; r.replied_points = 2; },
         {{kOut, "How do I freeze a header row? #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "View, then Freeze panes #NLAWWeek", "2026-05-18T09:10:00Z", "mastodon", 0, 0, 0}},
         10, -1, "reply", 0},
        {"likes and reposts below the cap", [](ScoringRules& r) { r.like_points = 1; r.repost_points = 2; },
         {{kAna, "Learned pivot tables today #NLAWWeek", "2026-05-18T10:00:00Z", "mastodon", 3, 2}}, 17, -1,
         "engagement", 7, "3 likes and 2 reposts"},
        {"engagement capped per post", [](ScoringRules& r) {
             r.like_points = 1;
             r.repost_points = 2;
             r.engagement_cap = 5;
         },
         {{kAna, "Learned pivot tables today #NLAWWeek", "2026-05-18T10:00:00Z", "mastodon", 3, 2}}, 15, -1,
         "engagement", 5, "engagement cap of 5 points a post"},
        {"engagement cap 0 means no cap", [](ScoringRules& r) {
             r.like_points = 1;
             r.engagement_cap = 0;
         },
         {{kAna, "Learned pivot tables today #NLAWWeek", "2026-05-18T10:00:00Z", "mastodon", 40}}, 50, -1,
         "engagement", 40},
        {"streak bonus on the Nth distinct day", [](ScoringRules& r) { r.streak_bonus = 15; r.streak_days = 3; },
         {{kAna, "Day one of learning things #NLAWWeek", "2026-05-18T10:00:00Z"},
          {kAna, "Day two of learning things #NLAWWeek", "2026-05-20T10:00:00Z"},
          {kAna, "Day three of learning things #NLAWWeek", "2026-05-21T10:00:00Z"}},
         45, -1, "streak", 15, "posted on 3 different event days"},
        {"streak counts days, not posts", [](ScoringRules& r) { r.streak_bonus = 15; r.streak_days = 3; },
         {{kAna, "Morning of learning things #NLAWWeek", "2026-05-18T08:00:00Z"},
          {kAna, "Noon of learning things #NLAWWeek", "2026-05-18T12:00:00Z"},
          {kAna, "Evening of learning things #NLAWWeek", "2026-05-18T18:00:00Z"}},
         30, -1, "streak", 0},

        // ---- guardrails ----
        {"daily cap clips automatic points", [](ScoringRules& r) { r.daily_cap = 25; },
         {{kAna, "First thing I learned today #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "Second thing I learned today #NLAWWeek", "2026-05-18T10:00:00Z"},
          {kAna, "Third thing I learned today #NLAWWeek", "2026-05-18T11:00:00Z"},
          {kAna, "Next day, new thing learned #NLAWWeek", "2026-05-20T09:00:00Z"}},
         35, -1, "post", 35, "daily cap of 25 points on 2026-05-18 (5 not counted)"},
        {"daily cap includes bonuses", [](ScoringRules& r) {
             r.daily_cap = 25;
             r.tip_bonus = 5;
         },
         {{kAna, "Tip: first thing I learned #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "Tip: second thing I learned #NLAWWeek", "2026-05-18T10:00:00Z"}},
         25, -1, "tip", 5, "daily cap of 25 points on 2026-05-18 (5 not counted)"},
        {"daily cap follows the local day", [](ScoringRules& r) { r.daily_cap = 10; },
         {{kAna, "Morning thing I learned today #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "Half past midnight, next day in London #NLAWWeek", "2026-05-18T23:30:00Z"}},
         20},
        {"minimum length ignores hashtags and spacing", [](ScoringRules& r) { r.min_length = 15; },
         {{kAna, "Great     #NLAWWeek #Learning #Fun", "2026-05-18T09:00:00Z"}}, 0, -1, "post", 0,
         "shorter than 15 characters"},
        {"minimum length counts characters, not bytes", [](ScoringRules& r) { r.min_length = 15; },
         {{kAna, "\xC3\x87" "a, d\xC3\xA9j\xC3\xA0 appris #NLAWWeek", "2026-05-18T09:00:00Z"}}, 10},
        {"one character short of the minimum", [](ScoringRules& r) { r.min_length = 16; },
         {{kAna, "\xC3\x87" "a, d\xC3\xA9j\xC3\xA0 appris #NLAWWeek", "2026-05-18T09:00:00Z"}}, 0},
        {"near-duplicates score once (case, spacing, hashtags)", none,
         {{kAna, "Tip: Ctrl+L selects the address bar #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "tip:  ctrl+l selects the ADDRESS bar\n#LearningAtWorkWeek #nlawweek", "2026-05-19T10:00:00Z"}},
         10, -1, "post", 10, "same text as mastodon:t0"},
        {"a different sentence is not a duplicate", none,
         {{kAna, "Tip: Ctrl+L selects the address bar #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "Tip: Ctrl+K selects the search bar #NLAWWeek", "2026-05-18T10:00:00Z"}},
         20},
        {"a cross-posted tip scores once (two networks, one person)", none,
         {{kAna, "Tip: write it down to remember it #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAnaBsky, "Tip: write it down to remember it #LearningAtWorkWeek", "2026-05-18T09:01:00Z", "bluesky"}},
         10, -1, "post", 10, "scores once"},
        {"the same text from another person is not a duplicate", none,
         {{kAna, "Tip: write it down to remember it #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kBob, "Tip: write it down to remember it #NLAWWeek", "2026-05-18T09:01:00Z"}},
         10, 10},
        {"a duplicate of a rejected post scores", none,
         {{kAna, "Tip: write it down to remember it #NLAWWeek", "2026-05-18T09:00:00Z", "mastodon", 0, 0, -1,
           "rejected"},
          {kAna, "Tip: write it down to remember it #NLAWWeek", "2026-05-18T10:00:00Z"}},
         10},
        {"before the event window (23:59 BST the day before)", none,
         {{kAna, "Before the week started #NLAWWeek", "2026-05-17T22:59:00Z"}}, 0, -1, "post", 0,
         "posted outside the event"},
        {"the first minute of the window (00:00 BST)", none,
         {{kAna, "First minute of the week #NLAWWeek", "2026-05-17T23:00:00Z"}}, 10},
        {"the last minute of the window", none,
         {{kAna, "Last minute of the week #NLAWWeek", "2026-05-24T22:59:00Z"}}, 10},
        {"after the window", none, {{kAna, "After the week was over #NLAWWeek", "2026-05-24T23:00:00Z"}}, 0},
        {"rejected posts score nothing", none,
         {{kAna, "This one gets rejected #NLAWWeek", "2026-05-18T09:00:00Z", "mastodon", 5, 5, -1, "rejected"}}, 0},
        {"pending posts score nothing", none,
         {{kAna, "This one waits for a decision #NLAWWeek", "2026-05-18T09:00:00Z", "mastodon", 0, 0, -1, "pending"}},
         0},
        {"deleted posts score nothing", none,
         {{kAna, "This one is deleted upstream #NLAWWeek", "2026-05-18T09:00:00Z", "mastodon", 0, 0, -1, "deleted"}},
         0},
        {"a banned handle scores nothing", [](ScoringRules& r) { r.excluded_authors = {"@Ana@social.example"}; },
         {{kAna, "Approved, then the author was banned #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAnaBsky, "The same person on another network #NLAWWeek", "2026-05-18T10:00:00Z", "bluesky"}},
         10},
        {"a banned roster name scores nothing on any network",
         [](ScoringRules& r) { r.excluded_authors = {"Ana Lima"}; },
         {{kAna, "Approved, then the author was banned #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAnaBsky, "The same person on another network #NLAWWeek", "2026-05-18T10:00:00Z", "bluesky"}},
         0},
        {"a reply to a banned author connects nobody",
         [](ScoringRules& r) {
             r.reply_points = 3;
             r.replied_points = 2;
             r.excluded_authors = {"Bob Stone"};
         },
         {{kBob, "How do I freeze a header row? #NLAWWeek", "2026-05-18T09:00:00Z"},
          {kAna, "View, then Freeze panes #NLAWWeek", "2026-05-18T09:10:00Z", "mastodon", 0, 0, 0}},
         10, 0, "reply", 0},
    };
    return r;
}

}  // namespace

TEST_CASE("[ScoringTable] each rule and guardrail") {
    for (const Row& row : rows()) {
        std::string what = row.what;
        CAPTURE(what);
        Scene s;
        row.rules(s.state.event.scoring);
        std::vector<std::string> ids;
        for (size_t i = 0; i < row.posts.size(); ++i) {
            const P& in = row.posts[i];
            Post p;
            p.source = in.source;
            p.native_id = "t" + std::to_string(i);
            p.author_handle = in.who;
            p.text = in.text;
            p.hashtags = extract_hashtags(p.text);
            p.created_at = *parse_rfc3339(in.at);
            p.like_count = in.likes;
            p.repost_count = in.reposts;
            if (in.reply_to >= 0) {
                p.is_reply = true;
                p.in_reply_to_id = ids.at(static_cast<size_t>(in.reply_to));
            }
            const std::string status = in.status;
            ids.push_back(s.add(p, status == "approved" || status == "deleted"));
            if (status == "rejected") s.decide(p.id(), "reject");
            if (status == "deleted") {
                JournalEntry del;
                del.kind = JournalEntry::Kind::post_deleted;
                del.post_id = p.id();
                s.apply(del);
            }
        }
        Scores sc = s.scores();
        const PersonScore* ana = sc.find("Ana Lima");
        REQUIRE(ana);
        CHECK(ana->total == row.ana);
        if (row.bob >= 0) CHECK(sc.find("Bob Stone")->total == row.bob);
        if (row.rule) CHECK(points_for(*ana, row.rule) == row.rule_points);
        if (row.says) {
            bool found = false;
            for (const auto& i : ana->items)
                found = found || i.reason.find(row.says) != std::string::npos || i.cap.find(row.says) != std::string::npos;
            CHECK_MESSAGE(found, "no item of Ana's says \"" << row.says << "\"");
        }
        // Whatever the row, the explanation adds up and totals-only agrees with it.
        std::int64_t sum = 0;
        for (const auto& i : ana->items) sum += i.points;
        CHECK(sum == ana->total);
        Scores totals = compute_scores(s.state, ScoreDetail::totals);
        CHECK(totals.find("Ana Lima")->total == ana->total);
        CHECK(totals.find("Ana Lima")->rank == ana->rank);
    }
}
