// Keeps an X display from blanking while the kiosk runs: resets the screen saver timer now and then,
// as a key press would. The autostart script also turns blanking and DPMS off with xset; this covers a
// kiosk started some other way.
#pragma once

#include <cstdint>

namespace lw::kiosk {

class ScreenAwake {
public:
    ScreenAwake();  // opens its own connection to $DISPLAY; does nothing when there is none
    ~ScreenAwake();
    ScreenAwake(const ScreenAwake&) = delete;
    ScreenAwake& operator=(const ScreenAwake&) = delete;
    // Call every frame or idle tick; it acts at most every 30 s of elapsed time.
    void tick(std::int64_t now_us);
    [[nodiscard]] bool active() const { return display_ != nullptr; }
    [[nodiscard]] std::uint64_t resets() const { return resets_; }

private:
    void* display_ = nullptr;  // Display*, kept out of this header (Xlib macros clash with SFML names)
    std::int64_t next_us_ = 0;
    std::uint64_t resets_ = 0;
};

}  // namespace lw::kiosk
