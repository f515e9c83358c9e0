// Frame presentation (presenter.hpp). GLX is reached through sf::Context::getFunction (glXGetProcAddress),
// so the kiosk links no GL or GLX library of its own and includes no Xlib header (whose macros clash with
// SFML's names).
#include "presenter.hpp"

#include <SFML/Window/Context.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace lw::kiosk {

namespace {

using GetCurrentDisplay = void* (*)();
using GetCurrentDrawable = unsigned long (*)();
using GetCurrentContext = void* (*)();
using QueryContext = int (*)(void* display, void* context, int attribute, int* value);
using QueryExtensions = const char* (*)(void* display, int screen);
using GetString = const unsigned char* (*)(unsigned int name);
constexpr int kGlxScreen = 0x800C;         // GLX_SCREEN
constexpr unsigned int kGlRenderer = 0x1F01;  // GL_RENDERER

template <class Fn>
Fn gl_function(const char* name) {
    return reinterpret_cast<Fn>(sf::Context::getFunction(name));
}

bool has_word(const char* list, std::string_view word) {
    if (!list) return false;
    std::string_view all(list);
    for (std::size_t at = all.find(word); at != std::string_view::npos; at = all.find(word, at + 1)) {
        const bool starts = at == 0 || all[at - 1] == ' ';
        const bool ends = at + word.size() == all.size() || all[at + word.size()] == ' ';
        if (starts && ends) return true;
    }
    return false;
}

// Mesa's CPU rasterisers: every pixel drawn costs the kiosk's own CPU time.
bool software_renderer(std::string_view renderer) {
    for (std::string_view name : {"llvmpipe", "softpipe", "Software Rasterizer", "swrast"})
        if (renderer.find(name) != std::string_view::npos) return true;
    return false;
}

}  // namespace

std::optional<PresentMode> present_mode_from_string(std::string_view s) {
    if (s == "auto") return PresentMode::automatic;
    if (s == "whole") return PresentMode::whole;
    if (s == "partial") return PresentMode::partial;
    return std::nullopt;
}

Presenter::Presenter(sf::RenderWindow& window, PresentMode mode) : window_(window) {
    if (mode == PresentMode::whole) {
        why_ = "whole frames (--present whole)";
        return;
    }
    if (!window_.setActive(true)) {
        why_ = "whole frames (the window's GL context cannot be made current)";
        return;
    }
    const auto get_string = gl_function<GetString>("glGetString");
    const char* renderer = get_string ? reinterpret_cast<const char*>(get_string(kGlRenderer)) : nullptr;
    const std::string renderer_name = renderer ? renderer : "unknown";
    if (mode == PresentMode::automatic && !software_renderer(renderer_name)) {
        // A GPU draws a full frame for next to nothing; swapping keeps vertical sync and never tears.
        why_ = "whole frames (renderer " + renderer_name + " draws on a GPU)";
        return;
    }
    const auto get_display = gl_function<GetCurrentDisplay>("glXGetCurrentDisplay");
    const auto get_drawable = gl_function<GetCurrentDrawable>("glXGetCurrentDrawable");
    const auto get_context = gl_function<GetCurrentContext>("glXGetCurrentContext");
    const auto query_context = gl_function<QueryContext>("glXQueryContext");
    const auto query_extensions = gl_function<QueryExtensions>("glXQueryExtensionsString");
    void* display = get_display ? get_display() : nullptr;
    void* context = get_context ? get_context() : nullptr;
    unsigned long drawable = get_drawable ? get_drawable() : 0;
    int screen = 0;
    if (display && context && query_context) query_context(display, context, kGlxScreen, &screen);
    // glXGetProcAddress answers for any name: only the extension string says the server side exists.
    if (!display || !drawable || !query_extensions ||
        !has_word(query_extensions(display, screen), "GLX_MESA_copy_sub_buffer")) {
        why_ = "whole frames (renderer " + renderer_name + "; GLX_MESA_copy_sub_buffer is missing)";
        return;
    }
    copy_sub_ = gl_function<CopySubBuffer>("glXCopySubBufferMESA");
    if (!copy_sub_) {
        why_ = "whole frames (renderer " + renderer_name + "; glXCopySubBufferMESA not found)";
        return;
    }
    display_ = display;
    drawable_ = drawable;
    why_ = "partial frames (renderer " + renderer_name +
           (mode == PresentMode::partial ? ", --present partial)" : " draws on the CPU: only what changed is drawn)");
}

void Presenter::present(const FrameUpdate& u) {
    if (!copy_sub_) {
        window_.display();
        return;
    }
    if (!window_.setActive(true)) return;
    const sf::Vector2u size = window_.getSize();
    const int w = static_cast<int>(size.x), h = static_cast<int>(size.y);
    // The back buffer is never swapped, so it always holds the frame on screen: the next frame may draw
    // only what moves. GL counts rows from the bottom; the rectangles count from the top.
    const long long now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    if (u.whole || now_ms - last_whole_ms_ >= kWholeEveryMs) {
        copy_sub_(display_, drawable_, 0, 0, w, h);
        last_whole_ms_ = now_ms;
        ++whole_copies_;
        return;
    }
    // Each copy is a request to the X server: many small ones cost more than one around them.
    if (u.areas.size() > 8) {
        int l = w, t = h, r = 0, b = 0;
        for (const auto& a : u.areas) {
            l = std::min(l, a.left), t = std::min(t, a.top);
            r = std::max(r, a.left + a.width), b = std::max(b, a.top + a.height);
        }
        if (r > l && b > t) copy_sub_(display_, drawable_, l, h - b, r - l, b - t);
        return;
    }
    for (const auto& a : u.areas)
        if (a.width > 0 && a.height > 0) copy_sub_(display_, drawable_, a.left, h - (a.top + a.height), a.width, a.height);
}

}  // namespace lw::kiosk
