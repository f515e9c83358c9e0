// [ScoringCli] challenge, roster, award, leaderboard and explain commands: outputs, JSON shapes, errors.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "../shared/test_util.hpp"
#include "cli/commands.hpp"
#include "learnwall/wall.hpp"

using namespace lw;
using nlohmann::json;

namespace {

struct Run {
    int rc = -1;
    std::string out, err;
};

Run admin(std::vector<std::string> args) {
    std::ostringstream out, err;
    cli::CommandIo io{out, err};
    bool matched = false;
    Run r;
    r.rc = cli::dispatch(args, io, matched);
    r.out = out.str();
    r.err = err.str();
    REQUIRE_MESSAGE(matched, "no command for the arguments");
    return r;
}

struct CliEvent {
    test::ScratchDir scratch{"scoring-cli"};
    std::string data = scratch.path + "/ev";

    CliEvent() {
        Run r = admin({"init", "--data", data, "--start", "2026-05-18", "--end", "2026-05-22", "--moderation", "post",
                       "--by", "tester"});
        REQUIRE_MESSAGE(r.rc == 0, r.err);
    }
    Run operator()(std::vector<std::string> args) {
        args.insert(args.begin() + static_cast<long>(std::min<size_t>(args.size(), command_words(args))), {"--data", data});
        return admin(args);
    }
    static size_t command_words(const std::vector<std::string>& a) {
        static const std::vector<std::string> two{"challenge", "roster", "post", "scoring"};
        return std::find(two.begin(), two.end(), a.at(0)) != two.end() ? 2 : 1;
    }
    std::string write(const std::string& name, const std::string& text) {
        std::string path = scratch.path + "/" + name;
        std::ofstream(path) << text;
        return path;
    }
};

}  // namespace

TEST_CASE("[ScoringCli] every scoring command has --help") {
    for (auto cmd : std::vector<std::vector<std::string>>{{"challenge", "add"},
                                                           {"challenge", "list"},
                                                           {"roster", "import"},
                                                           {"roster", "unknown"},
                                                           {"award"},
                                                           {"leaderboard"},
                                                           {"explain"},
                                                           {"scoring", "rules"}}) {
        cmd.push_back("--help");
        Run r = admin(cmd);
        CHECK(r.rc == 0);
        CHECK(r.out.find("usage: learnwall-admin " + cmd[0]) == 0);
        CHECK(r.out.find("--data DIR") != std::string::npos);
    }
}

TEST_CASE("[ScoringCli] challenges: added, listed, published; outside the event or twice a day refused") {
    CliEvent ev;
    Run add = ev({"challenge", "add", "--date", "2026-05-19", "--title", "Teach a shortcut", "--tag", "#shortcut",
                  "--bonus", "25"});
    REQUIRE_MESSAGE(add.rc == 0, add.err);
    Run twice = ev({"challenge", "add", "--date", "2026-05-19", "--title", "Another", "--tag", "x"});
    CHECK(twice.rc == 1);
    CHECK(twice.err.find("already has a challenge") != std::string::npos);
    Run outside = ev({"challenge", "add", "--date", "2026-06-01", "--title", "Late", "--tag", "x"});
    CHECK(outside.rc == 1);
    CHECK(outside.err.find("outside the event") != std::string::npos);
    Run bad_date = ev({"challenge", "add", "--date", "19/05/2026", "--title", "T", "--tag", "x"});
    CHECK(bad_date.rc == 2);
    Run bad_bonus = ev({"challenge", "add", "--date", "2026-05-20", "--title", "T", "--tag", "x", "--bonus", "ten"});
    CHECK(bad_bonus.rc == 2);

    Run list = ev({"challenge", "list", "--json"});
    REQUIRE(list.rc == 0);
    json j = json::parse(list.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["tag"] == "shortcut");
    CHECK(j[0]["bonus"] == 25);
    CHECK(j[0]["date"] == "2026-05-19");
}

TEST_CASE("[ScoringCli] roster import, award, leaderboard and explain") {
    CliEvent ev;
    std::string csv = ev.write("staff.csv",
                               "name,team,mastodon,bluesky\n"
                               "Ana Lima,Finance,@ana@social.example,ana.bsky.social\n"
                               "Bob Stone,IT,@bob@social.example,\n");
    Run imp = ev({"roster", "import", csv});
    REQUIRE_MESSAGE(imp.rc == 0, imp.err);
    CHECK(imp.out.find("imported 2 people in 2 teams") == 0);

    std::string bad = ev.write("bad.csv", "name,team\nAna,IT\nAna,HR\n");
    Run refused = ev({"roster", "import", bad});
    CHECK(refused.rc == 1);
    CHECK(refused.err.find("bad.csv:3") != std::string::npos);

    REQUIRE(ev({"post", "add", "--author", "@ana@social.example", "--source", "mastodon", "--text",
                "Tip: ctrl+shift+t reopens a closed tab #NLAWWeek", "--at", "2026-05-18T09:00:00Z"})
                .rc == 0);
    REQUIRE(ev({"post", "add", "--author", "ana.bsky.social", "--source", "bluesky", "--text",
                "tip: CTRL+SHIFT+T reopens a closed tab #LearningAtWorkWeek", "--at", "2026-05-18T09:05:00Z"})
                .rc == 0);
    REQUIRE(ev({"post", "add", "--author", "@bob@social.example", "--source", "mastodon", "--text",
                "I learned how to read a balance sheet #NLAWWeek", "--at", "2026-05-18T10:00:00Z"})
                .rc == 0);
    REQUIRE(ev({"post", "add", "--author", "@eve@elsewhere.example", "--source", "mastodon", "--text",
                "Visiting and learning things too #NLAWWeek", "--at", "2026-05-18T10:00:00Z"})
                .rc == 0);

    Run award = ev({"award", "--person", "bob stone", "--points", "7", "--reason", "ran the lunch session"});
    REQUIRE_MESSAGE(award.rc == 0, award.err);
    CHECK(award.out.find("Bob Stone") != std::string::npos);
    Run penalty = ev({"award", "--person", "Ana Lima", "--points", "-2", "--reason", "posted off topic"});
    REQUIRE_MESSAGE(penalty.rc == 0, penalty.err);
    CHECK(ev({"award", "--person", "Nobody", "--points", "5", "--reason", "x"}).rc == 1);
    CHECK(ev({"award", "--person", "Ana Lima", "--points", "5"}).rc == 2);
    CHECK(ev({"award", "--person", "Ana Lima", "--points", "0", "--reason", "x"}).rc == 1);

    Run board = ev({"leaderboard", "--json"});
    REQUIRE(board.rc == 0);
    json people = json::parse(board.out);
    REQUIRE(people.size() == 2);  // Eve is not in the roster
    CHECK(people[0]["rank"] == 1);
    CHECK(people[0]["name"] == "Bob Stone");  // 10 + 7
    CHECK(people[0]["points"] == 17);
    CHECK(people[0]["team"] == "IT");
    CHECK(people[1]["name"] == "Ana Lima");  // 10 + 5 (tip), once for the cross-post, - 2
    CHECK(people[1]["points"] == 13);
    CHECK(people[1]["badges"].is_array());
    CHECK(people[1]["badges"][0] == "First tip");

    Run teams = ev({"leaderboard", "--teams", "--json"});
    json t = json::parse(teams.out);
    REQUIRE(t.size() == 2);
    CHECK(t[0]["team"] == "IT");

    Run unknown = ev({"roster", "unknown", "--json"});
    json u = json::parse(unknown.out);
    REQUIRE(u.size() == 1);
    CHECK(u[0]["handle"] == "eve@elsewhere.example");

    Run explain = ev({"explain", "Ana Lima", "--json"});
    REQUIRE_MESSAGE(explain.rc == 0, explain.err);
    json e = json::parse(explain.out);
    CHECK(e["name"] == "Ana Lima");
    CHECK(e["total"] == 13);
    std::int64_t sum = 0;
    bool duplicate_explained = false;
    for (const auto& item : e["items"]) {
        sum += item["points"].get<std::int64_t>();
        CHECK_FALSE(item["reason"].get<std::string>().empty());
        duplicate_explained |= item["reason"].get<std::string>().find("same text") != std::string::npos;
    }
    CHECK(sum == 13);
    CHECK(duplicate_explained);
    CHECK(ev({"explain", "Nobody"}).rc == 1);
    Run text = ev({"explain", "ana lima"});
    CHECK(text.out.find("Ana Lima (Finance): 13 points") == 0);

    // The changing commands republished wall.json with the boards.
    auto wall_text = read_file(ev.data + "/publish/wall.json");
    REQUIRE(wall_text.ok());
    auto wall = parse_wall(*wall_text, "wall.json");
    REQUIRE_MESSAGE(wall.ok(), wall.error());
    REQUIRE(wall->leaderboard.size() == 2);
    CHECK(wall->leaderboard[0].name == "Bob Stone");
    CHECK(wall->leaderboard[0].points == 17);
}
