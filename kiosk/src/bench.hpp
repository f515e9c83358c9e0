// learnwall-kiosk --bench: frame time, CPU and memory of the real frame path (Player + SceneRenderer)
// with a generated 200-post wall, so the figures in docs/BENCHMARKS.md can be reproduced on any machine.
#pragma once

#include <iosfwd>
#include <memory>

#include "app.hpp"

namespace lw::kiosk {

// A wall of `posts` posts (hashtags, mentions, emoji, a right-to-left one), a leaderboard, teams, a
// challenge and quotes; `generation` changes which posts are newest (churn). Announcements only when asked:
// they scroll, so a wall with them is never still.
std::shared_ptr<const Wall> make_bench_wall(int posts, int generation, bool announcements);

int run_bench(const KioskOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace lw::kiosk
