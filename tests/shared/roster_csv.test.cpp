// [Roster] CSV import: quoting, BOM, CRLF, handles normalised, and errors that name line and column.
#include <doctest/doctest.h>

#include "learnwall/roster_csv.hpp"

using namespace lw;

TEST_CASE("[Roster] a spreadsheet export with BOM, CRLF, quotes and any column order") {
    std::string csv =
        "\xEF\xBB\xBF"
        "Team,Name,Mastodon,Bluesky,X,Email\r\n"
        "Finance,\"Lima, Ana\",@Ana@Social.Example,@ana.bsky.social,,Ana@Corp.example\r\n"
        "\r\n"
        "IT,\"Bob \"\"the builder\"\" Stone\",,,@BobStone,\r\n"
        "  IT , Cy Park ,cy@social.example,,,\r\n"
        "\"Learning\nand Development\",Dee,,,,\r\n";
    auto r = parse_roster_csv(csv, "staff.csv");
    REQUIRE_MESSAGE(r.ok(), r.error());
    const auto& people = r->roster.people;
    REQUIRE(people.size() == 4);
    CHECK(people[0].name == "Lima, Ana");
    CHECK(people[0].team == "Finance");
    CHECK(people[0].mastodon == "ana@social.example");
    CHECK(people[0].bluesky == "ana.bsky.social");
    CHECK(people[0].email == "ana@corp.example");
    CHECK(people[1].name == "Bob \"the builder\" Stone");
    CHECK(people[1].x == "bobstone");
    CHECK(people[2].name == "Cy Park");
    CHECK(people[2].team == "IT");
    CHECK(people[3].team == "Learning\nand Development");
    // Dee has no handle or e-mail: accepted, with a warning naming the line (6: the quoted team spans two).
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].find("staff.csv:6") == 0);
}

TEST_CASE("[Roster] the twitter column is read as x; a file without a final newline is fine") {
    auto r = parse_roster_csv("name,team,twitter\nAna,Finance,@ana_l", "r.csv");
    REQUIRE(r.ok());
    CHECK(r->roster.people.at(0).x == "ana_l");
}

TEST_CASE("[Roster] errors name the line and the column") {
    struct Row {
        const char* csv;
        const char* expected;  // the start of the message
    };
    const Row rows[] = {
        {"", "r.csv: empty file"},
        {"name,team,mastodn\n", "r.csv:1: column 3: unknown column \"mastodn\""},
        {"name,team,name\n", "r.csv:1: column 3: column \"name\" appears twice"},
        {"team,email\nIT,a@b.c\n", "r.csv:1: the header has no \"name\" column"},
        {"name,email\nAna,a@b.c\n", "r.csv:1: the header has no \"team\" column"},
        {"name,team\nAna,IT\nBob\n", "r.csv:3: expected 2 fields like the header, got 1"},
        {"name,team\nAna,IT,extra\n", "r.csv:2: expected 2 fields like the header, got 3"},
        {"name,team\n,IT\n", "r.csv:2: column 1 (name): the name is empty"},
        {"name,team,email\nAna,IT,not-an-address\n", "r.csv:2: column 3 (email): expected an e-mail address"},
        {"name,team,mastodon\nAna,IT,ana\n", "r.csv:2: column 3 (mastodon): expected a full Mastodon handle"},
        {"name,team,x\nAna,IT,ana lima\n", "r.csv:2: column 3 (x): expected one handle without spaces"},
        {"name,team\nAna,IT\nBob,IT\nAna,HR\n", "r.csv:4: \"Ana\" is already on line 2"},
        {"name,team,x\nAna,IT,@al\nBob,IT,AL\n", "r.csv:3: the x handle \"al\" already belongs to \"Ana\""},
        {"name,team\n\"Ana,IT\nBob,IT\n", "r.csv:2: column 1: a quoted field is never closed"},
        {"name,team\nAna \"Al\" Lima,IT\n", "r.csv:2: column 1: a quote in the middle of a field"},
        {"name,team\n\"Ana\" Lima,IT\n", "r.csv:2: column 1: text after a closing quote"},
        {"name,team\nAna\xff,IT\n", "r.csv:2: column 1 (name): invalid UTF-8"},
    };
    for (const auto& row : rows) {
        std::string csv = row.csv;
        CAPTURE(csv);
        auto r = parse_roster_csv(csv, "r.csv");
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().rfind(row.expected, 0) == 0, r.error());
    }
}
