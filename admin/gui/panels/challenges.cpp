// The challenges panel: one row per event day (today marked), and an editor for the chosen day's
// title, description, answering tag and bonus, checked before Save.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/actions/challenges.hpp"
#include "learnwall/actions/event.hpp"
#include "learnwall/time_text.hpp"

namespace lw::admin {

namespace {

const Challenge* challenge_on(const Event& e, Date d) {
    for (const auto& c : e.challenges)
        if (c.date == d) return &c;
    return nullptr;
}

std::string day_label(Date d) {
    return std::string(weekday_name(weekday_of(d))) + " " + format_date(d);
}

void start_editing(ChallengesUi& ui, const Event& e, Date d) {
    ui.day = format_date(d);
    const Challenge* c = challenge_on(e, d);
    ui.draft = c ? *c : Challenge{d, "", "", "", 20};
    ui.edited = false;
}

}  // namespace

void draw_challenges_panel(App& app) {
    ChallengesUi& ui = app.challenges;
    const Event& e = app.state().event;
    auto today = local_date(now(), e.timezone);
    panel_title_bar("Challenges", "One challenge a day. Screens show today's; a post that carries its tag earns the bonus.");

    auto days = event_days(e);
    if (ImGui::BeginTable("days", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp,
                          ImVec2(0, ImGui::GetFrameHeightWithSpacing() * (days.size() + 1.5f)))) {
        ImGui::TableSetupColumn("Day", ImGuiTableColumnFlags_WidthFixed, 190);
        ImGui::TableSetupColumn("Challenge", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Tag", ImGuiTableColumnFlags_WidthFixed, 150);
        ImGui::TableSetupColumn("Bonus", ImGuiTableColumnFlags_WidthFixed, 60);
        ImGui::TableSetupColumn("##edit", ImGuiTableColumnFlags_WidthFixed, 70);
        ImGui::TableHeadersRow();
        for (Date d : days) {
            const Challenge* c = challenge_on(e, d);
            std::string key = format_date(d);
            ImGui::PushID(key.c_str());
            ImGui::TableNextRow(0, ImGui::GetFrameHeight());
            ImGui::TableSetColumnIndex(0);
            ImGui::AlignTextToFramePadding();
            bool is_today = today && *today == d;
            if (ImGui::Selectable((day_label(d) + (is_today ? "  (today)" : "")).c_str(), ui.day == key,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                start_editing(ui, e, d);
            probe_last_item("day " + key);
            ImGui::TableSetColumnIndex(1);
            if (c) ImGui::TextUnformatted(c->title.c_str());
            else ImGui::TextColored(ImVec4(0.8f, 0.5f, 0, 1), "no challenge yet");
            ImGui::TableSetColumnIndex(2);
            if (c) ImGui::Text("#%s", c->tag.c_str());
            ImGui::TableSetColumnIndex(3);
            if (c) ImGui::Text("+%lld", static_cast<long long>(c->bonus));
            ImGui::TableSetColumnIndex(4);
            if (ImGui::SmallButton(c ? "Edit" : "Set")) start_editing(ui, e, d);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    if (ui.day.empty()) {
        ImGui::TextDisabled("Choose a day to set or change its challenge.");
        return;
    }
    auto day = parse_date(ui.day);
    if (!day) return;
    ImGui::Separator();
    ImGui::PushFont(heading_font());
    ImGui::Text("%s", day_label(*day).c_str());
    ImGui::PopFont();
    ImGui::SetNextItemWidth(560);
    if (ImGui::InputTextWithHint("title", "Teach a colleague one shortcut", &ui.draft.title)) ui.edited = true;
    probe_last_item("challenge title");
    ImGui::SetNextItemWidth(560);
    if (ImGui::InputTextMultiline("description", &ui.draft.description, ImVec2(560, 70))) ui.edited = true;
    ImGui::SetNextItemWidth(240);
    if (ImGui::InputTextWithHint("tag that answers it", "TeachBack", &ui.draft.tag)) ui.edited = true;
    probe_last_item("challenge tag");
    int bonus = static_cast<int>(ui.draft.bonus);
    ImGui::SetNextItemWidth(240);
    if (ImGui::InputInt("bonus points", &bonus, 5, 10)) {
        ui.draft.bonus = bonus;
        ui.edited = true;
    }
    // Say what is wrong while typing, not only on Save.
    Status check = check_challenge(e, ui.draft);
    if (!check) ImGui::TextColored(ImVec4(0.75f, 0.12f, 0.12f, 1), "%s", check.error().c_str());
    ImGui::BeginDisabled(!check);
    if (ImGui::Button("Save challenge")) {
        if (app.apply_said(set_challenge(app.dir(), app.state(), ui.draft, app.user())))
            ui.edited = false;
    }
    probe_last_item("save challenge");
    ImGui::EndDisabled();
    if (challenge_on(e, *day)) {
        ImGui::SameLine();
        if (ImGui::Button("Remove")) {
            if (app.apply_said(remove_challenge(app.dir(), app.state(), *day, app.user())))
                start_editing(ui, app.state().event, *day);
        }
    }
}

}  // namespace lw::admin
