// The report panel: the L&D report's figures (lw::build_report, the same as the exported HTML and
// CSV) drawn live, and the export of the shareable files.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/report.hpp"
#include "learnwall/time_text.hpp"

namespace lw::admin {

namespace {

// The colours of the HTML report's charts, so the two read the same.
const ImVec4 kKindColours[] = {ImVec4(0.106f, 0.498f, 0.357f, 1), ImVec4(0.878f, 0.541f, 0.0f, 1),
                               ImVec4(0.184f, 0.427f, 0.710f, 1), ImVec4(0.604f, 0.639f, 0.678f, 1)};
const char* kKindLabels[] = {"Tips (teaching)", "Questions (learning)", "Replies", "Other posts"};

void heading(const char* text) {
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

void kpi(const std::string& value, const std::string& label) {
    ImGui::BeginGroup();
    ImGui::PushFont(big_font());
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopFont();
    ImGui::TextDisabled("%s", label.c_str());
    ImGui::EndGroup();
    ImGui::SameLine(0, 44);
}

std::string pct(double v) { return std::to_string(static_cast<int>(std::lround(v * 100))) + "%"; }

// Stacked columns, one per event day, like the HTML chart.
void draw_days(const Report& r, float width, float height) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 o = ImGui::GetCursorScreenPos();
    const float label_h = 20, top = 16;
    int most = 1;
    for (const auto& d : r.days) most = std::max(most, d.posts);
    float plot_h = height - label_h - top;
    float slot = width / static_cast<float>(std::max<size_t>(1, r.days.size()));
    float bar = std::min(48.0f, slot * 0.6f);
    dl->AddLine(ImVec2(o.x, o.y + top + plot_h), ImVec2(o.x + width, o.y + top + plot_h), IM_COL32(200, 205, 210, 255));
    for (size_t i = 0; i < r.days.size(); ++i) {
        const ReportDay& d = r.days[i];
        float x = o.x + slot * static_cast<float>(i) + (slot - bar) / 2;
        float y = o.y + top + plot_h;
        int parts[] = {d.tips, d.questions, d.replies, d.other};
        for (int k = 0; k < 4; ++k) {
            if (!parts[k]) continue;
            float h = plot_h * static_cast<float>(parts[k]) / static_cast<float>(most);
            dl->AddRectFilled(ImVec2(x, y - h), ImVec2(x + bar, y), ImGui::GetColorU32(kKindColours[k]));
            y -= h;
        }
        std::string n = std::to_string(d.posts);
        ImVec2 ns = ImGui::CalcTextSize(n.c_str());
        if (d.posts) dl->AddText(ImVec2(x + (bar - ns.x) / 2, y - ns.y - 1), ImGui::GetColorU32(ImGuiCol_Text), n.c_str());
        std::chrono::weekday w{std::chrono::sys_days{d.date}};
        std::string label = std::string(weekday_name(w, NameLength::abbreviated)) + " " + std::to_string(unsigned(d.date.day()));
        ImVec2 ls = ImGui::CalcTextSize(label.c_str());
        dl->AddText(ImVec2(x + (bar - ls.x) / 2, o.y + top + plot_h + 3), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    label.c_str());
    }
    ImGui::Dummy(ImVec2(width, height));
}

void draw_kinds(const Report& r) {
    int counts[] = {r.tips, r.questions, r.replies, r.other};
    int total = std::max(1, r.tips + r.questions + r.replies + r.other);
    for (int k = 0; k < 4; ++k) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        float sz = ImGui::GetTextLineHeight() * 0.8f;
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + sz, p.y + 3 + sz),
                                                  ImGui::GetColorU32(kKindColours[k]), 2);
        ImGui::Dummy(ImVec2(sz + 4, sz));
        ImGui::SameLine();
        ImGui::Text("%s: %d (%s)", kKindLabels[k], counts[k], pct(static_cast<double>(counts[k]) / total).c_str());
    }
}

void count_list(const char* title, const std::vector<ReportCount>& rows, const char* prefix, size_t max_rows) {
    heading(title);
    if (rows.empty()) ImGui::TextDisabled("none yet");
    int most = rows.empty() ? 1 : std::max(1, rows.front().count);
    for (size_t i = 0; i < rows.size() && i < max_rows; ++i) {
        ImGui::Text("%s%s", prefix, rows[i].label.c_str());
        ImGui::SameLine(170);
        ImGui::ProgressBar(static_cast<float>(rows[i].count) / static_cast<float>(most), ImVec2(-1, 0),
                           std::to_string(rows[i].count).c_str());
    }
}

void export_bar(App& app, ReportUi& ui) {
    if (ui.out_path.empty()) ui.out_path = app.dir().path() + "/report.html";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Save for sharing:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(200.0f, ImGui::GetContentRegionAvail().x - 300));
    ImGui::InputText("##reportpath", &ui.out_path);
    probe_last_item("report path");
    auto write = [&](const std::string& format) {
        std::string path = ui.out_path;
        auto dot = path.rfind('.');
        if (dot != std::string::npos && path.find('/', dot) == std::string::npos) path = path.substr(0, dot);
        path += "." + format;
        const std::string text = format == "csv" ? report_csv(*ui.report) : report_html(*ui.report);
        if (auto st = write_file_atomic(path, text); !st) app.say("the report was not saved: " + st.error(), true);
        else app.say("report saved: " + path);
    };
    ImGui::SameLine();
    if (ImGui::Button("Save HTML")) write("html");
    probe_last_item("save html");
    ImGui::SameLine();
    if (ImGui::Button("Save CSV")) write("csv");
    probe_last_item("save csv");
}

}  // namespace

void draw_report_panel(App& app) {
    ReportUi& ui = app.report;
    const State& s = app.state();
    // Recomputed when the data changes, at most every few seconds while posts stream in.
    auto t = std::chrono::steady_clock::now();
    if (!ui.report || (ui.built_revision != s.revision && t - ui.built_at > std::chrono::seconds(3))) {
        ui.report = build_report(s, now());
        ui.built_revision = s.revision;
        ui.built_at = t;
    }
    const Report& r = *ui.report;
    panel_title_bar("Report", "What people taught and learned from each other: the figures of the L&D report. "
                              "Counts cover approved posts made during the event.");
    export_bar(app, ui);
    ImGui::Spacing();
    kpi(std::to_string(r.participants), "people took part");
    kpi(r.roster_size ? pct(r.roster_share) : "-",
        r.roster_size ? "of " + std::to_string(r.roster_size) + " in the roster" : "no roster yet");
    kpi(std::to_string(r.posts), "posts on the wall");
    kpi(std::to_string(r.tips), "tips shared");
    kpi(std::to_string(r.moderation.decisions), "moderation decisions");
    ImGui::NewLine();
    ImGui::Separator();

    ImGui::BeginChild("report-body", ImVec2(0, 0), false);
    float full = ImGui::GetContentRegionAvail().x;
    float left_w = std::floor(full * 0.58f);
    ImGui::BeginChild("r-days", ImVec2(left_w, 230), true);
    heading("Posts a day");
    draw_days(r, ImGui::GetContentRegionAvail().x, 180);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("r-kinds", ImVec2(0, 230), true);
    heading("Teaching and learning");
    draw_kinds(r);
    ImGui::Spacing();
    ImGui::TextDisabled("Moderation: %d approved, %d rejected, %d waiting;", r.moderation.approved, r.moderation.rejected,
                        r.moderation.pending);
    ImGui::TextDisabled("%d of %d decisions by automatic rules.", r.moderation.automatic, r.moderation.decisions);
    ImGui::EndChild();

    ImGui::BeginChild("r-teams", ImVec2(left_w, 210), true);
    heading("Participation by team");
    if (r.teams.empty()) {
        ImGui::TextDisabled("No roster yet: import one (Roster) to see participation against staff numbers.");
    } else if (ImGui::BeginTable("teams", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Team");
        ImGui::TableSetupColumn("Took part");
        ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthStretch, 2);
        ImGui::TableSetupColumn("Posts");
        ImGui::TableHeadersRow();
        for (const auto& tm : r.teams) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(tm.team.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%d of %d", tm.participants, tm.roster_members);
            ImGui::TableSetColumnIndex(2);
            ImGui::ProgressBar(static_cast<float>(tm.share), ImVec2(-1, 0), pct(tm.share).c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::Text("%d", tm.posts);
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("r-challenges", ImVec2(0, 210), true);
    heading("Daily challenges");
    if (r.challenges.empty()) ImGui::TextDisabled("No challenges set.");
    for (const auto& c : r.challenges)
        ImGui::BulletText("%s  #%s: %d answers, %d people", format_date(c.date).substr(5).c_str(), c.tag.c_str(),
                          c.answers, c.people);
    ImGui::EndChild();

    float third = std::floor((full - 2 * ImGui::GetStyle().ItemSpacing.x) / 3);
    ImGui::BeginChild("r-tags", ImVec2(third, 300), true);
    count_list("Top hashtags", r.top_hashtags, "#", 10);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("r-words", ImVec2(third, 300), true);
    count_list("Top words", r.top_words, "", 15);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("r-tips", ImVec2(0, 300), true);
    heading("Most liked tips");
    if (r.top_tips.empty()) ImGui::TextDisabled("No tips yet.");
    for (const auto& tip : r.top_tips) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(one_line(tip.text, 200).c_str());
        ImGui::PopTextWrapPos();
        ImGui::TextDisabled("%s · %lld likes", tip.author.c_str(), static_cast<long long>(tip.likes));
        ImGui::Spacing();
    }
    ImGui::EndChild();
    ImGui::EndChild();
}

}  // namespace lw::admin
