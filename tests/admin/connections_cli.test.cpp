// [ConnectionsCli] learnwall-admin connections and post add --credit, through the real binary (issue 14).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "cli_util.hpp"

using namespace lw;
using nlohmann::json;

namespace {

struct ConnEvent {
    test::ScratchDir scratch{"connections-cli"};
    std::string data = scratch.path + "/ev";
    test::CliResult run(std::vector<std::string> args) {
        args.push_back("--data");
        args.push_back(data);
        return test::admin(scratch, args);
    }
    ConnEvent() {
        auto r = run({"init", "--start", "2026-05-18", "--end", "2026-05-22", "--moderation", "post", "--tag", "NLAWWeek",
                      "--name", "Week"});
        REQUIRE_MESSAGE(r.rc == 0, r.err);
        std::string csv = scratch.path + "/staff.csv";
        std::ofstream(csv) << "name,team,mastodon\nAna Lima,Finance,@ana@social.example\nBob Stone,IT,@bob@social.example\n"
                              "Cy Park,IT,@cy@social.example\n";
        auto imp = run({"roster", "import", csv});
        REQUIRE_MESSAGE(imp.rc == 0, imp.err);
    }
    void post(const std::string& author, const std::string& text, const std::string& at, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"post", "add", "--author", author, "--text", text, "--at", at};
        if (author.front() == '@') {
            args.push_back("--source");
            args.push_back("mastodon");
        }
        for (auto& e : extra) args.push_back(e);
        auto r = run(args);
        REQUIRE_MESSAGE(r.rc == 0, r.err);
    }
};

}  // namespace

TEST_CASE("[ConnectionsCli] connections --json: people, teams and the cross-team share, names as on the board") {
    ConnEvent ev;
    ev.post("@bob@social.example", "thanks @ana@social.example for pivot tables #NLAWWeek", "2026-05-18T10:00:00Z");
    ev.post("Cy Park", "Tip: name your ranges #NLAWWeek", "2026-05-18T11:00:00Z", {"--credit", "Bob Stone"});
    ev.post("@cy@social.example", "h/t @ana@social.example #NLAWWeek", "2026-05-19T11:00:00Z");
    auto r = ev.run({"connections", "--json"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    json j = json::parse(r.out);
    REQUIRE(j["people"].size() == 3);
    CHECK(j["cross_team_share"].get<double>() == doctest::Approx(2.0 / 3.0));
    bool credit_seen = false;
    for (const auto& p : j["people"]) {
        CHECK(p.contains("from"));
        CHECK(p.contains("to"));
        CHECK(p["count"] == 1);
        if (p["from"] == "Cy Park" && p["to"] == "Bob Stone") credit_seen = p["kinds"] == json::array({"credit"});
    }
    CHECK(credit_seen);
    REQUIRE(j["teams"].size() == 2);
    CHECK(j["teams"][0]["from_team"] == "IT");
    CHECK(j["teams"][0]["to_team"] == "Finance");
    CHECK(j["teams"][0]["count"] == 2);
    // The text form says the same.
    auto t = ev.run({"connections"});
    REQUIRE(t.rc == 0);
    CHECK(t.out.find("3 connections, 67% across teams") == 0);
    CHECK(t.out.find("Bob Stone -> Ana Lima  1  (thanks)") != std::string::npos);
    // Opted-out people show as the board shows them.
    REQUIRE(ev.run({"roster", "opt-out", "Ana Lima", "anonymous"}).rc == 0);
    auto anon = ev.run({"connections", "--json"});
    REQUIRE(anon.rc == 0);
    CHECK(anon.out.find("Ana Lima") == std::string::npos);
    CHECK(anon.out.find("a colleague") != std::string::npos);
    // The wall carries the block for the kiosk's scene.
    REQUIRE(ev.run({"publish"}).rc == 0);
    json wall = json::parse(test::slurp(ev.data + "/publish/wall.json"));
    REQUIRE(wall.contains("connections"));
    CHECK(wall["connections"]["total"] == 3);
}

TEST_CASE("[ConnectionsCli] connections --help, an empty event, and post add --credit with nothing") {
    ConnEvent ev;
    auto help = test::admin(ev.scratch, {"connections", "--help"});
    CHECK(help.rc == 0);
    CHECK(help.out.find("usage: learnwall-admin connections") == 0);
    CHECK(help.out.find("--json") != std::string::npos);
    auto none = ev.run({"connections"});
    CHECK(none.rc == 0);
    CHECK(none.out.find("no learning connections yet") == 0);
    auto nj = ev.run({"connections", "--json"});
    REQUIRE(nj.rc == 0);
    CHECK(json::parse(nj.out) == json::parse(R"({"people":[],"teams":[],"cross_team_share":0.0})"));
    auto empty_credit = ev.run({"post", "add", "--author", "Cy Park", "--text", "Tip: x #NLAWWeek", "--credit", " "});
    CHECK(empty_credit.rc == 2);
    CHECK(empty_credit.err.find("--credit") != std::string::npos);
    auto no_data = test::admin(ev.scratch, {"connections", "--data", ev.scratch.path + "/missing"});
    CHECK(no_data.rc == 1);
    CHECK(no_data.err.find("learnwall-admin connections") == 0);
}
