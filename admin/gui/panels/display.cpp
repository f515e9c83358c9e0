// The display panel: the "blank all screens" switch, the scene playlist and its timings, the quote
// time, how many posts screens get, the call to action and the join URL (QR code).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/event_actions.hpp"

namespace lw::admin {

namespace {

const char* kScenes[] = {"wall", "leaderboard", "challenge", "quote"};
const char* kSceneTitles[] = {"Wall of posts", "Leaderboard", "Today's challenge", "Quote"};

int scene_index(const std::string& s) {
    for (int i = 0; i < 4; ++i)
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
            if (ImGui::Combo("##scene", &s, kSceneTitles, 4)) {
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
    ImGui::SetNextItemWidth(520);
    if (ImGui::InputTextWithHint("call to action", "Share what you learned with #NLAWWeek", &ui.draft.call_to_action))
        ui.edited = true;
    ImGui::SetNextItemWidth(520);
    if (ImGui::InputTextWithHint("join URL (QR code)", "https://intranet.example/learning-week", &ui.draft.join_url))
        ui.edited = true;
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
    draw_playlist(ui);
    draw_settings(ui);
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
