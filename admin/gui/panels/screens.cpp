// The screens panel: which kiosks polled the hub and when, from nginx's access log (every kiosk
// started with --screen-id names itself on each poll). A worker thread follows the log
// (gui/screens_watch.hpp); this file only draws its latest snapshot, so a slow or huge log never
// holds a frame. A quiet screen (the rule in learnwall/actions/screens.hpp, shared with `screens`) is
// flagged here and in the navigation.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "gui/screens_watch.hpp"
#include "learnwall/actions/screens.hpp"
#include "learnwall/time_text.hpp"

namespace lw::admin {

namespace {

const ImVec4 kLive(0.10f, 0.55f, 0.20f, 1.0f);
const ImVec4 kQuiet(0.75f, 0.12f, 0.12f, 1.0f);

// The one "N min ago" of the kiosk, the window and the CLI (learnwall/time_text.hpp).
std::string ago(Instant then, Instant at) { return relative_time(then, at); }

// "Mon 18 May 09:30:12" in the event's time zone (zones are whole minutes, so seconds are the instant's).
std::string seen_label(const State& s, Instant t) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count() % 60;
    char buf[8];
    std::snprintf(buf, sizeof buf, ":%02lld", static_cast<long long>(secs < 0 ? secs + 60 : secs));
    return local_time_label(s, t) + buf;
}

std::string status_label(int status) {
    switch (status) {
        case 200: return "200 new wall";
        case 304: return "304 up to date";
        case 404: return "404 no wall.json";
        default: return std::to_string(status);
    }
}

void use_path(App& app, const std::string& path) {
    ScreensUi& ui = app.screens;
    if (path.empty()) {
        app.say("the access log path is empty", true);
        return;
    }
    ui.watcher->set_path(path);
    ui.settings.access_log = path;
    if (auto st = save_window_settings(ui.settings); !st)
        app.say("following " + path + ", but it will not be remembered: " + st.error(), true);
    else
        app.say("following " + path + " (remembered in " + window_settings_path() + ")");
}

void draw_path_row(App& app, const ScreensSnapshot& snap) {
    ScreensUi& ui = app.screens;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Access log");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(560.0f, ImGui::GetContentRegionAvail().x - 330));
    bool enter = ImGui::InputTextWithHint("##access-log", kDefaultAccessLog, &ui.path_input,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    probe_last_item("access log");
    const bool changed = ui.path_input != ui.settings.access_log;
    ImGui::SameLine();
    ImGui::BeginDisabled(!changed);
    if (ImGui::Button("Use this log") || (enter && changed)) use_path(app, ui.path_input);
    probe_last_item("use access log");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(ui.settings.access_log == kDefaultAccessLog);
    if (ImGui::Button("Default")) {
        ui.path_input = kDefaultAccessLog;
        use_path(app, ui.path_input);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (snap.read_once)
        ImGui::TextDisabled("read %s, again every 3 s", ago(snap.read_at, now()).c_str());
    else
        ImGui::TextDisabled("reading...");
}

void draw_table(App& app, const ScreensSnapshot& snap, Instant at) {
    const State& s = app.state();
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("screens", 7, flags, ImVec2(0, std::max(160.0f, ImGui::GetContentRegionAvail().y - 90))))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, 90);
    ImGui::TableSetupColumn("Screen", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Last seen", ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableSetupColumn("Ago", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn("Polls", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn("Last answer", ImGuiTableColumnFlags_WidthFixed, 140);
    ImGui::TableSetupColumn("Address", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (const ScreenSeen& sc : snap.screens) {
        const bool quiet = screen_is_quiet(sc, at);
        ImGui::TableNextRow(0, ImGui::GetFrameHeight());
        if (quiet) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.98f, 0.86f, 0.86f, 1)));
        ImGui::TableSetColumnIndex(0);
        ImGui::AlignTextToFramePadding();
        if (quiet) {
            ImGui::PushFont(heading_font());
            ImGui::TextColored(kQuiet, "QUIET");
            ImGui::PopFont();
            probe_last_item("screen quiet " + sc.id);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Silent for more than 5 minutes: check its power, network and the kiosk's log.");
        } else {
            ImGui::TextColored(kLive, "live");
            probe_last_item("screen live " + sc.id);
        }
        ImGui::TableSetColumnIndex(1);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(sc.id.c_str());
        if (!sc.last_problem.empty()) {
            // The kiosk's watchdog restarted it (docs/proof-of-display.md): said beside its name, with when.
            ImGui::SameLine();
            // Short, so it fits beside the name; when and how often are in the tooltip.
            ImGui::TextColored(kQuiet, "restarted: %s", sc.last_problem.c_str());
            probe_last_item("screen watchdog " + sc.id);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Its watchdog saw a %s picture %s and restarted the kiosk (%lld time(s) in this log); "
                                  "see the kiosk's log.",
                                  sc.last_problem.c_str(), ago(sc.last_problem_at, at).c_str(),
                                  static_cast<long long>(sc.problems));
        }
        ImGui::TableSetColumnIndex(2);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(seen_label(s, sc.last_seen).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("first seen %s", seen_label(s, sc.first_seen).c_str());
        ImGui::TableSetColumnIndex(3);
        ImGui::AlignTextToFramePadding();
        if (quiet) ImGui::TextColored(kQuiet, "%s", ago(sc.last_seen, at).c_str());
        else ImGui::TextUnformatted(ago(sc.last_seen, at).c_str());
        ImGui::TableSetColumnIndex(4);
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%lld", static_cast<long long>(sc.requests));
        if (sc.not_modified > 0) {
            ImGui::SameLine();
            ImGui::TextDisabled("(%lld unchanged)", static_cast<long long>(sc.not_modified));
        }
        ImGui::TableSetColumnIndex(5);
        ImGui::AlignTextToFramePadding();
        if (sc.last_status >= 400) ImGui::TextColored(kQuiet, "%s", status_label(sc.last_status).c_str());
        else ImGui::TextUnformatted(status_label(sc.last_status).c_str());
        ImGui::TableSetColumnIndex(6);
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", sc.address.c_str());
    }
    ImGui::EndTable();
}

}  // namespace

void update_screens(App& app) {
    ScreensUi& ui = app.screens;
    if (!ui.watcher) {
        std::string warning;
        ui.settings = load_window_settings(warning);
        ui.path_input = ui.settings.access_log;
        if (!warning.empty()) app.say("window settings: " + warning, true);
        ui.watcher = std::make_shared<ScreensWatcher>(ui.settings.access_log);
    }
    auto snap = ui.watcher->snapshot();
    const Instant at = now();
    ui.quiet = count_quiet_screens(snap->screens, at);
}

void draw_screens_panel(App& app) {
    ScreensUi& ui = app.screens;
    panel_title_bar("Screens",
                    "Which kiosks polled the hub, and when: read from nginx's access log, where every kiosk started "
                    "with --screen-id names itself on each poll. A screen silent for more than 5 minutes is flagged.");
    auto snap = ui.watcher->snapshot();
    draw_path_row(app, *snap);
    ImGui::Spacing();
    if (!snap->error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kQuiet);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(snap->error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        probe_last_item("screens error");
        if (!snap->screens.empty()) ImGui::TextDisabled("Below: what the log said before it became unreadable.");
        ImGui::Spacing();
    }
    const Instant at = now();
    if (snap->read_once && snap->screens.empty()) {
        if (snap->error.empty()) {
            ImGui::TextWrapped("No screen has polled yet: %lld lines read, none named a screen. Kiosks name "
                               "themselves with  learnwall-kiosk --screen-id NAME  on an http(s) source.",
                               static_cast<long long>(snap->lines));
            probe_last_item("screens none");
        }
    } else if (!snap->screens.empty()) {
        // The counts as on the moderation panel: a big number over its label.
        auto count = [](std::size_t n, ImVec4 colour, const char* label) {
            ImGui::BeginGroup();
            ImGui::PushFont(big_font());
            ImGui::TextColored(colour, "%zu", n);
            ImGui::PopFont();
            ImGui::TextDisabled("%s", label);
            ImGui::EndGroup();
            ImGui::SameLine(0, 40);
        };
        const std::size_t live = snap->screens.size() - ui.quiet;
        count(live, live ? kLive : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), "live");
        count(ui.quiet, ui.quiet ? kQuiet : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), "quiet (over 5 min)");
        ImGui::NewLine();
        draw_table(app, *snap, at);
    }
    if (snap->anonymous > 0 || snap->bad_lines > 0 || snap->skipped_head) {
        std::string note = std::to_string(snap->lines) + " lines read";
        if (snap->skipped_head) note += " (the log's older part was skipped: only its last 16 MB are read)";
        if (snap->anonymous > 0)
            note += "; " + std::to_string(snap->anonymous) + (snap->anonymous == 1 ? " request" : " requests") +
                    " without a screen id";
        if (snap->bad_lines > 0)
            note += "; " + std::to_string(snap->bad_lines) + (snap->bad_lines == 1 ? " line" : " lines") +
                    " not in the learnwall log format";
        ImGui::TextDisabled("%s", note.c_str());
        if (!snap->problems.empty() && ImGui::TreeNode("Lines that could not be read")) {
            for (const auto& p : snap->problems) ImGui::BulletText("%s", p.c_str());
            ImGui::TreePop();
        }
    }
}

}  // namespace lw::admin
