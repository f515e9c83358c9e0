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

#include <cctype>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include "learnwall/fetch_policy.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/log_safe.hpp"
#include "render/image_cache.hpp"
#include "learnwall/image.hpp"
#include "player.hpp"
#include "presenter.hpp"
#include "screen_awake.hpp"
#include "shown_reporter.hpp"
#include "watchdog.hpp"
#include "wall_source.hpp"

namespace lw::kiosk {

namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_kiosk_stop_signal(int) { g_stop = 1; }

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

std::string cache_dir_for(const KioskOptions& o) {
    if (o.no_cache) return {};
    std::string dir = o.cache_dir;
    if (dir.empty()) {
        const char* xdg = std::getenv("XDG_CACHE_HOME");
        const char* home = std::getenv("HOME");
        if (xdg && *xdg) dir = std::string(xdg) + "/learnwall";
        else if (home && *home) dir = std::string(home) + "/.cache/learnwall";
    }
    return dir;
}

ImageCacheOptions image_options(const KioskOptions& o, bool screenshot) {
    ImageCacheOptions io;
    // A screenshot draws once after waiting: every finished image becomes a texture in that one pump().
    if (screenshot) io.uploads_per_frame = 0;
    // A screenshot uses the disk only when told where: tests and previews leave no trace in $HOME.
    std::string dir = screenshot && o.cache_dir.empty() ? std::string() : cache_dir_for(o);
    if (!dir.empty()) io.disk_dir = dir + "/images";
    io.disk_limit_bytes = static_cast<std::uint64_t>(o.image_cache_mb) << 20;
    // Images named by posts are fetched from public addresses only. The organiser's own hub (the
    // host wall.json comes from) and --allow-media-host entries may be internal; a local wall.json's
    // media/ folder is the only place a local file is read from.
    auto policy = std::make_shared<FetchPolicy>();
    for (const auto& h : o.allow_media_hosts) (void)policy->allow(h);  // checked by parse_options
    std::string src = o.source.rfind("file://", 0) == 0 ? o.source.substr(7) : o.source;
    if (is_http_url(src)) {
        if (auto host = url_host_name(src); !host.empty()) (void)policy->allow(host);
    } else if (!src.empty()) {
        std::filesystem::path folder = std::filesystem::absolute(std::filesystem::path(src)).parent_path();
        io.local_dirs.push_back((folder / "media").lexically_normal().string());
    }
    io.policy = policy;
    return io;
}

std::string cache_file_for(const KioskOptions& o) {
    std::string dir = cache_dir_for(o);
    if (dir.empty()) return {};
    std::uint32_t h = 2166136261u;  // one cache file per source, so two kiosks on one account do not mix
    for (unsigned char c : o.source) h = (h ^ c) * 16777619u;
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", h);
    return dir + "/wall-" + hex + ".json";
}

void open_window(sf::RenderWindow& window, const KioskOptions& o) {
    if (o.windowed) {
        window.create(sf::VideoMode(o.width, o.height), "learnwall", sf::Style::Titlebar | sf::Style::Close);
        window.setPosition({0, 0});  // without a window manager SFML may place it off screen
    } else if (o.position_given) {
        // A borderless window of --size at --position: how to pick a monitor other than the primary one.
        window.create(sf::VideoMode(o.width, o.height), "learnwall", sf::Style::None);
        window.setPosition({o.pos_x, o.pos_y});
    } else {
        window.create(sf::VideoMode::getDesktopMode(), "learnwall", sf::Style::Fullscreen);
    }
    if (!o.windowed) window.setMouseCursorVisible(false);
    window.setVerticalSyncEnabled(false);
    window.setKeyRepeatEnabled(false);
}

// A broken theme must not keep the wall off the screen: say why and carry on with the built-in look.
void apply_theme(const KioskOptions& o, SceneRenderer& renderer, sf::Texture& logo, std::ostream& err) {
    if (o.theme.empty()) return;
    auto t = load_theme(o.theme);
    if (!t) {
        err << "learnwall-kiosk: --theme " << t.error() << "; using the built-in colours\n";
        return;
    }
    bool has_logo = false;
    if (!t->logo_path.empty()) {
        std::string path = t->logo_path;
        if (path[0] != '/') path = (std::filesystem::path(o.theme).parent_path() / path).string();  // beside the theme
        auto bytes = read_file(path);
        const ImageInfo info = bytes ? inspect_image(*bytes, ImageLimits{0, 4096ull * 4096}) : ImageInfo{};
        if (!bytes || !info.ok() || info.width > 4096 || info.height > 4096 || !logo.loadFromMemory(bytes->data(), bytes->size()))
            err << "learnwall-kiosk: --theme " << o.theme << ": /logo: cannot use " << path
                << " (a PNG or JPEG up to 4096x4096 is expected); no logo\n";
        else
            has_logo = true;
        logo.setSmooth(true);
    }
    renderer.set_theme(t->palette, has_logo ? &logo : nullptr);
}

bool have_display(std::ostream& err) {
    const char* d = std::getenv("DISPLAY");
    if (d && *d) return true;
    err << "learnwall-kiosk: no X display (DISPLAY is not set); run it in the desktop session, or under "
           "xvfb-run for --screenshot\n";
    return false;
}

// --scene quote on a wall without quotes draws the wall (as the rotation does); say why, once per
// wall, so nobody takes the wall for a broken quote scene.
void note_no_quotes(const KioskOptions& o, const Wall* wall, std::ostream& err) {
    static std::uint64_t told_revision = ~0ull;
    if (o.scene != SceneKind::quote || !wall || !wall->quotes.empty() || wall->revision == told_revision) return;
    told_revision = wall->revision;
    err << "learnwall-kiosk: --scene quote: the wall has no quotes, so the wall is shown instead (add some with: "
           "learnwall-admin quote add)\n";
}

// The same for --scene connections before anyone has learned from a colleague (the block is absent or
// its total is 0): the wall is shown, and the person who chose the scene is told why.
void note_no_connections(const KioskOptions& o, const Wall* wall, std::ostream& err) {
    static std::uint64_t told_connections_revision = ~0ull;
    if (o.scene != SceneKind::connections || !wall || wall_has_connections(*wall) ||
        wall->revision == told_connections_revision)
        return;
    told_connections_revision = wall->revision;
    err << "learnwall-kiosk: --scene connections: the wall has no connections yet, so the wall is shown instead\n";
}

std::string status_json(const SourceState& st, SceneKind scene, std::uint64_t frames, bool stale) {
    nlohmann::json j = {{"ok", st.ok},
                        {"stale", stale},
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
           "  --scene NAME          show only this scene: wall, leaderboard, challenge, quote,\n"
           "                        connections\n"
           "                        (default: the wall's playlist)\n"
           "  --layout-json FILE    write where each thing was drawn (post cards, text boxes, rows) as JSON\n"
           "  --status-file FILE    write a one-line JSON status (revision, loads, error) after each change\n"
           "  --now RFC3339         pretend the clock shows this instant (reproducible screenshots)\n"
           "  --screen-id ID        name this screen on every poll of an http(s) source (the hub's\n"
           "                        nginx log shows it; see learnwall-admin screens). Polls also carry\n"
           "                        which posts this screen drew and for how long (learnwall-admin shown)\n"
           "  --shown-log FILE      with a local --source: append that record to FILE once a minute, in the\n"
           "                        hub's access-log format (learnwall-admin shown --access-log FILE)\n"
           "  --exit-key KEY        the only key that quits: Escape (default), F1..F15, A..Z, 0..9, Pause,\n"
           "                        Space, Enter, Tab, Backspace, Delete, Home, End, Insert; \"none\" disables\n"
           "  --cache-dir DIR       where the last good wall is kept for a restart without network\n"
           "                        (default $XDG_CACHE_HOME/learnwall or ~/.cache/learnwall)\n"
           "  --no-cache            keep no copy on disk (neither the wall nor images)\n"
           "  --theme FILE          the event's look: JSON of \"#rrggbb\" colours (background, background_2,\n"
           "                        card, card_pinned, ink, on_dark, accent, accent_dark, warm, gold, mention)\n"
           "                        and \"logo\" (a PNG or JPEG, relative to the file); a bad file is reported\n"
           "                        and the built-in look is used\n"
           "  --image-cache-mb N    disk bound for fetched avatars and post images (default 256)\n"
           "  --allow-media-host H  post images may come from this internal host, address or range\n"
           "                        (repeatable; default: public addresses and the wall's own host only)\n"
           "  --stale-after SECONDS show the \"offline\" badge once the source has failed this long (default 60)\n"
           "  --position X,Y        a borderless window of --size at X,Y: put the wall on another monitor\n"
           "  --present auto|whole|partial\n"
           "                        how frames reach the screen: partial copies only what changed (the back\n"
           "                        buffer is kept), whole swaps buffers; auto (default) is partial on a\n"
           "                        software renderer that supports it, whole on a GPU\n"
           "  --bench still|animate|soak|live\n"
           "                        measure frame time, CPU and memory with a generated 200-post wall at\n"
           "                        --size (no --source needed) and print the figures; see docs/BENCHMARKS.md\n"
           "                        (live: the real frame loop on a feed of 5 new posts every 10 s)\n"
           "  --bench-frames N      frames for --bench (default: still 300, animate 600, soak 100000)\n"
           "  --bench-seconds N     how long --bench live runs (default 60)\n"
           "  --help, --version\n"
           "\n"
           "exit status: 0 done, 1 failure (fonts, display, screenshot not written), 2 bad command line,\n"
           "3 the watchdog saw a frozen or blank picture (the service restarts the kiosk; the next run tells\n"
           "the hub with its polls, and learnwall-admin screens shows it)\n";
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
        } else if (a == "--screen-id") {
            if (!value(o.screen_id)) return usage("--screen-id needs a name, e.g. lobby-1");
            bool ok = !o.screen_id.empty() && o.screen_id.size() <= 64;
            for (char c : o.screen_id)
                ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
            if (!ok) return usage("--screen-id: 1 to 64 letters, digits, '-', '_' or '.', not \"" + o.screen_id + "\"");
        } else if (a == "--watchdog-test") {
            // Not in --help: only tests force a stuck or black picture, to see the watchdog's exit.
            if (!value(o.watchdog_test) || (o.watchdog_test != "stuck" && o.watchdog_test != "black"))
                return usage("--watchdog-test: expected stuck or black");
        } else if (a == "--shown-log") {
            if (!value(o.shown_log)) return usage("--shown-log needs a file to append to");
        } else if (a == "--screenshot") {
            if (!value(o.screenshot)) return usage("--screenshot needs an output file, e.g. wall.png");
        } else if (a == "--scene") {
            if (!value(v)) return usage("--scene needs one of wall, leaderboard, challenge, quote, connections");
            o.scene = scene_from_string(v);
            if (!o.scene) return usage("--scene: expected wall, leaderboard, challenge, quote or connections, got \"" + v + "\"");
        } else if (a == "--layout-json") {
            if (!value(o.layout_json)) return usage("--layout-json needs an output file");
        } else if (a == "--status-file") {
            if (!value(o.status_file)) return usage("--status-file needs an output file");
        } else if (a == "--position") {
            auto comma = std::string::npos;
            if (value(v)) comma = v.find(',');
            try {
                if (comma == std::string::npos) throw std::invalid_argument("no comma");
                std::size_t n1 = 0, n2 = 0;
                o.pos_x = std::stoi(v.substr(0, comma), &n1);
                o.pos_y = std::stoi(v.substr(comma + 1), &n2);
                if (n1 != comma || n2 != v.size() - comma - 1) throw std::invalid_argument("junk");
            } catch (const std::exception&) {
                return usage("--position: expected X,Y in pixels of the desktop, e.g. 1920,0" +
                             (v.empty() ? std::string() : ", got \"" + v + "\""));
            }
            o.position_given = true;
        } else if (a == "--image-cache-mb" || a == "--stale-after" || a == "--bench-frames" || a == "--bench-seconds") {
            unsigned long n = 0;
            std::size_t used = 0;
            bool good = value(v);
            try {
                if (good) n = std::stoul(v, &used);
            } catch (const std::exception&) {
                good = false;
            }
            if (!good || used != v.size() || n > 100'000'000ul || (a != "--image-cache-mb" && n == 0))
                return usage(a + ": expected a whole number" + (a == "--image-cache-mb" ? "" : " above 0") +
                             (v.empty() ? std::string() : ", got \"" + v + "\""));
            (a == "--image-cache-mb"  ? o.image_cache_mb
             : a == "--stale-after"   ? o.stale_after_s
             : a == "--bench-seconds" ? o.bench_seconds
                                      : o.bench_frames) = static_cast<unsigned>(n);
        } else if (a == "--allow-media-host") {
            if (!value(v)) return usage("--allow-media-host needs a host name, address or range, e.g. 10.0.0.0/8");
            FetchPolicy check;
            if (auto st = check.allow(v); !st) return usage("--allow-media-host: " + st.error());
            o.allow_media_hosts.push_back(v);
        } else if (a == "--bench") {
            if (!value(o.bench) || (o.bench != "still" && o.bench != "animate" && o.bench != "soak" && o.bench != "live"))
                return usage("--bench: expected still, animate, soak or live" +
                             (o.bench.empty() ? std::string() : ", got \"" + o.bench + "\""));
        } else if (a == "--present") {
            if (!value(o.present) || !present_mode_from_string(o.present))
                return usage("--present: expected auto, whole or partial" +
                             (o.present.empty() ? std::string() : ", got \"" + o.present + "\""));
        } else if (a == "--theme") {
            if (!value(o.theme)) return usage("--theme needs a JSON file of colours and a logo");
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
    if (o.source.empty() && o.bench.empty()) return usage("--source is required");
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
    // With an explicit --cache-dir the screenshot behaves like a restart: a failing source shows the saved
    // wall with the offline badge (how an organiser previews what a screen without network will show).
    SourceOptions so;
    so.screen_id = o.screen_id;
    if (!o.cache_dir.empty()) so.cache_path = cache_file_for(o);
    WallSource source(o.source, so);
    source.load_now();
    SourceState st = source.state();

    sf::RenderTexture rt;
    if (!rt.create(o.width, o.height)) {
        err << "learnwall-kiosk: cannot create a " << o.width << "x" << o.height << " offscreen image (GL limits?)\n";
        return 1;
    }
    SceneRenderer renderer(*fonts);
    sf::Texture logo;
    apply_theme(o, renderer, logo, err);
    ImageCache images(image_options(o, true));
    renderer.set_images([&images](const std::string& url) { return images.get(url); });
    FrameInput in;
    in.wall = st.wall.get();
    in.waiting_reason = st.error;
    in.scene = o.scene.value_or(SceneKind::wall);
    in.now = o.now.value_or(lw::now());
    note_no_quotes(o, st.wall.get(), err);
    note_no_connections(o, st.wall.get(), err);
    if (st.wall && st.from_cache) {
        in.stale = true;
        in.stale_text = "Offline \u2014 showing the last saved update";
    }
    LayoutLog log;
    rt.clear();
    renderer.draw(rt, in, &log);
    // The first pass asked for the images on screen; give them a few seconds, then draw again with what came
    // (a slow or broken image keeps its placeholder, as on the live wall).
    sf::Clock waited;
    while (!images.idle() && waited.getElapsedTime() < sf::seconds(6)) sf::sleep(sf::milliseconds(10));
    if (images.pump()) {
        log.items.clear();
        rt.clear();
        renderer.draw(rt, in, &log);
    }
    for (const auto& e : images.take_errors()) err << "learnwall-kiosk: image " << log_safe(e, 1000) << " (placeholder shown)\n";
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
    if (!st.ok)
        err << "learnwall-kiosk: note: " << st.error
            << (st.wall ? " (drew the saved copy with the offline badge)\n" : " (drew the waiting screen)\n");
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

    std::signal(SIGTERM, on_kiosk_stop_signal);
    std::signal(SIGINT, on_kiosk_stop_signal);

    sf::RenderWindow window;
    open_window(window, o);
    if (!window.isOpen()) {
        err << "learnwall-kiosk: cannot open a window on the display\n";
        return 1;
    }

    SourceOptions so;
    so.screen_id = o.screen_id;
    so.cache_path = cache_file_for(o);
    // Proof of display: what reached the window rides on the polls (or goes to --shown-log for a file).
    auto shown = std::make_shared<ShownReporter>();
    so.shown = shown;
    WallSource source(o.source, so);
    source.start();
    const bool local_shown_log = !o.shown_log.empty() && !is_url_source(source.source());
    std::int64_t next_shown_append_us = 60'000'000;
    // The watchdog (docs/proof-of-display.md): a previous run's note goes to the hub with the polls.
    std::string watchdog_note = cache_file_for(o);
    if (!watchdog_note.empty()) watchdog_note.replace(watchdog_note.size() - 5, 5, ".watchdog");
    KioskWatchdog watchdog(watchdog_note, o.watchdog_test);
    bool health_pending = false;
    if (std::string note = watchdog.read_note(); !note.empty() && (is_url_source(source.source()) || local_shown_log)) {
        err << "learnwall-kiosk: the previous run was stopped by the watchdog (" << note << "); telling the hub\n";
        shown->set_health(note);
        health_pending = true;
    } else {
        watchdog.clear_note();  // nobody to tell (a local wall without --shown-log), or not a note of ours
    }
    int exit_status = 0;
    SceneRenderer renderer(*fonts);
    sf::Texture logo;
    apply_theme(o, renderer, logo, err);
    ImageCache images(image_options(o, false));
    renderer.set_images([&images](const std::string& url) { return images.get(url); });
    Player player(renderer, o.scene, o.now);
    ScreenAwake awake;
    if (!player.resize(window.getSize())) {
        err << "learnwall-kiosk: cannot create offscreen layers of " << window.getSize().x << "x" << window.getSize().y
            << "\n";
        return 1;
    }
    Presenter presenter(window, present_mode_from_string(o.present).value_or(PresentMode::automatic));
    player.set_partial(presenter.partial());
    err << "learnwall-kiosk: presenting " << presenter.description() << "\n";

    SourceState st = source.state();
    std::uint64_t seen = st.generation - 1;  // take the first state through the same path as later ones
    std::uint64_t frames = 0;
    bool status_pending = true, stale = false;
    std::string last_error;
    // Elapsed time in integer microseconds: a float seconds clock loses precision after a day of uptime.
    sf::Clock clock;
    const auto stale_after = std::chrono::seconds(o.stale_after_s);

    while (window.isOpen() && !g_stop) {
        sf::Event ev;
        while (window.pollEvent(ev)) {
            if (ev.type == sf::Event::Closed) window.close();
            if (ev.type == sf::Event::KeyPressed && exit_key && ev.key.code == *exit_key) window.close();
            if (ev.type == sf::Event::Resized) {
                window.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(ev.size.width),
                                                      static_cast<float>(ev.size.height))));
                if (!player.resize({ev.size.width, ev.size.height})) err << "learnwall-kiosk: cannot resize layers\n";
            }
            if (ev.type == sf::Event::GainedFocus) player.invalidate();
        }
        if (!window.isOpen()) break;
        std::int64_t now_us = clock.getElapsedTime().asMicroseconds();
        if (auto fresh = source.poll(seen)) {
            st = std::move(*fresh);
            seen = st.generation;
            if (st.error != last_error && !st.error.empty()) err << "learnwall-kiosk: " << st.error << "\n";
            last_error = st.error;
            player.set_wall(st.wall, st.error, now_us);
            note_no_quotes(o, st.wall.get(), err);
            note_no_connections(o, st.wall.get(), err);
            status_pending = true;
        }
        // Stale: the wall on screen came from the saved copy, or the source has failed for a while.
        bool now_stale = st.wall && (st.from_cache || (!st.ok && st.failing_since != std::chrono::steady_clock::time_point{} &&
                                                       std::chrono::steady_clock::now() - st.failing_since >= stale_after));
        if (now_stale != stale) status_pending = true;
        stale = now_stale;
        player.set_stale(stale, st.from_cache ? "Offline \u2014 showing the last saved update" : "");
        if (images.pump()) player.invalidate();
        awake.tick(now_us);
        for (const auto& e : images.take_errors()) err << "learnwall-kiosk: image " << log_safe(e, 1000) << " (placeholder shown)\n";
        const bool check_now = watchdog.check_due(now_us);
        if (player.due(now_us) || check_now) {
            FrameUpdate update = player.render(window, now_us);
            const bool laid_out = player.take_layout_changed();
            if (laid_out) {
                watchdog.on_layout(player.layout(), to_string(player.scene()), now_us);
            } else if (check_now) {
                // The frame about to be shown, once the new layer has faded in: frozen or blank ends this run.
                if (watchdog.apply_test_mode(window)) {
                    update = FrameUpdate{};  // the test drew over the frame: show all of it, draw the next one whole
                    player.target_touched();
                }
                if (FrameVerdict v = watchdog.check(window); v != FrameVerdict::ok) {
                    const std::string token = watchdog.failure_token(v);
                    err << "learnwall-kiosk: watchdog: " << (v == FrameVerdict::blank ? "blank frame" : "frozen frame")
                        << " (scene " << to_string(player.scene()) << "): "
                        << (v == FrameVerdict::blank ? "the picture is all one colour"
                                                     : "the picture did not change when the playlist said it should")
                        << "; exiting with status " << kWatchdogExitStatus << " so the service restarts the kiosk\n";
                    if (auto s = watchdog.leave_note(token); !s) err << "learnwall-kiosk: watchdog: " << s.error() << "\n";
                    shown->set_health(token);
                    exit_status = kWatchdogExitStatus;
                    break;
                }
            }
            presenter.present(update);
            ++frames;
            if (laid_out) shown->on_layout(player.layout(), ShownReporter::steady_ms_now(), ShownReporter::unix_now());
            if (laid_out && !o.layout_json.empty()) {
                auto sz = window.getSize();
                if (auto s = write_file_atomic(o.layout_json, player.layout().to_json(sz.x, sz.y, to_string(player.scene()),
                                                                                      st.wall ? st.wall->revision : 0));
                    !s)
                    err << "learnwall-kiosk: --layout-json: " << s.error() << "\n";
            }
            if (status_pending && !o.status_file.empty()) {
                if (auto s = write_file_atomic(o.status_file, status_json(st, player.scene(), frames, stale)); !s)
                    err << "learnwall-kiosk: --status-file: " << s.error() << "\n";
            }
            status_pending = false;
        }
        if (health_pending && shown->health_delivered()) {
            watchdog.clear_note();  // the hub has it: the next restart starts clean
            health_pending = false;
        }
        if (local_shown_log && now_us >= next_shown_append_us) {
            next_shown_append_us = now_us + 60'000'000;
            if (auto s = append_shown_line(*shown, o.shown_log, o.screen_id); !s) err << "learnwall-kiosk: " << s.error() << "\n";
        }
        // No busy loop: sleep out the rest of the frame (30 fps while animating, 25 checks a second when still).
        std::int64_t spent = clock.getElapsedTime().asMicroseconds() - now_us;
        std::int64_t wait = player.next_frame_in_us(now_us) - spent;
        if (wait > 0) sf::sleep(sf::microseconds(wait));
    }
    source.stop();
    shown->on_nothing(ShownReporter::steady_ms_now(), ShownReporter::unix_now());
    if (local_shown_log) {
        if (auto s = append_shown_line(*shown, o.shown_log, o.screen_id); !s) err << "learnwall-kiosk: " << s.error() << "\n";
        else if (exit_status != 0) watchdog.clear_note();  // the local record has the note already
    }
    return exit_status;
}

}  // namespace lw::kiosk
