// [People] issue 11 items 1, 4 and 7 in the core: case folding for names, e-mail masking, and the
// roster import (duplicates, delimiters, extra columns, renames).
#include <doctest/doctest.h>

#include "learnwall/hashtag.hpp"
#include "learnwall/roster_csv.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

using namespace lw;

TEST_CASE("[People] issue 11 item 4: Unicode case folding matches names in any case and NFC or NFD") {
    CHECK(fold_case("ZOË") == fold_case("zoë"));
    CHECK(fold_case("ZOË") != "zoË");  // not the ASCII-only folding
    CHECK(fold_case("zoë ångström") == fold_case("Zoë Ångström"));
    CHECK(fold_case("Zoe\xCC\x88 A\xCC\x8Angstro\xCC\x88m") == fold_case("ZOË ÅNGSTRÖM"));  // NFD == NFC
    CHECK(fold_case("ŁUKASZ ŻÓŁW") == fold_case("łukasz żółw"));
    CHECK(fold_case("ČEŠKA Ďurová ŇŘ") == fold_case("češka ďurová ňř"));
    CHECK(fold_case("ΣΩΚΡΆΤΗΣ") == fold_case("σωκράτης"));  // capital, and final sigma
    CHECK(fold_case("АННА ЁЛКИНА") == fold_case("анна ёлкина"));
    CHECK(fold_case("ҐАНОК Їжак") == fold_case("ґанок їжак"));
    CHECK(fold_case("Straße") == fold_case("STRASSE"));
    CHECK(fold_case("ÿ") == fold_case("Ÿ"));
    CHECK(fold_case("李雷") == "李雷");
    CHECK(fold_case("Ana") != fold_case("Anna"));
    CHECK(fold_case("Zoe") != fold_case("Zoë"));  // an accent is part of the name
    CHECK(equals_folded("ÉLODIE", "élodie"));
    CHECK(!equals_folded("Élodie", "Elodie"));
}

TEST_CASE("[People] issue 11 item 1: e-mail addresses are found and masked, handles are not") {
    CHECK(looks_like_email("ana.lima@example.com"));
    CHECK(looks_like_email("  Ana.Lima+week@Example.co.uk "));
    CHECK(!looks_like_email("Ana Lima"));
    CHECK(!looks_like_email("ana@localhost"));
    CHECK(!looks_like_email("@ana@social.example.org x"));
    CHECK(mask_emails("write to help@corp.example.com.") == "write to [e-mail].");
    CHECK(mask_emails("a@b.cc and c.d@e.org") == "[e-mail] and [e-mail]");
    CHECK(mask_emails("thanks @ana@social.example!") == "thanks @ana@social.example!");  // a fediverse mention
    CHECK(mask_emails("meet @ 5pm, 3@4.5") == "meet @ 5pm, 3@4.5");
    CHECK(mask_emails("no address here") == "no address here");
}

TEST_CASE("[People] issue 11 item 7: roster import duplicates, delimiters and extra columns") {
    SUBCASE("a duplicate e-mail in another case is refused with both lines") {
        auto r = parse_roster_csv("name,team,email\nAna Lima,Finance,ana@corp.example\nBob Stone,IT,ANA@Corp.Example\n",
                                  "r.csv");
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().rfind("r.csv:3: the e-mail \"ana@corp.example\" already belongs to \"Ana Lima\" on line 2", 0) == 0,
                      r.error());
    }
    SUBCASE("\"ana lima\" and \"Ana Lima\" are one person: the second row is a duplicate") {
        auto r = parse_roster_csv("name,team\nAna Lima,Finance\nana lima,IT\n", "r.csv");
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().rfind("r.csv:3: \"ana lima\" is already on line 2 as \"Ana Lima\"", 0) == 0, r.error());
        auto z = parse_roster_csv("name,team\nZoë Ångström,IT\nZOË ÅNGSTRÖM,IT\n", "r.csv");
        REQUIRE_FALSE(z.ok());
        CHECK(z.error().find("line 2") != std::string::npos);
    }
    SUBCASE("extra HR columns are ignored with a warning; a typo of a known column is still refused") {
        auto r = parse_roster_csv("Employee ID,Name,Department,Team,Email,Start date\n"
                                  "1001,Ana Lima,Accounts,Finance,ana@corp.example,2020-01-01\n",
                                  "hr.csv");
        REQUIRE_MESSAGE(r.ok(), r.error());
        REQUIRE(r->roster.people.size() == 1);
        CHECK(r->roster.people[0].name == "Ana Lima");
        CHECK(r->roster.people[0].team == "Finance");
        CHECK(r->roster.people[0].email == "ana@corp.example");
        REQUIRE(!r->warnings.empty());
        CHECK_MESSAGE(r->warnings[0].find("ignored columns \"Employee ID\", \"Department\", \"Start date\"") !=
                          std::string::npos,
                      r->warnings[0]);
        auto typo = parse_roster_csv("name,team,mastodn\n", "r.csv");
        REQUIRE_FALSE(typo.ok());
        CHECK(typo.error().find("did you mean \"mastodon\"") != std::string::npos);
    }
    SUBCASE("a semicolon-separated file with BOM and CRLF is read, with a warning") {
        auto r = parse_roster_csv("\xEF\xBB\xBFname;team;email;x\r\n"
                                  "\"Lima; Ana\";Finance;ana@corp.example;@ana_l\r\n"
                                  "Bob Stone;IT, Ops;;\r\n",
                                  "excel.csv");
        REQUIRE_MESSAGE(r.ok(), r.error());
        REQUIRE(r->roster.people.size() == 2);
        CHECK(r->roster.people[0].name == "Lima; Ana");
        CHECK(r->roster.people[0].x == "ana_l");
        CHECK(r->roster.people[1].team == "IT, Ops");
        REQUIRE(!r->warnings.empty());
        CHECK(r->warnings[0].find("separated by semicolons") != std::string::npos);
    }
    SUBCASE("a tab-separated export is read too") {
        auto r = parse_roster_csv("name\tteam\nAna Lima\tFinance\n", "hr.tsv");
        REQUIRE_MESSAGE(r.ok(), r.error());
        CHECK(r->roster.people.at(0).team == "Finance");
    }
}

TEST_CASE("[People] issue 10 item 12: one hashtag rule") {
    CHECK(*check_hashtag("#NLAWWeek") == "NLAWWeek");
    CHECK(*check_hashtag("  LearningAtWorkWeek ") == "LearningAtWorkWeek");
    CHECK(*check_hashtag("Größe") == "Größe");
    CHECK(*check_hashtag("学习周") == "学习周");
    CHECK(*check_hashtag("تعلم") == "تعلم");
    CHECK(*check_hashtag("week_2027") == "week_2027");
    struct Bad {
        const char* tag;
        const char* why;
    };
    for (const Bad& b : {Bad{"../../etc", "contains \".\""}, Bad{"a b", "contains a space"},
                         Bad{"a\nb", "contains a control character"}, Bad{"2027", "only digits"}, Bad{"#", "is empty"},
                         Bad{"", "is empty"}, Bad{"##x", "a second '#'"}, Bad{"-spam", "contains \"-\""},
                         Bad{"OR", nullptr}, Bad{"tag🌱", "contains \"🌱\""}, Bad{"a\xE2\x80\x8B" "b", "contains"},
                         Bad{"a\xC2\xA0" "b", "contains"}}) {
        CAPTURE(b.tag);
        auto r = check_hashtag(b.tag);
        if (!b.why) {
            CHECK(r.ok());  // a word is a word; the connectors quote tags in queries
            continue;
        }
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().find(b.why) != std::string::npos, r.error());
        CHECK(r.error().find('\n') == std::string::npos);
    }
    CHECK_FALSE(check_hashtag(std::string(61, 'a')).ok());
    CHECK(check_hashtag(std::string(60, 'a')).ok());
    auto dup = check_hashtags({"NLAWWeek", "#nlawweek"}, "--tag");
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error() == "--tag: #nlawweek repeats #NLAWWeek (hashtags are the same on every network whatever their case)");
    auto ok = check_hashtags({"#NLAWWeek", "LearningAtWorkWeek"}, "--tag");
    REQUIRE(ok.ok());
    CHECK(ok->size() == 2);
}
