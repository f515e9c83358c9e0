// [Shown CLI] issue 15 item 2: `learnwall-admin shown` and the report's "seen on screen" figures, through
// the real binary, from an access log in the learnwall format with X-Learnwall-Shown records.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_util.hpp"

using namespace lw::test;

namespace shown_cli {

struct ShownEvent {
    ScratchDir scratch{"shown-cli"};
    std::string data = scratch.path + "/ev";
    std::string log = scratch.path + "/access.log";
    std::vector<std::string> ids;

    ShownEvent() {
        auto init = admin(scratch, {"init", "--data", data, "--start", "2026-05-18", "--end", "2026-05-24", "--tag", "NLAWWeek"});
        REQUIRE_MESSAGE(init.rc == 0, init.err);
        for (const char* at : {"2026-05-18T09:00:00Z", "2026-05-18T09:10:00Z", "2026-05-18T09:20:00Z", "2026-05-18T09:30:00Z"}) {
            auto p = admin(scratch, {"post", "add", "--data", data, "--author", "Ana", "--at", at, "--text", "Tip #NLAWWeek"});
            REQUIRE_MESSAGE(p.rc == 0, p.err);
            ids.push_back(p.last_line());
        }
        // Three approved; the fourth stays pending: never on a screen, so never "never shown" either.
        auto ok = admin(scratch, {"moderate", "approve", ids[0], ids[1], ids[2], "--data", data});
        REQUIRE_MESSAGE(ok.rc == 0, ok.err);
    }
    void write_log(const std::string& text) const { std::ofstream(log) << text; }
    CliResult operator()(std::vector<std::string> args) const {
        args.insert(args.end(), {"--data", data});
        return admin(scratch, args);
    }
};

// 1779095160 = 2026-05-18T09:06:00Z. The id's ':' stays as it is in the header.
std::string poll(const std::string& at, const std::string& screen, const std::string& shown) {
    return at + " 10.0.0.5 \"" + screen + "\" 304 \"GET /wall.json HTTP/1.1\" \"" + shown + "\" \"-\"\n";
}

}  // namespace shown_cli

TEST_CASE("[Shown CLI] shown lists per approved post the first time shown, screens and seconds, and those never shown") {
    shown_cli::ShownEvent ev;
    const auto& id = ev.ids;
    ev.write_log(shown_cli::poll("2026-05-18T09:06:20Z", "lobby-1", "1 1779095160 " + id[0] + "@0+20") +
                 shown_cli::poll("2026-05-18T09:12:00Z", "canteen", "1 1779095400 " + id[0] + "@0+30 " + id[1] + "@0+40") +
                 shown_cli::poll("2026-05-18T09:12:01Z", "canteen", "-") +
                 shown_cli::poll("2026-05-18T09:12:02Z", "canteen", "1 1779095400 manual:forged@0+40") +
                 shown_cli::poll("2026-05-18T09:12:03Z", "lobby-1", "1 1779095400 " + id[2] + "@0+40 <script>") +
                 "2026-05-18T09:12:04Z 10.0.0.9 \"lobby-1\" 200 \"GET /wall.json HTTP/1.1\"\n");  // an older line format
    auto r = ev({"shown", "--access-log", ev.log, "--json"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["approved"] == 3);
    CHECK(j["shown"] == 2);
    CHECK(j["unknown_ids"] == 1);
    CHECK(j["refused_records"] == 1);
    REQUIRE(j["posts"].size() == 2);
    CHECK(j["posts"][0]["id"] == id[0]);
    CHECK(j["posts"][0]["first_shown"] == "2026-05-18T09:06:00Z");
    CHECK(j["posts"][0]["screens"] == 2);
    CHECK(j["posts"][0]["seconds"] == 50);
    CHECK(j["posts"][1]["id"] == id[1]);
    CHECK(j["posts"][1]["seconds"] == 40);
    REQUIRE(j["never_shown"].size() == 1);
    CHECK(j["never_shown"][0]["id"] == id[2]);  // its only record was refused
    CHECK(j["median_seconds_to_first_showing"] == (360 + 0) / 2);  // 6 min and at once
    // The refused record is named with its file and line.
    CHECK(r.err.find("learnwall-admin shown: skipped " + ev.log + ": line 5: X-Learnwall-Shown refused") != std::string::npos);

    auto text = ev({"shown", "--access-log", ev.log});
    REQUIRE(text.rc == 0);
    CHECK(text.out.find("2 of 3 approved posts shown (67%), 1 never shown; median time to first showing 3 min") !=
          std::string::npos);
    CHECK(text.out.find("never shown (oldest first):\n  " + id[2]) != std::string::npos);
}

TEST_CASE("[Shown CLI] shown without a readable log says which file and fails; --help documents it") {
    shown_cli::ShownEvent ev;
    auto r = ev({"shown", "--access-log", ev.scratch.path + "/missing.log"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("learnwall-admin shown: ") == 0);
    CHECK(r.err.find("missing.log") != std::string::npos);
    auto help = admin(ev.scratch, {"shown", "--help"});
    CHECK(help.rc == 0);
    CHECK(help.out.find("--access-log FILE") != std::string::npos);
    CHECK(help.out.find("--json") != std::string::npos);
}

TEST_CASE("[Shown CLI] the report adds seen-on-screen figures, or says why it has none") {
    shown_cli::ShownEvent ev;
    ev.write_log(shown_cli::poll("2026-05-18T09:06:20Z", "lobby-1", "1 1779095160 " + ev.ids[0] + "@0+20"));
    auto csv = ev({"report", "--out", "-", "--format", "csv", "--access-log", ev.log});
    REQUIRE_MESSAGE(csv.rc == 0, csv.err);
    CHECK(csv.out.find("seen_on_screen,approved,3,\n") != std::string::npos);
    CHECK(csv.out.find("seen_on_screen,shown,1,\n") != std::string::npos);
    CHECK(csv.out.find("seen_on_screen,share_shown,0.333,\n") != std::string::npos);
    CHECK(csv.out.find("seen_on_screen,never_shown,2,\n") != std::string::npos);
    CHECK(csv.out.find("seen_on_screen,median_seconds_to_first_showing,360,\n") != std::string::npos);
    CHECK(csv.out.find("never_shown," + ev.ids[1] + ",,posted=2026-05-18T09:10:00Z\n") != std::string::npos);
    auto html = ev({"report", "--out", "-", "--access-log", ev.log});
    REQUIRE(html.rc == 0);
    CHECK(html.out.find("<h2>Seen on screen</h2>") != std::string::npos);
    CHECK(html.out.find("1 of 3 approved posts (33%) were drawn on at least one screen; 2 never were.") != std::string::npos);
    auto none = ev({"report", "--out", "-", "--format", "csv", "--access-log", ev.scratch.path + "/missing.log"});
    REQUIRE(none.rc == 0);
    CHECK(none.out.find("seen_on_screen,record,none,") != std::string::npos);
    CHECK(none.out.find("missing.log") != std::string::npos);
}
