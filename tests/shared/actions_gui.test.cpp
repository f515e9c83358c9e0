// [Actions] Organiser actions behind the admin window's panels, tested without a window.
#include <doctest/doctest.h>

#include "learnwall/actions/posts.hpp"
#include "learnwall/publish.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {
DataDir make_gui_dir(const test::ScratchDir& s) {
    auto d = DataDir::create(s.path + "/event", test::sample_event(), "tester");
    REQUIRE(d.ok());
    return *d;
}
}  // namespace

TEST_CASE("[Actions] reset undoes a decision and survives a reload") {
    test::ScratchDir s("reset");
    DataDir dir = make_gui_dir(s);
    State st = *dir.load();
    auto id = add_manual_post(dir, st, ManualPost{"Ana Lima", "Teach-back works #NLAWWeek", "manual", {}, {}, ""}, "t");
    REQUIRE(id.ok());
    REQUIRE(moderate_posts(dir, st, {*id}, "approve", "sam", "").ok());
    CHECK(st.moderation_of(*st.find(*id)) == Moderation::approved);
    REQUIRE(moderate_posts(dir, st, {*id}, "reset", "sam", "undo").ok());
    CHECK(st.moderation_of(*st.find(*id)) == Moderation::pending);
    CHECK(pending_post_ids(st) == std::vector<std::string>{*id});
    State fresh = *dir.load();
    CHECK(fresh.moderation_of(*fresh.find(*id)) == Moderation::pending);
    CHECK(fresh.decisions.back().action == "reset");
    // A post undone to pending leaves the screens again.
    auto w = publish_wall(dir, fresh, now());
    REQUIRE(w.ok());
    CHECK(w->posts.empty());
}

#include "learnwall/actions/challenges.hpp"
#include "learnwall/actions/event.hpp"
#include "learnwall/actions/people.hpp"
#include "learnwall/actions/quotes.hpp"
#include "learnwall/actions/screens.hpp"
#include "learnwall/actions/sources.hpp"

TEST_CASE("[Actions] the blank switch reaches event.json, the journal and wall.json") {
    test::ScratchDir s("blank");
    DataDir dir = make_gui_dir(s);
    State st = *dir.load();
    auto rev = st.revision;
    REQUIRE(set_screens_blank(dir, st, true, "sam").ok());
    CHECK(st.event.display.blank);
    CHECK(st.revision == rev + 1);
    State fresh = *dir.load();
    CHECK(fresh.event.display.blank);
    REQUIRE_FALSE(fresh.audit.empty());
    CHECK(fresh.audit.back().by == "sam");
    CHECK(fresh.audit.back().summary.find("blank") != std::string::npos);
    auto w = publish_wall(dir, fresh, now());
    REQUIRE(w.ok());
    CHECK(w->display.blank);
    REQUIRE(set_screens_blank(dir, st, false, "sam").ok());
    CHECK_FALSE(dir.load()->event.display.blank);
}

TEST_CASE("[Actions] challenges: one per event day, replaced in place, validated") {
    test::ScratchDir s("challenges");
    DataDir dir = make_gui_dir(s);
    State st = *dir.load();
    Event e = st.event;
    CHECK(event_days(e).size() == 7);
    CHECK(format_date(event_days(e).back()) == "2026-05-24");

    Challenge c{*parse_date("2026-05-20"), "  Teach a colleague  ", "Ten minutes, one skill", "#TeachBack", 25};
    REQUIRE(set_challenge(dir, st, c, "sam").ok());
    auto find = [&](const char* day) -> const Challenge* {
        for (const auto& x : st.event.challenges)
            if (format_date(x.date) == day) return &x;
        return nullptr;
    };
    REQUIRE(find("2026-05-20"));
    CHECK(find("2026-05-20")->title == "Teach a colleague");  // trimmed
    CHECK(find("2026-05-20")->tag == "TeachBack");            // no '#'
    size_t count = st.event.challenges.size();
    c.title = "Teach two colleagues";
    REQUIRE(set_challenge(dir, st, c, "sam").ok());
    CHECK(st.event.challenges.size() == count);  // replaced, not added
    CHECK(find("2026-05-20")->title == "Teach two colleagues");
    CHECK(dir.load()->event.challenges.size() == count);

    SUBCASE("refusals name the day and the problem, and change nothing") {
        auto rev = st.revision;
        Challenge outside{*parse_date("2026-06-01"), "Late", "", "late", 10};
        auto r = set_challenge(dir, st, outside, "sam");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().find("2026-06-01") != std::string::npos);
        CHECK(r.error().find("outside") != std::string::npos);
        Challenge no_title{*parse_date("2026-05-21"), "  ", "", "x", 10};
        CHECK(set_challenge(dir, st, no_title, "sam").error().find("title") != std::string::npos);
        Challenge two_words{*parse_date("2026-05-21"), "T", "", "two words", 10};
        CHECK(set_challenge(dir, st, two_words, "sam").error().find("one word") != std::string::npos);
        Challenge greedy{*parse_date("2026-05-21"), "T", "", "tag", 5000};
        CHECK_FALSE(set_challenge(dir, st, greedy, "sam").ok());
        CHECK(st.revision == rev);
        CHECK(dir.load()->revision == rev);
    }
    SUBCASE("remove") {
        REQUIRE(remove_challenge(dir, st, *parse_date("2026-05-20"), "sam").ok());
        CHECK(find("2026-05-20") == nullptr);
        CHECK_FALSE(remove_challenge(dir, st, *parse_date("2026-05-20"), "sam").ok());
    }
}

TEST_CASE("[Actions] quotes and announcements are trimmed, checked and saved") {
    test::ScratchDir s("quotes");
    DataDir dir = make_gui_dir(s);
    State st = *dir.load();
    REQUIRE(set_quotes(dir, st, {{" Learning never exhausts the mind. ", "Leonardo da Vinci"}, {"Ask “why” twice — €0 well spent", ""}}, "sam").ok());
    State fresh = *dir.load();
    REQUIRE(fresh.event.quotes.size() == 2);
    CHECK(fresh.event.quotes[0].text == "Learning never exhausts the mind.");
    CHECK(fresh.event.quotes[1].text == "Ask “why” twice — €0 well spent");
    auto bad = set_quotes(dir, st, {{"fine", "a"}, {"   ", "b"}}, "sam");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().find("quote 2") != std::string::npos);
    CHECK(dir.load()->event.quotes.size() == 2);
    CHECK_FALSE(set_quotes(dir, st, {{std::string(401, 'x'), ""}}, "sam").ok());

    REQUIRE(set_announcements(dir, st, {"Cake in the atrium at 3pm ", "Quiz on Friday"}, "sam").ok());
    CHECK(dir.load()->event.display.announcements == std::vector<std::string>{"Cake in the atrium at 3pm", "Quiz on Friday"});
    auto empty = set_announcements(dir, st, {"ok", ""}, "sam");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().find("announcement 2") != std::string::npos);
}

TEST_CASE("[Actions] display settings are validated and keep the blank switch") {
    test::ScratchDir s("display");
    DataDir dir = make_gui_dir(s);
    State st = *dir.load();
    REQUIRE(set_screens_blank(dir, st, true, "sam").ok());
    DisplaySettings d = st.event.display;
    d.blank = false;  // set_display must not switch screens back on behind the organiser's back
    d.playlist = {{"wall", 40}, {"leaderboard", 20}, {"quote", 10}};
    d.max_posts = 80;
    d.join_url = "https://intranet.example/nlaw";
    REQUIRE(set_display(dir, st, d, "sam").ok());
    State fresh = *dir.load();
    CHECK(fresh.event.display.blank);
    REQUIRE(fresh.event.display.playlist.size() == 3);
    CHECK(fresh.event.display.playlist[1].scene == "leaderboard");
    CHECK(fresh.event.display.max_posts == 80);

    DisplaySettings bad = d;
    bad.playlist.push_back({"weather", 10});
    CHECK(set_display(dir, st, bad, "sam").error().find("weather") != std::string::npos);
    bad = d;
    bad.playlist[0].seconds = 1;
    CHECK(set_display(dir, st, bad, "sam").error().find("playlist item 1") != std::string::npos);
    bad = d;
    bad.join_url = "intranet/nlaw";
    CHECK(set_display(dir, st, bad, "sam").error().find("join URL") != std::string::npos);
    bad = d;
    bad.max_posts = 0;
    CHECK_FALSE(set_display(dir, st, bad, "sam").ok());
    CHECK(dir.load()->event.display.max_posts == 80);
}

TEST_CASE("[Actions] seconds per page of posts: set through the screens action, checked, and carried by wall.json") {
    test::ScratchDir s("page-seconds");
    DataDir dir = make_gui_dir(s);
    State st = *dir.load();
    CHECK(st.event.display.page_seconds == 20);  // the default of docs/screen-time.md
    CHECK(st.event.display.max_posts == 500);
    ScreenInvite in;
    in.page_seconds = 45;
    REQUIRE(set_screen_invite(dir, st, in, "sam").ok());
    State fresh = *dir.load();
    CHECK(fresh.event.display.page_seconds == 45);
    // wall.json carries it to the screens, and reads it back.
    Wall w = build_wall(fresh, lw::now());
    CHECK(w.display.page_seconds == 45);
    auto back = parse_wall(to_json(w).dump(), "wall.json");
    REQUIRE(back);
    CHECK(back->display.page_seconds == 45);
    // A wall.json from an older hub has no page time: the default.
    auto j = to_json(w);
    j["display"].erase("page_seconds");
    CHECK(parse_wall(j.dump(), "wall.json")->display.page_seconds == 20);
    // Too short to read, or so long the wall looks frozen: refused, nothing changed.
    in.page_seconds = 2;
    auto bad = set_screen_invite(dir, st, in, "sam");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().find("seconds per page of posts: 5 to 600") != std::string::npos);
    in.page_seconds = 601;
    CHECK_FALSE(set_screen_invite(dir, st, in, "sam").ok());
    CHECK(dir.load()->event.display.page_seconds == 45);
}
