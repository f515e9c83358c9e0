// The quotes and announcements panel: two list editors saved as a whole (one transaction each).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/actions/quotes.hpp"

namespace lw::admin {

namespace {
// A field shows text as typed: right-to-left letters unjoined in typing order, emoji as a mark. When
// that differs from what the screens show, the line below shows it as read.
void preview_if_reordered(const std::string& text, float width) {
    std::string as_read = shown_text(text);
    if (as_read == text) return;
    ImGui::TextDisabled("reads:");
    ImGui::SameLine();
    // Right-to-left text lines up with the right edge of its field, not of the window.
    ImGui::BeginChild("reads", ImVec2(std::max(50.0f, width - ImGui::GetCursorPosX() + ImGui::GetWindowContentRegionMin().x),
                                      ImGui::GetTextLineHeightWithSpacing()), false, ImGuiWindowFlags_NoScrollbar);
    text_cell(text);
    ImGui::EndChild();
}
}  // namespace

void draw_quotes_panel(App& app) {
    QuotesUi& ui = app.quotes;
    const State& s = app.state();
    if (!ui.edited && ui.loaded_revision != s.revision) {
        ui.quotes = s.event.quotes;
        ui.announcements = s.event.display.announcements;
        ui.loaded_revision = s.revision;
    }
    panel_title_bar("Quotes & announcements", "Screens rotate the quotes; announcements run along the bottom of the wall.");

    ImGui::PushFont(heading_font());
    ImGui::Text("Quotes (%zu)", ui.quotes.size());
    ImGui::PopFont();
    int remove = -1;
    float text_w = std::max(200.0f, ImGui::GetContentRegionAvail().x - 340);
    for (size_t i = 0; i < ui.quotes.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(text_w);
        if (ImGui::InputTextWithHint("##text", "the quote", &ui.quotes[i].text)) ui.edited = true;
        probe_last_item("quote " + std::to_string(i + 1));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(220);
        if (ImGui::InputTextWithHint("##author", "who said it", &ui.quotes[i].author)) ui.edited = true;
        // Fields show text as typed (logical order); the atlas still needs its characters.
        if (auto* atlas = glyph_atlas()) {
            atlas->note(ui.quotes[i].text);
            atlas->note(ui.quotes[i].author);
        }
        ImGui::SameLine();
        if (ImGui::Button("Remove")) remove = static_cast<int>(i);
        preview_if_reordered(ui.quotes[i].text + (ui.quotes[i].author.empty() ? "" : " \u2014 " + ui.quotes[i].author),
                             text_w);
        ImGui::PopID();
    }
    if (remove >= 0) {
        ui.quotes.erase(ui.quotes.begin() + remove);
        ui.edited = true;
    }
    if (ImGui::Button("Add a quote")) {
        ui.quotes.push_back({});
        ui.edited = true;
    }
    probe_last_item("add quote");

    ImGui::Spacing();
    ImGui::PushFont(heading_font());
    ImGui::Text("Announcements (%zu)", ui.announcements.size());
    ImGui::PopFont();
    remove = -1;
    for (size_t i = 0; i < ui.announcements.size(); ++i) {
        ImGui::PushID(static_cast<int>(1000 + i));
        ImGui::SetNextItemWidth(text_w + 228);
        if (ImGui::InputTextWithHint("##line", "Cake in the atrium at 3pm", &ui.announcements[i])) ui.edited = true;
        if (auto* atlas = glyph_atlas()) atlas->note(ui.announcements[i]);
        probe_last_item("announcement " + std::to_string(i + 1));
        ImGui::SameLine();
        if (ImGui::Button("Remove")) remove = static_cast<int>(i);
        preview_if_reordered(ui.announcements[i], text_w + 228);
        ImGui::PopID();
    }
    if (remove >= 0) {
        ui.announcements.erase(ui.announcements.begin() + remove);
        ui.edited = true;
    }
    if (ImGui::Button("Add an announcement")) {
        ui.announcements.push_back("");
        ui.edited = true;
    }
    probe_last_item("add announcement");

    ImGui::Spacing();
    ImGui::Separator();
    Status qs = check_quotes(ui.quotes), as = check_announcements(ui.announcements);
    if (!qs) ImGui::TextColored(ImVec4(0.75f, 0.12f, 0.12f, 1), "%s", qs.error().c_str());
    if (!as) ImGui::TextColored(ImVec4(0.75f, 0.12f, 0.12f, 1), "%s", as.error().c_str());
    ImGui::BeginDisabled(!ui.edited || !qs || !as);
    if (ImGui::Button("Save quotes and announcements")) {
        bool ok = app.apply(set_quotes(app.dir(), app.state(), ui.quotes, app.user()), "quotes saved") &&
                  app.apply(set_announcements(app.dir(), app.state(), ui.announcements, app.user()),
                            "quotes and announcements saved");
        if (ok) {
            ui.edited = false;
            ui.loaded_revision = UINT64_MAX;
        }
    }
    probe_last_item("save quotes");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!ui.edited);
    if (ImGui::Button("Revert")) ui.edited = false, ui.loaded_revision = UINT64_MAX;
    ImGui::EndDisabled();
}

}  // namespace lw::admin
