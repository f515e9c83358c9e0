// [Store] The data directory: transactions, catch-up, journal damage, publish contents.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <fstream>

#include "learnwall/actions/posts.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/store.hpp"
#include "learnwall/utf8.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {
DataDir make_dir(const test::ScratchDir& s) {
    auto d = DataDir::create(s.path + "/event", test::sample_event(), "tester");
    REQUIRE(d.ok());
    return *d;
}
ManualPost tip(const std::string& author, const std::string& text, const char* at = "2026-05-18T09:00:00Z") {
    return ManualPost{author, text, "manual", parse_rfc3339(at), {}, ""};
}
}  // namespace

TEST_CASE("[Store] create refuses to overwrite an event") {
    test::ScratchDir s("create");
    make_dir(s);
    auto again = DataDir::create(s.path + "/event", test::sample_event(), "tester");
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().find("already exists") != std::string::npos);
    CHECK_FALSE(DataDir::open(s.path + "/nothing").ok());
}

TEST_CASE("[Store] posts, decisions and revisions survive a reload") {
    test::ScratchDir s("reload");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    CHECK(st.revision == 1);
    auto id1 = add_manual_post(dir, st, tip("Ana Lima", "Tip: explain it to a rubber duck #NLAWWeek"), "tester");
    auto id2 = add_manual_post(dir, st, tip("@bob@example.org", "Reading group at 12 #NLAWWeek"), "tester");
    REQUIRE(id1.ok());
    REQUIRE(id2.ok());
    CHECK(st.revision == 3);
    REQUIRE(moderate_posts(dir, st, {*id1}, "approve", "sam", "lovely").ok());
    REQUIRE(moderate_posts(dir, st, {*id2}, "reject", "sam", "off topic").ok());
    CHECK(st.revision == 5);

    State fresh = *dir.load();
    CHECK(fresh.revision == 5);
    REQUIRE(fresh.posts.size() == 2);
    CHECK(fresh.moderation_of(*fresh.find(*id1)) == Moderation::approved);
    CHECK(fresh.moderation_of(*fresh.find(*id2)) == Moderation::rejected);
    REQUIRE(fresh.decisions.size() == 2);
    CHECK(fresh.decisions[1].by == "sam");
    CHECK(fresh.decisions[1].reason == "off topic");
    CHECK(fresh.find(*id2)->post.author_handle == "bob@example.org");
    CHECK(fresh.find(*id1)->post.author_display_name == "Ana Lima");
}

TEST_CASE("[Store] an unknown id refuses the whole moderation batch") {
    test::ScratchDir s("batch");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    auto id = *add_manual_post(dir, st, tip("Ana", "hello #NLAWWeek"), "t");
    auto r = moderate_posts(dir, st, {id, "manual:999"}, "approve", "sam", "");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("manual:999") != std::string::npos);
    State fresh = *dir.load();
    CHECK(fresh.moderation_of(*fresh.find(id)) == Moderation::pending);
    CHECK(fresh.revision == 2);
}

TEST_CASE("[Store] a second reader catches up with another writer's changes") {
    test::ScratchDir s("catchup");
    DataDir dir = make_dir(s);
    State writer = *dir.load();
    State reader = *dir.load();
    auto id = *add_manual_post(dir, writer, tip("Ana", "hi #NLAWWeek"), "t");
    REQUIRE(dir.catch_up(reader).ok());
    CHECK(reader.find(id) != nullptr);
    CHECK(reader.revision == writer.revision);

    // Event changes are picked up too (event.json replaced by rename).
    auto revs = dir.transact(writer, [](const State& cur) -> Result<DataDir::Change> {
        Event e = cur.event;
        e.name = "Renamed Week";
        DataDir::Change c;
        c.event = e;
        return c;
    });
    REQUIRE(revs.ok());
    REQUIRE(dir.catch_up(reader).ok());
    CHECK(reader.event.name == "Renamed Week");
    CHECK(reader.revision == writer.revision);
    CHECK(reader.audit.back().kind == JournalEntry::Kind::event_changed);
}

TEST_CASE("[Store] an invalid event change is refused and nothing is written") {
    test::ScratchDir s("badchange");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    auto before = read_file(dir.event_path());
    auto revs = dir.transact(st, [](const State& cur) -> Result<DataDir::Change> {
        Event e = cur.event;
        e.timezone = "Nowhere/Special";
        DataDir::Change c;
        c.event = e;
        return c;
    });
    REQUIRE_FALSE(revs.ok());
    CHECK(revs.error().find("timezone") != std::string::npos);
    CHECK(*read_file(dir.event_path()) == *before);
    CHECK(dir.load()->revision == 1);
}

TEST_CASE("[Store] an incomplete last journal line is ignored, then truncated by the next writer") {
    test::ScratchDir s("tail");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    auto id = *add_manual_post(dir, st, tip("Ana", "hi #NLAWWeek"), "t");
    {
        std::ofstream out(dir.journal_path(), std::ios::app);
        out << R"({"v":1,"rev":3,"type":"moderation","at":"2026-05-)";
    }
    State fresh = *dir.load();
    CHECK(fresh.revision == 2);
    CHECK(fresh.warning.find("incomplete last line") != std::string::npos);
    REQUIRE(moderate_posts(dir, fresh, {id}, "approve", "sam", "").ok());
    State after = *dir.load();
    CHECK(after.warning.empty());
    CHECK(after.revision == 3);
    CHECK(after.moderation_of(*after.find(id)) == Moderation::approved);
}

TEST_CASE("[Store] a corrupt journal line in the middle is reported with its position") {
    test::ScratchDir s("corrupt");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    (void)*add_manual_post(dir, st, tip("Ana", "hi #NLAWWeek"), "t");
    std::string text = *read_file(dir.journal_path());
    text.insert(text.find('\n') + 1, "{\"v\":1,\"rev\":\"two\"}\n");
    REQUIRE(write_file_atomic(dir.journal_path(), text).ok());
    auto r = dir.load();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("journal.jsonl at byte") != std::string::npos);
    CHECK(r.error().find("/rev") != std::string::npos);
}

TEST_CASE("[Store] wall.json holds only what screens may show") {
    test::ScratchDir s("wall");
    DataDir dir = make_dir(s);
    State st = *dir.load();
    ManualPost approved{"@ana@example.org", "Approved tip: explain what you learned to a colleague #NLAWWeek",
                        "mastodon", parse_rfc3339("2026-05-18T09:00:00Z"), {}, ""};
    auto ok_id = *add_manual_post(dir, st, approved, "t");
    auto pend_id = *add_manual_post(dir, st, tip("@bob@example.org", "Pending secret plan #NLAWWeek"), "t");
    auto rej_id = *add_manual_post(dir, st, tip("@cy@example.org", "Rejected rant #NLAWWeek"), "t");
    REQUIRE(moderate_posts(dir, st, {ok_id}, "approve", "sam", "").ok());
    REQUIRE(moderate_posts(dir, st, {rej_id}, "reject", "sam", "").ok());
    auto revs = dir.transact(st, [](const State&) -> Result<DataDir::Change> {
        Roster r;
        r.people.push_back({"Ana Lima", "Ops", "ana@example.org", "", "", "ana.lima@corp.example"});
        DataDir::Change c;
        c.roster = r;
        return c;
    });
    REQUIRE(revs.ok());
    auto wall = publish_wall(dir, st, *parse_rfc3339("2026-05-18T12:00:00Z"));
    REQUIRE(wall.ok());
    std::string text = *read_file(dir.wall_path());
    CHECK(text.find("Approved tip") != std::string::npos);
    CHECK(text.find("Pending secret plan") == std::string::npos);
    CHECK(text.find("Rejected rant") == std::string::npos);
    CHECK(text.find("corp.example") == std::string::npos);  // no e-mail addresses
    auto parsed = parse_wall(text, "wall.json");
    REQUIRE(parsed.ok());
    CHECK(parsed->revision == st.revision);
    REQUIRE(parsed->posts.size() == 1);
    CHECK(parsed->posts[0].team == "Ops");
    REQUIRE(parsed->challenge_today.has_value());
    CHECK(parsed->challenge_today->tag == "tipmonday");
    REQUIRE_FALSE(parsed->leaderboard.empty());
    CHECK(parsed->leaderboard[0].name == "Ana Lima");
}

TEST_CASE("[Store] a huge post is cut on the wall at a character boundary; the journal keeps it whole") {
    test::ScratchDir s("wallcut");
    Event e = test::sample_event();
    e.moderation_mode = ModerationMode::post;
    auto dir = DataDir::create(s.path + "/ev", e, "t");
    REQUIRE(dir.ok());
    State st = *dir->load();
    // 3-byte characters, so a cut at a fixed byte count would land mid-character without the boundary walk.
    std::string big = "Tip: ";
    while (big.size() < 200000) big += "\xE2\x82\xAC";  // €
    auto id = add_manual_post(*dir, st, tip("Ana", big + " #NLAWWeek"), "t");
    REQUIRE(id.ok());
    auto wall = publish_wall(*dir, st, now());
    REQUIRE(wall.ok());
    REQUIRE(wall->posts.size() == 1);
    const std::string& shown = wall->posts[0].text;
    CHECK(shown.size() <= kWallTextMaxBytes + 3);
    CHECK(shown.size() > kWallTextMaxBytes - 6);
    CHECK(shown.substr(shown.size() - 3) == "\xE2\x80\xA6");
    CHECK(repair_utf8(shown) == shown);  // still valid UTF-8
    CHECK(st.find(*id)->post.text.size() > 200000);
    auto text = read_file(dir->wall_path());
    REQUIRE(text.ok());
    CHECK(text->size() < 20000);
}

TEST_CASE("[Store] post-moderation shows posts until rejected") {
    test::ScratchDir s("postmod");
    Event e = test::sample_event();
    e.moderation_mode = ModerationMode::post;
    auto dir = DataDir::create(s.path + "/ev", e, "t");
    REQUIRE(dir.ok());
    State st = *dir->load();
    auto id = *add_manual_post(*dir, st, tip("Ana", "hello #NLAWWeek"), "t");
    CHECK(st.visible_on_screens(*st.find(id)));
    REQUIRE(moderate_posts(*dir, st, {id}, "reject", "sam", "").ok());
    CHECK_FALSE(st.visible_on_screens(*st.find(id)));
}

namespace {
unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}
}  // namespace

// Issue 10, item 13: www-data in the data directory's group could read roster.json and the journal.
TEST_CASE("[Store] nginx deploy permissions: only publish/ is readable by the web server's group") {
    test::ScratchDir s("modes");
    DataDir dir = make_dir(s);
    // A write of each private file after creation keeps the mode (write_file_atomic sets it whatever the umask).
    State st = *dir.load();
    REQUIRE(dir.transact(st, [](const State&) -> Result<DataDir::Change> {
        DataDir::Change c;
        c.roster = Roster{};
        return c;
    }).ok());
    REQUIRE(publish_wall(dir, st, *parse_rfc3339("2026-05-18T12:00:00Z")).ok());
    CHECK(mode_of(dir.path()) == 0710);
    for (const auto& f : {dir.event_path(), dir.roster_path(), dir.journal_path(), dir.lock_path()}) {
        INFO(f);
        CHECK(mode_of(f) == 0600);
    }
    CHECK(mode_of(dir.publish_dir()) == 0750);
    CHECK(mode_of(dir.wall_path()) == 0644);
}
