// [kiosk] text in every script on the screens: Chinese, Arabic, Hebrew, Cyrillic, Devanagari and emoji
// on wall cards and leaderboard rows, looked for in real screenshots (issue 11).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "kiosk_helpers.hpp"

using namespace kiosk_test;

namespace {

struct Box {
    int x = 0, y = 0, w = 0, h = 0;
};

Box box_of(const nlohmann::json& it) { return {it.at("x"), it.at("y"), it.at("w"), it.at("h")}; }

nlohmann::json shoot(const std::string& dir, const std::string& size, sf::Image& img, const std::string& scene = "wall",
                     const std::string& now = "2026-05-18T10:35:00Z") {
    std::string png = dir + "/scripts-" + scene + "-" + size + ".png", layout = dir + "/scripts-" + scene + "-" + size + ".json";
    auto r = run_kiosk({"--source", data_file("wall-scripts.json"), "--size", size, "--scene", scene, "--screenshot", png,
                        "--layout-json", layout, "--now", now});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    REQUIRE(img.loadFromFile(png));
    return nlohmann::json::parse(read_text(layout));
}

// Ink: pixels unlike the colour just above the box's top-left corner (the card or panel behind it).
std::size_t ink_in(const sf::Image& img, const Box& b) {
    sf::Color bg = img.getPixel(static_cast<unsigned>(std::max(0, b.x - 2)), static_cast<unsigned>(std::max(0, b.y - 2)));
    return pixels_differing(img, b.x, b.y, b.w, b.h, bg);
}

// Pixels that differ between the left and right halves of a box: two missing-glyph boxes side by side
// are the same picture twice; two different characters are not.
std::size_t halves_differ(const sf::Image& img, const Box& b) {
    std::size_t n = 0;
    int half = b.w / 2;
    for (int y = b.y; y < b.y + b.h; ++y)
        for (int x = 0; x < half; ++x) {
            sf::Color a = img.getPixel(static_cast<unsigned>(b.x + x), static_cast<unsigned>(y));
            sf::Color c = img.getPixel(static_cast<unsigned>(b.x + half + x), static_cast<unsigned>(y));
            if (std::abs(a.r - c.r) + std::abs(a.g - c.g) + std::abs(a.b - c.b) > 120) ++n;
        }
    return n;
}

const char* const kSizes[] = {"1920x1080", "1080x1920"};

}  // namespace

TEST_CASE("[kiosk] Chinese name drawn as boxes: 李雷 on a card and a board row is two different glyphs") {
    auto dir = scratch_dir("scripts-cjk");
    for (std::string size : kSizes) {
        CAPTURE(size);
        sf::Image img;
        auto j = shoot(dir, size, img);
        auto author = find_item(j, "post_author", "script:0");
        REQUIRE(!author.is_null());
        Box a = box_of(author);
        CHECK(ink_in(img, a) > static_cast<std::size_t>(a.w * a.h / 20));
        CHECK(halves_differ(img, a) > static_cast<std::size_t>(a.h));
        auto name = find_item(j, "leader_name", "\xE6\x9D\x8E\xE9\x9B\xB7");
        REQUIRE(!name.is_null());
        Box n = box_of(name);
        CHECK(ink_in(img, n) > static_cast<std::size_t>(n.w * n.h / 20));
        CHECK(halves_differ(img, n) > static_cast<std::size_t>(n.h));
    }
}

TEST_CASE("[kiosk] every script has ink on its wall card and its board row") {
    auto dir = scratch_dir("scripts-all");
    // Chinese, Arabic, Hebrew, Cyrillic (with 🎉), Devanagari (with 🚀), by post id and board name.
    const char* const kNames[] = {"\xE6\x9D\x8E\xE9\x9B\xB7", "\xD9\x84\xD9\x8A\xD9\x84\xD9\x89 \xD8\xAD\xD8\xB3\xD9\x86",
                                  "\xD7\x93\xD7\xA0\xD7\x94 \xD7\x9B\xD7\x94\xD7\x9F",
                                  "\xD0\x9E\xD0\xBB\xD1\x8C\xD0\xB3\xD0\xB0 \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xB0",
                                  ("\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xBF\xE0\xA4\xAF\xE0\xA4\xBE "
                                   "\xE0\xA4\xB6\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\xAE\xE0\xA4\xBE")};
    for (std::string size : kSizes) {
        CAPTURE(size);
        sf::Image img;
        // The wall pages through its posts (docs/screen-time.md): each script's card on the page it comes
        // round on; 10:35:00, :20 and :40 are the three pages of the default playlist's wall slot.
        std::set<int> cards;
        for (const char* at : {"2026-05-18T10:35:00Z", "2026-05-18T10:35:20Z", "2026-05-18T10:35:40Z"}) {
            auto page = shoot(dir, size, img, "wall", at);
            for (int i = 0; i < 5; ++i) {
                CAPTURE(i);
                std::string id = "script:" + std::to_string(i);
                auto text = find_item(page, "post_text", id);
                auto author = find_item(page, "post_author", id);
                if (text.is_null() || author.is_null()) continue;
                Box t = box_of(text), a = box_of(author);
                CHECK(ink_in(img, t) > static_cast<std::size_t>(t.w * t.h / 40));
                CHECK(ink_in(img, a) > static_cast<std::size_t>(a.w * a.h / 20));
                cards.insert(i);
            }
        }
        CHECK(cards.size() == 5);
        auto j = shoot(dir, size, img);
        for (int i = 0; i < 5; ++i) {
            CAPTURE(i);
            auto name = find_item(j, "leader_name", kNames[i]);
            if (name.is_null()) {
                CHECK_MESSAGE(i == 4, "only the fifth row may be missing (landscape board has four rows)");
                continue;
            }
            Box n = box_of(name);
            CHECK(ink_in(img, n) > static_cast<std::size_t>(n.w * n.h / 20));
        }
        // The emoji in the Cyrillic and Devanagari posts come from Symbola: the end of the line has ink.
        for (const char* id : {"script:3", "script:4"}) {
            Box t = box_of(find_item(j, "post_text", id));
            CHECK(ink_in(img, {t.x + t.w / 2, t.y, t.w / 2, t.h}) > 50);
        }
    }
}

TEST_CASE("[kiosk] Arabic name column empty on the leaderboard: the name sits in the name column, clear of the score") {
    auto dir = scratch_dir("scripts-rtl");
    const std::string arabic = "\xD9\x84\xD9\x8A\xD9\x84\xD9\x89 \xD8\xAD\xD8\xB3\xD9\x86";  // ليلى حسن
    const std::string hebrew = "\xD7\x93\xD7\xA0\xD7\x94 \xD7\x9B\xD7\x94\xD7\x9F";          // דנה כהן
    for (std::string size : kSizes) {
        CAPTURE(size);
        sf::Image img;
        auto j = shoot(dir, size, img);
        // The name column ends where the widest left-to-right name ends.
        int column_right = 0, column_left = 1 << 30;
        for (const auto& it : j.at("items"))
            if (it.at("kind") == "leader_name") {
                Box b = box_of(it);
                column_left = std::min(column_left, b.x);
                std::string n = it.at("id");
                if (n != arabic && n != hebrew) column_right = std::max(column_right, b.x + b.w);
            }
        for (const std::string& rtl : {arabic, hebrew}) {
            CAPTURE(rtl);
            Box n = box_of(find_item(j, "leader_name", rtl));
            Box points = box_of(find_item(j, "leader_points", rtl));
            Box row = box_of(find_item(j, "leader_row", rtl));
            // Inside the name column: right-aligned at its right edge, not beside the score.
            CHECK(n.x >= column_left);
            CHECK(n.x + n.w <= column_right + 2);
            CHECK(n.x + n.w < points.x);
            CHECK(ink_in(img, n) > static_cast<std::size_t>(n.w * n.h / 20));
            // Between the name column and the movement mark / score, the row is empty.
            sf::Color bg = img.getPixel(static_cast<unsigned>(row.x + row.w / 2), static_cast<unsigned>(row.y + 2));
            int gap_left = column_right + 4, gap_right = points.x - 60;
            if (gap_right > gap_left)
                CHECK(pixels_differing(img, gap_left, n.y, gap_right - gap_left, n.h, bg) < 5);
        }
        // On the team board (leaderboard scene): the rank stays on the left, the Arabic team name is
        // right-aligned in the name column.
        sf::Image board_img;
        auto board = shoot(dir, size, board_img, "leaderboard");
        int team_right = 0;
        Box arabic_team{};
        for (const auto& it : board.at("items"))
            if (it.at("kind") == "team_name") {
                if (it.at("id") == "\xD8\xA7\xD9\x84\xD9\x85\xD8\xA7\xD9\x84\xD9\x8A\xD8\xA9") arabic_team = box_of(it);
                else team_right = std::max(team_right, box_of(it).x + box_of(it).w);
            }
        REQUIRE(arabic_team.w > 0);
        CHECK(arabic_team.x + arabic_team.w <= team_right + 2);
        CHECK(ink_in(board_img, arabic_team) > static_cast<std::size_t>(arabic_team.w * arabic_team.h / 20));
        // On the card, the Arabic author name is right-aligned within the header block beside the avatar.
        Box author = box_of(find_item(j, "post_author", "script:1"));
        Box card = box_of(find_item(j, "post_card", "script:1"));
        CHECK(author.x > card.x + 60);
        CHECK(author.x + author.w < card.x + card.w);
    }
}
