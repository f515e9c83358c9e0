// The moderation rules panel: the mode (pre, post, delay), automatic rules (word list, links,
// sensitive media), blocked and trusted authors, and the audit trail of every decision.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <sstream>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/moderation_rules.hpp"
#include "learnwall/text.hpp"

namespace lw::admin {

namespace {

void rules_heading(const char* text) {
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!trim(line).empty()) out.push_back(trim(line));
    return out;
}

void draw_mode(RulesUi& ui) {
    rules_heading("When do posts show?");
    struct Choice {
        ModerationMode mode;
        const char* label;
        const char* help;
    };
    const Choice choices[] = {
        {ModerationMode::pre, "Pre-moderation", "nothing shows until someone approves it (safest; the default)"},
        {ModerationMode::post, "Post-moderation", "everything shows at once unless someone rejects it"},
        {ModerationMode::delay, "Delay", "a post shows after a delay unless someone rejects it first"},
    };
    for (const auto& c : choices) {
        if (ImGui::RadioButton(c.label, ui.mode == c.mode)) {
            ui.mode = c.mode;
            ui.edited = true;
        }
        probe_last_item(std::string("mode ") + to_string(c.mode));
        ImGui::SameLine(170);
        ImGui::TextDisabled("%s", c.help);
    }
    ImGui::BeginDisabled(ui.mode != ModerationMode::delay);
    ImGui::Indent(28);
    ImGui::SetNextItemWidth(130);
    if (ImGui::InputInt("minutes of delay", &ui.draft.delay_minutes, 1, 5)) ui.edited = true;
    probe_last_item("delay minutes");
    ImGui::Unindent(28);
    ImGui::EndDisabled();
}

void draw_automatic(RulesUi& ui) {
    ImGui::Spacing();
    rules_heading("Automatic rules (applied the moment a post arrives)");
    ImGui::TextUnformatted("Word list, one a line; checked in the text, the display name and the handle:");
    if (ImGui::InputTextMultiline("##words", &ui.words, ImVec2(-1, 60))) ui.edited = true;
    probe_last_item("word list");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("A match:");
    ImGui::SameLine(130);
    if (ImGui::RadioButton("waits for a person##w", ui.draft.word_action == "hold")) ui.draft.word_action = "hold", ui.edited = true;
    ImGui::SameLine();
    if (ImGui::RadioButton("is rejected##w", ui.draft.word_action == "reject")) ui.draft.word_action = "reject", ui.edited = true;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Links:");
    ImGui::SameLine(130);
    for (const char* p : {"allow", "hold", "reject"}) {
        std::string label = std::string(p == std::string("allow") ? "allowed" : p == std::string("hold") ? "wait for a person" : "rejected") + "##link";
        if (ImGui::RadioButton(label.c_str(), ui.draft.link_policy == p)) ui.draft.link_policy = p, ui.edited = true;
        probe_last_item(std::string("links ") + p);
        ImGui::SameLine();
    }
    ImGui::NewLine();
    if (ImGui::Checkbox("Hide images of posts marked sensitive", &ui.draft.hide_sensitive_media)) ui.edited = true;
}

void draw_authors(App& app, RulesUi& ui) {
    const ModerationRules& live = app.state().event.moderation;
    rules_heading("Authors");
    ImGui::TextDisabled("source:handle, e.g. mastodon:ana@social.example");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##author", "mastodon:someone@server.example", &ui.author);
    probe_last_item("author key");
    ImGui::BeginDisabled(trim(ui.author).empty());
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.96f, 0.84f, 0.84f, 1));
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ImGui::Button("Block", ImVec2(half, 0))) {
        if (app.apply_said(set_author(app.dir(), app.state(), {trim(ui.author), "", "block", ""}, app.user())))
            ui.author.clear();
    }
    ImGui::PopStyleColor();
    probe_last_item("block author");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.93f, 0.82f, 1));
    if (ImGui::Button("Trust", ImVec2(half, 0))) {
        if (app.apply_said(set_author(app.dir(), app.state(), {trim(ui.author), "", "trust", ""}, app.user())))
            ui.author.clear();
    }
    ImGui::PopStyleColor();
    probe_last_item("trust author");
    ImGui::EndDisabled();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Blocked: every post rejected on arrival, waiting ones too. Trusted: approved on arrival "
                        "(the word list still applies).");
    ImGui::PopTextWrapPos();

    std::string remove;
    auto list = [&](const char* title, const std::vector<std::string>& authors, const char* none) {
        ImGui::Spacing();
        ImGui::Text("%s (%zu)", title, authors.size());
        if (authors.empty()) ImGui::TextDisabled("%s", none);
        for (const auto& a : authors) {
            ImGui::PushID(a.c_str());
            if (ImGui::SmallButton("remove")) remove = a;
            ImGui::PopID();
            ImGui::SameLine();
            ImGui::TextUnformatted(a.c_str());
        }
    };
    list("Blocked", live.blocked_authors, "nobody");
    list("Trusted", live.trusted_authors, "nobody");
    if (!remove.empty()) app.apply_said(set_author(app.dir(), app.state(), {remove, "", "none", ""}, app.user()));
}

void draw_audit(App& app, float height) {
    const State& s = app.state();
    rules_heading("Audit trail");
    ImGui::SameLine();
    ImGui::TextDisabled("every decision, newest first (%zu)", s.decisions.size());
    if (s.decisions.empty()) {
        ImGui::TextDisabled("No decisions yet.");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("audit", 5, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, 120);
    ImGui::TableSetupColumn("Who", ImGuiTableColumnFlags_WidthFixed, 90);
    ImGui::TableSetupColumn("Decision", ImGuiTableColumnFlags_WidthFixed, 70);
    ImGui::TableSetupColumn("Post", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Why", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.decisions.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const ModerationDecision& d = s.decisions[s.decisions.size() - 1 - static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(local_time_label(s, d.at).c_str());
            ImGui::TableSetColumnIndex(1);
            if (d.by == "rules") ImGui::TextColored(ImVec4(0.35f, 0.3f, 0.65f, 1), "rules");
            else ImGui::TextUnformatted(d.by.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(d.action.c_str());
            ImGui::TableSetColumnIndex(3);
            const PostRecord* r = s.find(d.post_id);
            std::string what = r ? (r->post.author_display_name.empty() ? "@" + r->post.author_handle
                                                                         : r->post.author_display_name) +
                                       ": " + one_line(r->post.text, 120)
                                 : d.post_id;
            ImGui::TextUnformatted(what.c_str());
            ImGui::TableSetColumnIndex(4);
            ImGui::TextDisabled("%s", d.reason.empty() ? "-" : d.reason.c_str());
        }
    ImGui::EndTable();
}

}  // namespace

void draw_rules_panel(App& app) {
    RulesUi& ui = app.rules;
    const State& s = app.state();
    if (!ui.edited && ui.loaded_revision != s.revision) {
        ui.mode = s.event.moderation_mode;
        ui.draft = s.event.moderation;
        ui.words.clear();
        for (const auto& w : ui.draft.blocked_words) ui.words += w + "\n";
        ui.loaded_revision = s.revision;
    }
    panel_title_bar("Moderation rules",
                    "How posts reach the screens. Rules decide the moment a post arrives, as \"rules\" with their "
                    "reason in the audit trail; a person's decision always wins and can be undone.");
    float right_w = 380;
    const float top_h = 412;
    ImGui::BeginChild("policy", ImVec2(ImGui::GetContentRegionAvail().x - right_w - 8, top_h), true);
    draw_mode(ui);
    draw_automatic(ui);
    ImGui::Spacing();
    ImGui::BeginDisabled(!ui.edited);
    if (ImGui::Button("Save rules")) {
        ModerationRules r = ui.draft;
        r.blocked_words = lines_of(ui.words);
        if (app.apply_said(save_moderation_policy(app.dir(), app.state(), ui.mode, r, app.user()))) {
            ui.edited = false;
            ui.loaded_revision = UINT64_MAX;
        }
    }
    probe_last_item("save rules");
    ImGui::SameLine();
    if (ImGui::Button("Revert")) ui.edited = false, ui.loaded_revision = UINT64_MAX;
    ImGui::EndDisabled();
    if (ui.edited) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.8f, 0.5f, 0, 1), "unsaved changes");
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("authors", ImVec2(0, top_h), true);
    draw_authors(app, ui);
    ImGui::EndChild();
    draw_audit(app, std::max(120.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing()));
}

}  // namespace lw::admin
