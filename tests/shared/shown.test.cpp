// [Shown] proof of display (issue 15 item 2): the kiosk's record, the X-Learnwall-Shown header, the hub's count.
#include <doctest/doctest.h>

#include "learnwall/shown.hpp"
#include "learnwall/store.hpp"

using namespace lw;

namespace {
Instant shown_test_at(const char* s) { return *parse_rfc3339(s); }
std::int64_t shown_test_unix(const char* s) {
    return std::chrono::duration_cast<std::chrono::seconds>(shown_test_at(s).time_since_epoch()).count();
}
}  // namespace

TEST_CASE("[Shown] a batch survives encode and decode, odd ids escaped") {
    ShownBatch b;
    b.entries = {{"mastodon:1123", 1779094800, 20}, {"bluesky:at://did:plc:x/app.bsky.feed.post/3k y\"", 1779094820, 40}};
    b.dropped = 3;
    const std::string h = encode_shown(b);
    CHECK(h.rfind("1 1779094800 mastodon:1123@0+20 ", 0) == 0);  // ':' stays plain
    CHECK(h.find("bluesky:at:%2F%2Fdid:plc:x%2Fapp.bsky.feed.post%2F3k%20y%22@20+40") != std::string::npos);
    CHECK(h.find('"') == std::string::npos);
    CHECK(h.find('\\') == std::string::npos);
    CHECK(h.substr(h.size() - 9) == "dropped=3");
    auto d = decode_shown(h);
    REQUIRE(d);
    CHECK(d->entries == b.entries);
    CHECK(d->dropped == 3);
    CHECK(encode_shown(ShownBatch{}).empty());
}

TEST_CASE("[Shown] a forged header is refused whole, saying which token") {
    const char* bad[] = {
        "2 1779094800 a@0+1",                 // version
        "1 -5 a@0+1",                         // base
        "1 1779094800 a@0+1  b@0+1",          // double space
        "1 1779094800 a@0+1 ",                // trailing space
        "1 1779094800 a@x+1",                 // offset
        "1 1779094800 a@0+86401",             // seconds over a day
        "1 1779094800 a@0+01",                // leading zero: one spelling only
        "1 1779094800 a b@0+1",               // token without @+
        "1 1779094800 a%2@0+1",               // cut escape
        "1 1779094800 a%41@0+1",              // 'A' escaped: plain bytes stay plain
        "1 1779094800 a%2f@0+1",              // lower-case hex
        "1 1779094800 \xc3\xa9@0+1",          // raw non-ASCII
        "1 1779094800 @0+1",                  // empty id
        "1 1779094800 dropped=2 a@0+1",       // dropped not last
        "1 1779094800 a\\x22@0+1",            // nginx's escape of a quote: not ours
        "1",
    };
    for (const char* f : bad) {
        CAPTURE(f);
        CHECK_FALSE(decode_shown(f));
    }
    auto e = decode_shown("1 1779094800 a@0+1 b@x+1");
    REQUIRE_FALSE(e);
    CHECK(e.error().find("token 4 \"b@x+1\"") != std::string::npos);
    // Bounds: an over-long id, too many posts, too many bytes.
    CHECK_FALSE(decode_shown("1 1779094800 " + std::string(kShownMaxIdBytes + 1, 'a') + "@0+1"));
    std::string many = "1 1779094800";
    for (std::size_t i = 0; i <= kShownMaxPostsPerPoll; ++i) many += " p" + std::to_string(i) + "@0+1";
    CHECK_FALSE(decode_shown(many));
    CHECK_FALSE(decode_shown("1 1779094800 " + std::string(kShownHeaderMaxBytes, 'a') + "@0+1"));
}

TEST_CASE("[Shown] the record counts what was on screen and for how long") {
    ShownRecord r;
    r.on_screen({"a", "b"}, 0, 1000);
    r.on_screen({"b", "c"}, 20'000, 1020);  // page turn: a 20 s, b keeps counting
    r.tick(30'500);
    ShownBatch b = r.take(1030);
    REQUIRE(b.entries.size() == 3);
    CHECK(b.entries[0] == ShownEntry{"a", 1000, 20});
    CHECK(b.entries[1] == ShownEntry{"b", 1000, 30});
    CHECK(b.entries[2] == ShownEntry{"c", 1020, 10});
    // a is gone; b and c are still on screen and keep their half second.
    CHECK(r.pending() == 2);
    r.on_screen({}, 31'000, 1031);
    b = r.take(1031);
    REQUIRE(b.entries.size() == 2);  // the two halves made a whole second each
    CHECK(b.entries[0] == ShownEntry{"b", 1030, 1});  // still on screen at the last take: counted from then
    CHECK(r.pending() == 0);
    CHECK(r.take(1032).empty());
}

TEST_CASE("[Shown] a poll that failed puts its batch back, nothing lost") {
    ShownRecord r;
    r.on_screen({"a"}, 0, 1000);
    r.on_screen({"a"}, 5'000, 1005);
    ShownBatch failed = r.take(1005);
    REQUIRE(failed.entries.size() == 1);
    r.tick(8'000);
    r.put_back(failed);
    r.on_screen({}, 8'000, 1008);
    ShownBatch b = r.take(1008);
    REQUIRE(b.entries.size() == 1);
    CHECK(b.entries[0] == ShownEntry{"a", 1000, 8});
}

TEST_CASE("[Shown] the record is bounded: posts per poll, header bytes, posts kept") {
    ShownRecord r;
    std::vector<std::string> ids;
    for (int i = 0; i < 200; ++i) ids.push_back("mastodon:" + std::string(40, 'x') + std::to_string(i));
    r.on_screen(ids, 0, 1000);
    r.on_screen({}, 2'000, 1002);
    ShownBatch b = r.take(1002);
    CHECK(b.entries.size() <= kShownMaxPostsPerPoll);
    CHECK(encode_shown(b).size() <= kShownHeaderMaxBytes);
    CHECK(decode_shown(encode_shown(b)));
    std::size_t sent = b.entries.size();
    while (!(b = r.take(1003)).empty()) {
        CHECK(encode_shown(b).size() <= kShownHeaderMaxBytes);
        sent += b.entries.size();
    }
    CHECK(sent == 200);

    ShownRecord full;
    std::vector<std::string> lots;
    for (std::size_t i = 0; i < kShownKeepPosts + 5; ++i) lots.push_back("p" + std::to_string(i));
    full.on_screen(lots, 0, 1000);
    CHECK(full.pending() == kShownKeepPosts);
    CHECK(full.dropped() == 5);
    full.on_screen({}, 1'000, 1001);
    CHECK(full.take(1001).dropped == 5);
}

TEST_CASE("[Shown] the hub counts per post: first time, screens, seconds") {
    const std::string log =
        "2026-05-18T09:00:05Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json HTTP/1.1\" \"1 1779094800 m:1@0+5\" \"-\"\n"
        "2026-05-18T09:00:30Z 10.0.0.6 \"canteen\" 304 \"GET /wall.json HTTP/1.1\" \"1 1779094790 m:1@0+20 m:2@10+20\" \"-\"\n"
        "2026-05-18T09:00:31Z 10.0.0.6 \"canteen\" 304 \"GET /wall.json HTTP/1.1\" \"-\" \"-\"\n"
        "2026-05-18T09:00:32Z 10.0.0.6 \"-\" 304 \"GET /wall.json HTTP/1.1\" \"1 1779094800 m:9@0+20\" \"-\"\n"
        "2026-05-18T09:00:33Z 10.0.0.7 \"lobby-1\" 200 \"GET /wall.json HTTP/1.1\"\n";  // the old format
    CHECK(shown_test_unix("2026-05-18T09:00:00Z") == 1779094800);
    ShownLog s = read_shown_log(log, "access.log");
    CHECK(s.lines == 5);
    CHECK(s.records == 2);
    CHECK(s.bad_records == 0);
    REQUIRE(s.posts.size() == 2);  // m:9 came from no named screen: not counted
    CHECK(s.posts["m:1"].first_shown == shown_test_at("2026-05-18T08:59:50Z"));
    CHECK(s.posts["m:1"].screens == std::set<std::string>{"canteen", "lobby-1"});
    CHECK(s.posts["m:1"].seconds == 25);
    CHECK(s.posts["m:2"].seconds == 20);
}

TEST_CASE("[Shown] a forged record in the log is refused with its line, and cannot claim other times") {
    const std::string log =
        "2026-05-18T09:00:05Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\" \"1 1779094800 m:1@0+5 <script>\" \"-\"\n"
        "2026-05-18T09:00:05Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\" \"1 1800000000 m:2@0+5\" \"-\"\n"
        "2026-05-18T09:00:05Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\" \"1 1700000000 m:3@0+5\" \"-\"\n"
        "2026-05-18T09:00:06Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\" \"1 1779094800 m:4@0+5\" \"-\"\n";
    ShownLog s = read_shown_log(log, "access.log");
    CHECK(s.bad_records == 3);
    REQUIRE(s.problems.size() == 3);
    CHECK(s.problems[0].find("access.log: line 1: X-Learnwall-Shown refused: token 4") == 0);
    CHECK(s.problems[1].find("line 2:") != std::string::npos);
    CHECK(s.problems[1].find("too far") != std::string::npos);
    REQUIRE(s.posts.size() == 1);
    CHECK(s.posts.count("m:4"));
}

TEST_CASE("[Shown] approved posts never shown, share and median time to first showing") {
    ShownLog log;
    log.posts["m:1"] = PostShown{shown_test_at("2026-05-18T09:01:00Z"), {"lobby-1"}, 40};
    log.posts["m:2"] = PostShown{shown_test_at("2026-05-18T09:10:00Z"), {"lobby-1", "canteen"}, 20};
    log.posts["m:forged"] = PostShown{shown_test_at("2026-05-18T09:10:00Z"), {"lobby-1"}, 20};
    std::vector<ApprovedPost> approved = {{"m:1", shown_test_at("2026-05-18T09:00:00Z")},
                                          {"m:2", shown_test_at("2026-05-18T09:00:00Z")},
                                          {"m:3", shown_test_at("2026-05-18T08:00:00Z")},
                                          {"m:4", shown_test_at("2026-05-18T07:00:00Z")}};
    SeenOnScreen s = seen_on_screen(approved, log);
    CHECK(s.approved == 4);
    CHECK(s.shown == 2);
    CHECK(s.share_shown() == doctest::Approx(0.5));
    CHECK(s.unknown_ids == 1);
    REQUIRE(s.median_first_seconds);
    CHECK(*s.median_first_seconds == (60 + 600) / 2);
    REQUIRE(s.rows.size() == 4);
    CHECK(s.rows[0].id == "m:4");  // never shown, oldest first
    CHECK_FALSE(s.rows[0].first_shown);
    CHECK(s.rows[1].id == "m:3");
    CHECK(s.rows[2].id == "m:1");
    CHECK(s.rows[3].screens == 2);
    CHECK(seen_on_screen({}, log).share_shown() == 0.0);
}

// The admin window follows the log piece by piece (issue 15, shown figures in the window): its figures must
// be the ones `learnwall-admin shown` reads from the whole file, line numbers of refused records included.
TEST_CASE("[Shown] add_shown_log: a log read in pieces gives the figures of the whole log") {
    const std::string log =
        "2026-05-18T09:00:05Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\" \"1 1779094800 m:1@0+5\" \"-\"\n"
        "2026-05-18T09:00:06Z 10.0.0.6 \"canteen\" 200 \"GET /wall.json\" \"1 1779094790 m:1@0+7 m:2@3+4\" \"-\"\n"
        "2026-05-18T09:00:07Z 10.0.0.5 \"lobby-1\" 200 \"GET /wall.json\" \"1 1779094800 m:3@0+5 <bad>\" \"-\"\n"
        "not a log line\n"
        "2026-05-18T09:00:09Z 10.0.0.5 \"lobby-1\" 304 \"GET /wall.json\" \"1 1779094800 m:2@1+2 dropped=2\" \"-\"\n"
        "2026-05-18T09:00:10Z 10.0.0.5 \"lobby-1\" 304 \"GET /wall.json\" \"1 1700000000 m:4@0+2\" \"-\"\n";
    const ShownLog whole = read_shown_log(log, "access.log");
    // Cut after every line in turn: the first piece and the rest, as the window's worker reads them.
    std::size_t cut = 0;
    std::int64_t lines_before = 0;
    while ((cut = log.find('\n', cut)) != std::string::npos) {
        ++cut;
        ++lines_before;
        ShownLog pieces;
        add_shown_log(pieces, std::string_view(log).substr(0, cut), "access.log", 0);
        add_shown_log(pieces, std::string_view(log).substr(cut), "access.log", lines_before);
        CAPTURE(lines_before);
        CHECK(pieces.lines == whole.lines);
        CHECK(pieces.records == whole.records);
        CHECK(pieces.bad_records == whole.bad_records);
        CHECK(pieces.dropped == whole.dropped);
        CHECK(pieces.problems == whole.problems);
        REQUIRE(pieces.posts.size() == whole.posts.size());
        for (const auto& [id, p] : whole.posts) {
            CHECK(pieces.posts[id].first_shown == p.first_shown);
            CHECK(pieces.posts[id].screens == p.screens);
            CHECK(pieces.posts[id].seconds == p.seconds);
        }
    }
    CHECK(whole.bad_records == 2);
    REQUIRE(whole.problems.size() == 2);
    CHECK(whole.problems[0].find("access.log: line 3:") == 0);
    CHECK(whole.problems[1].find("access.log: line 6:") == 0);
    CHECK(whole.posts.at("m:1").first_shown == shown_test_at("2026-05-18T08:59:50Z"));
    CHECK(whole.posts.at("m:2").seconds == 6);
}

// The window's never-shown table says when each post was approved, from the same join the CLI uses.
TEST_CASE("[Shown] seen_on_screen carries each post's approval time to its row") {
    ShownLog log;
    log.posts["m:1"] = PostShown{shown_test_at("2026-05-18T09:01:00Z"), {"lobby-1"}, 40};
    const Instant approved_at = shown_test_at("2026-05-18T08:30:00Z");
    std::vector<ApprovedPost> approved = {{"m:1", shown_test_at("2026-05-18T08:00:00Z"), approved_at},
                                          {"m:2", shown_test_at("2026-05-18T08:10:00Z"), approved_at},
                                          {"m:3", shown_test_at("2026-05-18T08:20:00Z"), std::nullopt}};
    SeenOnScreen s = seen_on_screen(approved, log);
    REQUIRE(s.rows.size() == 3);
    CHECK(s.rows[0].id == "m:2");
    CHECK(s.rows[0].approved_at == approved_at);
    CHECK(s.rows[1].id == "m:3");
    CHECK_FALSE(s.rows[1].approved_at);
    CHECK(s.rows[2].approved_at == approved_at);
}

// The never-shown table's "approved at": the latest approve of a post that is approved now; none for a post
// the event's post-moderation mode shows undecided.
TEST_CASE("[Shown] approved_for_screens: the time of the latest approval, none when the mode let it show") {
    State st;
    st.event.moderation_mode = ModerationMode::post;
    auto add = [&](const std::string& native, std::optional<Moderation> decided) {
        PostRecord r;
        r.post.source = "manual";
        r.post.native_id = native;
        r.post.created_at = shown_test_at("2026-05-18T08:00:00Z");
        r.decided = decided;
        st.post_index[r.post.id()] = st.posts.size();
        st.posts.push_back(r);
    };
    add("1", Moderation::approved);
    add("2", std::nullopt);            // post-moderation: on screens undecided
    add("3", Moderation::rejected);    // approved once, then rejected: not on screens at all
    st.decisions = {{"manual:1", "approve", "ana", shown_test_at("2026-05-18T09:00:00Z"), ""},
                    {"manual:1", "reject", "ben", shown_test_at("2026-05-18T09:10:00Z"), ""},
                    {"manual:1", "approve", "ana", shown_test_at("2026-05-18T09:20:00Z"), ""},
                    {"manual:3", "approve", "ana", shown_test_at("2026-05-18T09:00:00Z"), ""},
                    {"manual:3", "reject", "ana", shown_test_at("2026-05-18T09:05:00Z"), ""}};
    auto approved = approved_for_screens(st);
    REQUIRE(approved.size() == 2);
    CHECK(approved[0].id == "manual:1");
    CHECK(approved[0].approved_at == shown_test_at("2026-05-18T09:20:00Z"));
    CHECK(approved[1].id == "manual:2");
    CHECK_FALSE(approved[1].approved_at);
}
