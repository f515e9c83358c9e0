// [kiosk] the live loop: a file source replaced atomically is on screen within a second; a broken
// replacement keeps the last good wall; SIGTERM ends it cleanly.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "kiosk_helpers.hpp"
#include "learnwall/fsutil.hpp"

using namespace kiosk_test;
using Clock = std::chrono::steady_clock;

namespace {
nlohmann::json wait_for_status(const std::string& path, const std::function<bool(const nlohmann::json&)>& pred,
                               std::chrono::milliseconds limit) {
    auto until = Clock::now() + limit;
    while (Clock::now() < until) {
        std::string text = read_text(path);
        if (!text.empty()) {
            auto j = nlohmann::json::parse(text, nullptr, false);
            if (!j.is_discarded() && pred(j)) return j;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return nullptr;
}
}  // namespace

TEST_CASE("[kiosk] a replaced wall.json is picked up within a second; a broken one keeps the last good wall") {
    auto dir = scratch_dir("live");
    std::string wall_path = dir + "/wall.json", status = dir + "/status.json";
    auto wall = nlohmann::json::parse(read_text(data_file("wall.json")));
    REQUIRE(lw::write_file_atomic(wall_path, wall.dump()));
    int pid = spawn_kiosk({"--source", wall_path, "--windowed", "--size", "800x450", "--status-file", status,
                           "--no-cache", "--scene", "wall"},
                          dir + "/stderr.txt");
    REQUIRE(pid > 0);
    auto first = wait_for_status(status, [](const nlohmann::json& j) { return j["revision"] == 15; }, std::chrono::seconds(20));
    REQUIRE_MESSAGE(!first.is_null(), read_text(dir + "/stderr.txt"));

    for (int rev : {16, 17, 18}) {
        wall["revision"] = rev;
        wall["posts"][0]["text"] = "Revision " + std::to_string(rev) + " arrived #NLAWWeek";
        auto t0 = Clock::now();
        REQUIRE(lw::write_file_atomic(wall_path, wall.dump()));  // rename into place, like publish does
        auto seen = wait_for_status(status, [rev](const nlohmann::json& j) { return j["revision"] == rev; }, std::chrono::seconds(5));
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
        CAPTURE(ms);
        REQUIRE(!seen.is_null());
        CHECK(ms < 1000);
        MESSAGE("revision " << rev << " on screen after " << ms << " ms");
    }

    REQUIRE(lw::write_file_atomic(wall_path, "{\"schema_version\": 1, \"revision\": "));
    auto broken = wait_for_status(status, [](const nlohmann::json& j) { return j["ok"] == false; }, std::chrono::seconds(3));
    REQUIRE(!broken.is_null());
    CHECK(broken["revision"] == 18);  // still showing the last good wall
    CHECK(broken["error"].get<std::string>().find("wall.json") != std::string::npos);

    std::filesystem::remove(wall_path);
    auto missing = wait_for_status(status, [](const nlohmann::json& j) {
        return j["error"].get<std::string>().find("not found") != std::string::npos;
    }, std::chrono::seconds(3));
    REQUIRE(!missing.is_null());
    CHECK(missing["revision"] == 18);

    CHECK(stop_kiosk(pid) == 0);
}
