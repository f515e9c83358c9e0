// [Actions] Organiser actions behind the admin window's panels, tested without a window.
#include <doctest/doctest.h>

#include "learnwall/actions.hpp"
#include "learnwall/publish.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {
DataDir make_gui_dir(const test::ScratchDir& s) {
    auto d = DataDir::create(s.path + "/event", test::sample_event(), "tester");
    REQUIRE(d.ok());
    return *d;
}
}  // namespace

TEST_CASE("[Actions] reset undoes a decision and survives a reload") {
    test::ScratchDir s("reset");
    DataDir dir = make_gui_dir(s);
    State st = *dir.load();
    auto id = add_manual_post(dir, st, ManualPost{"Ana Lima", "Teach-back works #NLAWWeek", "manual", {}, {}}, "t");
    REQUIRE(id.ok());
    REQUIRE(moderate_posts(dir, st, {*id}, "approve", "sam", "").ok());
    CHECK(st.moderation_of(*st.find(*id)) == Moderation::approved);
    REQUIRE(moderate_posts(dir, st, {*id}, "reset", "sam", "undo").ok());
    CHECK(st.moderation_of(*st.find(*id)) == Moderation::pending);
    CHECK(pending_post_ids(st) == std::vector<std::string>{*id});
    State fresh = *dir.load();
    CHECK(fresh.moderation_of(*fresh.find(*id)) == Moderation::pending);
    CHECK(fresh.decisions.back().action == "reset");
    // A post undone to pending leaves the screens again.
    auto w = publish_wall(dir, fresh, now());
    REQUIRE(w.ok());
    CHECK(w->posts.empty());
}
