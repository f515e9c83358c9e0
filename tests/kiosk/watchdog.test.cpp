// [kiosk] the frozen-frame and black-screen watchdog (issue 15 item 3), through the real binary: a forced
// stuck or black picture ends the run with status 3 and a note for the next start, which sends it to the
// hub; a picture that legitimately stays the same, and a playlist that really changes, run on.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "file_server.hpp"
#include "kiosk_helpers.hpp"
#include "learnwall/fsutil.hpp"

using namespace kiosk_test;

namespace {

// A wall whose playlist changes scene every 3 s (the shortest slot), or a single post on a one-scene wall.
std::string watchdog_wall(const std::string& dir, bool changing) {
    auto wall = nlohmann::json::parse(read_text(data_file("wall-rich.json")));
    if (changing) {
        wall["display"]["playlist"] = nlohmann::json::array({{{"scene", "wall"}, {"seconds", 3}}, {{"scene", "leaderboard"}, {"seconds", 3}}});
    } else {
        wall["posts"] = nlohmann::json::array({wall["posts"][0]});
        wall["display"]["playlist"] = nlohmann::json::array({{{"scene", "wall"}, {"seconds", 30}}});
        wall["display"]["page_seconds"] = 5;  // pages turn, the picture stays: not a failure
    }
    const std::string path = dir + "/wall.json";
    REQUIRE(lw::write_file_atomic(path, wall.dump()));
    return path;
}

// Waits up to `limit` for the process to exit; its status, or -1 (still running).
int watchdog_wait_exit(int pid, std::chrono::seconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
}

std::string watchdog_note_in(const std::string& cache) {
    for (const auto& e : std::filesystem::directory_iterator(cache))
        if (e.path().extension() == ".watchdog") return read_text(e.path().string());
    return {};
}

}  // namespace

namespace {

// Runs the kiosk on a changing playlist with a forced fault (--watchdog-test stuck|black) until it exits.
struct WatchdogRun {
    std::string dir;
    int rc = -1;
    std::string err;
};
WatchdogRun run_with_fault(const std::string& mode) {
    WatchdogRun r;
    r.dir = scratch_dir("watchdog-" + mode);
    const std::string wall = watchdog_wall(r.dir, true);
    int pid = spawn_kiosk({"--source", wall, "--windowed", "--size", "640x360", "--cache-dir", r.dir + "/cache",
                           "--watchdog-test", mode},
                          r.dir + "/stderr.txt");
    REQUIRE(pid > 0);
    r.rc = watchdog_wait_exit(pid, std::chrono::seconds(30));
    if (r.rc == -1) stop_kiosk(pid);
    r.err = read_text(r.dir + "/stderr.txt");
    return r;
}

}  // namespace

TEST_CASE("[kiosk] watchdog: a stuck frame ends the run with status 3 and leaves a note for the next start") {
    const WatchdogRun r = run_with_fault("stuck");
    CHECK_MESSAGE(r.rc == 3, r.err);
    CHECK(r.err.find("learnwall-kiosk: watchdog: frozen frame") != std::string::npos);
    CHECK(watchdog_note_in(r.dir + "/cache").rfind("frozen@", 0) == 0);
}

TEST_CASE("[kiosk] watchdog: a black frame ends the run with status 3") {
    const WatchdogRun r = run_with_fault("black");
    CHECK_MESSAGE(r.rc == 3, r.err);
    CHECK(r.err.find("learnwall-kiosk: watchdog: blank frame") != std::string::npos);
}

TEST_CASE("[kiosk] watchdog: a playlist that changes and a single post on one scene both run on") {
    for (bool changing : {true, false}) {
        CAPTURE(changing);
        auto dir = scratch_dir(changing ? "watchdog-ok-changing" : "watchdog-ok-single");
        const std::string wall = watchdog_wall(dir, changing);
        int pid = spawn_kiosk({"--source", wall, "--windowed", "--size", "640x360", "--cache-dir", dir + "/cache"},
                              dir + "/stderr.txt");
        REQUIRE(pid > 0);
        // Long enough for several scene changes (every 3 s) or page turns (every 5 s) and their checks.
        CHECK(watchdog_wait_exit(pid, std::chrono::seconds(12)) == -1);
        CHECK(stop_kiosk(pid) == 0);
        const std::string err = read_text(dir + "/stderr.txt");
        CHECK_MESSAGE(err.find("watchdog") == std::string::npos, err);
    }
}

TEST_CASE("[kiosk] watchdog: the next start sends the note to the hub with its poll, then removes it") {
    auto dir = scratch_dir("watchdog-report");
    std::filesystem::copy_file(data_file("wall-rich.json"), dir + "/wall.json", std::filesystem::copy_options::overwrite_existing);
    lw::test::FileServer server(dir);
    const std::string source = server.url("wall.json");
    // The note a failed run left: the cache file of this source, with .watchdog for .json.
    std::filesystem::create_directories(dir + "/cache");
    std::uint32_t h = 2166136261u;
    for (unsigned char c : source) h = (h ^ c) * 16777619u;
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", h);
    const std::string note = dir + "/cache/wall-" + hex + ".watchdog";
    REQUIRE(lw::write_file_atomic(note, "frozen@1779094800\n"));
    int pid = spawn_kiosk({"--source", source, "--windowed", "--size", "640x360", "--cache-dir", dir + "/cache",
                           "--screen-id", "lobby-1", "--scene", "wall"},
                          dir + "/stderr.txt");
    REQUIRE(pid > 0);
    bool sent = false;
    for (int i = 0; i < 200 && !(sent && !std::filesystem::exists(note)); ++i) {
        sent = sent || server.last_header("X-Learnwall-Health") == "frozen@1779094800";
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(stop_kiosk(pid) == 0);
    CHECK_MESSAGE(sent, read_text(dir + "/stderr.txt"));
    CHECK_FALSE(std::filesystem::exists(note));
}

// Issue 15 (watchdog and quotes): a quote used to be recorded with an empty id, so a quote scene whose quote
// should have changed but stayed the same picture was never judged frozen. Through the real renderer: the
// quote scene and the wall's quote panel, in landscape and portrait.
#include <SFML/Graphics/RenderTexture.hpp>

#include "bench.hpp"
#include "learnwall/frame_check.hpp"
#include "learnwall/quote_id.hpp"
#include "render/renderer.hpp"
#include "watchdog.hpp"

TEST_CASE("[kiosk] watchdog: another quote is an expected change, the same quote a minute later is not") {
    // One post: the wall scene's pages then all show the same card, so a minute later only the clock moved.
    auto wall = std::make_shared<lw::Wall>(*lw::kiosk::make_bench_wall(1, 0, false));
    REQUIRE(wall->quotes.size() == 2);
    // The same quote moved down the list (an organiser added one above it) is still the same picture.
    auto moved = std::make_shared<lw::Wall>(*wall);
    moved->quotes.insert(moved->quotes.begin(), lw::Quote{"Learning never exhausts the mind.", "Leonardo da Vinci"});
    lw::kiosk::SceneRenderer r(fonts());
    const lw::Instant at = *lw::parse_rfc3339("2026-05-19T10:35:00Z");
    // No structured binding here: CAPTURE is a lambda, and clang 14 (the sanitizer build) refuses to capture one.
    for (const auto& size : {std::pair{1920u, 1080u}, std::pair{1080u, 1920u}}) {
        const unsigned w = size.first, h = size.second;
        sf::RenderTexture rt;
        REQUIRE(rt.create(w, h));
        for (auto scene : {lw::kiosk::SceneKind::quote, lw::kiosk::SceneKind::wall}) {
            auto signature = [&](const lw::Wall& of, std::size_t quote_index, lw::Instant now, std::string* id) {
                lw::kiosk::FrameInput in;
                in.wall = &of;
                in.scene = scene;
                in.now = now;
                in.quote_index = quote_index;
                lw::kiosk::LayoutLog log;
                r.draw_static(rt, in, &log);
                for (const auto& it : log.items)
                    if (it.kind == "quote") *id = it.id;
                return lw::kiosk::watchdog_signature(log, lw::kiosk::to_string(scene));
            };
            CAPTURE(w);
            const std::string scene_name = lw::kiosk::to_string(scene);
            CAPTURE(scene_name);
            std::string first_id, second_id, again_id, moved_id;
            const auto first = signature(*wall, 0, at, &first_id);
            const auto second = signature(*wall, 1, at, &second_id);
            const auto again = signature(*wall, 0, at + std::chrono::minutes(1), &again_id);
            const auto moved_sig = signature(*moved, 1, at, &moved_id);
            REQUIRE_FALSE(first_id.empty());  // the quote is on screen, named
            CHECK(first_id == lw::quote_id(wall->quotes[0]));
            CHECK(second_id == lw::quote_id(wall->quotes[1]));
            CHECK(first != second);      // another quote: the picture must change
            CHECK(first == again);       // the minute's redraw of the same quote: no change expected
            CHECK(moved_id == first_id);
            CHECK(moved_sig == first);   // the same quote at another place in the list: no change expected

            // What the watchdog then decides when the picture stays the same: frozen only where a change was due.
            lw::FrameDigest same;
            same.cells.assign(32 * 18 * 3, 0);
            same.cells[0] = 200;  // not blank
            same.hash = 42;
            lw::FrameWatchdog judge;
            CHECK(judge.check(first, same, false) == lw::FrameVerdict::ok);
            CHECK(judge.check(again, same, false) == lw::FrameVerdict::ok);
            CHECK(judge.check(second, same, false) == lw::FrameVerdict::frozen);
        }
    }
}
