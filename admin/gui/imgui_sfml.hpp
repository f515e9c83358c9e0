// The SFML platform half of Dear ImGui 1.86 (events, mouse, keys, text, clipboard, display size,
// time) plus the OpenGL2 renderer from Debian's libimgui.a wrapped with SFML's GL state handling.
#pragma once

#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/System/Time.hpp>
#include <SFML/Window/Event.hpp>

#include <string>

#include "gui/glyphs.hpp"

struct ImFont;

namespace lw::admin {

// One per window. Create after the window; the GL context must be current.
class ImGuiSfml {
public:
    // Creates the ImGui context, builds the font atlas (glyphs.hpp), starts the renderer.
    // `font_px`: the body text size. Returns false (with `error` filled) when the renderer could not start.
    bool init(sf::RenderWindow& window, float font_px, std::string& error);
    void shutdown();

    // Feeds one event (real or synthetic: the test script goes through here too).
    void process_event(const sf::Event& event);
    // Starts a frame: display size, delta time, the input latched since the last frame.
    void new_frame(const sf::RenderWindow& window, sf::Time dt);
    // Renders ImGui's draw data over whatever SFML drew, leaving SFML's GL state intact.
    void render(sf::RenderWindow& window);
    // Between frames (never inside one): rebuilds the font atlas when the data showed characters it
    // lacks, and re-uploads it. Returns true when it did.
    bool update_fonts();
    [[nodiscard]] const GlyphAtlas& atlas() const { return atlas_; }

    ~ImGuiSfml();

private:
    // A press released before ImGui saw a frame would be lost: keep it down for one frame.
    static constexpr int kMouseButtons = 5;
    bool mouse_down_[kMouseButtons] = {};
    bool mouse_release_pending_[kMouseButtons] = {};
    bool mouse_pressed_this_frame_[kMouseButtons] = {};
    static constexpr int kKeys = 512;
    bool key_release_pending_[kKeys] = {};
    bool key_pressed_this_frame_[kKeys] = {};
    bool started_ = false;
    GlyphAtlas atlas_;
};

// The bold font loaded by init (for headings) and a large one (for counts); the body font when missing.
ImFont* heading_font();
ImFont* big_font();

}  // namespace lw::admin
