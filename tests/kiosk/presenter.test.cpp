// [kiosk] issue 15 item 4: the presenter copies only the changed rectangles to the window, the right way up,
// and keeps the back buffer, so the next frame can draw only what moves. The window's pixels are read from
// the X server (what the screen shows), not from GL. Xlib's macros stay in this file (no unity batch).
// These cases run on an X server of their own (ctest kiosk_presenter): without a compositor the server
// keeps no pixels for the part of a window that another test's window covers.
#include <doctest/doctest.h>

#include <SFML/Graphics/RectangleShape.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/System/Sleep.hpp>
#include <SFML/Window/Context.hpp>

#include "kiosk_helpers.hpp"
#include "presenter.hpp"

// After every other header: Xlib's macros would rename their words.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#undef None
#undef Status

using namespace kiosk_test;

namespace {

// The window's pixel at x,y (top-left origin) as the X server has it, after the GL client's requests landed.
struct ScreenReader {
    Display* own = XOpenDisplay(nullptr);
    ~ScreenReader() {
        if (own) XCloseDisplay(own);
    }
    sf::Color at(sf::RenderWindow& w, int x, int y) const {
        w.setActive(true);
        using Finish = void (*)();
        using CurrentDisplay = Display* (*)();
        if (auto finish = reinterpret_cast<Finish>(sf::Context::getFunction("glFinish"))) finish();
        if (auto gl_display = reinterpret_cast<CurrentDisplay>(sf::Context::getFunction("glXGetCurrentDisplay")))
            if (Display* d = gl_display()) XSync(d, False);
        XSync(own, False);
        XImage* img = XGetImage(own, static_cast<Window>(w.getSystemHandle()), x, y, 1, 1, AllPlanes, ZPixmap);
        if (!img) return sf::Color::Transparent;
        const unsigned long p = XGetPixel(img, 0, 0);
        XDestroyImage(img);
        return {static_cast<sf::Uint8>((p >> 16) & 0xff), static_cast<sf::Uint8>((p >> 8) & 0xff),
                static_cast<sf::Uint8>(p & 0xff)};
    }
};

void fill(sf::RenderWindow& w, sf::Color c) {
    sf::RectangleShape all({320, 200});
    all.setFillColor(c);
    w.draw(all, sf::RenderStates(sf::BlendNone));
}

}  // namespace

TEST_CASE("[kiosk presenter] issue 15 item 4: the presenter copies the changed rectangles to the window, the right way up") {
    sf::RenderWindow window(sf::VideoMode(320, 200), "presenter test", sf::Style::None);
    window.setPosition({0, 0});
    ScreenReader screen;
    REQUIRE(screen.own);
    lw::kiosk::Presenter presenter(window, lw::kiosk::PresentMode::automatic);
    // Under Xvfb the renderer is Mesa's llvmpipe: automatic means partial there.
    REQUIRE_MESSAGE(presenter.partial(), presenter.description());

    fill(window, sf::Color::Blue);
    presenter.present({});  // whole
    CHECK(screen.at(window, 5, 5) == sf::Color::Blue);
    CHECK(screen.at(window, 300, 190) == sf::Color::Blue);

    // The back buffer turns green, but only a rectangle near the top-left corner is shown.
    fill(window, sf::Color::Green);
    lw::kiosk::FrameUpdate part;
    part.whole = false;
    part.areas.push_back({10, 20, 30, 40});
    presenter.present(part);
    CHECK(screen.at(window, 12, 22) == sf::Color::Green);   // inside the rectangle
    CHECK(screen.at(window, 39, 59) == sf::Color::Green);
    CHECK(screen.at(window, 12, 180) == sf::Color::Blue);   // the same column near the bottom: not copied
    CHECK(screen.at(window, 45, 22) == sf::Color::Blue);    // just right of it
    CHECK(screen.at(window, 300, 190) == sf::Color::Blue);

    // The back buffer kept the green frame (nothing was swapped): a whole present shows all of it.
    presenter.present({});
    CHECK(screen.at(window, 300, 190) == sf::Color::Green);
    CHECK(screen.at(window, 5, 195) == sf::Color::Green);

    // Something covered part of the screen for a moment (here: the back buffer shows yellow there but only
    // a small corner is presented): within a few seconds a partial present copies the whole frame anyway.
    fill(window, sf::Color::Yellow);
    part.areas = {{0, 0, 4, 4}};
    presenter.present(part);
    const auto copies = presenter.whole_copies();
    CHECK(screen.at(window, 300, 190) == sf::Color::Green);  // not yet
    sf::sleep(sf::milliseconds(lw::kiosk::Presenter::kWholeEveryMs + 100));
    presenter.present(part);
    CHECK(presenter.whole_copies() == copies + 1);
    CHECK(screen.at(window, 300, 190) == sf::Color::Yellow);
}

TEST_CASE("[kiosk presenter] issue 15 item 4: --present whole swaps buffers; a bad --present value is refused") {
    sf::RenderWindow window(sf::VideoMode(64, 64), "presenter test", sf::Style::None);
    lw::kiosk::Presenter whole(window, lw::kiosk::PresentMode::whole);
    CHECK(!whole.partial());
    CHECK(whole.description().find("--present whole") != std::string::npos);
    CHECK(lw::kiosk::present_mode_from_string("partial") == lw::kiosk::PresentMode::partial);
    CHECK(!lw::kiosk::present_mode_from_string("sideways"));
    auto r = run_kiosk({"--present", "sideways"});
    CHECK(r.rc == 2);
    CHECK_MESSAGE(r.err.find("--present: expected auto, whole or partial, got \"sideways\"") != std::string::npos, r.err);
}
