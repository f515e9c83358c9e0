// Which scene a screen shows when (learnwall/playlist.hpp): the playlist, its default, and the step from
// one scene to the next, over integer microseconds. Before issue 12 this lived in the kiosk's Player and
// could only be checked under Xvfb.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "learnwall/playlist.hpp"

namespace {
std::vector<std::string> scenes_of(const std::vector<lw::PlaylistSlot>& p) {
    std::vector<std::string> out;
    for (const auto& s : p) out.push_back(s.scene);
    return out;
}
const std::vector<std::string> kDefault{"wall", "leaderboard", "challenge", "quote"};
}  // namespace

TEST_CASE("[playlist] playlist timing testable only under Xvfb: the default when the list is empty") {
    auto p = lw::effective_playlist({});
    CHECK(scenes_of(p) == kDefault);
    REQUIRE(p.size() == 4);
    CHECK(p[0].us == 60'000'000);
    CHECK(p[1].us == 15'000'000);
    CHECK(p[2].us == 15'000'000);
    CHECK(p[3].us == 10'000'000);
}

TEST_CASE("[playlist] zero-length and unknown items never play; a list of only those plays the default") {
    auto p = lw::effective_playlist({{"wall", 20}, {"leaderboard", 0}, {"quote", -5}, {"weather", 30}, {"challenge", 1}});
    CHECK(scenes_of(p) == std::vector<std::string>{"wall", "challenge"});
    CHECK(p[0].us == 20'000'000);
    CHECK(p[1].us == 1'000'000);
    CHECK(scenes_of(lw::effective_playlist({{"wall", 0}, {"quote", 0}})) == kDefault);
    CHECK(scenes_of(lw::effective_playlist({{"Wall", 10}})) == kDefault);  // names are exact
}

TEST_CASE("[playlist] each slot shows for its time, then the next; the last wraps to the first") {
    auto p = lw::effective_playlist({{"wall", 10}, {"quote", 5}});
    lw::PlaylistClock c;
    CHECK_FALSE(lw::advance_playlist(p, c, 0));
    CHECK_FALSE(lw::advance_playlist(p, c, 9'999'999));  // one microsecond before the end
    CHECK(c.index == 0);
    CHECK(lw::advance_playlist(p, c, 10'000'000));
    CHECK(c.index == 1);
    CHECK(c.started_us == 10'000'000);
    CHECK_FALSE(lw::advance_playlist(p, c, 14'999'999));
    CHECK(lw::advance_playlist(p, c, 15'000'000));
    CHECK(c.index == 0);  // wrapped
}

TEST_CASE("[playlist] a clock jump moves one slot and the new slot gets its full time") {
    auto p = lw::effective_playlist({{"wall", 10}, {"leaderboard", 10}, {"quote", 10}});
    lw::PlaylistClock c;
    CHECK(lw::advance_playlist(p, c, 3'600'000'000));  // an hour later (a suspended machine)
    CHECK(c.index == 1);
    CHECK(c.started_us == 3'600'000'000);
    CHECK_FALSE(lw::advance_playlist(p, c, 3'605'000'000));
    // A clock that went backwards never moves the rotation (and never divides or indexes out of range).
    CHECK_FALSE(lw::advance_playlist(p, c, 0));
    CHECK(c.index == 1);
}

TEST_CASE("[playlist] a playlist edited to fewer slots starts again at its first") {
    lw::PlaylistClock c{5, 0};
    auto p = lw::effective_playlist({{"wall", 10}, {"quote", 10}});
    CHECK_FALSE(lw::advance_playlist(p, c, 1'000'000));
    CHECK(c.index == 0);
    CHECK_FALSE(lw::advance_playlist({}, c, 100'000'000));  // an empty list never moves
}

TEST_CASE("[playlist] a quote stays up at least 3 s") {
    CHECK(lw::quote_period_us(12) == 12'000'000);
    CHECK(lw::quote_period_us(3) == 3'000'000);
    CHECK(lw::quote_period_us(0) == 3'000'000);
    CHECK(lw::quote_period_us(-7) == 3'000'000);
}
