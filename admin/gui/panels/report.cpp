// The report panel: what the week produced so far, for the L&D manager: posts by state, source and
// day, people taking part, most used hashtags, decisions taken.
#include <imgui.h>

#include <algorithm>
#include <map>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "learnwall/event_actions.hpp"
#include "learnwall/text.hpp"

namespace lw::admin {

void draw_report_panel(App& app) {
    const State& s = app.state();
    panel_title_bar("Report", "The week so far. A full report for sharing: learnwall-admin report (when available).");
    std::map<std::string, int> by_source, by_tag;
    std::map<std::string, int> by_day;
    std::map<std::string, int> authors;
    int pending = 0, approved = 0, rejected = 0;
    for (const auto& r : s.posts) {
        if (r.deleted) continue;
        Moderation m = s.moderation_of(r);
        (m == Moderation::pending ? pending : m == Moderation::approved ? approved : rejected)++;
        if (m != Moderation::approved) continue;
        by_source[r.post.source]++;
        for (const auto& t : r.post.hashtags) by_tag[ascii_lower(t)]++;
        auto d = local_date(r.post.created_at, s.event.timezone);
        if (d) by_day[format_date(*d)]++;
        authors[r.post.author_handle.empty() ? r.post.author_display_name : r.post.author_handle]++;
    }
    auto big = [](const char* label, long long n) {
        ImGui::BeginGroup();
        ImGui::PushFont(big_font());
        ImGui::Text("%lld", n);
        ImGui::PopFont();
        ImGui::TextDisabled("%s", label);
        ImGui::EndGroup();
        ImGui::SameLine(0, 48);
    };
    big("posts on the wall", approved);
    big("people who posted", static_cast<long long>(authors.size()));
    big("waiting for a decision", pending);
    big("rejected", rejected);
    big("decisions taken", static_cast<long long>(s.decisions.size()));
    ImGui::NewLine();
    ImGui::Separator();

    float col = ImGui::GetContentRegionAvail().x / 3 - 8;
    ImGui::BeginChild("days", ImVec2(col, 0), true);
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Posts a day");
    ImGui::PopFont();
    int most = 1;
    for (const auto& [d, n] : by_day) most = std::max(most, n);
    // Every event day, quiet ones included: a gap is worth seeing.
    for (Date day : event_days(s.event)) {
        std::string d = format_date(day);
        int n = by_day.count(d) ? by_day[d] : 0;
        ImGui::Text("%s", d.c_str());
        ImGui::SameLine(110);
        ImGui::ProgressBar(static_cast<float>(n) / most, ImVec2(-1, 0), std::to_string(n).c_str());
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("sources", ImVec2(col, 0), true);
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("By source");
    ImGui::PopFont();
    for (const auto& [src, n] : by_source) ImGui::BulletText("%s: %d", src.c_str(), n);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("tags", ImVec2(0, 0), true);
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Top hashtags");
    ImGui::PopFont();
    std::vector<std::pair<int, std::string>> tags;
    for (const auto& [t, n] : by_tag) tags.emplace_back(n, t);
    std::sort(tags.begin(), tags.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (size_t i = 0; i < tags.size() && i < 15; ++i) ImGui::BulletText("#%s: %d", tags[i].second.c_str(), tags[i].first);
    ImGui::EndChild();
}

}  // namespace lw::admin
