// [Screens] "which screen was seen when" from the hub's nginx access log.
#include <doctest/doctest.h>

#include "learnwall/screens.hpp"

using namespace lw;

TEST_CASE("[Screens] polls are grouped by screen, newest first, with 304s counted") {
    const std::string log =
        "2027-05-18T09:00:00+01:00 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json HTTP/1.1\"\n"
        "2027-05-18T09:00:01+01:00 10.0.0.6 \"canteen\" 200 \"GET /wall.json HTTP/1.1\"\n"
        "2027-05-18T09:00:02+01:00 10.0.0.7 \"-\" 200 \"GET /wall.json HTTP/1.1\"\n"
        "2027-05-18T09:05:00+01:00 10.0.0.9 \"lobby-1\" 304 \"GET /wall.json HTTP/1.1\"\r\n"
        "\n";
    auto rep = read_screens_log(log, "access.log");
    CHECK(rep.lines == 4);
    CHECK(rep.anonymous == 1);
    CHECK(rep.bad_lines == 0);
    REQUIRE(rep.screens.size() == 2);
    CHECK(rep.screens[0].id == "lobby-1");
    CHECK(rep.screens[0].requests == 2);
    CHECK(rep.screens[0].not_modified == 1);
    CHECK(rep.screens[0].last_status == 304);
    CHECK(rep.screens[0].address == "10.0.0.9");
    CHECK(format_rfc3339(rep.screens[0].last_seen) == "2027-05-18T08:05:00Z");
    CHECK(format_rfc3339(rep.screens[0].first_seen) == "2027-05-18T08:00:00Z");
    CHECK(rep.screens[1].id == "canteen");
}

TEST_CASE("[Screens] a line out of order does not move last_seen back") {
    const std::string log =
        "2027-05-18T09:05:00Z 10.0.0.9 \"lobby-1\" 304 \"GET /wall.json HTTP/1.1\"\n"
        "2027-05-18T09:00:00Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json HTTP/1.1\"\n";
    auto rep = read_screens_log(log, "access.log");
    REQUIRE(rep.screens.size() == 1);
    CHECK(format_rfc3339(rep.screens[0].last_seen) == "2027-05-18T09:05:00Z");
    CHECK(format_rfc3339(rep.screens[0].first_seen) == "2027-05-18T09:00:00Z");
    CHECK(rep.screens[0].address == "10.0.0.9");
}

TEST_CASE("[Screens] lines in another format are reported with their line number, never fatal") {
    const std::string log =
        "127.0.0.1 - - [18/May/2027:09:00:00 +0100] \"GET / HTTP/1.1\" 200 612\n"  // nginx's default format
        "2027-05-18T09:00:00Z 10.0.0.5 \"lobby-1\" abc \"GET /wall.json\"\n"
        "yesterday 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\"\n"
        "2027-05-18T09:00:00Z 10.0.0.5 \"unterminated 200\n"
        "2027-05-18T09:01:00Z 10.0.0.5 \"lobby-2\" 200 \"GET /wall.json\"\n";
    auto rep = read_screens_log(log, "access.log");
    CHECK(rep.bad_lines == 4);
    REQUIRE(rep.problems.size() == 4);
    CHECK(rep.problems[0].find("access.log: line 1:") == 0);
    CHECK(rep.problems[1].find("line 2: status \"abc\"") != std::string::npos);
    CHECK(rep.problems[2].find("line 3: time \"yesterday\"") != std::string::npos);
    CHECK(rep.problems[3].find("line 4:") != std::string::npos);
    REQUIRE(rep.screens.size() == 1);
    CHECK(rep.screens[0].id == "lobby-2");
}

TEST_CASE("[Screens] a watchdog note (X-Learnwall-Health) shows per screen, counted once, parsed strictly") {
    const std::string log =
        "2026-05-18T09:00:00Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\" \"-\" \"frozen@1779094700\"\n"
        "2026-05-18T09:00:01Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\" \"-\" \"frozen@1779094700\"\n"  // resent: same note
        "2026-05-18T09:05:00Z 10.0.0.5 \"lobby-1\" 304 \"GET /wall.json\" \"-\" \"blank@1779095000\"\n"
        "2026-05-18T09:05:01Z 10.0.0.6 \"canteen\" 304 \"GET /wall.json\" \"-\" \"-\"\n"
        "2026-05-18T09:05:02Z 10.0.0.7 \"floor-3\" 304 \"GET /wall.json\" \"-\" \"<b>ok</b>\"\n";
    auto rep = read_screens_log(log, "access.log");
    REQUIRE(rep.screens.size() == 3);
    const ScreenSeen* lobby = nullptr;
    for (const auto& s : rep.screens)
        if (s.id == "lobby-1") lobby = &s;
        else CHECK(s.last_problem.empty());
    REQUIRE(lobby);
    CHECK(lobby->problems == 2);
    CHECK(lobby->last_problem == "blank");
    CHECK(format_rfc3339(lobby->last_problem_at) == "2026-05-18T09:03:20Z");
    REQUIRE(rep.problems.size() == 1);
    CHECK(rep.problems[0].find("line 5: X-Learnwall-Health \"<b>ok</b>\"") != std::string::npos);
}

TEST_CASE("[Screens] log_lines numbers the lines as a person counts them, empty and CRLF lines included") {
    // Both log readers (screens, shown) report problems by line number: the splitter keeps the count
    // across empty lines and drops a Windows line end, so "line 4" is the fourth line in an editor.
    auto lines = log_lines("first\r\n\nthird\n\r\nfifth");
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].number == 1);
    CHECK(lines[0].text == "first");
    CHECK(lines[1].number == 3);
    CHECK(lines[1].text == "third");
    CHECK(lines[2].number == 5);
    CHECK(lines[2].text == "fifth");
    CHECK(log_lines("").empty());
    CHECK(log_lines("\n\n").empty());
}
