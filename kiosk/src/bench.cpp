// The kiosk benchmark: still (idle CPU and the cost of a redraw), animate (30 fps cap with a ticker and
// arriving posts) and soak (many frames with churning posts, resident memory sampled along the way).
#include "bench.hpp"

#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/System/Clock.hpp>
#include <SFML/System/Sleep.hpp>
#include <SFML/Window/Event.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <vector>

#include "player.hpp"
#include "presenter.hpp"

namespace lw::kiosk {

namespace {

const std::array<const char*, 12> kTips = {
    "Learned that pivot tables can group dates by week \u2014 saved an hour on the monthly report! #NLAWWeek",
    "Lunch and learn on feedback: describe the behaviour, not the person. Thanks @lena@mastodon.example \U0001F64C",
    "Ctrl+Shift+V pastes without formatting in almost every app \u2328\uFE0F #ShortcutMonday #NLAWWeek",
    "Paired with @priya.bsky.social on reading a balance sheet. Accruals finally make sense \U0001F4CA",
    "Our team tried a 15-minute 'today I learned' stand-up. Surprisingly energising! #LearningAtWorkWeek",
    "\u0645\u0631\u062D\u0628\u0627! \u062A\u0639\u0644\u0645\u062A \u0627\u0644\u064A\u0648\u0645 pivot tables #NLAWWeek",
    "First aid refresher: call for help first, then start compressions \u2764\uFE0F #NLAWWeek",
    "Git tip: `git switch -` takes you back to the previous branch, like `cd -` #ShortcutMonday",
    "Mentoring a new starter today. Teaching is the best way to learn \U0001F331 #NLAWWeek",
    "Three things from the wellbeing talk: sleep, sunlight, short walks \u2600\uFE0F",
    "Shadowed the support desk for an hour. Huge respect for how calmly they handle tricky calls",
    "Alt text should describe the purpose of an image, not just what it shows. #NLAWWeek #LearningAtWorkWeek"};
const std::array<const char*, 8> kNames = {"Lena Berg",   "Priya Sharma",      "Tom Okafor",    "Marcus O'Neill",
                                           "Aiko Tanaka", "Fatima Al-Sayed",   "Diego Ram\u00EDrez", "Zo\u00EB M\u00FCller"};
const std::array<const char*, 6> kTeams = {"Engineering", "Design", "Finance", "Support", "Operations", "People"};
const std::array<const char*, 3> kSources = {"mastodon", "bluesky", "x"};

double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Proportional set size: shared libraries (llvmpipe, fonts) counted by the share this process has of them,
// so it compares fairly with a browser's many processes. 0 when the kernel has no smaps_rollup.
long pss_kib() {
    std::ifstream rollup("/proc/self/smaps_rollup");
    std::string key;
    long value = 0;
    while (rollup >> key) {
        if (key == "Pss:" && rollup >> value) return value;
        rollup.ignore(1 << 16, '\n');
    }
    return 0;
}

long rss_kib() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

struct Percentiles {
    double p50 = 0, p99 = 0, max = 0;
};
Percentiles percentiles(std::vector<double> v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
    return {at(0.5), at(0.99), v.back()};
}

}  // namespace

std::shared_ptr<const Wall> make_bench_wall(int posts, int generation, bool announcements) {
    auto w = std::make_shared<Wall>();
    w->revision = static_cast<std::uint64_t>(generation) + 1;
    w->event_name = "Learning at Work Week";
    w->hashtags = {"NLAWWeek", "LearningAtWorkWeek"};
    w->timezone = "Europe/London";
    w->start = *parse_date("2026-05-18");
    w->end = *parse_date("2026-05-22");
    Instant base = *parse_rfc3339("2026-05-19T10:30:00Z");
    w->generated_at = base;
    for (int i = 0; i < posts; ++i) {
        int n = generation * 5 + posts - i;  // each generation brings five new posts to the top
        WallPost p;
        p.id = "bench:" + std::to_string(n);
        p.source = kSources[static_cast<std::size_t>(n) % kSources.size()];
        p.author_name = kNames[static_cast<std::size_t>(n) % kNames.size()];
        p.author_handle = "user" + std::to_string(n % 40);
        p.team = kTeams[static_cast<std::size_t>(n) % kTeams.size()];
        p.text = std::string(kTips[static_cast<std::size_t>(n) % kTips.size()]) + " (" + std::to_string(n) + ")";
        p.created_at = base - std::chrono::minutes(i * 3);
        p.like_count = (n * 7) % 50;
        p.pinned = i == 3;
        p.featured = i == 1;
        w->posts.push_back(std::move(p));
    }
    for (int i = 0; i < 12; ++i) {
        WallLeader l;
        l.rank = i + 1;
        l.name = kNames[static_cast<std::size_t>(i + generation) % kNames.size()];
        l.team = kTeams[static_cast<std::size_t>(i) % kTeams.size()];
        l.points = 120 - i * 7;
        l.movement = (i + generation) % 3 - 1;
        if (i < 2) l.badges = {"First tip", "Connector"};
        w->leaderboard.push_back(std::move(l));
    }
    for (int i = 0; i < 6; ++i) w->teams.push_back({i + 1, kTeams[static_cast<std::size_t>(i)], 300 - i * 40, 5 + i, 0});
    Challenge ch;
    ch.date = *parse_date("2026-05-19");
    ch.title = "Teach a colleague one shortcut";
    ch.description = "Show someone a keyboard shortcut or a tool trick that saves you time, then post what you shared.";
    ch.tag = "ShortcutTuesday";
    w->challenge_today = ch;
    w->quotes = {{"Tell me and I forget, teach me and I may remember, involve me and I learn.", "Xunzi"},
                 {"Anyone who stops learning is old, whether at twenty or eighty.", "Henry Ford"}};
    if (announcements)
        w->display.announcements = {"Lunch and learn: giving great feedback, 12:30 in the atrium",
                                    "Drop-in coding club: Thursday 16:00, room 3.14"};
    w->display.join_url = "https://learn.example.org/week";
    return w;
}

int run_bench(const KioskOptions& o, std::ostream& out, std::ostream& err) {
    const char* d = std::getenv("DISPLAY");
    if (!d || !*d) {
        err << "learnwall-kiosk: --bench needs an X display (run it under xvfb-run)\n";
        return 1;
    }
    auto fonts = FontSet::load();
    if (!fonts) {
        err << "learnwall-kiosk: " << fonts.error() << "\n";
        return 1;
    }
    unsigned w = o.width, h = o.height;
    if (o.bench == "soak" && !o.size_given) w = 960, h = 540;
    sf::RenderWindow window(sf::VideoMode(w, h), "learnwall bench", sf::Style::None);
    window.setPosition({0, 0});
    window.setVerticalSyncEnabled(false);
    if (!window.isOpen()) {
        err << "learnwall-kiosk: cannot open a window\n";
        return 1;
    }
    SceneRenderer renderer(*fonts);
    // Frames reach the window as in run_live (--present, default auto: partial on a software renderer).
    Presenter presenter(window, present_mode_from_string(o.present).value_or(PresentMode::automatic));
    const Instant pretend = *parse_rfc3339("2026-05-19T10:35:00Z");
    auto drain = [&] {
        sf::Event ev;
        while (window.pollEvent(ev)) {
        }
    };
    out << std::fixed << std::setprecision(2);
    std::string load;
    std::getline(std::ifstream("/proc/loadavg") >> std::ws, load);
    out << "learnwall-kiosk --bench " << o.bench << " at " << w << "x" << h << ", 200 posts; load average "
        << load.substr(0, load.find(' ')) << " on " << sysconf(_SC_NPROCESSORS_ONLN) << " cores\n";
    out << "presenting " << presenter.description() << "\n";

    if (o.bench == "still") {
        Player player(renderer, SceneKind::wall, pretend);
        if (!player.resize(window.getSize())) return err << "learnwall-kiosk: cannot create layers\n", 1;
        player.set_partial(presenter.partial());
        player.set_wall(make_bench_wall(200, 0, false), "", 0);
        // 1) Redrawing the static layer (a new wall, a scene change): the expensive, rare frame.
        std::vector<double> rebuild_ms, frame_ms;
        sf::Clock clock;
        for (int i = 0; i < 20; ++i) {
            player.invalidate();
            std::int64_t t0 = clock.getElapsedTime().asMicroseconds();
            presenter.present(player.render(window, t0));
            rebuild_ms.push_back(static_cast<double>(clock.getElapsedTime().asMicroseconds() - t0) / 1000.0);
            drain();
        }
        // 2) A whole frame from the cached layer (what an exposure costs).
        unsigned n = o.bench_frames ? o.bench_frames : 300;
        double frames_cpu0 = cpu_seconds();
        for (unsigned i = 0; i < n; ++i) {
            std::int64_t t0 = clock.getElapsedTime().asMicroseconds();
            player.target_touched();
            presenter.present(player.render(window, t0));
            frame_ms.push_back(static_cast<double>(clock.getElapsedTime().asMicroseconds() - t0) / 1000.0);
            drain();
        }
        double frames_cpu_ms = (cpu_seconds() - frames_cpu0) * 1000.0 / n;
        // 3) The idle loop as run_live runs it: due() says nothing changed, so nothing is drawn but the
        //    minute refresh.
        double cpu0 = cpu_seconds();
        std::int64_t start = clock.getElapsedTime().asMicroseconds();
        std::uint64_t drawn = 0;
        // 61 s: long enough to include the once-a-minute refresh of relative times, which a still wall pays.
        while (clock.getElapsedTime().asMicroseconds() - start < 61'000'000) {
            std::int64_t now_us = clock.getElapsedTime().asMicroseconds();
            drain();
            if (player.due(now_us)) {
                presenter.present(player.render(window, now_us));
                ++drawn;
            }
            std::int64_t wait = (player.animating() ? 33'333 : 40'000) - (clock.getElapsedTime().asMicroseconds() - now_us);
            if (wait > 0) sf::sleep(sf::microseconds(wait));
        }
        double secs = static_cast<double>(clock.getElapsedTime().asMicroseconds() - start) / 1e6;
        auto r = percentiles(rebuild_ms), f = percentiles(frame_ms);
        out << "static layer redraw (200 cards): p50 " << r.p50 << " ms, p99 " << r.p99 << " ms\n";
        out << "frame from the cached layer:     p50 " << f.p50 << " ms, p99 " << f.p99 << " ms, CPU "
            << frames_cpu_ms << " ms per frame (" << n << " frames)\n";
        out << "idle loop for " << secs << " s: " << drawn << " frames drawn, CPU "
            << 100.0 * (cpu_seconds() - cpu0) / secs << " % of one core\n";
        return 0;
    }

    if (o.bench == "animate") {
        Player player(renderer, SceneKind::wall, pretend);
        if (!player.resize(window.getSize())) return err << "learnwall-kiosk: cannot create layers\n", 1;
        player.set_partial(presenter.partial());
        player.set_wall(make_bench_wall(200, 0, true), "", 0);
        unsigned n = o.bench_frames ? o.bench_frames : 600;
        std::vector<double> frame_ms;
        sf::Clock clock;
        double cpu0 = cpu_seconds();
        int generation = 0;
        std::int64_t next_churn = 3'000'000;
        std::int64_t start = clock.getElapsedTime().asMicroseconds();
        for (unsigned i = 0; i < n; ++i) {
            std::int64_t now_us = clock.getElapsedTime().asMicroseconds();
            drain();
            if (now_us - start >= next_churn) {  // new posts every 3 s: a static redraw and a glow
                player.set_wall(make_bench_wall(200, ++generation, true), "", now_us);
                next_churn += 3'000'000;
            }
            player.due(now_us);
            presenter.present(player.render(window, now_us));
            std::int64_t spent = clock.getElapsedTime().asMicroseconds() - now_us;
            frame_ms.push_back(static_cast<double>(spent) / 1000.0);
            if (spent < 33'333) sf::sleep(sf::microseconds(33'333 - spent));
        }
        double secs = static_cast<double>(clock.getElapsedTime().asMicroseconds() - start) / 1e6;
        auto f = percentiles(frame_ms);
        out << "animating (ticker, new posts every 3 s), 30 fps cap: frame p50 " << f.p50 << " ms, p99 " << f.p99
            << " ms, max " << f.max << " ms\n";
        out << n << " frames in " << secs << " s = " << static_cast<double>(n) / secs << " fps; CPU "
            << 100.0 * (cpu_seconds() - cpu0) / secs << " % of one core; static redraws " << player.static_redraws()
            << "\n";
        double cpu_ms = (cpu_seconds() - cpu0) * 1000.0 / n;
        out << "uncapped capacity from the median frame: " << 1000.0 / std::max(0.001, f.p50) << " fps; CPU "
            << cpu_ms << " ms per frame (all threads), so about " << 1000.0 / std::max(0.001, cpu_ms)
            << " fps where a core is free\n";
        return 0;
    }

    if (o.bench == "live") {
        // The live feed of issue 15: 200 posts, five new ones every 10 s, the playlist turning on its own clock,
        // the same loop as run_live (due() decides, the loop sleeps between frames), for --bench-seconds.
        Player player(renderer, std::nullopt, pretend);
        if (!player.resize(window.getSize())) return err << "learnwall-kiosk: cannot create layers\n", 1;
        player.set_partial(presenter.partial());
        int generation = 0;
        player.set_wall(make_bench_wall(200, generation, false), "", 0);
        const std::int64_t run_us = static_cast<std::int64_t>(o.bench_seconds) * 1'000'000;
        const std::int64_t feed_every_us = 10'000'000;
        sf::Clock clock;
        double cpu0 = cpu_seconds();
        std::uint64_t drawn = 0, skipped = 0, moving_frames = 0;
        std::int64_t moving_us = 0, next_feed = feed_every_us;
        const std::uint64_t redraws0 = player.static_redraws();
        for (;;) {
            std::int64_t now_us = clock.getElapsedTime().asMicroseconds();
            if (now_us >= run_us) break;
            drain();
            if (now_us >= next_feed) {
                player.set_wall(make_bench_wall(200, ++generation, false), "", now_us);
                next_feed += feed_every_us;
            }
            bool was_moving = player.animating();
            if (player.due(now_us)) {
                presenter.present(player.render(window, now_us));
                ++drawn;
                if (was_moving || player.animating()) ++moving_frames;
            } else {
                ++skipped;
            }
            std::int64_t wait = player.next_frame_in_us(now_us) - (clock.getElapsedTime().asMicroseconds() - now_us);
            if (wait > 0) sf::sleep(sf::microseconds(wait));
            if (player.animating()) moving_us += clock.getElapsedTime().asMicroseconds() - now_us;
        }
        double secs = clock.getElapsedTime().asSeconds();
        double cpu = cpu_seconds() - cpu0;
        out << "live feed for " << secs << " s (" << generation << " new walls, 5 new posts each): CPU "
            << 100.0 * cpu / secs << " % of one core; PSS " << pss_kib() / 1024.0 << " MiB (RSS " << rss_kib() / 1024.0
            << " MiB)\n";
        out << "frames drawn " << drawn << ", loop turns skipped (nothing changed) " << skipped << ", static redraws "
            << player.static_redraws() - redraws0 << "; moving " << static_cast<double>(moving_us) / 1e6 << " s at "
            << (moving_us > 0 ? static_cast<double>(moving_frames) * 1e6 / static_cast<double>(moving_us) : 0.0)
            << " fps\n";
        // A starved process draws fewer frames than it would on a free core: the CPU per frame does not
        // depend on the load, so say it too.
        out << "CPU per frame drawn " << (drawn ? cpu * 1000.0 / static_cast<double>(drawn) : 0.0) << " ms\n";

        // The same feed again on a simulated clock: every frame that is due is drawn exactly when due, as on a
        // core of its own, and the clock jumps over the sleeps. CPU time over simulated time is then what the
        // kiosk would cost where nothing else runs, which a shared, loaded machine cannot show in real time.
        // Run twice: the feed, and the same with announcements, whose ticker moves all the time (many
        // events have some): it shows what a frame that moves only along the bottom edge costs.
        for (const bool announcements : {false, true}) {
            Player sim(renderer, std::nullopt, pretend);
            if (!sim.resize(window.getSize())) return err << "learnwall-kiosk: cannot create layers\n", 1;
            sim.set_partial(presenter.partial());
            // Where the CPU goes, by what each frame drew (Player::FrameKind).
            struct Share {
                const char* what;
                std::uint64_t frames = 0;
                double cpu = 0;
            };
            std::array<Share, 4> shares{{{"static layer redrawn"}, {"cross-fade"}, {"overlay, whole frame"}, {"overlay only"}}};
            int sim_generation = 0;
            sim.set_wall(make_bench_wall(200, sim_generation, announcements), "", 0);
            std::uint64_t sim_drawn = 0;
            std::int64_t sim_moving_us = 0, sim_next_feed = feed_every_us;
            const std::uint64_t sim_redraws0 = sim.static_redraws();
            double sim_cpu0 = cpu_seconds();
            for (std::int64_t now_us = 0; now_us < run_us;) {
                drain();
                if (now_us >= sim_next_feed) {
                    sim.set_wall(make_bench_wall(200, ++sim_generation, announcements), "", now_us);
                    sim_next_feed += feed_every_us;
                }
                if (sim.due(now_us)) {
                    const double frame_cpu0 = cpu_seconds();
                    presenter.present(sim.render(window, now_us));
                    Share& share = shares[static_cast<std::size_t>(sim.last_frame_kind())];
                    ++share.frames;
                    share.cpu += cpu_seconds() - frame_cpu0;
                    ++sim_drawn;
                }
                const std::int64_t step = sim.next_frame_in_us(now_us);
                if (sim.animating()) sim_moving_us += step;
                now_us += step;
            }
            double sim_cpu = cpu_seconds() - sim_cpu0;
            out << "simulated on a free core" << (announcements ? ", with announcements (the ticker moving)" : "")
                << ": " << sim_drawn << " frames in " << static_cast<double>(run_us) / 1e6 << " s (moving "
                << static_cast<double>(sim_moving_us) / 1e6 << " s at 30 fps), static redraws "
                << sim.static_redraws() - sim_redraws0 << ": CPU " << 100.0 * sim_cpu / (static_cast<double>(run_us) / 1e6)
                << " % of one core\n";
            for (const Share& sh : shares)
                if (sh.frames)
                    out << "  " << std::left << std::setw(22) << sh.what << std::right << std::setw(5) << sh.frames
                        << " frames, " << sh.cpu * 1000.0 / static_cast<double>(sh.frames) << " ms CPU each, "
                        << 100.0 * sh.cpu / (static_cast<double>(run_us) / 1e6) << " % of a core\n";
        }
        return 0;
    }

    // soak: frames as fast as they come, simulated time advancing 1/30 s per frame (so the playlist turns and
    // the ticker scrolls as in an hour of real use), a new wall with five new posts every 300 frames.
    Player player(renderer, std::nullopt, pretend);
    if (!player.resize(window.getSize())) return err << "learnwall-kiosk: cannot create layers\n", 1;
    unsigned n = o.bench_frames ? o.bench_frames : 100'000;
    int generation = 0;
    player.set_wall(make_bench_wall(200, generation, true), "", 0);
    sf::Clock clock;
    std::vector<std::pair<unsigned, long>> samples;
    unsigned every = std::max(1u, n / 10);
    for (unsigned i = 0; i < n; ++i) {
        std::int64_t now_us = static_cast<std::int64_t>(i) * 33'333;
        drain();
        if (i > 0 && i % 300 == 0) player.set_wall(make_bench_wall(200, ++generation, true), "", now_us);
        player.due(now_us);
        player.render(window, now_us);
        window.display();
        if (i % every == 0 || i + 1 == n) {
            samples.emplace_back(i + 1, rss_kib());
            out << "  frame " << std::setw(6) << i + 1 << ": RSS " << samples.back().second / 1024.0 << " MiB\n"
                << std::flush;
        }
    }
    double secs = clock.getElapsedTime().asSeconds();
    long first = samples.size() > 1 ? samples[1].second : samples.front().second;  // after warm-up
    out << n << " frames in " << secs << " s, " << generation << " walls, " << player.static_redraws()
        << " static redraws; RSS after warm-up " << first / 1024.0 << " MiB, at the end " << samples.back().second / 1024.0
        << " MiB (" << (samples.back().second - first) / 1024.0 << " MiB change)\n";
    return 0;
}

}  // namespace lw::kiosk
