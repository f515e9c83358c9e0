// The admin window's entry: options, the SFML window and frame loop, --screenshot and --test-script.
#include "gui/gui.hpp"

#include <sys/stat.h>

#include <SFML/Graphics.hpp>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "cli/args.hpp"
#include "gui/app.hpp"
#include "gui/glyphs.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "gui/test_script.hpp"

namespace lw::admin {

namespace {

constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2;

struct GuiOptions {
    std::string data;
    Panel panel = Panel::moderation;
    unsigned width = 1280, height = 800;
    std::string screenshot;
    std::string test_script;
    std::string by;
    std::vector<std::string> allow_media_hosts;
};

std::optional<GuiOptions> parse_options(const std::vector<std::string>& args, std::ostream& err) {
    std::vector<cli::OptionSpec> spec{
        {"data", true, false, ""}, {"panel", true, false, ""}, {"size", true, false, ""},
        {"screenshot", true, false, ""}, {"test-script", true, false, ""}, {"by", true, false, ""},
        {"allow-media-host", true, true, ""},
    };
    std::string error;
    auto parsed = cli::parse_args(args, spec, error);
    if (!parsed) {
        err << "learnwall-admin: " << error << " (the window takes [--data DIR] [--panel P] [--size WxH] "
            << "[--screenshot out.png]; try learnwall-admin --help)\n";
        return std::nullopt;
    }
    if (!parsed->positionals.empty()) {
        err << "learnwall-admin: unknown command \"" << parsed->positionals.front()
            << "\" (try learnwall-admin --help)\n";
        return std::nullopt;
    }
    GuiOptions o;
    o.data = parsed->get("data").value_or("");
    if (auto p = parsed->get("panel")) {
        auto panel = panel_from_id(*p);
        if (!panel) {
            err << "learnwall-admin: --panel: expected moderation, rules, challenges, quotes, scoring, roster, "
                   "sources, display, screens or report, got \""
                << *p << "\"\n";
            return std::nullopt;
        }
        o.panel = *panel;
    }
    if (auto s = parsed->get("size")) {
        unsigned w = 0, h = 0;
        char x = 0, extra = 0;
        if (std::sscanf(s->c_str(), "%u%c%u%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') || w < 320 ||
            h < 240 || w > 8192 || h > 8192) {
            err << "learnwall-admin: --size: expected WIDTHxHEIGHT such as 1280x800 (320x240 to 8192x8192), got \""
                << *s << "\"\n";
            return std::nullopt;
        }
        o.width = w;
        o.height = h;
    }
    o.screenshot = parsed->get("screenshot").value_or("");
    o.test_script = parsed->get("test-script").value_or("");
    o.by = parsed->get("by").value_or("");
    for (const auto& h : parsed->all("allow-media-host")) {
        FetchPolicy check;
        if (auto st = check.allow(h); !st) {
            err << "learnwall-admin: --allow-media-host: " << st.error() << "\n";
            return std::nullopt;
        }
        o.allow_media_hosts.push_back(h);
    }
    return o;
}

std::string acting_user(const GuiOptions& o) {
    if (!o.by.empty()) return o.by;
    for (const char* var : {"LEARNWALL_USER", "USER"})
        if (const char* v = std::getenv(var); v && *v) return v;
    return "admin";
}

bool save_screenshot(const sf::RenderWindow& window, const std::string& path) {
    sf::Texture t;
    auto size = window.getSize();
    if (!t.create(size.x, size.y)) return false;
    t.update(window);
    return t.copyToImage().saveToFile(path);
}

// Why no window can open here, or "" when a display looks reachable: DISPLAY unset, or a local
// display (":1") whose X socket does not exist. A remote display is left to SFML.
std::string display_problem() {
    const char* d = std::getenv("DISPLAY");
    if (!d || !*d) return "no display (DISPLAY is not set)";
    std::string disp = d;
    if (disp.front() != ':') return "";
    std::string number = disp.substr(1, disp.find('.') == std::string::npos ? std::string::npos : disp.find('.') - 1);
    if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) return "";
    struct stat st {};
    if (::stat(("/tmp/.X11-unix/X" + number).c_str(), &st) != 0)
        return "cannot reach the display \"" + disp + "\" (no X server is listening there)";
    return "";
}

}  // namespace

void print_gui_help(std::ostream& out) {
    out << "\nThe admin window (no command given):\n"
           "  learnwall-admin [--data DIR] [--panel P] [--size WxH] [--screenshot out.png] [--by NAME]\n"
           "                  [--allow-media-host H]...\n"
           "    --data DIR           the event's data directory (without it: a window to open one)\n"
           "    --panel P            start on moderation (default), rules, challenges, quotes, scoring,\n"
           "                         roster, sources, display, screens or report\n"
           "    --size WxH           window size, default 1280x800\n"
           "    --screenshot PATH    render the panel once, save it as PNG and exit\n"
           "    --by NAME            who is deciding (default: $LEARNWALL_USER, else $USER)\n"
           "    --allow-media-host H thumbnails may come from this internal host, address or range\n"
           "                         (repeatable; post images from loopback or the LAN are refused otherwise)\n"
           "    --test-script FILE   for tests: replay clicks and keys from FILE, then exit\n"
           "  Moderation keys: Up/Down move, Space ticks, A approve, R reject, P pin, F feature, U undo.\n";
}

int run_gui(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            print_gui_help(std::cout);
            return kExitOk;
        }
    auto opts = parse_options(args, std::cerr);
    if (!opts) return kExitUsage;

    std::optional<ScriptPlayer> script;
    if (!opts->test_script.empty()) {
        auto steps = load_test_script(opts->test_script);
        if (!steps) {
            std::cerr << "learnwall-admin: --test-script: " << steps.error() << "\n";
            return kExitUsage;
        }
        script.emplace(std::move(*steps), opts->test_script);
    }

    App app(acting_user(*opts));
    app.panel = opts->panel;
    {
        auto policy = std::make_shared<FetchPolicy>();
        for (const auto& h : opts->allow_media_hosts) (void)policy->allow(h);  // checked by parse_options
        app.media_policy = policy;
    }
    if (!opts->data.empty()) {
        if (auto st = app.open(opts->data); !st) {
            // Headless modes cannot show the message: fail loudly. The window shows it and offers the path field.
            if (!opts->screenshot.empty() || script) {
                std::cerr << "learnwall-admin: --data: " << st.error() << "\n";
                return kExitFailure;
            }
            app.say(st.error(), true);
            app.open_path = opts->data;
        }
    }

    // SFML aborts the process (exit 134) when it cannot open the X display: check first, and say so.
    if (auto why = display_problem(); !why.empty()) {
        std::cerr << "learnwall-admin: " << why
                  << " (the window needs a desktop session; headless commands work without one: learnwall-admin --help)\n";
        return kExitFailure;
    }
    sf::ContextSettings gl;
    sf::RenderWindow window(sf::VideoMode(opts->width, opts->height), "learnwall admin", sf::Style::Default, gl);
    if (!window.isOpen()) {
        std::cerr << "learnwall-admin: could not open a window (is DISPLAY set? headless commands work without one)\n";
        return kExitFailure;
    }
    window.setPosition({0, 0});  // with no window manager SFML may place it off screen
    window.setVerticalSyncEnabled(false);
    window.setFramerateLimit(60);

    ImGuiSfml imgui;
    std::string error;
    if (!imgui.init(window, 16.0f, error)) {
        std::cerr << "learnwall-admin: " << error << "\n";
        return kExitFailure;
    }

    const bool screenshot_only = !opts->screenshot.empty() && !script;
    int frame = 0;
    int rc = kExitOk;
    sf::Clock clock;
    // With a test script: how long building and drawing a frame took (the frame-rate limiter excluded).
    double work_total_ms = 0, work_worst_ms = 0;
    int work_frames = 0;
    while (window.isOpen()) {
        sf::Event event;
        while (window.pollEvent(event)) {
            if (event.type == sf::Event::Closed) window.close();
            if (event.type == sf::Event::Resized)
                window.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(event.size.width),
                                                      static_cast<float>(event.size.height))));
            imgui.process_event(event);
        }
        if (!window.isOpen()) break;

        std::string shot_path;
        if (script) {
            if (script->done()) break;
            auto events = script->next_frame_events(shot_path);
            if (!events) {
                std::cerr << "learnwall-admin: --test-script: " << events.error() << "\n";
                rc = kExitFailure;
                break;
            }
            for (const auto& e : *events) imgui.process_event(e);
        }

        sf::Clock work;
        app.refresh_if_due();
        if (app.has_data()) {
            if (auto* atlas = glyph_atlas()) atlas->note_state(app.state());
        }
        // Between frames: characters seen in the data (or drawn last frame) join the font atlas.
        imgui.update_fonts();
        imgui.new_frame(window, clock.restart());
        app.draw();
        probe_end_frame();

        window.clear(sf::Color(245, 245, 245));
        imgui.render(window);
        ++frame;
        if (script && frame > 3) {  // the first frames build the font atlas
            double ms = work.getElapsedTime().asMicroseconds() / 1000.0;
            work_total_ms += ms;
            work_worst_ms = std::max(work_worst_ms, ms);
            ++work_frames;
        }
        // Layout settles over a few frames (fonts, table widths, scroll): capture after that.
        if (screenshot_only && frame == 4) shot_path = opts->screenshot;
        if (!shot_path.empty()) {
            if (!save_screenshot(window, shot_path)) {
                std::cerr << "learnwall-admin: could not save the screenshot to " << shot_path << "\n";
                rc = kExitFailure;
                break;
            }
            // A script's shot also says where each named item was, for tests that look for ink there.
            if (script) std::ofstream(shot_path + ".probes.json") << probe_json() << "\n";
            if (screenshot_only) break;
        }
        window.display();
    }
    if (script && rc == kExitOk && !opts->screenshot.empty()) {
        // A script may end with the final state captured for the test to look at.
        imgui.new_frame(window, clock.restart());
        app.draw();
        probe_end_frame();
        window.clear(sf::Color(245, 245, 245));
        imgui.render(window);
        if (!save_screenshot(window, opts->screenshot)) rc = kExitFailure;
    }
    if (script && work_frames > 0)
    {
        std::cout << "frame-stats: frames=" << work_frames << " mean_ms=" << work_total_ms / work_frames
                  << " worst_ms=" << work_worst_ms << "\n";
        const AtlasStats& a = imgui.atlas().stats();
        std::cout << "atlas-stats: builds=" << a.builds << " glyphs=" << a.glyphs << " texture=" << a.width << "x"
                  << a.height << " last_build_ms=" << a.last_build_ms << "\n";
    }
    imgui.shutdown();
    window.close();
    return rc;
}

}  // namespace lw::admin
