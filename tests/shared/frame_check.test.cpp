// [FrameCheck] the frozen-frame and black-screen watchdog's pure half (issue 15 item 3).
#include <doctest/doctest.h>

#include "learnwall/frame_check.hpp"
#include "learnwall/quote_id.hpp"

using namespace lw;

namespace {
struct TestFrame {
    unsigned w, h;
    std::vector<std::uint8_t> px;
    TestFrame(unsigned width, unsigned height, std::uint8_t r, std::uint8_t g, std::uint8_t b) : w(width), h(height) {
        px.resize(static_cast<std::size_t>(w) * h * 4);
        for (std::size_t i = 0; i < px.size(); i += 4) px[i] = r, px[i + 1] = g, px[i + 2] = b, px[i + 3] = 255;
    }
    void box(unsigned x0, unsigned y0, unsigned bw, unsigned bh, std::uint8_t v) {
        for (unsigned y = y0; y < y0 + bh; ++y)
            for (unsigned x = x0; x < x0 + bw; ++x)
                for (int c = 0; c < 3; ++c) px[(static_cast<std::size_t>(y) * w + x) * 4 + c] = v;
    }
    FrameDigest digest() const { return digest_frame(px.data(), w, h); }
};
}  // namespace

TEST_CASE("[FrameCheck] a black frame and a frame of one colour are blank; text on a background is not") {
    CHECK(TestFrame(320, 180, 0, 0, 0).digest().blank);
    TestFrame navy(320, 180, 23, 50, 77);
    CHECK(navy.digest().blank);
    navy.box(40, 40, 30, 6, 240);  // a line of text is enough not to be blank
    CHECK_FALSE(navy.digest().blank);
    CHECK(digest_frame(nullptr, 0, 0).blank);
    CHECK(TestFrame(320, 180, 0, 0, 0).digest().cells.size() == 32 * 18 * 3);
}

TEST_CASE("[FrameCheck] a frame that did not change when the playlist said it should is frozen") {
    FrameWatchdog dog;
    TestFrame wall(320, 180, 20, 40, 60);
    wall.box(10, 10, 100, 60, 200);
    CHECK(dog.check(1, wall.digest(), false) == FrameVerdict::ok);
    CHECK(dog.check(2, wall.digest(), false) == FrameVerdict::frozen);  // page 1 -> 2, same picture
}

TEST_CASE("[FrameCheck] an unchanged picture that should not change is fine: one-scene playlist, single post") {
    FrameWatchdog dog;
    TestFrame wall(320, 180, 20, 40, 60);
    wall.box(10, 10, 100, 60, 200);
    for (int i = 0; i < 5; ++i) CHECK(dog.check(7, wall.digest(), false) == FrameVerdict::ok);
    // And a change that was expected and happened is fine.
    TestFrame board(320, 180, 20, 40, 60);
    board.box(150, 100, 100, 60, 200);
    CHECK(dog.check(8, board.digest(), false) == FrameVerdict::ok);
    CHECK(dog.check(9, wall.digest(), false) == FrameVerdict::ok);
}

TEST_CASE("[FrameCheck] a black frame fails unless the organisers blanked the screens") {
    FrameWatchdog dog;
    CHECK(dog.check(1, TestFrame(320, 180, 0, 0, 0).digest(), false) == FrameVerdict::blank);
    CHECK(dog.check(1, TestFrame(320, 180, 0, 0, 0).digest(), true) == FrameVerdict::ok);
    CHECK(std::string(to_string(FrameVerdict::frozen)) == "frozen");
}

// The watchdog's quote id (issue 15): the same words give the same id wherever the quote sits in the list;
// other words, or the same words by another author, another id; text and author cannot trade bytes.
TEST_CASE("[frame check] quote_id: from the quote's words and author, stable and distinct") {
    const lw::Quote a{"Tell me and I forget, teach me and I may remember, involve me and I learn.", "Xunzi"};
    CHECK(lw::quote_id(a) == lw::quote_id(lw::Quote{a.text, a.author}));
    CHECK(lw::quote_id(a).size() == 16);
    CHECK(lw::quote_id(a).find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(lw::quote_id(a) != lw::quote_id(lw::Quote{a.text, "Confucius"}));
    CHECK(lw::quote_id(a) != lw::quote_id(lw::Quote{"Anyone who stops learning is old.", "Henry Ford"}));
    CHECK(lw::quote_id(lw::Quote{"ab", "c"}) != lw::quote_id(lw::Quote{"a", "bc"}));
}
