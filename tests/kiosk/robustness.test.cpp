// [kiosk] an unattended week: a source that goes away shows the stale badge, a restart without the source
// shows the saved wall, and hostile post text (100,000 characters, right-to-left override, combining marks,
// invalid UTF-8 in the file) never breaks the layout or the process.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "kiosk_helpers.hpp"
#include "learnwall/fsutil.hpp"

using namespace kiosk_test;
using Clock = std::chrono::steady_clock;

namespace {
nlohmann::json wait_json(const std::string& path, const std::function<bool(const nlohmann::json&)>& pred,
                         std::chrono::milliseconds limit) {
    auto until = Clock::now() + limit;
    while (Clock::now() < until) {
        auto j = nlohmann::json::parse(read_text(path), nullptr, false);
        if (!j.is_discarded() && pred(j)) return j;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return nullptr;
}
bool has_kind(const nlohmann::json& layout, const std::string& kind) { return !find_item(layout, kind).is_null(); }
}  // namespace

TEST_CASE("[kiosk] a failing source shows the stale badge after the threshold; a restart shows the saved wall") {
    auto dir = scratch_dir("stale");
    std::string wall_path = dir + "/wall.json", status = dir + "/status.json", layout = dir + "/layout.json";
    REQUIRE(lw::write_file_atomic(wall_path, read_text(data_file("wall-rich.json"))));
    std::vector<std::string> args = {"--source", wall_path, "--windowed", "--size", "960x540", "--status-file", status,
                                     "--layout-json", layout, "--cache-dir", dir + "/cache", "--stale-after", "1",
                                     "--scene", "wall"};
    int pid = spawn_kiosk(args, dir + "/stderr1.txt");
    REQUIRE(pid > 0);
    auto up = wait_json(status, [](const auto& j) { return j["revision"] == 42 && j["ok"] == true; }, std::chrono::seconds(20));
    REQUIRE_MESSAGE(!up.is_null(), read_text(dir + "/stderr1.txt"));
    CHECK(up["stale"] == false);
    CHECK(!has_kind(nlohmann::json::parse(read_text(layout)), "stale_badge"));

    std::filesystem::remove(wall_path);  // the hub's share went away
    auto stale = wait_json(status, [](const auto& j) { return j["stale"] == true; }, std::chrono::seconds(5));
    REQUIRE(!stale.is_null());
    CHECK(stale["revision"] == 42);  // still the last good wall
    auto badge = wait_json(layout, [](const auto& j) { return has_kind(j, "stale_badge"); }, std::chrono::seconds(3));
    CHECK(!badge.is_null());
    CHECK(has_kind(badge, "post_card"));
    CHECK(stop_kiosk(pid) == 0);
    CHECK(read_text(dir + "/stderr1.txt").find("not found") != std::string::npos);

    // Power cut and reboot with the source still gone: the copy on disk is shown at once, marked offline.
    std::filesystem::remove(status);
    std::filesystem::remove(layout);
    pid = spawn_kiosk(args, dir + "/stderr2.txt");
    REQUIRE(pid > 0);
    auto cached = wait_json(status, [](const auto& j) { return j["revision"] == 42; }, std::chrono::seconds(20));
    REQUIRE_MESSAGE(!cached.is_null(), read_text(dir + "/stderr2.txt"));
    CHECK(cached["from_cache"] == true);
    CHECK(cached["stale"] == true);
    auto shown = wait_json(layout, [](const auto& j) { return has_kind(j, "post_card"); }, std::chrono::seconds(3));
    REQUIRE(!shown.is_null());
    auto b = find_item(shown, "stale_badge");
    REQUIRE(!b.is_null());
    for (const auto& it : shown["items"]) {  // the badge never covers a card or panel
        if (it["kind"] != "post_card" && it["kind"] != "join" && it["kind"] != "leader_panel") continue;
        bool apart = b["x"].get<double>() >= it["x"].get<double>() + it["w"].get<double>() ||
                     it["x"].get<double>() >= b["x"].get<double>() + b["w"].get<double>() ||
                     b["y"].get<double>() >= it["y"].get<double>() + it["h"].get<double>() ||
                     it["y"].get<double>() >= b["y"].get<double>() + b["h"].get<double>();
        CHECK_MESSAGE(apart, "the stale badge covers " << it["kind"]);
    }

    // The source comes back: the badge goes.
    REQUIRE(lw::write_file_atomic(wall_path, read_text(data_file("wall-rich.json"))));
    auto back = wait_json(status, [](const auto& j) { return j["stale"] == false && j["ok"] == true; }, std::chrono::seconds(5));
    CHECK(!back.is_null());
    CHECK(stop_kiosk(pid) == 0);
}

TEST_CASE("[kiosk] hostile post text keeps every card whole and on screen") {
    auto dir = scratch_dir("hostile");
    auto wall = nlohmann::json::parse(read_text(data_file("wall-rich.json")));
    auto& posts = wall["posts"];
    std::string huge;
    while (huge.size() < 100'000) huge += "learning\u00e9 ";
    posts[0]["text"] = huge;                                                        // 100,000 characters
    posts[1]["text"] = "\u202Eevil override \u202D then normal #NLAWWeek";          // right-to-left override
    posts[2]["text"] = std::string(3000, 'W');                                      // one endless word
    posts[3]["text"] = "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357a\u0300\u0301\u0302\u0303lgo \u200B\u200D\uFEFF";
    posts[5]["author_name"] = std::string(500, 'N') + " \u202E";
    posts[6]["text"] = "\U0001F600\U0001F680\U0001F9D1\u200D\U0001F4BB tabs\tand\nnew\r\nlines \x01\x7f";
    std::ofstream(dir + "/wall.json") << wall.dump();
    for (std::string size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        auto r = run_kiosk({"--source", dir + "/wall.json", "--size", size, "--screenshot", dir + "/h.png",
                            "--layout-json", dir + "/h.json", "--now", "2026-05-19T10:35:00Z"});
        REQUIRE_MESSAGE(r.rc == 0, r.err);
        auto j = nlohmann::json::parse(read_text(dir + "/h.json"));
        int W = j["width"], H = j["height"];
        std::size_t cards = 0;
        for (const auto& it : j["items"]) {
            if (it["kind"] != "post_card") continue;
            ++cards;
            CHECK(it["x"].get<double>() >= 0);
            CHECK(it["y"].get<double>() + it["h"].get<double>() <= H);
            CHECK(it["x"].get<double>() + it["w"].get<double>() <= W);
            auto text = find_item(j, "post_text", it["id"]);
            REQUIRE(!text.is_null());
            CHECK(text["x"].get<double>() + text["w"].get<double>() <= it["x"].get<double>() + it["w"].get<double>());
            CHECK(text["y"].get<double>() + text["h"].get<double>() <= it["y"].get<double>() + it["h"].get<double>());
        }
        CHECK(cards >= 3);
    }
}

TEST_CASE("[kiosk] invalid UTF-8 in wall.json is refused with a reason and the last good wall stays") {
    auto dir = scratch_dir("badutf8");
    std::string text = read_text(data_file("wall-rich.json"));
    auto at = text.find("Learned today");
    REQUIRE(at != std::string::npos);
    text.replace(at, 7, "Lea\xff\xfe\xc3");  // bytes that are not UTF-8 inside a JSON string
    std::ofstream(dir + "/wall.json", std::ios::binary) << text;
    auto r = run_kiosk({"--source", dir + "/wall.json", "--screenshot", dir + "/u.png", "--layout-json", dir + "/u.json"});
    REQUIRE(r.rc == 0);
    CHECK(r.err.find("wall.json") != std::string::npos);
    CHECK(has_kind(nlohmann::json::parse(read_text(dir + "/u.json")), "waiting"));
}

TEST_CASE("[kiosk] a theme file sets the colours and the logo; a broken one is reported and the wall still shows") {
    auto dir = scratch_dir("theme");
    sf::Image logo;
    logo.create(200, 100, sf::Color(255, 0, 200));
    REQUIRE(logo.saveToFile(dir + "/logo.png"));
    std::ofstream(dir + "/theme.json") << R"({"background": "#402010", "background_2": "#402010", "logo": "logo.png"})";
    auto r = run_kiosk({"--source", data_file("wall-rich.json"), "--theme", dir + "/theme.json", "--screenshot",
                        dir + "/t.png", "--layout-json", dir + "/t.json", "--now", "2026-05-19T10:35:00Z"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    sf::Image img;
    REQUIRE(img.loadFromFile(dir + "/t.png"));
    CHECK(img.getPixel(3, 3) == sf::Color(0x40, 0x20, 0x10));
    auto j = nlohmann::json::parse(read_text(dir + "/t.json"));
    auto l = find_item(j, "logo");
    REQUIRE(!l.is_null());
    sf::Color mid = img.getPixel(l["x"].get<unsigned>() + l["w"].get<unsigned>() / 2, l["y"].get<unsigned>() + l["h"].get<unsigned>() / 2);
    CHECK(mid.r > 200);
    CHECK(mid.b > 150);
    CHECK(mid.g < 60);

    std::ofstream(dir + "/bad.json") << R"({"background": "#402010", "accent": "teal"})";
    r = run_kiosk({"--source", data_file("wall-rich.json"), "--theme", dir + "/bad.json", "--screenshot", dir + "/b.png",
                   "--layout-json", dir + "/b.json", "--now", "2026-05-19T10:35:00Z"});
    REQUIRE(r.rc == 0);
    CHECK(r.err.find("bad.json: /accent: expected a colour") != std::string::npos);
    REQUIRE(img.loadFromFile(dir + "/b.png"));
    CHECK(img.getPixel(3, 3) != sf::Color(0x40, 0x20, 0x10));  // the whole file is refused, not half applied
    CHECK(has_kind(nlohmann::json::parse(read_text(dir + "/b.json")), "post_card"));
}
