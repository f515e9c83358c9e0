// The scoring panel: the leaderboard as screens will show it, teams, and the rules in force, with
// each person's points explained (the same reasons `learnwall-admin explain` prints).
#include <imgui.h>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "learnwall/scoring.hpp"

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
