// How a drawn frame reaches the screen: swap the whole back buffer (the GL default), or, on a software
// renderer, copy only the rectangles that changed to the window and keep the back buffer as it is, so the
// next frame can draw just what moves (docs/kiosk-cpu.md). The Player says what changed (FrameUpdate).
#pragma once

#include <SFML/Graphics/RenderWindow.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "player.hpp"

namespace lw::kiosk {

enum class PresentMode { automatic, whole, partial };
std::optional<PresentMode> present_mode_from_string(std::string_view s);

class Presenter {
public:
    // Decides once, with the window's GL context: `partial` is used when asked for (or, automatically, when
    // the renderer draws on the CPU) and the GLX extension that copies part of the back buffer exists.
    Presenter(sf::RenderWindow& window, PresentMode mode);
    [[nodiscard]] bool partial() const { return copy_sub_ != nullptr; }
    // One line for the log: which way and why ("partial: software renderer llvmpipe ...").
    [[nodiscard]] const std::string& description() const { return why_; }
    // Shows the frame: swaps buffers, or copies the changed rectangles (all of it when u.whole). In partial
    // mode the whole back buffer is copied at least every kWholeEveryMs anyway: a part of the screen another
    // window or a notification covered for a moment is repainted within seconds though nothing moves there.
    void present(const FrameUpdate& u);
    static constexpr long long kWholeEveryMs = 5'000;
    [[nodiscard]] unsigned long long whole_copies() const { return whole_copies_; }

private:
    using CopySubBuffer = void (*)(void* display, unsigned long drawable, int x, int y, int width, int height);
    sf::RenderWindow& window_;
    CopySubBuffer copy_sub_ = nullptr;
    void* display_ = nullptr;
    unsigned long drawable_ = 0;
    std::string why_;
    long long last_whole_ms_ = 0;
    unsigned long long whole_copies_ = 0;
};

}  // namespace lw::kiosk
