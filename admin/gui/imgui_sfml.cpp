// The SFML platform half of Dear ImGui 1.86, written for learnwall-admin.
//
// Implements: mouse position, buttons and wheel (from events only, so synthetic test events work
// exactly like real ones); keys through io.KeyMap/io.KeysDown (1.86 predates the input queue);
// modifiers; text input through io.AddInputCharacter; clipboard through sf::Clipboard; display
// size; delta time. A press released within one frame is latched down for that frame, otherwise
// ImGui never sees a fast click or a synthetic click. Rendering uses the OpenGL2 backend already in
// Debian's libimgui.a, inside SFML's push/pop of GL states so SFML drawing keeps working.
//
// Changelog
//  2026-05-xx  first version: events, keys, text, clipboard, latch, DejaVu fonts beyond Latin-1.
//  2026-12-06  fonts moved to glyphs.cpp: an atlas built from the data's characters, rebuilt between frames.
#include "gui/imgui_sfml.hpp"

#include <SFML/Window/Clipboard.hpp>
#include <imgui.h>
#include <backends/imgui_impl_opengl2.h>

#include <cfloat>

namespace lw::admin {

namespace {

std::string g_clipboard;  // ImGui keeps the pointer until the next call

const char* get_clipboard(void*) {
    auto utf8 = sf::Clipboard::getString().toUtf8();
    g_clipboard.assign(utf8.begin(), utf8.end());
    return g_clipboard.c_str();
}

void set_clipboard(void*, const char* text) {
    sf::Clipboard::setString(sf::String::fromUtf8(text, text + std::char_traits<char>::length(text)));
}

int mouse_index(sf::Mouse::Button b) {
    switch (b) {
        case sf::Mouse::Left: return 0;
        case sf::Mouse::Right: return 1;
        case sf::Mouse::Middle: return 2;
        case sf::Mouse::XButton1: return 3;
        case sf::Mouse::XButton2: return 4;
        default: return -1;
    }
}

}  // namespace

bool ImGuiSfml::init(sf::RenderWindow& window, float font_px, std::string& error) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is fixed; no imgui.ini dropped in the working directory
    io.BackendPlatformName = "learnwall_imgui_sfml";
    // Keyboard navigation stays off: the arrows and letters are the moderation panel's shortcuts.
    io.GetClipboardTextFn = get_clipboard;
    io.SetClipboardTextFn = set_clipboard;

    io.KeyMap[ImGuiKey_Tab] = sf::Keyboard::Tab;
    io.KeyMap[ImGuiKey_LeftArrow] = sf::Keyboard::Left;
    io.KeyMap[ImGuiKey_RightArrow] = sf::Keyboard::Right;
    io.KeyMap[ImGuiKey_UpArrow] = sf::Keyboard::Up;
    io.KeyMap[ImGuiKey_DownArrow] = sf::Keyboard::Down;
    io.KeyMap[ImGuiKey_PageUp] = sf::Keyboard::PageUp;
    io.KeyMap[ImGuiKey_PageDown] = sf::Keyboard::PageDown;
    io.KeyMap[ImGuiKey_Home] = sf::Keyboard::Home;
    io.KeyMap[ImGuiKey_End] = sf::Keyboard::End;
    io.KeyMap[ImGuiKey_Insert] = sf::Keyboard::Insert;
    io.KeyMap[ImGuiKey_Delete] = sf::Keyboard::Delete;
    io.KeyMap[ImGuiKey_Backspace] = sf::Keyboard::BackSpace;
    io.KeyMap[ImGuiKey_Space] = sf::Keyboard::Space;
    io.KeyMap[ImGuiKey_Enter] = sf::Keyboard::Return;
    io.KeyMap[ImGuiKey_Escape] = sf::Keyboard::Escape;
    io.KeyMap[ImGuiKey_KeyPadEnter] = sf::Keyboard::Return;
    io.KeyMap[ImGuiKey_A] = sf::Keyboard::A;
    io.KeyMap[ImGuiKey_C] = sf::Keyboard::C;
    io.KeyMap[ImGuiKey_V] = sf::Keyboard::V;
    io.KeyMap[ImGuiKey_X] = sf::Keyboard::X;
    io.KeyMap[ImGuiKey_Y] = sf::Keyboard::Y;
    io.KeyMap[ImGuiKey_Z] = sf::Keyboard::Z;

    // The atlas starts with the base ranges; the data's own characters are added as they are seen.
    atlas_.build_initial(font_px);
    set_glyph_atlas(&atlas_);

    ImGuiStyle& style = ImGui::GetStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    style.CellPadding = ImVec2(6, 4);
    style.ScrollbarSize = 16.0f;
    style.FrameBorderSize = 1.0f;  // light theme: unbordered fields vanish into the background

    (void)window.setActive(true);
    if (!ImGui_ImplOpenGL2_Init()) {
        error = "the OpenGL2 renderer for ImGui could not start";
        ImGui::DestroyContext();
        return false;
    }
    // Upload now rather than in the first frame, so the CPU copy can go at once.
    ImGui_ImplOpenGL2_CreateFontsTexture();
    atlas_.release_pixels();
    started_ = true;
    return true;
}

bool ImGuiSfml::update_fonts() { return started_ && atlas_.rebuild_if_needed(); }

void ImGuiSfml::shutdown() {
    if (!started_) return;
    set_glyph_atlas(nullptr);
    ImGui_ImplOpenGL2_Shutdown();
    ImGui::DestroyContext();
    started_ = false;
}

ImGuiSfml::~ImGuiSfml() { shutdown(); }

void ImGuiSfml::process_event(const sf::Event& event) {
    IM_ASSERT(started_ && "call init() before feeding events");
    ImGuiIO& io = ImGui::GetIO();
    switch (event.type) {
        case sf::Event::MouseMoved:
            io.MousePos = ImVec2(static_cast<float>(event.mouseMove.x), static_cast<float>(event.mouseMove.y));
            break;
        case sf::Event::MouseLeft:
            io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            break;
        case sf::Event::MouseButtonPressed:
        case sf::Event::MouseButtonReleased: {
            io.MousePos = ImVec2(static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y));
            int b = mouse_index(event.mouseButton.button);
            if (b < 0) break;
            if (event.type == sf::Event::MouseButtonPressed) {
                mouse_down_[b] = true;
                mouse_pressed_this_frame_[b] = true;
                mouse_release_pending_[b] = false;
            } else if (mouse_pressed_this_frame_[b]) {
                mouse_release_pending_[b] = true;  // ImGui has not seen it down yet
            } else {
                mouse_down_[b] = false;
            }
            break;
        }
        case sf::Event::MouseWheelScrolled:
            if (event.mouseWheelScroll.wheel == sf::Mouse::VerticalWheel) io.MouseWheel += event.mouseWheelScroll.delta;
            else io.MouseWheelH += event.mouseWheelScroll.delta;
            break;
        case sf::Event::KeyPressed:
        case sf::Event::KeyReleased: {
            int k = event.key.code;
            if (k < 0 || k >= kKeys) break;
            if (event.type == sf::Event::KeyPressed) {
                io.KeysDown[k] = true;
                key_pressed_this_frame_[k] = true;
                key_release_pending_[k] = false;
            } else if (key_pressed_this_frame_[k]) {
                key_release_pending_[k] = true;
            } else {
                io.KeysDown[k] = false;
            }
            break;
        }
        case sf::Event::TextEntered: {
            sf::Uint32 c = event.text.unicode;
            // Control characters arrive as key presses too; ImGui wants only printable text here.
            if (c >= 0x20 && c != 0x7F) io.AddInputCharacter(c);
            break;
        }
        case sf::Event::LostFocus:
            // Keys released while another window had focus would otherwise stay stuck down.
            for (int k = 0; k < kKeys; ++k) io.KeysDown[k] = key_release_pending_[k] = false;
            for (int b = 0; b < kMouseButtons; ++b) mouse_down_[b] = mouse_release_pending_[b] = false;
            break;
        default:
            break;
    }
}

void ImGuiSfml::new_frame(const sf::RenderWindow& window, sf::Time dt) {
    ImGuiIO& io = ImGui::GetIO();
    auto size = window.getSize();
    io.DisplaySize = ImVec2(static_cast<float>(size.x), static_cast<float>(size.y));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    float seconds = dt.asSeconds();
    io.DeltaTime = seconds > 0.0f ? seconds : 1.0f / 60.0f;  // ImGui asserts on a zero delta

    for (int b = 0; b < kMouseButtons; ++b) {
        io.MouseDown[b] = mouse_down_[b];
        mouse_pressed_this_frame_[b] = false;
        if (mouse_release_pending_[b]) {  // seen down this frame; up from the next
            mouse_down_[b] = false;
            mouse_release_pending_[b] = false;
        }
    }
    io.KeyCtrl = io.KeysDown[sf::Keyboard::LControl] || io.KeysDown[sf::Keyboard::RControl];
    io.KeyShift = io.KeysDown[sf::Keyboard::LShift] || io.KeysDown[sf::Keyboard::RShift];
    io.KeyAlt = io.KeysDown[sf::Keyboard::LAlt] || io.KeysDown[sf::Keyboard::RAlt];
    io.KeySuper = io.KeysDown[sf::Keyboard::LSystem] || io.KeysDown[sf::Keyboard::RSystem];

    ImGui_ImplOpenGL2_NewFrame();
    ImGui::NewFrame();
}

void ImGuiSfml::render(sf::RenderWindow& window) {
    ImGui::Render();
    // Releases latched keys only after ImGui has seen them down in this frame.
    ImGuiIO& io = ImGui::GetIO();
    for (int k = 0; k < kKeys; ++k) {
        key_pressed_this_frame_[k] = false;
        if (key_release_pending_[k]) {
            io.KeysDown[k] = false;
            key_release_pending_[k] = false;
        }
    }
    window.pushGLStates();
    ImGui_ImplOpenGL2_RenderDrawData(ImGui::GetDrawData());
    window.popGLStates();
}

}  // namespace lw::admin
