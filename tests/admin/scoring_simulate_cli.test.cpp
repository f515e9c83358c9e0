// [SimulateCli] `learnwall-admin scoring simulate`: before and after under other rules, changing nothing.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "../shared/test_util.hpp"
#include "cli/commands.hpp"

using namespace lw;
using nlohmann::json;

namespace {

struct SimRun {
    int rc = -1;
    std::string out, err;
};

SimRun sim_admin(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    cli::CommandIo io{out, err};
    bool matched = false;
    SimRun r;
    r.rc = cli::dispatch(args, io, matched);
    r.out = out.str();
    r.err = err.str();
    REQUIRE_MESSAGE(matched, "no command for the arguments");
    return r;
}

// Every file under dir with its bytes: the proof that a simulation wrote nothing.
std::map<std::string, std::string> sim_snapshot(const std::string& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        files[e.path().string()] = ss.str();
    }
    return files;
}

struct SimEvent {
    test::ScratchDir scratch{"simulate-cli"};
    std::string data = scratch.path + "/ev";
    SimEvent() {
        auto must = [](const SimRun& r) { REQUIRE_MESSAGE(r.rc == 0, r.err); };
        must(sim_admin({"init", "--data", data, "--start", "2026-05-18", "--end", "2026-05-22", "--moderation", "post",
                        "--by", "tester"}));
        must(sim_admin({"roster", "import", "--data", data,
                        write("roster.csv", "name,team,mastodon\nAna Lima,Finance,@ana@social.example\n"
                                            "Bob Stone,IT,@bob@social.example\n")}));
        must(sim_admin({"post", "add", "--data", data, "--author", "@ana@social.example", "--source", "mastodon",
                        "--text", "Tip: ctrl+shift+t reopens a closed tab #NLAWWeek", "--at", "2026-05-18T09:00:00Z"}));
        must(sim_admin({"post", "add", "--data", data, "--author", "@bob@social.example", "--source", "mastodon",
                        "--text", "I learned how to read a balance sheet #NLAWWeek", "--at", "2026-05-18T10:00:00Z"}));
        must(sim_admin({"award", "--data", data, "--person", "Bob Stone", "--points", "3", "--reason", "ran a session"}));
    }
    std::string write(const std::string& name, const std::string& text) {
        std::string path = scratch.path + "/" + name;
        std::ofstream(path) << text;
        return path;
    }
};

}  // namespace

TEST_CASE("[SimulateCli] scoring simulate prints before and after for each change and changes nothing") {
    SimEvent ev;
    // Now: Ana 10 + 5 (tip) = 15, Bob 10 + 3 = 13. Without the tip bonus Bob leads.
    std::string rules = ev.write("rules.json", R"({"tip_bonus": 0})");
    auto before = sim_snapshot(ev.data);
    REQUIRE(before.size() >= 3);

    SimRun j = sim_admin({"scoring", "simulate", "--data", ev.data, "--rules", rules, "--json"});
    REQUIRE_MESSAGE(j.rc == 0, j.err);
    json arr = json::parse(j.out);
    REQUIRE(arr.size() == 2);
    CHECK(arr[0] == json{{"name", "Bob Stone"}, {"points_before", 13}, {"points_after", 13}, {"rank_before", 2}, {"rank_after", 1}});
    CHECK(arr[1] == json{{"name", "Ana Lima"}, {"points_before", 15}, {"points_after", 10}, {"rank_before", 1}, {"rank_after", 2}});

    SimRun text = sim_admin({"scoring", "simulate", "--data", ev.data, "--rules", rules});
    REQUIRE_MESSAGE(text.rc == 0, text.err);
    CHECK(text.out.find("Bob Stone: 13 -> 13 points, rank 2 -> 1\n") == 0);
    CHECK(text.out.find("Ana Lima: 15 -> 10 points, rank 1 -> 2\n") != std::string::npos);
    CHECK(text.out.find("nothing was changed") != std::string::npos);

    CHECK(sim_snapshot(ev.data) == before);
    // The rules in force are still the old ones.
    SimRun inforce = sim_admin({"scoring", "rules", "--data", ev.data});
    CHECK(json::parse(inforce.out)["tip_bonus"] == 5);
}

TEST_CASE("[SimulateCli] scoring simulate refuses a bad rules file with the parser's message, changing nothing") {
    SimEvent ev;
    auto before = sim_snapshot(ev.data);
    SimRun bad = sim_admin({"scoring", "simulate", "--data", ev.data, "--rules",
                            ev.write("bad.json", R"({"team_score": "best"})")});
    CHECK(bad.rc == 1);
    CHECK(bad.err.find("bad.json: /team_score: expected \"total\" or \"average\", got \"best\"") != std::string::npos);
    CHECK(bad.err.find("nothing was changed") != std::string::npos);
    CHECK(bad.out.empty());
    SimRun missing = sim_admin({"scoring", "simulate", "--data", ev.data});
    CHECK(missing.rc == 2);
    CHECK(missing.err.find("--rules") != std::string::npos);
    SimRun same = sim_admin({"scoring", "simulate", "--data", ev.data, "--rules", ev.write("same.json", "{}")});
    CHECK(same.rc == 0);
    CHECK(same.out.find("nobody's points or rank would change") == 0);
    SimRun none = sim_admin({"scoring", "simulate", "--data", ev.data, "--rules", ev.write("same2.json", "{}"), "--json"});
    CHECK(json::parse(none.out) == json::array());
    CHECK(sim_snapshot(ev.data) == before);
}

TEST_CASE("[SimulateCli] scoring simulate has --help") {
    SimRun h = sim_admin({"scoring", "simulate", "--help"});
    CHECK(h.rc == 0);
    CHECK(h.out.find("usage: learnwall-admin scoring simulate") == 0);
    CHECK(h.out.find("--rules FILE") != std::string::npos);
}
