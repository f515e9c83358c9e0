// [kiosk] proof of display (issue 15 item 2): what the window showed rides on the wall source's polls as
// X-Learnwall-Shown, bounded, and a poll without an answer keeps it for the next.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "file_server.hpp"
#include "kiosk_helpers.hpp"
#include "learnwall/fsutil.hpp"
#include "render/layout_log.hpp"
#include "shown_reporter.hpp"
#include "wall_source.hpp"

using namespace kiosk_test;

namespace {

// A loopback port nothing listens on: connections are refused at once (no answer, so nothing logged).
int pod_refusing_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    ::close(fd);
    return ntohs(a.sin_port);
}

lw::kiosk::LayoutLog pod_cards(const std::vector<std::string>& ids) {
    lw::kiosk::LayoutLog log;
    for (const auto& id : ids) log.add("post_card", id, {0, 0, 100, 100});
    log.add("header", "", {0, 0, 10, 10});  // not a post: never counted
    return log;
}

}  // namespace

TEST_CASE("[kiosk] proof of display: the poll carries X-Learnwall-Shown with the posts drawn, within its bound") {
    auto dir = scratch_dir("pod-header");
    std::filesystem::copy_file(data_file("wall-rich.json"), dir + "/wall.json", std::filesystem::copy_options::overwrite_existing);
    lw::test::FileServer server(dir);
    auto shown = std::make_shared<lw::kiosk::ShownReporter>();
    std::vector<std::string> ids;
    for (int i = 0; i < 100; ++i) ids.push_back("bluesky:at://did:plc:abcdefghijklmnop/app.bsky.feed.post/" + std::to_string(i));
    // On screen for the last 5 seconds.
    shown->on_layout(pod_cards(ids), lw::kiosk::ShownReporter::steady_ms_now() - 5000,
                     lw::kiosk::ShownReporter::unix_now() - 5);
    shown->on_layout(pod_cards({}), lw::kiosk::ShownReporter::steady_ms_now(), lw::kiosk::ShownReporter::unix_now());
    lw::kiosk::SourceOptions so;
    so.screen_id = "lobby-1";
    so.shown = shown;
    lw::kiosk::WallSource source(server.url("wall.json"), so);
    std::set<std::string> seen;
    for (int poll = 0; poll < 10; ++poll) {
        source.load_now();
        const std::string h = server.last_header("X-Learnwall-Shown");
        if (h.empty()) break;
        CHECK(server.last_header("X-Learnwall-Screen") == "lobby-1");
        CHECK(h.size() <= lw::kShownHeaderMaxBytes);
        auto batch = lw::decode_shown(h);
        REQUIRE_MESSAGE(batch, batch.error());
        CHECK(batch->entries.size() <= lw::kShownMaxPostsPerPoll);
        for (const auto& e : batch->entries) {
            CHECK(e.seconds >= 4);
            CHECK(e.seconds <= 6);
            seen.insert(e.post_id);
        }
    }
    CHECK(seen == std::set<std::string>(ids.begin(), ids.end()));
    CHECK(server.last_header("X-Learnwall-Shown").empty());  // all delivered: nothing more to send
}

TEST_CASE("[kiosk] proof of display: a poll that got no answer keeps the record for the next one") {
    auto shown = std::make_shared<lw::kiosk::ShownReporter>();
    shown->on_layout(pod_cards({"m:1", "m:2"}), lw::kiosk::ShownReporter::steady_ms_now() - 3000,
                     lw::kiosk::ShownReporter::unix_now() - 3);
    shown->on_layout(pod_cards({}), lw::kiosk::ShownReporter::steady_ms_now(), lw::kiosk::ShownReporter::unix_now());
    lw::kiosk::SourceOptions so;
    so.shown = shown;
    {
        lw::kiosk::WallSource down("http://127.0.0.1:" + std::to_string(pod_refusing_port()) + "/wall.json", so);
        down.load_now();
        CHECK_FALSE(down.state().ok);
    }
    auto dir = scratch_dir("pod-keep");
    std::filesystem::copy_file(data_file("wall-rich.json"), dir + "/wall.json", std::filesystem::copy_options::overwrite_existing);
    lw::test::FileServer server(dir);
    lw::kiosk::WallSource up(server.url("wall.json"), so);
    up.load_now();
    auto batch = lw::decode_shown(server.last_header("X-Learnwall-Shown"));
    REQUIRE(batch);
    REQUIRE(batch->entries.size() == 2);
    CHECK(batch->entries[0].post_id == "m:1");
    CHECK(batch->entries[0].seconds == 3);
}

TEST_CASE("[kiosk] proof of display: a local source's record goes to --shown-log in the access-log format") {
    auto dir = scratch_dir("pod-local");
    const std::string path = dir + "/shown.log";
    std::filesystem::remove(path);
    lw::kiosk::ShownReporter shown;
    shown.on_layout(pod_cards({"m:1"}), lw::kiosk::ShownReporter::steady_ms_now() - 2000, lw::kiosk::ShownReporter::unix_now() - 2);
    shown.on_layout(pod_cards({}), lw::kiosk::ShownReporter::steady_ms_now(), lw::kiosk::ShownReporter::unix_now());
    REQUIRE(lw::kiosk::append_shown_line(shown, path, "canteen"));
    REQUIRE(lw::kiosk::append_shown_line(shown, path, "canteen"));  // nothing new: no second line
    auto text = lw::read_file(path);
    REQUIRE(text);
    CHECK(std::count(text->begin(), text->end(), '\n') == 1);
    lw::ShownLog log = lw::read_shown_log(*text, path);
    CHECK(log.bad_records == 0);
    REQUIRE(log.posts.count("m:1"));
    CHECK(log.posts["m:1"].screens == std::set<std::string>{"canteen"});
    // A file that cannot be written says so, and keeps the record for the next try.
    shown.on_layout(pod_cards({"m:2"}), lw::kiosk::ShownReporter::steady_ms_now() - 2000, lw::kiosk::ShownReporter::unix_now() - 2);
    shown.on_layout(pod_cards({}), lw::kiosk::ShownReporter::steady_ms_now(), lw::kiosk::ShownReporter::unix_now());
    auto bad = lw::kiosk::append_shown_line(shown, dir + "/no/such/folder/shown.log", "canteen");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().find("--shown-log " + dir + "/no/such/folder/shown.log: cannot open") == 0);
    REQUIRE(lw::kiosk::append_shown_line(shown, path, "canteen"));
    text = lw::read_file(path);
    REQUIRE(text);
    CHECK(lw::read_shown_log(*text, path).posts.count("m:2") == 1);
}
