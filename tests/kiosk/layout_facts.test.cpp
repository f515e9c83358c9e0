// [kiosk] layout facts for every scene in landscape and portrait, from --layout-json and the PNG: nothing
// off screen, text inside its card or panel, cards and panels never overlapping, and ink where text is.
#include <doctest/doctest.h>

#include <fstream>
#include <map>

#include "kiosk_helpers.hpp"
#include "render/renderer.hpp"

using namespace kiosk_test;

namespace {

struct Box {
    double x, y, w, h;
    std::string kind, id;
};

Box box_of(const nlohmann::json& it) {
    return {it.at("x").get<double>(), it.at("y").get<double>(), it.at("w").get<double>(), it.at("h").get<double>(),
            it.at("kind").get<std::string>(), it.at("id").get<std::string>()};
}

bool inside(const Box& a, const Box& b, double slack = 1.0) {
    return a.x >= b.x - slack && a.y >= b.y - slack && a.x + a.w <= b.x + b.w + slack && a.y + a.h <= b.y + b.h + slack;
}

bool overlap(const Box& a, const Box& b) {
    const double e = 0.5;  // touching edges are fine
    return a.x + e < b.x + b.w && b.x + e < a.x + a.w && a.y + e < b.y + b.h && b.y + e < a.y + a.h;
}

std::vector<Box> all_of(const nlohmann::json& layout, const std::string& kind) {
    std::vector<Box> out;
    for (const auto& it : layout.at("items"))
        if (it.at("kind") == kind) out.push_back(box_of(it));
    return out;
}

// Checks that hold on every screen; returns the layout for scene-specific checks.
nlohmann::json shoot_and_check(const std::string& dir, const std::string& scene, const std::string& size,
                               const std::string& now, const std::string& source = data_file("wall-rich.json")) {
    std::string stem = dir + "/" + scene + "-" + size + "-" + now.substr(0, 10);
    auto r = run_kiosk({"--source", source, "--scene", scene, "--size", size, "--screenshot", stem + ".png",
                        "--layout-json", stem + ".json", "--now", now});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto j = nlohmann::json::parse(read_text(stem + ".json"));
    sf::Image img;
    REQUIRE(img.loadFromFile(stem + ".png"));
    double W = j.at("width").get<double>(), H = j.at("height").get<double>();
    Box screen{0, 0, W, H, "screen", ""};
    REQUIRE(!j.at("items").empty());
    for (const auto& it : j.at("items")) {
        Box b = box_of(it);
        CAPTURE(b.kind);
        CAPTURE(b.id);
        CHECK_MESSAGE(inside(b, screen), b.kind << " " << b.id << " at " << b.x << "," << b.y << " " << b.w << "x" << b.h
                                                << " is off the " << W << "x" << H << " screen");
        CHECK(b.w >= 0);
        CHECK(b.h >= 0);
    }
    // Post text, images and avatars lie inside their own card.
    std::map<std::string, Box> cards;
    for (const Box& c : all_of(j, "post_card")) cards.emplace(c.id, c);
    for (const char* part : {"post_text", "avatar", "avatar_initials"})
        for (const Box& t : all_of(j, part)) {
            REQUIRE_MESSAGE(cards.count(t.id), part << " " << t.id << " has no card");
            CHECK_MESSAGE(inside(t, cards.at(t.id)), part << " of " << t.id << " leaves its card");
        }
    // Cards, panels and the header never overlap one another.
    std::vector<Box> blocks;
    for (const char* kind : {"header", "post_card", "leader_panel", "team_panel", "quote_panel", "join"})
        for (const Box& b : all_of(j, kind)) blocks.push_back(b);
    if (scene != "challenge")
        for (const Box& b : all_of(j, "challenge_panel")) blocks.push_back(b);
    for (std::size_t a = 0; a < blocks.size(); ++a)
        for (std::size_t b = a + 1; b < blocks.size(); ++b)
            CHECK_MESSAGE(!overlap(blocks[a], blocks[b]), blocks[a].kind << " " << blocks[a].id << " overlaps "
                                                                        << blocks[b].kind << " " << blocks[b].id);
    // Rows stay inside their panel and apart from each other.
    for (auto kinds : {std::pair{"leader_row", "leader_panel"}, std::pair{"team_row", "team_panel"}}) {
        // Plain variables, not a structured binding: clang 14 cannot use those inside doctest's lambdas.
        const char* row_kind = kinds.first;
        const char* panel_kind = kinds.second;
        auto rows = all_of(j, row_kind);
        auto panels = all_of(j, panel_kind);
        for (const Box& row : rows) {
            bool in_one = false;
            for (const Box& p : panels) in_one = in_one || inside(row, p);
            CHECK_MESSAGE(in_one, row_kind << " " << row.id << " is outside every " << panel_kind);
        }
        for (std::size_t a = 0; a < rows.size(); ++a)
            for (std::size_t b = a + 1; b < rows.size(); ++b) CHECK(!overlap(rows[a], rows[b]));
    }
    for (const Box& q : all_of(j, "qr")) {
        bool in_join = false;
        for (const Box& p : all_of(j, "join")) in_join = in_join || inside(q, p);
        CHECK(in_join);
    }
    // Text boxes have ink: not an empty rectangle where words should be.
    for (const char* kind : {"post_text", "quote", "challenge", "countdown", "thanks"})
        for (const Box& t : all_of(j, kind)) {
            if (t.w < 4 || t.h < 4) continue;
            auto px = [&](double v) { return static_cast<int>(v); };
            sf::Color bg = img.getPixel(static_cast<unsigned>(std::max(0.0, t.x - 2)), static_cast<unsigned>(t.y + t.h / 2));
            std::size_t ink = pixels_differing(img, px(t.x), px(t.y), px(t.w), px(t.h), bg);
            CHECK_MESSAGE(ink > static_cast<std::size_t>(t.w * t.h / 200), kind << " " << t.id << " has no ink");
        }
    return j;
}

const std::vector<std::string> kSizes = {"1920x1080", "1080x1920"};
const std::string kDuring = "2026-05-19T10:35:00Z";

}  // namespace

TEST_CASE("[kiosk] layout facts: the live wall in landscape and portrait") {
    auto dir = scratch_dir("facts-wall");
    for (const auto& size : kSizes) {
        CAPTURE(size);
        auto j = shoot_and_check(dir, "wall", size, kDuring);
        CHECK(all_of(j, "post_card").size() >= 4);
        CHECK(all_of(j, "leader_row").size() >= 3);
        CHECK(all_of(j, "qr").size() == 1);
        CHECK(all_of(j, "quote").size() == 1);
        // The pinned post (the fifth in the fixture) comes first; the featured one comes round within the
        // first pages (the wall pages through every post, docs/screen-time.md: 10:35:00, :20 and :40 are the
        // wall slot's three pages of the default playlist, 10:36:40 the next slot's first).
        CHECK(all_of(j, "post_card").front().id == "bluesky:104");
        bool featured = false;
        for (const char* at : {"2026-05-19T10:35:00Z", "2026-05-19T10:35:20Z", "2026-05-19T10:35:40Z",
                               "2026-05-19T10:36:40Z", "2026-05-19T10:37:00Z", "2026-05-19T10:37:20Z"}) {
            auto page = std::string(at) == kDuring ? j : shoot_and_check(dir, "wall", size, at);
            CHECK(all_of(page, "post_card").front().id == "bluesky:104");  // pinned: on every page
            for (const Box& c : all_of(page, "post_card")) featured = featured || c.id == "bluesky:101";
            if (featured) break;
        }
        CHECK(featured);
    }
}

TEST_CASE("[kiosk] layout facts: the leaderboard with people and teams") {
    auto dir = scratch_dir("facts-leaders");
    for (const auto& size : kSizes) {
        CAPTURE(size);
        auto j = shoot_and_check(dir, "leaderboard", size, kDuring);
        CHECK(all_of(j, "leader_row").size() >= 8);
        CHECK(all_of(j, "team_row").size() >= 4);
        CHECK(all_of(j, "leader_row").front().id == "Lena Berg");
    }
}

TEST_CASE("[kiosk] layout facts: today's challenge, the countdown before and the thank-you after") {
    auto dir = scratch_dir("facts-challenge");
    for (const auto& size : kSizes) {
        CAPTURE(size);
        auto during = shoot_and_check(dir, "challenge", size, kDuring);
        REQUIRE(all_of(during, "challenge").size() == 1);
        CHECK(all_of(during, "challenge").front().id == "ShortcutTuesday");
        CHECK(inside(all_of(during, "challenge").front(), all_of(during, "challenge_panel").front()));
        CHECK(all_of(during, "qr").size() == 1);
        CHECK(all_of(during, "time_left").size() == 1);
    }
    // Before and after the event: one orientation each keeps the suite quick.
    auto before = shoot_and_check(dir, "challenge", "1920x1080", "2026-05-10T09:00:00Z");
    CHECK(all_of(before, "countdown").size() == 1);
    CHECK(all_of(before, "challenge").empty());
    auto after = shoot_and_check(dir, "challenge", "1080x1920", "2026-05-25T09:00:00Z");
    CHECK(all_of(after, "thanks").size() == 1);
    CHECK(all_of(after, "leader_row").size() >= 3);
}

TEST_CASE("[kiosk] yesterday's challenge shown as today's: the screen picks the day's challenge by its own clock (--now)") {
    auto dir = scratch_dir("facts-challenge-day");
    // Published on Tuesday 19 May (challenge_today is Tuesday's), with every challenge dated.
    auto wall = nlohmann::json::parse(read_text(data_file("wall-rich.json")));
    nlohmann::json tuesday = wall.at("challenge_today");
    nlohmann::json wednesday = {{"date", "2026-05-20"}, {"title", "Connect: coffee with someone new"},
                                {"description", "Ask someone outside your team what they are learning this week."},
                                {"tag", "CoffeeWednesday"}, {"bonus", 15}};
    nlohmann::json friday = {{"date", "2026-05-22"}, {"title", "Read one article and share the best line"},
                             {"description", ""}, {"tag", "ReadingFriday"}, {"bonus", 10}};
    wall["challenges"] = nlohmann::json::array({tuesday, wednesday, friday});
    const std::string dated = dir + "/wall-dated.json";
    {
        std::ofstream(dated) << wall.dump(1);
    }
    for (const auto& size : kSizes) {
        CAPTURE(size);
        // Wednesday 08:00 in London, nothing republished since Tuesday evening.
        auto wed = shoot_and_check(dir, "challenge", size, "2026-05-20T07:00:00Z", dated);
        REQUIRE(all_of(wed, "challenge").size() == 1);
        CHECK(all_of(wed, "challenge").front().id == "CoffeeWednesday");
        // 00:30 in London is still Tuesday in UTC: the event's zone decides.
        auto midnight = shoot_and_check(dir, "challenge", size, "2026-05-19T23:30:00Z", dated);
        REQUIRE(all_of(midnight, "challenge").size() == 1);
        CHECK(all_of(midnight, "challenge").front().id == "CoffeeWednesday");
        // Thursday has none: the everyday prompt, and what comes next.
        auto thu = shoot_and_check(dir, "challenge", size, "2026-05-21T09:00:00Z", dated);
        REQUIRE(all_of(thu, "challenge").size() == 1);
        CHECK(all_of(thu, "challenge").front().id == "");
        REQUIRE(all_of(thu, "next_challenge").size() == 1);
        CHECK(all_of(thu, "next_challenge").front().id == "ReadingFriday");
        CHECK(inside(all_of(thu, "next_challenge").front(), all_of(thu, "challenge_panel").front()));
    }
    // A wall from an older hub (challenge_today only, dated Tuesday) shows no challenge on Wednesday.
    auto old = shoot_and_check(dir, "challenge", "1920x1080", "2026-05-20T07:00:00Z");
    REQUIRE(all_of(old, "challenge").size() == 1);
    CHECK(all_of(old, "challenge").front().id == "");
}

TEST_CASE("[kiosk] layout facts: the quote scene") {
    auto dir = scratch_dir("facts-quote");
    for (const auto& size : kSizes) {
        CAPTURE(size);
        auto j = shoot_and_check(dir, "quote", size, kDuring);
        REQUIRE(all_of(j, "quote").size() == 1);
        CHECK(all_of(j, "quote_author").size() == 1);
    }
}

namespace {

// The teams a wall file lists, in rank order.
std::vector<std::string> team_names_of(const std::string& wall_file) {
    std::vector<std::string> out;
    const auto wall = nlohmann::json::parse(read_text(wall_file));
    for (const auto& t : wall.at("teams")) out.push_back(t.at("team").get<std::string>());
    return out;
}

// The team board on one screen: the names it shows are the first teams in rank order, and either all of
// them or the rest counted on a "+N more" line inside the panel, below the last row, with no room left
// for another row (every team that fits is shown).
void check_team_board(const nlohmann::json& j, const std::vector<std::string>& teams) {
    auto panels = all_of(j, "team_panel");
    REQUIRE(panels.size() == 1);
    const Box& panel = panels.front();
    auto names = all_of(j, "team_name");
    auto rows = all_of(j, "team_row");
    REQUIRE(names.size() == rows.size());
    REQUIRE(!rows.empty());
    REQUIRE(names.size() <= teams.size());
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(names[i].id == teams[i]);
    for (const Box& r : rows) CHECK_MESSAGE(inside(r, panel), "team_row " << r.id << " is drawn outside its panel");
    auto more = all_of(j, "team_more");
    const double row_h = rows.front().h;
    const double panel_bottom = panel.y + panel.h;
    if (names.size() == teams.size()) {
        CHECK(more.empty());
        return;
    }
    REQUIRE_MESSAGE(more.size() == 1, names.size() << " of " << teams.size() << " teams shown, with no \"+N more\" line");
    CHECK(more.front().id == lw::kiosk::more_teams_label(teams.size() - names.size()));
    CHECK(inside(more.front(), panel));
    CHECK(more.front().y >= rows.back().y + rows.back().h - 0.5);
    CHECK_MESSAGE(panel_bottom - (more.front().y + more.front().h) < row_h,
                  "room for another team row is left empty below \"" << more.front().id << "\"");
}

}  // namespace

TEST_CASE("[kiosk] the \"+N more teams\" line: singular and plural") {
    CHECK(lw::kiosk::more_teams_label(1) == "+1 more team");
    CHECK(lw::kiosk::more_teams_label(2) == "+2 more teams");
    CHECK(lw::kiosk::more_teams_label(24) == "+24 more teams");
}

TEST_CASE("[kiosk] a portrait team board drops the sixth team with space left (issue 11, item 8)") {
    // Six teams (wall-rich.json) fit every team board: the leaderboard and the after-the-event wrap board,
    // in both orientations, show all six and no "+N more" line.
    auto dir = scratch_dir("facts-six-teams");
    const auto teams = team_names_of(data_file("wall-rich.json"));
    REQUIRE(teams.size() == 6);
    for (const auto& size : kSizes) {
        CAPTURE(size);
        auto board = shoot_and_check(dir, "leaderboard", size, kDuring);
        check_team_board(board, teams);
        CHECK(all_of(board, "team_name").size() == 6);
        auto wrap = shoot_and_check(dir, "challenge", size, "2026-05-25T09:00:00Z");
        REQUIRE(all_of(wrap, "thanks").size() == 1);
        check_team_board(wrap, teams);
        CHECK(all_of(wrap, "team_name").size() == 6);
    }
    // Eight teams on the portrait leaderboard: the team panel grows (closing up the member counts if it
    // must) and shows all eight, where a fixed six left two out with the people panel half empty.
    auto wall = nlohmann::json::parse(read_text(data_file("wall-many-teams.json")));
    wall["teams"].erase(wall["teams"].begin() + 8, wall["teams"].end());
    const auto eight_dir = scratch_dir("facts-eight-teams");  // its own folder: the same file names as above
    const std::string eight = eight_dir + "/wall-eight-teams.json";
    {
        std::ofstream(eight) << wall.dump(1);
    }
    auto board = shoot_and_check(eight_dir, "leaderboard", "1080x1920", kDuring, eight);
    check_team_board(board, team_names_of(eight));
    CHECK(all_of(board, "team_name").size() == 8);
    CHECK(all_of(board, "leader_row").size() >= 6);
}

TEST_CASE("[kiosk] the wrap board is hard-limited to five teams, with no \"+N more\" (issue 11, item 8)") {
    // Thirty teams: each board shows as many as its panel holds (more than the old fixed five to eight),
    // then "+N more teams" with the right N, every row inside its panel.
    auto dir = scratch_dir("facts-many-teams");
    const std::string source = data_file("wall-many-teams.json");
    const auto teams = team_names_of(source);
    REQUIRE(teams.size() == 30);
    for (const auto& size : kSizes) {
        CAPTURE(size);
        auto board = shoot_and_check(dir, "leaderboard", size, kDuring, source);
        check_team_board(board, teams);
        CHECK(all_of(board, "team_more").size() == 1);
        auto wrap = shoot_and_check(dir, "challenge", size, "2026-05-25T09:00:00Z", source);
        check_team_board(wrap, teams);
        CHECK(all_of(wrap, "team_more").size() == 1);
        CHECK(all_of(wrap, "team_name").size() > 5);
    }
}

TEST_CASE("[kiosk] a people board stops at a fixed count with space left (issue 11, item 8)") {
    // Thirty people and two teams on the portrait leaderboard: the team panel takes only what two teams
    // need and the people board fills the rest, past the old fixed twelve, down to its last whole row.
    auto dir = scratch_dir("facts-many-people");
    auto wall = nlohmann::json::parse(read_text(data_file("wall-rich.json")));
    nlohmann::json people = nlohmann::json::array();
    for (int i = 0; i < 30; ++i)
        people.push_back({{"rank", i + 1}, {"name", "Learner " + std::to_string(i + 1)}, {"team", i % 2 ? "Design" : "Engineering"},
                          {"points", 300 - 7 * i}, {"badges", nlohmann::json::array()}, {"movement", 0}, {"new", false}});
    wall["leaderboard"] = people;
    wall["teams"].erase(wall["teams"].begin() + 2, wall["teams"].end());
    const std::string source = dir + "/wall-many-people.json";
    {
        std::ofstream(source) << wall.dump(1);
    }
    auto j = shoot_and_check(dir, "leaderboard", "1080x1920", kDuring, source);
    auto rows = all_of(j, "leader_row");
    auto panels = all_of(j, "leader_panel");
    REQUIRE(panels.size() == 1);
    REQUIRE(rows.size() > 12);
    CHECK(rows.front().id == "Learner 1");
    CHECK(rows.back().id == "Learner " + std::to_string(rows.size()));
    const double room_left = panels.front().y + panels.front().h - (rows.back().y + rows.back().h);
    CHECK_MESSAGE(room_left < rows.back().h * 1.5, "room for another person is left empty: " << room_left << " px");
    CHECK(all_of(j, "team_name").size() == 2);
}
