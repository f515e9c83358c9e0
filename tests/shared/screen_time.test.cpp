// Fair screen time (learnwall/screen_time.hpp, docs/screen-time.md): every approved post comes round within
// the published bound, newest first, featured more often, the same page on every screen at the same time.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "learnwall/screen_time.hpp"

namespace {
constexpr std::int64_t kDay = 1779062400;  // 2026-05-18 00:00 UTC
constexpr int kT = 20;

lw::Instant at(std::int64_t unix_s) {
    return lw::Instant{std::chrono::milliseconds{unix_s * 1000}};
}

lw::ScreenTimePost post(std::string id, std::int64_t created, bool featured = false, bool pinned = false) {
    return {std::move(id), at(created), featured, pinned};
}

std::vector<std::string> ids(const std::vector<lw::ScreenTimePost>& posts, const std::vector<std::size_t>& idx) {
    std::vector<std::string> out;
    for (auto i : idx) out.push_back(posts[i].id);
    return out;
}

// Page by page from `from` for `pages` pages: the page numbers each post was on.
std::map<std::string, std::vector<std::int64_t>> shows(const std::vector<lw::ScreenTimePost>& posts, std::int64_t from,
                                                       int pages, int slots) {
    std::map<std::string, std::vector<std::int64_t>> out;
    for (int k = 0; k < pages; ++k) {
        auto page = lw::screen_page(posts, from + k * kT, kT, slots);
        for (auto i : page.posts) out[posts[i].id].push_back(page.number);
    }
    return out;
}

// The backlog: `n` posts an hour apart before the test window, `featured` of them featured.
std::vector<lw::ScreenTimePost> backlog(int n, int featured) {
    std::vector<lw::ScreenTimePost> posts;
    for (int i = 0; i < n; ++i) posts.push_back(post("p" + std::to_string(i), kDay + 3600 + i * 60, i < featured));
    return posts;
}
}  // namespace

TEST_CASE("[screen time] every approved post is shown within the published bound, again and again") {
    struct Case {
        int posts, featured_every, slots;
    };
    // One slot with spaced featured posts is the tight case: featured posts going back to the middle of the
    // queue on every turn passed a waiting post three times and broke the bound (59 pages against 56).
    for (Case c : {Case{30, 10, 6}, Case{50, 11, 1}, Case{50, 11, 2}, Case{60, 4, 6}}) {
        std::vector<lw::ScreenTimePost> posts;
        std::size_t featured = 0;
        for (int i = 0; i < c.posts; ++i) {
            bool f = i % c.featured_every == 0;
            featured += f;
            posts.push_back(post("p" + std::to_string(i), kDay + 3600 + i * 37, f));
        }
        const std::int64_t bound = lw::longest_wait_pages(posts.size(), featured, c.slots);
        const std::int64_t from = kDay + 6 * 3600;
        const int pages = static_cast<int>(4 * bound);
        auto seen = shows(posts, from, pages, c.slots);
        const std::int64_t first = from / kT, last = first + pages - 1;
        for (const auto& p : posts) {
            INFO(c.posts << " posts, " << c.slots << " slots, " << p.id << ", bound " << bound);
            REQUIRE(seen.count(p.id) == 1);
            const auto& s = seen[p.id];
            CHECK(s.front() - first < bound);
            for (std::size_t k = 1; k < s.size(); ++k) CHECK(s[k] - s[k - 1] <= bound);
            CHECK(last - s.back() < bound);
        }
    }
    CHECK(lw::longest_wait_pages(30, 3, 6) == 12);  // ceil(33 / 3) + 1
    CHECK(lw::longest_wait_pages(0, 0, 6) == 1);
}

TEST_CASE("[screen time] a page is never half empty while posts wait, and never shows a post twice") {
    auto posts = backlog(30, 3);
    for (int k = 0; k < 50; ++k) {
        auto page = lw::screen_page(posts, kDay + 5 * 3600 + k * kT, kT, 6);
        CHECK(page.posts.size() == 6);
        auto sorted = page.posts;
        std::sort(sorted.begin(), sorted.end());
        CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
        // The fill-ins are the others, next in turn.
        for (auto i : page.next) CHECK(std::find(page.posts.begin(), page.posts.end(), i) == page.posts.end());
        CHECK(page.next.size() == 24);
    }
}

TEST_CASE("[screen time] featured posts come round more often than the others") {
    auto posts = backlog(30, 3);
    auto seen = shows(posts, kDay + 4 * 3600, 300, 6);
    double featured = 0, plain = 0;
    for (const auto& p : posts) (p.featured ? featured : plain) += static_cast<double>(seen[p.id].size());
    featured /= 3;
    plain /= 27;
    INFO("featured " << featured << " plain " << plain);
    CHECK(featured >= 1.4 * plain);
}

TEST_CASE("[screen time] two screens show the same page at the same time, whatever order wall.json lists posts in "
          "and whenever they started") {
    auto posts = backlog(30, 3);
    auto reversed = posts;
    std::reverse(reversed.begin(), reversed.end());
    const std::int64_t t = kDay + 7 * 3600 + 40;  // the start of a page
    auto a = lw::screen_page(posts, t, kT, 6);
    auto b = lw::screen_page(reversed, t + 13, kT, 6);  // later in the same page
    CHECK(a.number == b.number);
    CHECK(ids(posts, a.posts) == ids(reversed, b.posts));
    CHECK(ids(posts, a.next) == ids(reversed, b.next));
    // The next page is a different one.
    auto c = lw::screen_page(posts, t + kT, kT, 6);
    CHECK(c.number == a.number + 1);
    CHECK(ids(posts, c.posts) != ids(posts, a.posts));
}

TEST_CASE("[screen time] a post arriving mid-rotation is on the next page, first, and then takes its turns") {
    auto posts = backlog(30, 0);
    const std::int64_t arrive = kDay + 6 * 3600 + 7;  // seven seconds into a page
    posts.push_back(post("new", arrive));
    auto before = lw::screen_page(posts, arrive, kT, 6);
    CHECK(std::find(before.posts.begin(), before.posts.end(), posts.size() - 1) == before.posts.end());
    auto next = lw::screen_page(posts, arrive + kT, kT, 6);
    REQUIRE(!next.posts.empty());
    CHECK(posts[next.posts.front()].id == "new");
    // After its fresh turn it waits in the queue like the rest, within the bound.
    auto seen = shows(posts, arrive + kT, 120, 6);
    const auto& s = seen["new"];
    REQUIRE(s.size() >= 2);
    for (std::size_t k = 1; k < s.size(); ++k) CHECK(s[k] - s[k - 1] <= lw::longest_wait_pages(31, 0, 6));
}

TEST_CASE("[screen time] a burst of arrivals takes half a page; the backlog keeps its turn") {
    auto posts = backlog(30, 0);
    const std::int64_t burst = kDay + 6 * 3600 + 1;
    for (int i = 0; i < 20; ++i) posts.push_back(post("b" + std::to_string(i), burst + i % 19));
    auto page = lw::screen_page(posts, burst + kT, kT, 6);
    REQUIRE(page.posts.size() == 6);
    int fresh = 0;
    for (auto i : page.posts) fresh += posts[i].id[0] == 'b';
    CHECK(fresh == 3);
    // Newest first among the burst.
    CHECK(posts[page.posts.front()].id == "b18");
    // Every post, burst included, is still shown within the bound.
    auto seen = shows(posts, burst + kT, 60, 6);
    for (const auto& p : posts) {
        INFO(p.id);
        CHECK(seen.count(p.id) == 1);
    }
}

TEST_CASE("[screen time] zero posts, one post, pinned posts") {
    CHECK(lw::screen_page({}, kDay + 3600, kT, 6).posts.empty());
    std::vector<lw::ScreenTimePost> one{post("only", kDay + 60)};
    for (int k = 0; k < 5; ++k) CHECK(ids(one, lw::screen_page(one, kDay + 3600 + k * kT, kT, 6).posts) ==
                                      std::vector<std::string>{"only"});
    // Pinned posts are the scene's, on every page: never in the rotation.
    std::vector<lw::ScreenTimePost> pinned{post("pin", kDay + 60, false, true), post("a", kDay + 120)};
    auto page = lw::screen_page(pinned, kDay + 3600, kT, 6);
    CHECK(ids(pinned, page.posts) == std::vector<std::string>{"a"});
    // A post created in the future (a clock ahead) waits for its time.
    std::vector<lw::ScreenTimePost> future{post("later", kDay + 7200)};
    CHECK(lw::screen_page(future, kDay + 3600, kT, 6).posts.empty());
}

TEST_CASE("[screen time] pages advance only while the wall scene is on screen, the same on every screen") {
    auto playlist = lw::effective_playlist({});  // wall 60 s, leaderboard 15, challenge 15, quote 10
    const std::int64_t cycle_start = kDay;       // the day is a whole number of 100 s cycles
    CHECK(lw::wall_scene_seconds(playlist, cycle_start + 30) - lw::wall_scene_seconds(playlist, cycle_start) == 30);
    // During the leaderboard, challenge and quote the page clock stands still.
    CHECK(lw::wall_scene_seconds(playlist, cycle_start + 99) == lw::wall_scene_seconds(playlist, cycle_start + 60));
    CHECK(lw::wall_scene_seconds(playlist, cycle_start + 100) - lw::wall_scene_seconds(playlist, cycle_start) == 60);
    auto pos = lw::playlist_on_wall_clock(playlist, cycle_start + 70);
    CHECK(pos.index == 1);
    CHECK(pos.spent_us == 10'000'000);
    // So each wall slot shows three whole pages and the next wall slot carries on from the fourth.
    auto posts = backlog(30, 0);
    auto p1 = lw::screen_page(posts, cycle_start + 41, kT, 6, playlist);
    auto p2 = lw::screen_page(posts, cycle_start + 101, kT, 6, playlist);
    CHECK(p2.number == p1.number + 1);
    // While the leaderboard is up the clock stands at the start of the next wall page.
    CHECK(lw::screen_page(posts, cycle_start + 75, kT, 6, playlist).number == p2.number);
}
