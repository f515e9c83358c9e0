// The display panel: the "blank all screens" switch, the scene playlist and its timings, the quote
// time, how many posts screens get, the call to action and the join URL (QR code); and a live preview
// drawn by the kiosk's own renderer (learnwall_render) into a texture.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <SFML/Graphics/RenderTexture.hpp>

#include <algorithm>
#include <cstdint>

#include "render/renderer.hpp"
#include "learnwall/publish.hpp"

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/actions/screens.hpp"

namespace lw::admin {

namespace {

// In SceneKind's order (the preview casts the index): connections last.
const char* kScenes[] = {"wall", "leaderboard", "challenge", "quote", "connections"};
const char* kSceneTitles[] = {"Wall of posts", "Leaderboard", "Today's challenge", "Quote", "Connections"};
constexpr int kSceneCount = 5;

int scene_index(const std::string& s) {
    for (int i = 0; i < kSceneCount; ++i)
        if (s == kScenes[i]) return i;
    return 0;
}

void draw_blank_switch(App& app) {
    bool blank = app.state().event.display.blank;
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Screens");
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Button, blank ? ImVec4(0.78f, 0.16f, 0.16f, 1) : ImVec4(0.20f, 0.55f, 0.30f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, blank ? ImVec4(0.88f, 0.25f, 0.25f, 1) : ImVec4(0.28f, 0.65f, 0.38f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const char* label = blank ? "Screens are BLANK - show the wall again" : "Screens are live - blank all screens";
    bool clicked = ImGui::Button(label, ImVec2(420, 44));
    ImGui::PopStyleColor(3);
    probe_last_item("blank screens");
    if (clicked) {
        bool to = !blank;
        app.apply(set_screens_blank(app.dir(), app.state(), to, app.user()),
                  to ? "all screens blanked (they show a holding screen within seconds)" : "screens show the wall again");
    }
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("For a fire drill, a sensitive moment or a visitor: every screen switches to a calm "
                        "holding screen within seconds, and back the same way. Posts and scores are kept.");
    ImGui::PopTextWrapPos();
}

void draw_playlist(DisplayUi& ui) {
    auto& list = ui.draft.playlist;
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Playlist");
    ImGui::PopFont();
    ImGui::TextDisabled(list.empty() ? "Empty: screens use their built-in rotation." : "Screens show these in turn, then start again.");
    int remove = -1, up = -1;
    int total = 0;
    if (ImGui::BeginTable("playlist", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("Scene", ImGuiTableColumnFlags_WidthFixed, 220);
        ImGui::TableSetupColumn("Seconds", ImGuiTableColumnFlags_WidthFixed, 140);
        ImGui::TableSetupColumn("##order", ImGuiTableColumnFlags_WidthFixed, 150);
        ImGui::TableSetupColumn("##spacer", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < list.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            int s = scene_index(list[i].scene);
            ImGui::SetNextItemWidth(-1);
            if (ImGui::Combo("##scene", &s, kSceneTitles, kSceneCount)) {
                list[i].scene = kScenes[s];
                ui.edited = true;
            }
            ImGui::TableSetColumnIndex(1);
            ImGui::SetNextItemWidth(-1);
            if (ImGui::InputInt("##secs", &list[i].seconds, 5, 30)) ui.edited = true;
            total += list[i].seconds;
            ImGui::TableSetColumnIndex(2);
            ImGui::BeginDisabled(i == 0);
            if (ImGui::SmallButton("Up")) up = static_cast<int>(i);
            ImGui::EndDisabled();
            ImGui::SameLine();
            if (ImGui::SmallButton("Remove")) remove = static_cast<int>(i);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (up > 0) {
        std::swap(list[up], list[up - 1]);
        ui.edited = true;
    }
    if (remove >= 0) {
        list.erase(list.begin() + remove);
        ui.edited = true;
    }
    if (ImGui::Button("Add a scene")) {
        list.push_back({"wall", 30});
        ui.edited = true;
    }
    probe_last_item("add scene");
    if (!list.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("one round takes %d:%02d", total / 60, total % 60);
    }
}

void draw_settings(DisplayUi& ui) {
    ImGui::Spacing();
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("On every screen");
    ImGui::PopFont();
    ImGui::SetNextItemWidth(160);
    if (ImGui::InputInt("seconds per quote", &ui.draft.quote_seconds, 1, 5)) ui.edited = true;
    ImGui::SetNextItemWidth(160);
    if (ImGui::InputInt("recent posts sent to screens", &ui.draft.max_posts, 10, 50)) ui.edited = true;
    ImGui::SetNextItemWidth(160);
    // The wall pages through every post sent (docs/screen-time.md); each page stays up this long.
    if (ImGui::InputInt("seconds per page of posts", &ui.draft.page_seconds, 1, 5)) ui.edited = true;
    ImGui::SetNextItemWidth(std::max(160.0f, ImGui::GetContentRegionAvail().x - 150));
    if (ImGui::InputTextWithHint("call to action", "Share what you learned with #NLAWWeek", &ui.draft.call_to_action))
        ui.edited = true;
    ImGui::SetNextItemWidth(std::max(160.0f, ImGui::GetContentRegionAvail().x - 150));
    if (ImGui::InputTextWithHint("join URL (QR code)", "https://intranet.example/learning-week", &ui.draft.join_url))
        ui.edited = true;
}

}  // namespace

// The preview: the wall screens would get (draft display settings included), drawn at a kiosk's
// resolution by the kiosk's renderer, redrawn only when the data, the draft or the scene changes or
// every few seconds (relative times); never every frame, and no network: images show as placeholders.
struct DisplayPreview {
    std::shared_ptr<const kiosk::FontSet> fonts;
    std::unique_ptr<kiosk::SceneRenderer> renderer;
    sf::RenderTexture texture;
    bool ready = false;
    std::string error;
    std::uint64_t drawn_revision = UINT64_MAX;
    std::string drawn_key;
    std::chrono::steady_clock::time_point drawn_at{};
    int scene = 0;
    bool has_connections = false;  // the wall last drawn carried connections (else the scene shows the wall)
    static constexpr unsigned kWidth = 1920, kHeight = 1080;
};

namespace {

bool preview_init(DisplayPreview& p) {
    if (p.ready || !p.error.empty()) return p.ready;
    auto fonts = kiosk::FontSet::load();
    if (!fonts) {
        p.error = "preview unavailable: " + fonts.error();
        return false;
    }
    p.fonts = *fonts;
    if (!p.texture.create(DisplayPreview::kWidth, DisplayPreview::kHeight)) {
        p.error = "preview unavailable: cannot create a 1920x1080 texture";
        return false;
    }
    p.texture.setSmooth(true);
    p.renderer = std::make_unique<kiosk::SceneRenderer>(p.fonts);
    p.ready = true;
    return true;
}

std::string draft_key(const DisplaySettings& d) {
    std::string k = std::to_string(d.blank) + "|" + d.call_to_action + "|" + d.join_url + "|" + std::to_string(d.max_posts) +
                    "|" + std::to_string(d.page_seconds);  // the page on the preview follows the page time
    for (const auto& a : d.announcements) k += "|" + a;
    return k;
}

void draw_preview(App& app, DisplayUi& ui, float width) {
    if (!ui.preview) ui.preview = std::make_shared<DisplayPreview>();
    DisplayPreview& p = *ui.preview;
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Live preview");
    ImGui::PopFont();
    static const char* kPreviewScenes[] = {"Wall", "Leaderboard", "Challenge", "Quote", "Connections"};
    for (int i = 0; i < kSceneCount; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(kPreviewScenes[i], p.scene == i)) p.scene = i;
        probe_last_item(std::string("preview ") + kScenes[i]);
    }
    if (!preview_init(p)) {
        ImGui::TextColored(ImVec4(0.75f, 0.12f, 0.12f, 1), "%s", p.error.c_str());
        return;
    }
    const State& s = app.state();
    const std::string key = draft_key(ui.draft) + "|" + std::to_string(p.scene);
    auto t = std::chrono::steady_clock::now();
    if (p.drawn_revision != s.revision || p.drawn_key != key || t - p.drawn_at > std::chrono::seconds(5)) {
        Instant at = now();
        Wall wall = build_wall(s, at);
        wall.display = ui.draft;  // what Save would send, so the organiser sees it first
        kiosk::FrameInput in;
        in.wall = &wall;
        in.scene = static_cast<kiosk::SceneKind>(p.scene);
        p.has_connections = wall_has_connections(wall);
        in.now = at;
        p.texture.clear();
        p.renderer->draw(p.texture, in, nullptr);
        p.texture.display();
        p.drawn_revision = s.revision;
        p.drawn_key = key;
        p.drawn_at = t;
    }
    float h = width * DisplayPreview::kHeight / DisplayPreview::kWidth;
    ImTextureID id = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(p.texture.getTexture().getNativeHandle()));
    ImGui::Image(id, ImVec2(width, h), ImVec2(0, 1), ImVec2(1, 0));  // GL textures are stored bottom-up
    probe_last_item("preview");
    ImGui::TextDisabled("As a 1920x1080 screen shows it now%s.", ui.edited ? ", with your unsaved changes" : "");
    if (kScenes[p.scene] == std::string("connections") && !p.has_connections) {
        // The renderer shows the wall in its place; say why, so nobody thinks the scene is broken.
        ImGui::TextDisabled("No connections yet: screens skip this scene until someone learns from a colleague.");
        probe_last_item("preview no connections");
    }
}

}  // namespace

void draw_display_panel(App& app) {
    DisplayUi& ui = app.display;
    const State& s = app.state();
    if (!ui.edited && ui.loaded_revision != s.revision) {
        ui.draft = s.event.display;
        ui.loaded_revision = s.revision;
    }
    panel_title_bar("Display", "What every screen shows and for how long. Changes reach screens within seconds of Save.");
    draw_blank_switch(app);
    ImGui::Separator();
    float preview_w = std::min(560.0f, ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::BeginChild("display-settings", ImVec2(ImGui::GetContentRegionAvail().x - preview_w - 12, -ImGui::GetFrameHeightWithSpacing() * 1.5f));
    draw_playlist(ui);
    draw_settings(ui);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("display-preview", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f));
    draw_preview(app, ui, ImGui::GetContentRegionAvail().x);
    ImGui::EndChild();
    ImGui::Spacing();
    ImGui::BeginDisabled(!ui.edited);
    if (ImGui::Button("Save display settings")) {
        if (app.apply(set_display(app.dir(), app.state(), ui.draft, app.user()), "display settings saved"))
            ui.edited = false;
    }
    probe_last_item("save display");
    ImGui::SameLine();
    if (ImGui::Button("Revert")) ui.edited = false, ui.loaded_revision = UINT64_MAX;
    ImGui::EndDisabled();
    if (ui.edited) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.8f, 0.5f, 0, 1), "unsaved changes");
    }
}

}  // namespace lw::admin
