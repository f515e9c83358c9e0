// The screens panel: which kiosks polled the hub and when, from nginx's access log (every kiosk
// started with --screen-id names itself on each poll), and what they drew: the proof-of-display figures
// of `learnwall-admin shown` (share of approved posts shown, never shown, median wait, the posts not on a
// screen yet). A worker thread follows the log and computes both (gui/screens_watch.hpp); this file only
// draws its latest snapshot, so a slow or huge log never holds a frame. A quiet screen (the rule in
// learnwall/actions/screens.hpp, shared with `screens`) is flagged here and in the navigation.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "gui/screens_watch.hpp"
#include "gui/glyphs.hpp"
#include "learnwall/actions/screens.hpp"
#include "learnwall/report.hpp"
#include "learnwall/shown.hpp"
#include "learnwall/time_text.hpp"
#include "learnwall/utf8.hpp"

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


// The never-shown table's author: the name screens would show, with the handle an organiser searches by.
std::string never_shown_author(const Post& p) {
    if (!p.author_display_name.empty() && !p.author_handle.empty())
        return p.author_display_name + " (@" + p.author_handle + ")";
    if (!p.author_display_name.empty()) return p.author_display_name;
    return "@" + p.author_handle;
}

// The first words of a post, on one line: enough to recognise the tip, cut at a word, never inside a
// character (the text is UTF-8 from anywhere).
std::string never_shown_first_words(std::string_view text, std::size_t most = 70) {
    std::u32string out;
    bool space = false, cut = false;
    for (char32_t c : utf8_to_u32(text)) {
        const bool is_space = c == U' ' || c == U'\n' || c == U'\t' || c == U'\r';
        if (is_space) {
            space = !out.empty();
            continue;
        }
        if (out.size() + (space ? 1 : 0) >= most) {
            cut = true;
            break;
        }
        if (space) out += U' ';
        space = false;
        out += c;
    }
    if (cut) {
        if (auto sp = out.rfind(U' '); sp != std::u32string::npos && sp > most / 2) out.resize(sp);
        out += U'\u2026';
    }
    return u32_to_utf8(out);
}

// A big number over its label, as on the moderation panel.
void seen_figure(const std::string& value, const ImVec4& colour, const char* label, const std::string& probe) {
    // A narrow (portrait) window wraps the figures rather than cutting the last ones off.
    ImGui::PushFont(big_font());
    const float value_w = ImGui::CalcTextSize(value.c_str()).x;
    ImGui::PopFont();
    const float width = std::max(value_w, ImGui::CalcTextSize(label).x);
    if (ImGui::GetCursorPosX() > ImGui::GetWindowContentRegionMin().x + 1 && ImGui::GetContentRegionAvail().x < width)
        ImGui::NewLine();
    ImGui::BeginGroup();
    ImGui::PushFont(big_font());
    ImGui::TextColored(colour, "%s", value.c_str());
    ImGui::PopFont();
    probe_last_item(probe);
    ImGui::TextDisabled("%s", label);
    ImGui::EndGroup();
    ImGui::SameLine(0, 40);
}

// Proof of display: the figures `learnwall-admin shown` prints, from the same shared functions, as the
// screens reported them. The probes carry the figures so a test can compare them with the CLI's --json.
void draw_seen_figures(const ScreensSnapshot& snap) {
    const SeenOnScreen& seen = *snap.seen;
    const ImVec4 dim = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * seen.share_shown());
    const std::string shown_of = std::to_string(seen.shown) + " of " + std::to_string(seen.approved);
    seen_figure(pct, seen.approved == 0 ? dim : seen.shown == seen.approved ? kLive : ImVec4(0.70f, 0.45f, 0.05f, 1),
                ("approved posts shown (" + shown_of + ")").c_str(), "seen shown " + shown_of);
    const std::size_t never = seen.approved - seen.shown;
    seen_figure(std::to_string(never), never ? kQuiet : dim, "never shown", "seen never " + std::to_string(never));
    if (seen.median_first_seconds)
        seen_figure(seen_wait_words(*seen.median_first_seconds), ImGui::GetStyleColorVec4(ImGuiCol_Text),
                    "median wait to first showing", "seen median " + std::to_string(*seen.median_first_seconds));
    else
        seen_figure("-", dim, "median wait to first showing", "seen median none");
    ImGui::NewLine();
    // What the CLI prints beside its figures: records refused, records the kiosks dropped, unknown ids.
    std::string note = "as the screens reported it: " + std::to_string(snap.shown_records) +
                       (snap.shown_records == 1 ? " record" : " records");
    if (snap.shown_refused > 0)
        note += "; " + std::to_string(snap.shown_refused) + (snap.shown_refused == 1 ? " record" : " records") +
                " refused (malformed, or a time far from its poll)";
    if (seen.dropped > 0)
        note += "; screens dropped " + std::to_string(seen.dropped) + " records while the hub was unreachable: a lower bound";
    if (seen.unknown_ids > 0)
        note += "; " + std::to_string(seen.unknown_ids) + " post id(s) reported that are not approved posts of this event";
    if (snap.head_bytes > 0) {
        char prog[96];
        std::snprintf(prog, sizeof prog, "; still reading the log's older part (%.0f of %.0f MB): figures so far",
                      snap.head_read / 1048576.0, snap.head_bytes / 1048576.0);
        note += prog;
    } else if (snap.skipped_head) {
        note += "; the log's older part could not be read (rotated meanwhile): a lower bound";
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", note.c_str());
    ImGui::PopTextWrapPos();
    probe_last_item("seen refused " + std::to_string(snap.shown_refused));
    if (!snap.shown_problems.empty() && ImGui::TreeNode("Records refused")) {
        for (const auto& p : snap.shown_problems) ImGui::BulletText("%s", shown(p));
        ImGui::TreePop();
    }
}

// The approved posts no screen has drawn yet, oldest first: which tips have not reached a screen.
void draw_never_shown(App& app, const SeenOnScreen& seen) {
    const State& s = app.state();
    const std::size_t never = seen.approved - seen.shown;  // seen.rows holds them first, oldest first
    if (never == 0) {
        ImGui::TextDisabled(seen.approved ? "Every approved post has been on a screen." : "No approved post yet.");
        probe_last_item("never shown none");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("never shown", 4, flags, ImVec2(0, std::max(160.0f, ImGui::GetContentRegionAvail().y - 40))))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Post", ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn("Posted", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn("Approved", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;  // a week's backlog can be thousands of rows: draw only those in view
    clipper.Begin(static_cast<int>(never));
    while (clipper.Step()) {
        for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
            const SeenRow& r = seen.rows[static_cast<std::size_t>(k)];
            const PostRecord* rec = s.find(r.id);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            if (rec) text_cell(never_shown_author(rec->post));
            else ImGui::TextDisabled("(no longer in the data)");  // the state moved on since the last join
            probe_last_item("never shown " + r.id);
            ImGui::TableSetColumnIndex(1);
            if (rec) text_cell(never_shown_first_words(rec->post.text));
            if (rec && ImGui::IsItemHovered()) {
                // The whole tip, since the cell shows its first words only.
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
                ImGui::TextUnformatted(shown(rec->post.text));
                ImGui::TextDisabled("%s", r.id.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(local_time_label(s, r.created_at).c_str());
            ImGui::TableSetColumnIndex(3);
            if (r.approved_at) ImGui::TextUnformatted(local_time_label(s, *r.approved_at).c_str());
            else ImGui::TextDisabled("by the event's mode");
        }
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
    if (app.has_data() && (ui.approved_revision != app.state().revision || ui.approved_dir != app.dir().path())) {
        // Only while the panel is shown: the list is a pass over the posts, the join runs on the worker.
        ui.watcher->set_approved(approved_for_screens(app.state()));
        ui.approved_revision = app.state().revision;
        ui.approved_dir = app.dir().path();
    }
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
    }
    // A log never read says so above; figures of "nothing shown" from it would be a false alarm.
    const bool show_seen = snap->seen && (snap->error.empty() || snap->lines > 0);
    if (!snap->screens.empty()) {
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
        if (!show_seen) ImGui::NewLine();
    }
    if (show_seen) draw_seen_figures(*snap);
    if (snap->read_once && (!snap->screens.empty() || show_seen)) {
        ImGui::Spacing();
        const std::size_t never = show_seen ? snap->seen->approved - snap->seen->shown : 0;
        if (ImGui::BeginTabBar("screens tabs")) {
            // Probed right after the tab itself, before its contents, so a script clicks the tab.
            const bool screens_open = ImGui::BeginTabItem("Screens");
            probe_last_item("screens tab");
            if (screens_open) {
                if (!snap->screens.empty()) draw_table(app, *snap, at);
                ImGui::EndTabItem();
            }
            if (show_seen) {
                // The label keeps its id when the count changes (###), so the selected tab stays selected.
                const std::string never_label = "Never shown (" + std::to_string(never) + ")###never shown tab";
                const bool never_open = ImGui::BeginTabItem(never_label.c_str());
                probe_last_item("never shown tab");
                if (never_open) {
                    draw_never_shown(app, *snap->seen);
                    ImGui::EndTabItem();
                }
            }
            ImGui::EndTabBar();
        }
    }
    if (snap->anonymous > 0 || snap->bad_lines > 0 || snap->skipped_head) {
        std::string note = std::to_string(snap->lines) + " lines read";
        if (snap->head_bytes > 0)
            note += " (its last 16 MB first; its older part is being read)";
        else if (snap->skipped_head)
            note += " (its older part was rotated away before it could be read)";
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
