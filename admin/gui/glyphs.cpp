// The admin's data-driven font atlas and the text form ImGui can draw (see glyphs.hpp).
#include "gui/glyphs.hpp"

#include <imgui.h>
#include <backends/imgui_impl_opengl2.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <unordered_map>
#include <vector>

#include "gui/imgui_sfml.hpp"
#include "learnwall/bidi.hpp"
#include "learnwall/store.hpp"
#include "learnwall/utf8.hpp"

namespace lw::admin {

namespace {

GlyphAtlas* g_atlas = nullptr;

std::unordered_map<std::string, std::string>& shown_cache() {
    static std::unordered_map<std::string, std::string> cache;
    return cache;
}
ImFont* g_heading = nullptr;
ImFont* g_big = nullptr;

const char* const kRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const kBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
// Merged after DejaVu, in this order; ImGui takes from a merged font only the glyphs the fonts before
// it lack, so each range list can simply be the whole wanted set.
// ImGui sizes a font by ascent minus descent (hhea), not by its em: Lohit's are 1.60 em against
// DejaVu's 1.16, so at the same size its letters came out a quarter smaller. `scale` evens that out.
struct Fallback {
    const char* path;
    float scale;
};
const Fallback kFallbacks[] = {
    {"/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf", 1.37f},  // fonts-lohit-deva
    {"/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", 1.0f},        // fonts-symbola: BMP symbols
    {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1.0f},                    // fonts-wqy-microhei: CJK
};

bool file_readable(const char* path) {
    std::ifstream f(path, std::ios::binary);
    return f.good();
}

// What every atlas has, whatever the data: the glyphs an organiser meets in a European workplace
// and in the admin's own labels. Everything else (Hebrew, the Arabic presentation forms shown()
// produces, CJK, Devanagari) joins when the data holds it: the Arabic forms alone would add 800
// glyphs to each font.
constexpr ImWchar kBase[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1
    0x0100, 0x024F,  // Latin Extended-A/B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x052F,  // Cyrillic
    0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese, Welsh ŵ ŷ)
    0x2000, 0x206F,  // General punctuation
    0x20A0, 0x20CF,  // Currency symbols
    0x2100, 0x214F,  // Letterlike symbols (™)
    0x2190, 0x21FF,  // Arrows
    0x2200, 0x22FF,  // Mathematical operators
    0x2500, 0x25FF,  // Box drawing, geometric shapes
    0x2600, 0x26FF,  // Miscellaneous symbols (☀ ★)
    0x2700, 0x27BF,  // Dingbats (✓ ✔)
    0xFFFD, 0xFFFD,  // the replacement character
    0,
};

constexpr ImWchar kLargeRanges[] = {0x0020, 0x024F, 0x2000, 0x206F, 0x20A0, 0x20CF, 0};

bool in_base(char32_t cp) {
    for (const ImWchar* r = kBase; r[0]; r += 2)
        if (cp >= r[0] && cp <= r[1]) return true;
    return false;
}

// Short names for the emoji most seen in workplace posts (Unicode CLDR short names, shortened); a
// moderator reads "[:thumbs up:]" where the window cannot draw the picture. Others show their code point.
struct EmojiName {
    char32_t cp;
    const char* name;
};
constexpr EmojiName kEmojiNames[] = {
    {0x1F600, "grinning"}, {0x1F601, "beaming"}, {0x1F602, "tears of joy"}, {0x1F603, "smiley"},
    {0x1F604, "smile"}, {0x1F605, "sweat smile"}, {0x1F606, "laughing"}, {0x1F609, "wink"},
    {0x1F60A, "blush"}, {0x1F60D, "heart eyes"}, {0x1F60E, "sunglasses"}, {0x1F610, "neutral"},
    {0x1F612, "unamused"}, {0x1F614, "pensive"}, {0x1F620, "angry"}, {0x1F621, "pouting"},
    {0x1F622, "crying"}, {0x1F62D, "sobbing"}, {0x1F631, "screaming"}, {0x1F642, "slight smile"},
    {0x1F643, "upside-down"}, {0x1F644, "eye roll"}, {0x1F64C, "raised hands"}, {0x1F64F, "folded hands"},
    {0x1F680, "rocket"}, {0x1F389, "party popper"}, {0x1F38A, "confetti"}, {0x1F393, "graduation cap"},
    {0x1F3C6, "trophy"}, {0x1F440, "eyes"}, {0x1F44B, "waving hand"}, {0x1F44C, "OK hand"},
    {0x1F44D, "thumbs up"}, {0x1F44E, "thumbs down"}, {0x1F44F, "clapping"}, {0x1F480, "skull"},
    {0x1F4A1, "light bulb"}, {0x1F4A9, "pile of poo"}, {0x1F4AA, "flexed biceps"}, {0x1F4AC, "speech balloon"},
    {0x1F4AF, "hundred points"}, {0x1F4BB, "laptop"}, {0x1F4C8, "chart up"}, {0x1F4CA, "bar chart"},
    {0x1F4D6, "open book"}, {0x1F4DA, "books"}, {0x1F4DD, "memo"}, {0x1F525, "fire"},
    {0x1F595, "middle finger"}, {0x1F60F, "smirk"}, {0x1F618, "kiss"}, {0x1F914, "thinking"},
    {0x1F91D, "handshake"}, {0x1F923, "rolling on the floor laughing"}, {0x1F929, "star-struck"},
    {0x1F92C, "cursing"}, {0x1F937, "shrug"}, {0x1F9E0, "brain"}, {0x1F31F, "glowing star"},
    {0x1F308, "rainbow"}, {0x1F3AF, "bullseye"}, {0x1F4E3, "megaphone"}, {0x1F9D1, "person"},
    {0x1F496, "sparkling heart"}, {0x1F499, "blue heart"}, {0x1F49A, "green heart"}, {0x1F49C, "purple heart"},
};

}  // namespace

ImFont* heading_font() { return g_heading ? g_heading : ImGui::GetFont(); }
ImFont* big_font() { return g_big ? g_big : ImGui::GetFont(); }

GlyphAtlas* glyph_atlas() { return g_atlas; }
void set_glyph_atlas(GlyphAtlas* atlas) {
    g_atlas = atlas;
    if (!atlas) g_heading = g_big = nullptr;  // the fonts die with the context
}

std::string astral_mark(char32_t cp) {
    for (const EmojiName& e : kEmojiNames)
        if (e.cp == cp) return std::string("[:") + e.name + ":]";
    char buf[16];
    std::snprintf(buf, sizeof buf, "[U+%X]", static_cast<unsigned>(cp));
    return buf;
}

void GlyphAtlas::build_initial(float font_px) {
    font_px_ = font_px;
    build();
}

void GlyphAtlas::note(std::string_view utf8) {
    bool plain = true;
    for (unsigned char c : utf8) plain = plain && c < 0x80;
    if (plain) return;  // ASCII is always in the atlas
    for (char32_t cp : utf8_to_u32(repair_utf8(utf8))) {
        if (cp > 0xFFFF || in_base(cp)) continue;
        if (wanted_.empty()) wanted_.assign(0x10000, false);
        if (!wanted_[cp]) {
            wanted_[cp] = true;
            dirty_ = true;
        }
    }
}

void GlyphAtlas::note_state(const State& s) {
    if (s.revision != state_revision_seen_) {
        // Small and edited in place: read again on every change.
        state_revision_seen_ = s.revision;
        note(s.event.name);
        for (const auto& q : s.event.quotes) {
            note(q.text);
            note(q.author);
        }
        for (const auto& c : s.event.challenges) {
            note(c.title);
            note(c.description);
        }
        for (const auto& a : s.event.display.announcements) note(a);
        note(s.event.display.call_to_action);
        for (const auto& p : s.roster.people) {
            note(p.name);
            note(p.team);
        }
        if (posts_seen_ > s.posts.size()) posts_seen_ = 0;  // another data directory
    }
    // Posts only grow (an edit upstream is seen when the row is drawn, through shown()).
    for (; posts_seen_ < s.posts.size(); ++posts_seen_) {
        const Post& p = s.posts[posts_seen_].post;
        note(p.text);
        note(p.author_display_name);
        note(p.author_handle);
        note(p.content_warning);
    }
}

void GlyphAtlas::release_pixels() {
    // The texture is on the GPU now; the CPU copies (alpha and RGBA, 5 bytes a pixel) are not needed
    // again until the next build makes new ones.
    ImGui::GetIO().Fonts->ClearTexData();
}

bool GlyphAtlas::has(char32_t cp) const {
    if (cp > 0xFFFF) return false;
    const ImFont* f = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
    return f && f->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr;
}

bool GlyphAtlas::rebuild_if_needed() {
    // Bounded memory when a moderator scrolls through a huge history; between frames, so no pointer
    // handed out by shown() during a frame is lost.
    if (shown_cache().size() > 20000) shown_cache().clear();
    if (!dirty_) return false;
    build();
    // The renderer's copy of the texture is the old atlas: drop it and upload the new one now.
    ImGui_ImplOpenGL2_DestroyFontsTexture();
    ImGui_ImplOpenGL2_CreateFontsTexture();
    release_pixels();
    return true;
}

void GlyphAtlas::build() {
    auto t0 = std::chrono::steady_clock::now();
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    g_heading = g_big = nullptr;

    static ImVector<ImWchar> data_ranges;  // ImGui keeps a pointer to it until the next build
    data_ranges.clear();
    {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(kBase);
        for (std::size_t cp = 0; cp < wanted_.size(); ++cp)
            if (wanted_[cp]) b.AddChar(static_cast<ImWchar>(cp));
        b.BuildRanges(&data_ranges);
    }

    auto add_with_fallbacks = [&](const char* face, float px, const ImWchar* ranges) -> ImFont* {
        ImFont* f = io.Fonts->AddFontFromFileTTF(face, px, nullptr, ranges);
        if (!f) return nullptr;
        for (const Fallback& fb : kFallbacks) {
            if (!file_readable(fb.path)) continue;  // that script shows as ImGui's fallback mark
            ImFontConfig cfg;
            cfg.MergeMode = true;
            cfg.PixelSnapH = true;
            io.Fonts->AddFontFromFileTTF(fb.path, px * fb.scale, &cfg, ranges);
        }
        return f;
    };
    if (file_readable(kRegular)) {
        add_with_fallbacks(kRegular, font_px_, data_ranges.Data);
        if (file_readable(kBold)) {
            g_heading = add_with_fallbacks(kBold, font_px_ * 1.3f, data_ranges.Data);
            // The large font shows counts and short labels only: Latin and punctuation are enough, and
            // its glyphs are four times the area of the body's (with the base ranges the atlas doubled).
            g_big = io.Fonts->AddFontFromFileTTF(kBold, font_px_ * 2.0f, nullptr, kLargeRanges);
        }
    } else {
        // fonts-dejavu-core is a dependency; without it ImGui's built-in font still works (Latin-1 only).
        io.Fonts->AddFontDefault();
    }
    io.Fonts->Build();
    dirty_ = false;
    ++stats_.builds;
    stats_.glyphs = 0;
    for (const ImFont* f : io.Fonts->Fonts) stats_.glyphs += static_cast<std::size_t>(f->Glyphs.Size);
    stats_.width = io.Fonts->TexWidth;
    stats_.height = io.Fonts->TexHeight;
    stats_.last_build_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

namespace {
// Characters above U+FFFF become readable marks (ImGui 1.86 here cannot draw them); the rest is noted
// for the atlas.
std::string mark_astral(std::string visual) {
    bool astral = false;
    for (unsigned char c : visual) astral = astral || c >= 0xF0;
    if (astral) {
        std::u32string out;
        for (char32_t cp : utf8_to_u32(visual)) {
            if (cp <= 0xFFFF) {
                out.push_back(cp);
            } else if (!(cp >= 0x1F3FB && cp <= 0x1F3FF) && !(cp >= 0xE0000 && cp <= 0xE007F)) {
                // Skin tones and tag characters only modify the emoji before them: no mark of their own.
                std::string mark = astral_mark(cp);
                out.append(mark.begin(), mark.end());
            }
        }
        visual = u32_to_utf8(out);
    }
    if (g_atlas) g_atlas->note(visual);
    return visual;
}
}  // namespace

std::string shown_text(std::string_view utf8) { return mark_astral(visual_utf8(utf8)); }

const char* shown(const std::string& utf8) {
    // Drawn every frame: remember the answer. Values never move (node-based map), and the map is
    // emptied only between frames (rebuild_if_needed), so a pointer stays valid for the whole frame.
    auto& cache = shown_cache();
    bool plain = true;
    for (unsigned char c : utf8) plain = plain && c < 0x80 && c != 0;
    if (plain) return utf8.c_str();
    auto it = cache.find(utf8);
    if (it == cache.end()) {
        it = cache.emplace(utf8, shown_text(utf8)).first;
    }
    return it->second.c_str();
}

}  // namespace lw::admin

namespace lw::admin {

namespace {
bool right_to_left(const std::string& utf8) {
    bool plain = true;
    for (unsigned char c : utf8) plain = plain && c < 0x80;
    return !plain && starts_right_to_left(utf8_to_u32(repair_utf8(utf8)));
}
}  // namespace

void text_cell(const std::string& utf8, const ImVec4* colour) {
    const char* t = shown(utf8);
    if (right_to_left(utf8)) {
        // Right-aligned within its own column (or what is left of the line), never past its left edge.
        float w = ImGui::CalcTextSize(t).x, avail = ImGui::GetContentRegionAvail().x;
        if (w > avail && avail > 0) {
            // Too long: the column would clip its start (the right end). Cut the logical end instead,
            // with an ellipsis, as a left-to-right line loses its end.
            auto& cache = shown_cache();
            std::string key = utf8 + '\x1f' + std::to_string(static_cast<int>(avail));
            auto it = cache.find(key);
            if (it == cache.end()) {
                std::u32string u = utf8_to_u32(repair_utf8(utf8));
                // The whole text does not fit; the longest prefix that does lies in [lo, hi).
                std::size_t lo = 0, hi = u.size();
                std::string best = mark_astral(visual_utf8("\u2026"));
                while (hi - lo > 1) {
                    std::size_t mid = (lo + hi) / 2;
                    std::string cand = mark_astral(visual_utf8(u32_to_utf8(u.substr(0, mid)) + "\u2026"));
                    if (ImGui::CalcTextSize(cand.c_str()).x <= avail) {
                        lo = mid;
                        best = cand;
                    } else {
                        hi = mid;
                    }
                }
                it = cache.emplace(std::move(key), std::move(best)).first;
            }
            t = it->second.c_str();
            w = ImGui::CalcTextSize(t).x;
        }
        if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
    }
    if (colour) ImGui::TextColored(*colour, "%s", t);
    else ImGui::TextUnformatted(t);
}

void text_wrapped(const std::string& utf8, float wrap_width) {
    if (!right_to_left(utf8) && !has_right_to_left(utf8_to_u32(repair_utf8(utf8)))) {
        // Left-to-right only: ImGui's own wrapping is right, as only the glyphs may be missing.
        ImGui::PushTextWrapPos(wrap_width > 0 ? ImGui::GetCursorPosX() + wrap_width : 0.0f);
        ImGui::TextUnformatted(shown(utf8));
        ImGui::PopTextWrapPos();
        return;
    }
    // Wrapping must happen in logical order, before each line is reordered: ImGui would wrap the
    // visual string and put the end of a right-to-left paragraph on its first line.
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const float width = wrap_width > 0 ? wrap_width : std::max(50.0f, ImGui::GetContentRegionAvail().x);
    auto measure = [&](std::string_view logical) {
        std::string s = shown_text(logical);
        return font->CalcTextSizeA(size, FLT_MAX, 0.0f, s.c_str()).x;
    };
    std::string text = repair_utf8(utf8);
    std::size_t para_start = 0;
    while (para_start <= text.size()) {
        std::size_t para_end = text.find('\n', para_start);
        if (para_end == std::string::npos) para_end = text.size();
        std::string para = text.substr(para_start, para_end - para_start);
        const bool rtl = right_to_left(para);
        // Greedy: add words while the line fits (a word longer than the line stands alone).
        std::vector<std::string> lines;
        std::string line;
        std::size_t i = 0;
        while (i <= para.size()) {
            std::size_t sp = para.find(' ', i);
            if (sp == std::string::npos) sp = para.size();
            std::string word = para.substr(i, sp - i);
            std::string candidate = line.empty() ? word : line + " " + word;
            if (!line.empty() && measure(candidate) > width) {
                lines.push_back(line);
                line = word;
            } else {
                line = candidate;
            }
            i = sp + 1;
        }
        lines.push_back(line);
        for (const std::string& l : lines) {
            // Each line keeps the paragraph's direction (an isolate would be the Unicode way; FriBidi
            // 1.0 resolves each line alone, so a line opening with a Latin word is forced here).
            std::u32string u = utf8_to_u32(l);
            VisualLine v = visual_line(shape_arabic(u), rtl);
            std::string vis = mark_astral(u32_to_utf8(v.text));
            if (rtl) {
                float w = font->CalcTextSizeA(size, FLT_MAX, 0.0f, vis.c_str()).x;
                float avail = wrap_width > 0 ? wrap_width : ImGui::GetContentRegionAvail().x;
                if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
            }
            ImGui::TextUnformatted(vis.c_str());
        }
        if (para_end == text.size()) break;
        para_start = para_end + 1;
    }
}

}  // namespace lw::admin
