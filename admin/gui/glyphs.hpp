// The admin's font atlas built from the characters the data actually holds, and the text ImGui is
// given for data (names, posts, quotes): ImGui 1.86 here keeps 16-bit characters, draws glyph by
// glyph with no fallback between fonts, and bakes only the glyph ranges it was told about.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct ImFont;
struct ImVec4;

namespace lw {
struct State;
}

namespace lw::admin {

struct AtlasStats {
    int builds = 0;           // how many times the atlas was built (the first one included)
    std::size_t glyphs = 0;   // glyphs baked, over all fonts (body, heading, large)
    int width = 0, height = 0;  // texture size in pixels (RGBA32: 4 bytes each)
    double last_build_ms = 0;
};

// Owns what goes into io.Fonts. One per ImGui context; the GL context must be current for rebuilds.
class GlyphAtlas {
public:
    // Adds the fonts (DejaVu Sans regular and bold; merged in: Lohit Devanagari, Symbola, WenQuanYi
    // Micro Hei) for the base ranges plus whatever was noted so far, and builds the atlas. Before the
    // renderer starts: the renderer uploads it.
    void build_initial(float font_px);
    // Remembers the code points of a text that the atlas lacks; cheap when there are none.
    void note(std::string_view utf8);
    // Notes the names, posts, quotes and challenges of a state; only posts not seen before are read.
    void note_state(const State& s);
    // Between frames (after render, before the next new frame): when new code points were noted,
    // rebuilds the atlas and re-uploads the texture. Returns true when it rebuilt.
    bool rebuild_if_needed();
    // After the renderer has uploaded the atlas: frees ImGui's CPU copy of the pixels.
    void release_pixels();
    [[nodiscard]] bool has(char32_t cp) const;
    [[nodiscard]] const AtlasStats& stats() const { return stats_; }

private:
    void build();
    float font_px_ = 16.0f;
    std::vector<bool> wanted_;  // by code point (U+0000..U+FFFF): noted from the data
    bool dirty_ = false;
    std::size_t posts_seen_ = 0;
    std::uint64_t state_revision_seen_ = UINT64_MAX;
    AtlasStats stats_;
};

// The atlas of the running window (nullptr before ImGuiSfml::init).
GlyphAtlas* glyph_atlas();
void set_glyph_atlas(GlyphAtlas* atlas);

// Data text as ImGui must be given it: repaired UTF-8, Arabic joined and each line in visual order
// (lw::visual_utf8, the kiosk's code path), and each character above U+FFFF (most emoji), which
// ImGui 1.86 cannot draw, replaced by a readable mark: "[:name:]" for common emoji, else "[U+XXXXX]".
// The code points are noted for the atlas. Not for text being edited (an input field keeps logical
// order). The pointer stays valid for the rest of the frame.
const char* shown(const std::string& utf8);
std::string shown_text(std::string_view utf8);  // the same, by value (tests)
// Draws data text on one line (a table cell, a label): right-to-left text is right-aligned within the
// space left on the line, so a Hebrew or Arabic name stays in its own column.
void text_cell(const std::string& utf8, const ImVec4* colour = nullptr);
// Draws data text wrapped to `wrap_width` (0: the available width). Right-to-left paragraphs are
// broken into lines in logical order first, then each line is reordered and right-aligned.
void text_wrapped(const std::string& utf8, float wrap_width = 0.0f);
// The mark for one character above U+FFFF.
std::string astral_mark(char32_t cp);

}  // namespace lw::admin
