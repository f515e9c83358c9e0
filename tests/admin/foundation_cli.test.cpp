// [Admin CLI] The foundation commands as scripts use them: outputs, exit codes, messages.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include "cli_util.hpp"

using namespace lw::test;
using nlohmann::json;

namespace {
std::vector<json> json_lines(const std::string& text) {
    std::vector<json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(json::parse(line));
    return out;
}
}  // namespace

TEST_CASE("[Admin CLI] init, post add, moderate, publish, export, validate") {
    ScratchDir s("cli");
    const std::string data = s.path + "/ev";
    auto init = admin(s, {"init", "--data", data, "--name", "Acme Week", "--start", "2026-05-18", "--end", "2026-05-24",
                          "--timezone", "Europe/London", "--tag", "#NLAWWeek", "--tag", "LearningAtWorkWeek"});
    REQUIRE_MESSAGE(init.rc == 0, init.err);
    CHECK(init.out.find("Acme Week") != std::string::npos);

    auto again = admin(s, {"init", "--data", data});
    CHECK(again.rc == 1);
    CHECK(again.err.find("already exists") != std::string::npos);

    auto p1 = admin(s, {"post", "add", "--data", data, "--author", "@ana@example.org", "--at", "2026-05-18T09:00:00Z",
                        "--text", "Tip: explain it back to a colleague #NLAWWeek"});
    REQUIRE_MESSAGE(p1.rc == 0, p1.err);
    const std::string id1 = p1.last_line();
    auto p2 = admin(s, {"post", "add", "--data", data, "--author", "Bob Smith", "--text", "Off topic #NLAWWeek"});
    REQUIRE(p2.rc == 0);
    const std::string id2 = p2.last_line();
    CHECK(id1 != id2);
    CHECK(id1.rfind("manual:", 0) == 0);

    auto exported = admin(s, {"export", "posts", "--data", data});
    REQUIRE(exported.rc == 0);
    auto rows = json_lines(exported.out);
    REQUIRE(rows.size() == 2);
    for (const char* field : {"source", "native_id", "url", "author_handle", "author_display_name", "text",
                              "created_at", "image_urls", "like_count", "repost_count", "reply_count", "is_reply",
                              "moderation"})
        CHECK_MESSAGE(rows[0].contains(field), field);
    CHECK(rows[0]["created_at"] == "2026-05-18T09:00:00Z");
    CHECK(rows[0]["moderation"] == "pending");
    CHECK(rows[0]["author_handle"] == "ana@example.org");

    auto approve = admin(s, {"moderate", "approve", id1, "--data", data, "--reason", "great tip", "--by", "sam"});
    REQUIRE_MESSAGE(approve.rc == 0, approve.err);
    auto reject = admin(s, {"moderate", "reject", "--all-pending", "--data", data});
    REQUIRE(reject.rc == 0);
    CHECK(reject.out.find("1 post") != std::string::npos);

    rows = json_lines(admin(s, {"export", "posts", "--data", data, "--state", "approved"}).out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["id"] == id1);

    std::string wall = slurp(data + "/publish/wall.json");
    CHECK(wall.find("explain it back") != std::string::npos);
    CHECK(wall.find("Off topic") == std::string::npos);

    std::string journal = slurp(data + "/journal.jsonl");
    CHECK(journal.find("\"by\":\"sam\"") != std::string::npos);
    CHECK(journal.find("great tip") != std::string::npos);

    auto pub = admin(s, {"publish", "--data", data});
    CHECK(pub.rc == 0);
    CHECK(pub.out.find("1 posts") != std::string::npos);
    auto val = admin(s, {"validate", "--data", data});
    CHECK_MESSAGE(val.rc == 0, val.err);
}

TEST_CASE("[Admin CLI] bad command lines are usage errors with a message") {
    ScratchDir s("cli-usage");
    const std::string data = s.path + "/ev";
    REQUIRE(admin(s, {"init", "--data", data}).rc == 0);
    struct Case {
        std::vector<std::string> args;
        int rc;
        const char* message;
    };
    std::vector<Case> cases = {
        {{"frobnicate"}, 2, "unknown command"},
        {{"post"}, 2, "post add"},
        {{"post", "add", "--data", data, "--text", "x"}, 2, "--author"},
        {{"post", "add", "--data", data, "--author", "a", "--text", "x", "--at", "tuesday"}, 2, "RFC 3339"},
        {{"post", "add", "--data", data, "--author", "a", "--text", "x", "--colour", "red"}, 2, "unknown option --colour"},
        {{"post", "add", "--author", "a", "--text", "x"}, 2, "--data DIR is required"},
        {{"moderate", "approve", "--data", data}, 2, "post ids"},
        {{"moderate", "obliterate", "manual:2", "--data", data}, 2, "unknown action"},
        {{"moderate", "approve", "manual:404", "--data", data}, 1, "manual:404"},
        {{"init", "--data", s.path + "/ev2", "--timezone", "Moon/Base"}, 2, "Moon/Base"},
        {{"init", "--data", s.path + "/ev3", "--start", "2026-05-20", "--end", "2026-05-18"}, 2, "before --start"},
        {{"publish", "--data", s.path + "/missing"}, 1, "not a data directory"},
    };
    for (const auto& c : cases) {
        std::string joined;
        for (const auto& a : c.args) joined += a + " ";
        CAPTURE(joined);
        auto r = admin(s, c.args);
        CHECK(r.rc == c.rc);
        CHECK(r.err.find(c.message) != std::string::npos);
    }
}

TEST_CASE("[Admin CLI] every command answers --help") {
    ScratchDir s("cli-help");
    auto overview = admin(s, {"--help"});
    REQUIRE(overview.rc == 0);
    std::istringstream in(overview.out);
    std::string line;
    int commands = 0;
    bool in_list = false;
    while (std::getline(in, line)) {
        if (line == "commands:") {
            in_list = true;
            continue;
        }
        if (in_list && line.empty()) break;
        if (!in_list) continue;
        // "  post add            summary": the command words are separated from the summary by 2+ spaces.
        auto end = line.find("  ", 2);
        std::string words = line.substr(2, end - 2);
        std::vector<std::string> args;
        std::istringstream w(words);
        std::string word;
        while (w >> word) args.push_back(word);
        args.push_back("--help");
        CAPTURE(words);
        auto r = admin(s, args);
        CHECK(r.rc == 0);
        CHECK(r.out.find("usage: learnwall-admin " + words) == 0);
        ++commands;
    }
    CHECK(commands >= 6);
}

TEST_CASE("[Admin CLI] a broken event.json is refused by name and pointer, and validate says so") {
    ScratchDir s("cli-broken");
    const std::string data = s.path + "/ev";
    REQUIRE(admin(s, {"init", "--data", data}).rc == 0);
    std::string text = slurp(data + "/event.json");
    auto pos = text.find("\"timezone\": \"Europe/London\"");
    REQUIRE(pos != std::string::npos);
    text.replace(pos, 27, "\"timezone\": 7");
    std::ofstream(data + "/event.json") << text;
    auto r = admin(s, {"validate", "--data", data});
    CHECK(r.rc == 1);
    CHECK(r.err.find(data + "/event.json: /event/timezone: expected a string, got an integer") != std::string::npos);
    auto p = admin(s, {"post", "add", "--data", data, "--author", "a", "--text", "hello"});
    CHECK(p.rc == 1);
    CHECK(p.err.find("/event/timezone") != std::string::npos);
}

TEST_CASE("[Admin CLI] publish --as-of rehearses a day: its challenge in challenge_today, every challenge dated in wall.json") {
    ScratchDir s("cli-as-of");
    const std::string data = s.path + "/ev";
    REQUIRE(admin(s, {"init", "--data", data, "--name", "Acme Week", "--start", "2026-05-18", "--end", "2026-05-24",
                      "--timezone", "Europe/London", "--tag", "NLAWWeek"})
                .rc == 0);
    REQUIRE(admin(s, {"challenge", "add", "--data", data, "--date", "2026-05-19", "--title", "Connect: coffee with someone new",
                      "--tag", "coffee", "--no-publish"})
                .rc == 0);
    REQUIRE(admin(s, {"challenge", "add", "--data", data, "--date", "2026-05-20", "--title", "Teach a shortcut", "--tag",
                      "shortcut", "--no-publish"})
                .rc == 0);
    auto pub = admin(s, {"publish", "--data", data, "--as-of", "2026-05-20"});
    REQUIRE_MESSAGE(pub.rc == 0, pub.err);
    CHECK(pub.out.find("Teach a shortcut") != std::string::npos);
    auto wall = nlohmann::json::parse(slurp(data + "/publish/wall.json"));
    CHECK(wall["challenge_today"]["date"] == "2026-05-20");
    CHECK(wall["challenge_today"]["tag"] == "shortcut");
    REQUIRE(wall["challenges"].size() == 2);
    CHECK(wall["challenges"][0]["date"] == "2026-05-19");
    CHECK(wall["event"]["timezone"] == "Europe/London");
    auto none = admin(s, {"publish", "--data", data, "--as-of", "2026-05-21"});
    REQUIRE(none.rc == 0);
    CHECK(none.out.find("no challenge that day") != std::string::npos);
    CHECK(nlohmann::json::parse(slurp(data + "/publish/wall.json"))["challenge_today"].is_null());
    auto bad = admin(s, {"publish", "--data", data, "--as-of", "20 May"});
    CHECK(bad.rc == 2);
    CHECK(bad.err.find("--as-of") != std::string::npos);
    CHECK(bad.err.find("YYYY-MM-DD") != std::string::npos);
}
