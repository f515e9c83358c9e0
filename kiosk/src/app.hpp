// The kiosk program: options, the one-frame screenshot, and the live render loop.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "learnwall/time.hpp"
#include "render/renderer.hpp"

namespace lw::kiosk {

struct KioskOptions {
    std::string source;
    bool windowed = false;
    unsigned width = 1920, height = 1080;
    bool size_given = false;
    bool position_given = false;     // --position X,Y: a borderless window there (a second monitor)
    int pos_x = 0, pos_y = 0;
    std::string screenshot;
    std::optional<SceneKind> scene;  // fixed scene; otherwise the playlist
    std::string layout_json;
    std::string status_file;
    std::optional<Instant> now;      // pretend clock, for reproducible screenshots
    std::string exit_key = "Escape";
    std::string cache_dir;           // "" = $XDG_CACHE_HOME/learnwall or ~/.cache/learnwall
    bool no_cache = false;
    unsigned image_cache_mb = 256;   // disk bound for fetched avatars and post images
    unsigned stale_after_s = 60;     // source failing this long: the stale badge shows
    std::string theme;               // --theme FILE: colours and logo
    std::string screen_id;           // --screen-id ID: named on every poll of an http(s) source
    std::string bench;               // --bench MODE: measure frames instead of showing the wall
    unsigned bench_frames = 0;       // 0 = the mode's default
    unsigned bench_seconds = 60;     // --bench live: how long the feed runs
    std::vector<std::string> allow_media_hosts;  // --allow-media-host: internal hosts/ranges images may come from
    std::string watchdog_test;       // hidden --watchdog-test stuck|black: tests force a frozen or black frame
    std::string shown_log;           // --shown-log FILE: a local source's proof of display (docs/proof-of-display.md)
    std::string present = "auto";    // --present auto|whole|partial: how frames reach the screen (presenter.hpp)
};

enum class ParseResult { run, exit_ok, exit_usage };
ParseResult parse_options(const std::vector<std::string>& args, KioskOptions& opts, std::ostream& out,
                          std::ostream& err);
void print_help(std::ostream& out);

int run_screenshot(const KioskOptions& opts, std::ostream& err);
int run_live(const KioskOptions& opts, std::ostream& err);

}  // namespace lw::kiosk
