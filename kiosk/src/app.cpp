// The kiosk's two ways to run: one offscreen frame to a PNG, or the live full-screen loop that picks up
// new walls from the worker thread, rotates scenes and redraws only when something changed.
#include "app.hpp"

#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Graphics/Sprite.hpp>
#include <SFML/System/Clock.hpp>
#include <SFML/System/Sleep.hpp>
#include <SFML/Window/Event.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include "learnwall/fsutil.hpp"
#include "wall_source.hpp"

namespace lw::kiosk {

namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

std::optional<sf::Keyboard::Key> key_from_name(const std::string& name) {
    static const std::map<std::string, sf::Keyboard::Key> named = {
        {"Escape", sf::Keyboard::Escape}, {"Pause", sf::Keyboard::Pause},     {"Space", sf::Keyboard::Space},
        {"Enter", sf::Keyboard::Enter},   {"Return", sf::Keyboard::Enter},    {"Tab", sf::Keyboard::Tab},
        {"Backspace", sf::Keyboard::BackSpace}, {"Delete", sf::Keyboard::Delete}, {"Home", sf::Keyboard::Home},
        {"End", sf::Keyboard::End},       {"Insert", sf::Keyboard::Insert}};
    if (auto it = named.find(name); it != named.end()) return it->second;
    if (name.size() == 1 && name[0] >= 'A' && name[0] <= 'Z')
        return static_cast<sf::Keyboard::Key>(sf::Keyboard::A + (name[0] - 'A'));
    if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z')
        return static_cast<sf::Keyboard::Key>(sf::Keyboard::A + (name[0] - 'a'));
    if (name.size() == 1 && name[0] >= '0' && name[0] <= '9')
        return static_cast<sf::Keyboard::Key>(sf::Keyboard::Num0 + (name[0] - '0'));
    if (name.size() >= 2 && name.size() <= 3 && name[0] == 'F') {
        int n = std::atoi(name.c_str() + 1);
        if (n >= 1 && n <= 15) return static_cast<sf::Keyboard::Key>(sf::Keyboard::F1 + (n - 1));
    }
    return std::nullopt;
}

bool parse_size(const std::string& s, unsigned& w, unsigned& h) {
    auto x = s.find('x');
    if (x == std::string::npos) return false;
    try {
        std::size_t a = 0, b = 0;
        unsigned long ww = std::stoul(s.substr(0, x), &a);
        unsigned long hh = std::stoul(s.substr(x + 1), &b);
        if (a != x || b != s.size() - x - 1 || ww < 200 || hh < 200 || ww > 8192 || hh > 8192) return false;
        w = static_cast<unsigned>(ww);
        h = static_cast<unsigned>(hh);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

std::string cache_file_for(const KioskOptions& o) {
    if (o.no_cache) return {};
    std::string dir = o.cache_dir;
    if (dir.empty()) {
        const char* xdg = std::getenv("XDG_CACHE_HOME");
        const char* home = std::getenv("HOME");
        if (xdg && *xdg) dir = std::string(xdg) + "/learnwall";
        else if (home && *home) dir = std::string(home) + "/.cache/learnwall";
        else return {};
    }
    std::uint32_t h = 2166136261u;  // one cache file per source, so two kiosks on one account do not mix
    for (unsigned char c : o.source) h = (h ^ c) * 16777619u;
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", h);
    return dir + "/wall-" + hex + ".json";
}

bool have_display(std::ostream& err) {
    const char* d = std::getenv("DISPLAY");
    if (d && *d) return true;
    err << "learnwall-kiosk: no X display (DISPLAY is not set); run it in the desktop session, or under "
           "xvfb-run for --screenshot\n";
    return false;
}

struct PlaylistEntry {
    SceneKind scene;
    std::int64_t us;
};

std::vector<PlaylistEntry> playlist_of(const Wall* w) {
    std::vector<PlaylistEntry> out;
    if (w)
        for (const auto& item : w->display.playlist)
            if (auto k = scene_from_string(item.scene); k && item.seconds > 0)
                out.push_back({*k, static_cast<std::int64_t>(item.seconds) * 1'000'000});
    if (out.empty())
        out = {{SceneKind::wall, 60'000'000},
               {SceneKind::leaderboard, 15'000'000},
               {SceneKind::challenge, 15'000'000},
               {SceneKind::quote, 10'000'000}};
    return out;
}

std::string status_json(const SourceState& st, SceneKind scene, std::uint64_t frames) {
    nlohmann::json j = {{"ok", st.ok},
                        {"error", st.error},
                        {"loads", st.loads},
                        {"attempts", st.attempts},
                        {"from_cache", st.from_cache},
                        {"scene", to_string(scene)},
                        {"frames", frames}};
    j["revision"] = st.wall ? nlohmann::json(st.wall->revision) : nlohmann::json(nullptr);
    return j.dump() + "\n";
}

}  // namespace

void print_help(std::ostream& out) {
    out << "usage: learnwall-kiosk --source PATH|URL [options]\n"
           "\n"
           "Shows the event wall (posts, leaderboard, today's challenge, quotes) full screen, unattended.\n"
           "The source is a wall.json published by learnwall-admin: a file path (reloaded within a second of a\n"
           "change) or an http(s):// URL (polled with conditional requests). When the source is missing or\n"
           "broken the last good wall stays on screen; with nothing yet, a \"getting ready\" screen shows.\n"
           "\n"
           "options:\n"
           "  --source PATH|URL     wall.json to show (required)\n"
           "  --windowed            a window instead of full screen (default size 1920x1080)\n"
           "  --size WxH            window or screenshot size, 200..8192 each way (default 1920x1080)\n"
           "  --screenshot OUT.png  render one frame offscreen at --size, write it, and exit\n"
           "  --scene NAME          show only this scene: wall, leaderboard, challenge, quote\n"
           "                        (default: the wall's playlist)\n"
           "  --layout-json FILE    write where each thing was drawn (post cards, text boxes, rows) as JSON\n"
           "  --status-file FILE    write a one-line JSON status (revision, loads, error) after each change\n"
           "  --now RFC3339         pretend the clock shows this instant (reproducible screenshots)\n"
           "  --exit-key KEY        the only key that quits: Escape (default), F1..F15, A..Z, 0..9, Pause,\n"
           "                        Space, Enter, Tab, Backspace, Delete, Home, End, Insert; \"none\" disables\n"
           "  --cache-dir DIR       where the last good wall is kept for a restart without network\n"
           "                        (default $XDG_CACHE_HOME/learnwall or ~/.cache/learnwall)\n"
           "  --no-cache            keep no copy on disk\n"
           "  --help, --version\n"
           "\n"
           "exit status: 0 done, 1 failure (fonts, display, screenshot not written), 2 bad command line\n";
}

ParseResult parse_options(const std::vector<std::string>& args, KioskOptions& o, std::ostream& out,
                          std::ostream& err) {
    auto usage = [&](const std::string& msg) {
        err << "learnwall-kiosk: " << msg << " (try --help)\n";
        return ParseResult::exit_usage;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& dst) -> bool {
            if (i + 1 >= args.size() || args[i + 1].empty()) return false;
            dst = args[++i];
            return true;
        };
        std::string v;
        if (a == "--help" || a == "-h") {
            print_help(out);
            return ParseResult::exit_ok;
        } else if (a == "--version") {
            out << "learnwall-kiosk " << LEARNWALL_VERSION << "\n";
            return ParseResult::exit_ok;
        } else if (a == "--windowed") {
            o.windowed = true;
        } else if (a == "--no-cache") {
            o.no_cache = true;
        } else if (a == "--source") {
            if (!value(o.source)) return usage("--source needs a file path or an http(s) URL");
        } else if (a == "--size") {
            if (!value(v) || !parse_size(v, o.width, o.height))
                return usage("--size: expected WIDTHxHEIGHT between 200 and 8192, e.g. 1920x1080" +
                             (v.empty() ? std::string() : ", got \"" + v + "\""));
            o.size_given = true;
        } else if (a == "--screenshot") {
            if (!value(o.screenshot)) return usage("--screenshot needs an output file, e.g. wall.png");
        } else if (a == "--scene") {
            if (!value(v)) return usage("--scene needs one of wall, leaderboard, challenge, quote");
            o.scene = scene_from_string(v);
            if (!o.scene) return usage("--scene: expected wall, leaderboard, challenge or quote, got \"" + v + "\"");
        } else if (a == "--layout-json") {
            if (!value(o.layout_json)) return usage("--layout-json needs an output file");
        } else if (a == "--status-file") {
            if (!value(o.status_file)) return usage("--status-file needs an output file");
        } else if (a == "--cache-dir") {
            if (!value(o.cache_dir)) return usage("--cache-dir needs a directory");
        } else if (a == "--now") {
            if (!value(v)) return usage("--now needs an instant such as 2026-05-18T10:00:00Z");
            o.now = parse_rfc3339(v);
            if (!o.now) return usage("--now: expected an RFC 3339 instant such as 2026-05-18T10:00:00Z, got \"" + v + "\"");
        } else if (a == "--exit-key") {
            if (!value(o.exit_key)) return usage("--exit-key needs a key name");
            if (o.exit_key != "none" && !key_from_name(o.exit_key))
                return usage("--exit-key: unknown key \"" + o.exit_key + "\"");
        } else {
            return usage("unknown argument \"" + a + "\"");
        }
    }
    if (o.source.empty()) return usage("--source is required");
    return ParseResult::run;
}

int run_screenshot(const KioskOptions& o, std::ostream& err) {
    namespace fs = std::filesystem;
    fs::path out(o.screenshot);
    std::string ext = out.extension().string();
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (ext != ".png" && ext != ".jpg" && ext != ".bmp" && ext != ".tga") {
        err << "learnwall-kiosk: --screenshot " << o.screenshot << ": expected a .png (or .jpg, .bmp, .tga) file name\n";
        return 2;
    }
    fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        err << "learnwall-kiosk: --screenshot " << o.screenshot << ": directory " << dir.string() << " does not exist\n";
        return 1;
    }
    if (!have_display(err)) return 1;
    auto fonts = FontSet::load();
    if (!fonts) {
        err << "learnwall-kiosk: " << fonts.error() << "\n";
        return 1;
    }
    WallSource source(o.source, SourceOptions{});
    source.load_now();
    SourceState st = source.state();

    sf::RenderTexture rt;
    if (!rt.create(o.width, o.height)) {
        err << "learnwall-kiosk: cannot create a " << o.width << "x" << o.height << " offscreen image (GL limits?)\n";
        return 1;
    }
    SceneRenderer renderer(*fonts);
    FrameInput in;
    in.wall = st.wall.get();
    in.waiting_reason = st.error;
    in.scene = o.scene.value_or(SceneKind::wall);
    in.now = o.now.value_or(lw::now());
    LayoutLog log;
    rt.clear();
    renderer.draw(rt, in, &log);
    rt.display();
    sf::Image img = rt.getTexture().copyToImage();
    if (!img.saveToFile(o.screenshot)) {
        err << "learnwall-kiosk: --screenshot " << o.screenshot << ": cannot write the image\n";
        return 1;
    }
    if (!o.layout_json.empty()) {
        auto s = write_file_atomic(o.layout_json, log.to_json(o.width, o.height, to_string(in.scene),
                                                              st.wall ? st.wall->revision : 0));
        if (!s) {
            err << "learnwall-kiosk: --layout-json: " << s.error() << "\n";
            return 1;
        }
    }
    if (!st.ok) err << "learnwall-kiosk: note: " << st.error << " (drew the waiting screen)\n";
    return 0;
}

int run_live(const KioskOptions& o, std::ostream& err) {
    if (!have_display(err)) return 1;
    auto fonts = FontSet::load();
    if (!fonts) {
        err << "learnwall-kiosk: " << fonts.error() << "\n";
        return 1;
    }
    if (!(*fonts)->warning().empty()) err << "learnwall-kiosk: " << (*fonts)->warning() << "\n";
    std::optional<sf::Keyboard::Key> exit_key = o.exit_key == "none" ? std::nullopt : key_from_name(o.exit_key);

    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);

    sf::RenderWindow window;
    if (o.windowed) {
        window.create(sf::VideoMode(o.width, o.height), "learnwall", sf::Style::Titlebar | sf::Style::Close);
        window.setPosition({0, 0});  // without a window manager SFML may place it off screen
    } else {
        window.create(sf::VideoMode::getDesktopMode(), "learnwall", sf::Style::Fullscreen);
        window.setMouseCursorVisible(false);
    }
    if (!window.isOpen()) {
        err << "learnwall-kiosk: cannot open a window on the display\n";
        return 1;
    }
    window.setVerticalSyncEnabled(false);
    window.setKeyRepeatEnabled(false);

    SourceOptions so;
    so.cache_path = cache_file_for(o);
    WallSource source(o.source, so);
    source.start();
    SceneRenderer renderer(*fonts);

    // The static layer (cards, panels, text) is drawn into a render texture only when the wall, the scene
    // or the minute changes; each frame then costs one textured quad plus the overlay (ticker, entrances).
    // Two layers let a scene change cross-fade.
    sf::RenderTexture layers[2];
    auto make_layers = [&](sf::Vector2u size) {
        for (auto& l : layers)
            if (!l.create(size.x, size.y)) return false;
        return true;
    };
    if (!make_layers(window.getSize())) {
        err << "learnwall-kiosk: cannot create offscreen layers of " << window.getSize().x << "x" << window.getSize().y
            << "\n";
        return 1;
    }
    int cur = 0;
    LayoutLog static_log;

    SourceState st = source.state();
    std::uint64_t seen = st.generation;
    std::uint64_t frames = 0;
    bool dirty = true, static_dirty = true, status_pending = true, layout_pending = true, animating = false;
    sf::Clock clock;
    const std::int64_t frame_us = 33'333;         // 30 fps while something moves
    const std::int64_t idle_us = 40'000;          // check for new walls and input this often when still
    const std::int64_t periodic_us = 30'000'000;  // relative times, time left today, the stale badge
    const std::int64_t stale_after_us = 60'000'000;
    const std::int64_t fade_us = 700'000;
    std::int64_t next_periodic = periodic_us, fade_start = -fade_us, scene_started = 0, quote_started = 0;
    std::int64_t new_since = 0;
    std::vector<std::string> new_ids;
    std::size_t play_index = 0, quote_index = 0;

    while (window.isOpen() && !g_stop) {
        sf::Event ev;
        while (window.pollEvent(ev)) {
            if (ev.type == sf::Event::Closed) window.close();
            if (ev.type == sf::Event::KeyPressed && exit_key && ev.key.code == *exit_key) window.close();
            if (ev.type == sf::Event::Resized) {
                window.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(ev.size.width),
                                                      static_cast<float>(ev.size.height))));
                if (!make_layers({ev.size.width, ev.size.height})) err << "learnwall-kiosk: cannot resize layers\n";
                dirty = static_dirty = layout_pending = true;
            }
            if (ev.type == sf::Event::GainedFocus) dirty = true;
        }
        if (!window.isOpen()) break;
        std::int64_t now_us = clock.getElapsedTime().asMicroseconds();
        if (auto fresh = source.poll(seen)) {
            // Posts that were not on the previous wall get an entrance (not at start-up: everything is new then).
            if (st.wall && fresh->wall && fresh->wall != st.wall) {
                std::vector<std::string> ids;
                for (const auto& p : fresh->wall->posts) {
                    bool known = false;
                    for (const auto& q : st.wall->posts) known = known || q.id == p.id;
                    if (!known) ids.push_back(p.id);
                }
                if (!ids.empty()) {
                    new_ids = std::move(ids);
                    new_since = now_us;
                }
            }
            st = std::move(*fresh);
            seen = st.generation;
            dirty = static_dirty = status_pending = layout_pending = true;
        }
        auto playlist = playlist_of(st.wall.get());
        if (play_index >= playlist.size()) play_index = 0;
        if (!o.scene && now_us - scene_started >= playlist[play_index].us) {
            play_index = (play_index + 1) % playlist.size();
            if (playlist[play_index].scene == SceneKind::quote) ++quote_index, quote_started = now_us;
            scene_started = now_us;
            cur ^= 1;
            fade_start = now_us;
            dirty = static_dirty = layout_pending = true;
        }
        SceneKind scene = o.scene.value_or(playlist[play_index].scene);
        std::int64_t quote_us =
            std::max<std::int64_t>(3, st.wall ? st.wall->display.quote_seconds : 12) * 1'000'000;
        if (scene == SceneKind::quote && now_us - quote_started >= quote_us) {
            ++quote_index;
            quote_started = now_us;
            cur ^= 1;
            fade_start = now_us;
            dirty = static_dirty = true;
        }
        if (now_us >= next_periodic) {
            next_periodic = now_us + periodic_us;
            dirty = static_dirty = true;
        }
        if (dirty || animating) {
            FrameInput in;
            in.wall = st.wall.get();
            in.waiting_reason = st.error;
            in.scene = scene;
            in.now = o.now ? *o.now + std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::microseconds(now_us))
                           : lw::now();
            in.elapsed_us = now_us;
            in.scene_started_us = scene_started;
            in.quote_index = quote_index;
            in.new_post_ids = new_ids;
            in.new_since_us = new_since;
            if (st.wall && st.from_cache) {
                in.stale = true;
                in.stale_text = "Offline \u2014 showing the last saved update";
            } else if (st.wall && !st.ok && st.failing_since != std::chrono::steady_clock::time_point{} &&
                       std::chrono::steady_clock::now() - st.failing_since > std::chrono::microseconds(stale_after_us)) {
                in.stale = true;
            }
            if (static_dirty) {
                static_log.items.clear();
                layers[cur].clear();
                renderer.draw_static(layers[cur], in, &static_log);
                layers[cur].display();
                static_dirty = false;
            }
            window.clear();
            std::int64_t into_fade = now_us - fade_start;
            sf::Sprite top(layers[cur].getTexture());
            if (into_fade < fade_us) {
                window.draw(sf::Sprite(layers[cur ^ 1].getTexture()));
                top.setColor(sf::Color(255, 255, 255,
                                       static_cast<sf::Uint8>(255 * into_fade / fade_us)));
            }
            window.draw(top);
            bool moving = renderer.draw_overlay(window, in, static_log);
            window.display();
            animating = moving || into_fade < fade_us;
            ++frames;
            dirty = false;
            if (layout_pending && !o.layout_json.empty()) {
                auto sz = window.getSize();
                if (auto s = write_file_atomic(o.layout_json, static_log.to_json(sz.x, sz.y, to_string(scene),
                                                                                 st.wall ? st.wall->revision : 0));
                    !s)
                    err << "learnwall-kiosk: --layout-json: " << s.error() << "\n";
            }
            layout_pending = false;
            if (status_pending && !o.status_file.empty()) {
                if (auto s = write_file_atomic(o.status_file, status_json(st, scene, frames)); !s)
                    err << "learnwall-kiosk: --status-file: " << s.error() << "\n";
            }
            status_pending = false;
        }
        std::int64_t spent = clock.getElapsedTime().asMicroseconds() - now_us;
        std::int64_t wait = (animating ? frame_us : idle_us) - spent;
        if (wait > 0) sf::sleep(sf::microseconds(wait));
    }
    source.stop();
    return 0;
}

}  // namespace lw::kiosk
