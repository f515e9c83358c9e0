// The scoring panel: the leaderboard as screens will show it, teams, and the rules in force, with
// each person's points explained (the same reasons `learnwall-admin explain` prints).
#include <imgui.h>

#include <imgui_stdlib.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/actions/scoring.hpp"
#include "learnwall/scoring.hpp"
#include "learnwall/scoring_simulate.hpp"

namespace lw::admin {

namespace {

// Scores are a pure function of the state: recompute once per revision, not per frame.
const Scores& scores_for(const State& s) {
    static std::uint64_t revision = UINT64_MAX;
    static const State* owner = nullptr;
    static Scores cached;
    if (revision != s.revision || owner != &s) {
        cached = compute_scores(s);
        revision = s.revision;
        owner = &s;
    }
    return cached;
}

// The rule editor and, beside it, who would gain or lose points or places if it were saved: the same
// simulate_scoring the command line's `scoring simulate` prints, so the organiser sees the difference
// before Save (issue 14, item 6).
void draw_scoring_whatif(App& app, float height) {
    ScoringUi& ui = app.scoring;
    State& s = app.state();
    // An untouched draft follows the data directory; an edited one waits for Save or Revert.
    if (!ui.edited && ui.loaded_revision != s.revision) {
        ui.text = to_json(s.event.scoring).dump(2);
        ui.loaded_revision = s.revision;
    }
    if (ui.simulated_text != ui.text || ui.simulated_revision != s.revision) {
        // Recomputed only when the text or the data changed, never every frame.
        auto rules = parse_scoring_rules_text(ui.text, "the rules being edited");
        ui.error = rules ? std::string() : rules.error();
        ui.changes = rules ? simulate_scoring(s, *rules) : std::vector<ScoreChange>{};
        ui.simulated_text = ui.text;
        ui.simulated_revision = s.revision;
    }
    float editor_w = ImGui::GetContentRegionAvail().x * 0.42f;
    ImGui::BeginChild("rules editor", ImVec2(editor_w, height), true);
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Rules");
    ImGui::PopFont();
    ImGui::TextDisabled("The \"scoring\" object of event.json; edit, check the difference, then Save.");
    float buttons_h = ImGui::GetFrameHeightWithSpacing() * 2;
    if (ImGui::InputTextMultiline("##scoring rules", &ui.text, ImVec2(-1, ImGui::GetContentRegionAvail().y - buttons_h)))
        ui.edited = true;
    probe_last_item("scoring rules json");
    ImGui::BeginDisabled(!ui.edited || !ui.error.empty());
    if (ImGui::Button("Save rules")) {
        auto rules = parse_scoring_rules_text(ui.text, "the rules being edited");
        if (rules && app.apply(set_scoring_rules(app.dir(), s, *rules, app.user()),
                               "scoring rules saved: " + std::to_string(ui.changes.size()) +
                                   (ui.changes.size() == 1 ? " person's" : " people's") + " points or rank changed")) {
            ui.edited = false;
            ui.loaded_revision = UINT64_MAX;
        }
    }
    probe_last_item("save scoring rules");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!ui.edited);
    if (ImGui::Button("Revert")) ui.edited = false, ui.loaded_revision = UINT64_MAX;
    probe_last_item("revert scoring rules");
    ImGui::EndDisabled();
    if (ui.edited) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.8f, 0.5f, 0, 1), "unsaved changes");
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("what if", ImVec2(0, height), true);
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("If saved");
    ImGui::PopFont();
    if (!ui.error.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.3f, 1), "%s", shown(ui.error));
        ImGui::PopTextWrapPos();
        probe_last_item("scoring rules error");
    } else if (ui.changes.empty()) {
        ImGui::TextDisabled(ui.edited ? "Nobody's points or rank would change." : "Edit the rules to see who would change.");
        probe_last_item("scoring no change");
    } else {
        ImGui::Text("%zu %s would change:", ui.changes.size(), ui.changes.size() == 1 ? "person" : "people");
        if (ImGui::BeginTable("changes", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("Name");
            ImGui::TableSetupColumn("Points");
            ImGui::TableSetupColumn("Rank");
            ImGui::TableHeadersRow();
            auto rank = [](int r) { return r ? std::to_string(r) : std::string("-"); };
            for (const ScoreChange& c : ui.changes) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                text_cell(c.name);
                probe_last_item("scoring change " + c.name);
                ImGui::TableSetColumnIndex(1);
                const ImVec4 up(0.35f, 0.8f, 0.45f, 1), down(0.95f, 0.45f, 0.4f, 1);
                ImGui::TextColored(c.points_after > c.points_before ? up : c.points_after < c.points_before ? down
                                                                                                             : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                                   "%lld -> %lld", static_cast<long long>(c.points_before),
                                   static_cast<long long>(c.points_after));
                ImGui::TableSetColumnIndex(2);
                bool better = c.rank_after && (!c.rank_before || c.rank_after < c.rank_before);
                bool worse = c.rank_before && (!c.rank_after || c.rank_after > c.rank_before);
                ImGui::TextColored(better ? up : worse ? down : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%s -> %s",
                                   rank(c.rank_before).c_str(), rank(c.rank_after).c_str());
            }
            ImGui::EndTable();
        }
    }
    ImGui::EndChild();
}

}  // namespace

void draw_scoring_panel(App& app) {
    const State& s = app.state();
    const Scores& sc = scores_for(s);
    const ScoringRules& r = s.event.scoring;
    panel_title_bar("Scoring", "Points are recomputed from the journal and these rules; nothing is patched by hand. "
                               "Manual awards: learnwall-admin award.");
    ImGui::TextDisabled("post %lld · tip +%lld · reply %lld · replied %lld · like %lld · repost %lld (cap %lld a post) · "
                        "streak %lld days +%lld · daily cap %lld",
                        static_cast<long long>(r.post_points), static_cast<long long>(r.tip_bonus),
                        static_cast<long long>(r.reply_points), static_cast<long long>(r.replied_points),
                        static_cast<long long>(r.like_points), static_cast<long long>(r.repost_points),
                        static_cast<long long>(r.engagement_cap), static_cast<long long>(r.streak_days),
                        static_cast<long long>(r.streak_bonus), static_cast<long long>(r.daily_cap));
    draw_scoring_whatif(app, std::max(220.0f, ImGui::GetContentRegionAvail().y * 0.4f));
    float half = ImGui::GetContentRegionAvail().x * 0.62f;
    ImGui::BeginChild("people", ImVec2(half, 0), true);
    if (sc.people.empty()) ImGui::TextDisabled("No points yet: approve posts with the event hashtags.");
    if (!sc.people.empty() &&
        ImGui::BeginTable("leaders", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 30);
        ImGui::TableSetupColumn("Name");
        ImGui::TableSetupColumn("Team");
        ImGui::TableSetupColumn("Points", ImGuiTableColumnFlags_WidthFixed, 60);
        ImGui::TableSetupColumn("Badges");
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(sc.people.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const PersonScore& p = sc.people[i];
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                if (p.rank) ImGui::Text("%d", p.rank);
                else ImGui::TextDisabled("-");
                ImGui::TableSetColumnIndex(1);
                text_cell(p.name);
                if (ImGui::IsItemHovered() && !p.items.empty()) {
                    ImGui::BeginTooltip();
                    for (const auto& it : p.items)
                        ImGui::Text("%+lld  %s%s", static_cast<long long>(it.points), shown(it.reason),
                                    it.cap.empty() ? "" : (" (" + it.cap + ")").c_str());
                    ImGui::EndTooltip();
                }
                ImGui::TableSetColumnIndex(2);
                text_cell(p.team);
                ImGui::TableSetColumnIndex(3);
                ImGui::Text("%lld", static_cast<long long>(p.total));
                ImGui::TableSetColumnIndex(4);
                std::string badges;
                for (const auto& b : p.badges) badges += (badges.empty() ? "" : ", ") + b;
                ImGui::TextDisabled("%s", shown(badges));
            }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("teams", ImVec2(0, 0), true);
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Teams");
    ImGui::PopFont();
    if (sc.teams.empty()) ImGui::TextDisabled("Teams come from the roster.");
    for (const auto& t : sc.teams)
        ImGui::Text("%d. %s  %lld  (%d member%s)", t.rank, shown(t.team), static_cast<long long>(t.points), t.members,
                    t.members == 1 ? "" : "s");
    ImGui::EndChild();
}

}  // namespace lw::admin
