// [Text] UTF-8 repair, hashtags, RFC 3339 and time zones.
#include <doctest/doctest.h>

#include "learnwall/text.hpp"
#include "learnwall/time.hpp"
#include "learnwall/utf8.hpp"

using namespace lw;

TEST_CASE("[Text] repair_utf8 replaces bad sequences and keeps good ones") {
    CHECK(repair_utf8("héllo 🌱") == "héllo 🌱");
    CHECK(repair_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
    CHECK(repair_utf8("\xE2\x82") == "\xEF\xBF\xBD");              // truncated euro sign
    CHECK(repair_utf8("\xC0\xAF") == "\xEF\xBF\xBD");              // overlong '/'
    CHECK(repair_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD");          // surrogate
    CHECK(repair_utf8(std::string("a\0b", 3)) == "ab");
    CHECK(is_valid_utf8(repair_utf8("\xF8\x88\x80\x80\x80 x")));
    CHECK(utf8_to_u32("é🌱") == U"é🌱");
    CHECK(u32_to_utf8(U"é🌱") == "é🌱");
}

TEST_CASE("[Text] hashtags are found once, in order, not inside words") {
    auto tags = extract_hashtags("Tip: #NLAWWeek pair up! #connect #nlawweek C#, #42 #Größe.");
    REQUIRE(tags.size() == 3);
    CHECK(tags[0] == "NLAWWeek");
    CHECK(tags[1] == "connect");
    CHECK(tags[2] == "Größe");
}

TEST_CASE("[Time] RFC 3339 parse and format") {
    auto t = parse_rfc3339("2026-05-18T10:30:00+01:00");
    REQUIRE(t);
    CHECK(format_rfc3339(*t) == "2026-05-18T09:30:00Z");
    CHECK(format_rfc3339(*parse_rfc3339("2026-05-18T09:30:00.120Z")) == "2026-05-18T09:30:00.120Z");
    CHECK_FALSE(parse_rfc3339("2026-05-18 nonsense"));
    CHECK_FALSE(parse_rfc3339("2026-13-18T09:30:00Z"));
    CHECK_FALSE(parse_rfc3339("2026-05-18T09:30:00"));  // no offset: ambiguous
    CHECK_FALSE(parse_date("2026-02-29"));
    CHECK(parse_date("2028-02-29"));
}

TEST_CASE("[Time] local days follow the zone across daylight saving") {
    // 2026-03-29 is the day clocks go forward in London: 00:30 UTC is 00:30 GMT, 23:30 UTC is 00:30 BST next day.
    CHECK(format_date(*local_date(*parse_rfc3339("2026-03-28T23:30:00Z"), "Europe/London")) == "2026-03-28");
    CHECK(format_date(*local_date(*parse_rfc3339("2026-05-18T23:30:00Z"), "Europe/London")) == "2026-05-19");
    CHECK(format_date(*local_date(*parse_rfc3339("2026-05-18T23:30:00Z"), "America/New_York")) == "2026-05-18");
    auto start = start_of_local_day(*parse_date("2026-05-19"), "Europe/London");
    REQUIRE(start);
    CHECK(format_rfc3339(*start) == "2026-05-18T23:00:00Z");
    CHECK_FALSE(local_date(Instant{}, "Not/AZone").ok());
    CHECK(is_known_timezone("Europe/London"));
    CHECK_FALSE(is_known_timezone("Europe/Atlantis"));
}
