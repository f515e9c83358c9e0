// Screen saver reset through Xlib for the kiosk.
#include "screen_awake.hpp"

#include <X11/Xlib.h>

namespace lw::kiosk {

ScreenAwake::ScreenAwake() { display_ = XOpenDisplay(nullptr); }

ScreenAwake::~ScreenAwake() {
    if (display_) XCloseDisplay(static_cast<Display*>(display_));
}

void ScreenAwake::tick(std::int64_t now_us) {
    if (!display_ || now_us < next_us_) return;
    next_us_ = now_us + 30'000'000;
    XResetScreenSaver(static_cast<Display*>(display_));
    XFlush(static_cast<Display*>(display_));
    ++resets_;
}

}  // namespace lw::kiosk
