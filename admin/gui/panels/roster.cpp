// The roster panel: who takes part (name, team, handles), a CSV import, and the authors on the wall
// who are not in the roster yet. E-mail addresses are personal data: shown masked.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/actions/people.hpp"
#include "learnwall/roster_csv.hpp"
#include "learnwall/scoring.hpp"
#if __has_include("learnwall/actions/scoring.hpp")
#include "learnwall/actions/scoring.hpp"  // import_roster, from the scoring area
#define LW_ADMIN_HAVE_ROSTER_IMPORT 1
#endif
#include "learnwall/text.hpp"

namespace lw::admin {

namespace {

std::string masked_email(const std::string& e) {
    auto at = e.find('@');
    if (at == std::string::npos || at == 0) return e.empty() ? "" : "•••";
    return e.substr(0, 1) + "•••" + e.substr(at);
}

}  // namespace

void draw_roster_panel(App& app) {
    RosterUi& ui = app.roster;
    const State& s = app.state();
    panel_title_bar("Roster", "Staff taking part: names and teams for the leaderboard, and their social handles so posts count for them.");

    ImGui::SetNextItemWidth(420);
    ImGui::InputTextWithHint("##csv", "/path/to/staff.csv (columns: name, team, mastodon, bluesky, x, email)", &ui.csv_path);
    probe_last_item("csv path");
    ImGui::SameLine();
    ImGui::BeginDisabled(trim(ui.csv_path).empty());
    if (ImGui::Button("Import CSV (replaces the roster)")) {
        auto parsed = load_roster_csv(trim(ui.csv_path));
        if (!parsed) {
            app.say(parsed.error(), true);
        } else {
            std::string done = "imported " + std::to_string(parsed->roster.people.size()) + " people from " + trim(ui.csv_path);
            // Renames that orphan awards matter more than a missing team: they go first (the CLI's check).
            auto changes = roster_import_warnings(app.state(), parsed->roster);
            parsed->warnings.insert(parsed->warnings.begin(), changes.begin(), changes.end());
            if (!parsed->warnings.empty()) done += " (" + std::to_string(parsed->warnings.size()) + " warnings, first: " + parsed->warnings.front() + ")";
#ifdef LW_ADMIN_HAVE_ROSTER_IMPORT
            app.apply(import_roster(app.dir(), app.state(), parsed->roster, app.user(), trim(ui.csv_path)), done);
#else
            app.say("this build cannot import a roster yet (use learnwall-admin roster import)", true);
#endif
        }
    }
    probe_last_item("import csv");
    ImGui::EndDisabled();

    ImGui::SetNextItemWidth(260);
    ImGui::InputTextWithHint("##filter", "find a name, team or handle", &ui.filter);
    ImGui::SameLine();
    ImGui::TextDisabled("%zu people", s.roster.people.size());
    const std::string f = ascii_lower(trim(ui.filter));

    auto unknown = unknown_authors(s);
    float unknown_h = unknown.empty() ? 0 : std::min(200.0f, 60.0f + 24.0f * unknown.size());
    float table_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - unknown_h);
    std::vector<const Participant*> rows;
    for (const auto& p : s.roster.people) {
        std::string hay = ascii_lower(p.name + " " + p.team + " " + p.mastodon + " " + p.bluesky + " " + p.x);
        if (f.empty() || hay.find(f) != std::string::npos) rows.push_back(&p);
    }
    if (s.roster.people.empty()) {
        ImGui::TextDisabled("Nobody yet: until a roster is imported, everybody who posts ranks by their display name.");
    } else if (ImGui::BeginTable("roster", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable,
                                 ImVec2(0, table_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* h : {"Name", "Team", "Mastodon", "Bluesky", "X", "E-mail"}) ImGui::TableSetupColumn(h);
        ImGui::TableSetupColumn("On screens", ImGuiTableColumnFlags_WidthFixed, 150);
        ImGui::TableHeadersRow();
        std::string opt_out_name, opt_out_value;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Participant& p = *rows[i];
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                text_cell(p.name);
                ImGui::TableSetColumnIndex(1);
                text_cell(p.team);
                ImGui::TableSetColumnIndex(2);
                ImGui::TextUnformatted(p.mastodon.empty() ? "" : ("@" + p.mastodon).c_str());
                ImGui::TableSetColumnIndex(3);
                ImGui::TextUnformatted(p.bluesky.empty() ? "" : ("@" + p.bluesky).c_str());
                ImGui::TableSetColumnIndex(4);
                ImGui::TextUnformatted(p.x.empty() ? "" : ("@" + p.x).c_str());
                ImGui::TableSetColumnIndex(5);
                ImGui::TextDisabled("%s", masked_email(p.email).c_str());
                // Opt-out: honoured by publishing (screens) and by the report's named lists.
                ImGui::TableSetColumnIndex(6);
                static const char* kOptOut[] = {"shown", "as \"a colleague\"", "hidden"};
                int current = p.opt_out == "anonymous" ? 1 : p.opt_out == "hidden" ? 2 : 0;
                ImGui::PushID(i);
                ImGui::SetNextItemWidth(-1);
                int chosen = current;
                if (ImGui::Combo("##optout", &chosen, kOptOut, 3) && chosen != current) {
                    opt_out_name = p.name;  // applied after the table: the rows point into the roster
                    opt_out_value = chosen == 1 ? "anonymous" : chosen == 2 ? "hidden" : "";
                }
                probe_last_item("optout " + p.name);
                ImGui::PopID();
            }
        ImGui::EndTable();
        if (!opt_out_name.empty())
            app.apply_said(set_opt_out(app.dir(), app.state(), opt_out_name, opt_out_value, app.user()));
    }
    if (!unknown.empty()) {
        ImGui::PushFont(heading_font());
        ImGui::Text("On the wall but not in the roster (%zu)", unknown.size());
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::TextDisabled("link each to a person so their posts count for them");
        ImGui::BeginChild("unknown", ImVec2(0, 0), true);
        std::vector<const char*> names;
        for (const auto& p : s.roster.people) names.push_back(p.name.c_str());
        std::string link_source, link_handle, link_person;
        for (const auto& u : unknown) {
            const std::string key = u.source + ":" + u.handle;
            ImGui::PushID(key.c_str());
            ImGui::AlignTextToFramePadding();
            ImGui::BulletText("%s @%s (%s): %d approved post%s", shown(u.display_name), u.handle.c_str(),
                              u.source.c_str(), u.posts, u.posts == 1 ? "" : "s");
            bool linkable = !names.empty() && !u.handle.empty() && u.source != "manual";
            if (linkable) {
                ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 12, ImGui::GetWindowContentRegionMax().x - 330));
                int& pick = ui.link_choice[key];
                if (pick < 0 || pick >= static_cast<int>(names.size())) pick = 0;
                ImGui::SetNextItemWidth(240);
                ImGui::Combo("##who", &pick, names.data(), static_cast<int>(names.size()));
                probe_last_item("link person " + key);
                ImGui::SameLine();
                if (ImGui::Button("Link")) {
                    link_source = u.source;
                    link_handle = u.handle;
                    link_person = s.roster.people[static_cast<size_t>(pick)].name;
                }
                probe_last_item("link " + key);
            }
            ImGui::PopID();
        }
        ImGui::EndChild();
        if (!link_person.empty())
            app.apply_said(link_author(app.dir(), app.state(), link_source, link_handle, link_person, app.user()));
    }
}

}  // namespace lw::admin
