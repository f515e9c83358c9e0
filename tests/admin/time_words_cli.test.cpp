// The CLI's relative times are the kiosk's and the window's (issue 12: "N min ago" had four copies with
// four thresholds; the CLI said "45 s ago" where the wall says "just now").
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../shared/test_util.hpp"
#include "cli/commands.hpp"
#include "learnwall/time.hpp"

TEST_CASE("[TimeWordsCli] four copies of N min ago: screens prints the shared words and thresholds") {
    lw::test::ScratchDir s("time-words-cli");
    const lw::Instant at = lw::now();
    const std::string log_path = s.path + "/access.log";
    {
        std::ofstream log(log_path);
        log << lw::format_rfc3339(at - std::chrono::seconds(45)) << " 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json HTTP/1.1\"\n";
        log << lw::format_rfc3339(at - std::chrono::minutes(5) - std::chrono::seconds(10))
            << " 10.0.0.6 \"canteen\" 304 \"GET /wall.json HTTP/1.1\"\n";
    }
    std::ostringstream out, err;
    lw::cli::CommandIo io{out, err};
    bool matched = false;
    const int rc = lw::cli::dispatch({"screens", "--access-log", log_path}, io, matched);
    REQUIRE(matched);
    REQUIRE_MESSAGE(rc == 0, err.str());
    std::istringstream lines(out.str());
    std::string line, lobby, canteen;
    while (std::getline(lines, line)) {
        if (line.rfind("lobby-1", 0) == 0) lobby = line;
        if (line.rfind("canteen", 0) == 0) canteen = line;
    }
    CAPTURE(out.str());
    CHECK(lobby.find("just now") != std::string::npos);  // was "45 s ago"
    CHECK(lobby.find(" s ago") == std::string::npos);
    CHECK(canteen.find("5 min ago") != std::string::npos);
}
