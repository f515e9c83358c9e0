// The admin window's frame: header, navigation, the chosen panel, status bar; refresh and publish.
#include "gui/app.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>
#include <set>

#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/actions/event.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/actions/screens.hpp"
#include "learnwall/moderation_rules.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/time_text.hpp"

namespace lw::admin {

namespace {
constexpr auto kRefreshEvery = std::chrono::milliseconds(500);
}

const char* panel_id(Panel p) {
    switch (p) {
        case Panel::moderation: return "moderation";
        case Panel::rules: return "rules";
        case Panel::challenges: return "challenges";
        case Panel::quotes: return "quotes";
        case Panel::scoring: return "scoring";
        case Panel::roster: return "roster";
        case Panel::sources: return "sources";
        case Panel::display: return "display";
        case Panel::screens: return "screens";
        case Panel::report: return "report";
    }
    return "moderation";
}

const char* panel_title(Panel p) {
    switch (p) {
        case Panel::moderation: return "Moderation";
        case Panel::rules: return "Moderation rules";
        case Panel::challenges: return "Challenges";
        case Panel::quotes: return "Quotes & announcements";
        case Panel::scoring: return "Scoring";
        case Panel::roster: return "Roster";
        case Panel::sources: return "Sources";
        case Panel::display: return "Display";
        case Panel::screens: return "Screens";
        case Panel::report: return "Report";
    }
    return "Moderation";
}

std::optional<Panel> panel_from_id(const std::string& id) {
    for (Panel p : kAllPanels)
        if (id == panel_id(p)) return p;
    return std::nullopt;
}

std::string local_time_label(const State& s, Instant t) {
    auto text = local_time_text(t, s.event.timezone);
    return text.empty() ? format_rfc3339(t) : text;  // a zone the machine does not know: still a time
}

std::string one_line(const std::string& text, size_t max_bytes) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes));
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t') {
            if (!space) out += ' ';
            space = true;
            continue;
        }
        space = c == ' ';
        out += c;
        if (out.size() >= max_bytes) {
            // Never cut a UTF-8 sequence in half.
            while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
            if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
            out += "…";
            break;
        }
    }
    return out;
}

Status App::open(const std::string& path) {
    auto dir = DataDir::open(path);
    if (!dir) return fail(dir.error());
    auto st = dir->load();
    if (!st) return fail(st.error());
    finish_decisions();  // the previous directory's decisions are recorded there first
    stop_decider();
    dir_ = std::move(*dir);
    state_ = std::move(*st);
    worker_state_ = state_;  // the worker's own copy: it never reads the one the frame draws
    start_decider();
    publisher_ = std::make_unique<BackgroundPublisher>(*dir_);
    moderation = ModerationUi{};
    challenges = ChallengesUi{};
    quotes = QuotesUi{};
    display.draft = DisplaySettings{};
    display.edited = false;
    display.loaded_revision = UINT64_MAX;
    rules = RulesUi{};
    sources = SourcesUi{};
    report = ReportUi{};
    last_refresh_ = std::chrono::steady_clock::now();
    if (!state_.warning.empty()) say("note: " + state_.warning);
    return {};
}

void App::refresh_if_due() {
    if (!dir_) return;
    drain_decisions();
    auto t = std::chrono::steady_clock::now();
    if (t - last_refresh_ < kRefreshEvery) return;
    last_refresh_ = t;
    if (auto st = dir_->catch_up(state_); !st) say("could not read the latest changes: " + st.error(), true);
    if (auto err = publisher_->take_error(); !err.empty()) say("saved, but screens were not updated: " + err, true);
    // Delay mode: posts come due with time alone, so look now and then and publish when some have.
    if (state_.event.moderation_mode == ModerationMode::delay && t - last_rules_check_ > std::chrono::seconds(20)) {
        last_rules_check_ = t;
        if (!due_rule_decisions(state_, now()).empty()) publish();
    }
}

void App::publish() {
    if (publisher_) publisher_->request();
}

void App::say(std::string message, bool error) {
    status_ = std::move(message);
    status_error_ = error;
}

bool App::apply(const Status& st, const std::string& done) {
    if (!st) {
        say(st.error() + " (nothing was changed)", true);
        return false;
    }
    say(done);
    publish();
    return true;
}

bool App::apply_said(const Result<std::string>& done) {
    if (!done) {
        say(done.error() + " (nothing was changed)", true);
        return false;
    }
    say(*done);
    publish();
    return true;
}

App::~App() {
    finish_decisions();  // records what was decided and asks for one more wall.json (the publisher finishes it)
    stop_decider();
}

void App::start_decider() {
    WorkerOptions o;
    o.order = WorkerOptions::Order::fifo;  // decisions are recorded in the order they were taken
    o.finish_queue_on_stop = true;         // nothing taken in the window is lost when it closes
    decider_ = std::make_unique<Worker>(o);
}

void App::stop_decider() {
    decider_.reset();  // runs what is still queued, then joins
    decisions_done_.take();
    in_flight_.clear();
}

bool App::moderate(const std::vector<std::string>& ids, const std::string& action, const std::string& reason) {
    if (ids.empty() || !dir_) return false;
    // What undoes this decision, from the posts as the window shows them now (earlier decisions
    // still in flight included, so undo steps back one decision at a time).
    size_t known = 0;
    std::set<std::string> seen;
    for (const auto& id : ids)
        if (state_.find(id) && seen.insert(id).second) ++known;
    DecisionUndo undo = undo_inverse(state_, ids, action, known);
    InFlight f{action, undo.label, reason, preview_decision(state_, ids, action, user_), known};
    if (!moderation.dirty && moderation.built_revision == state_.revision) {
        // Only these posts changed: move their rows instead of filtering 10,000 posts again.
        ModerationView v{std::move(moderation.rows), moderation.pending, moderation.approved, moderation.rejected};
        refilter_posts(state_, moderation.filter, v, f.before);
        moderation.rows = std::move(v.rows);
        moderation.pending = v.pending;
        moderation.approved = v.approved;
        moderation.rejected = v.rejected;
    } else {
        moderation.dirty = true;
    }
    const std::uint64_t ticket = next_ticket_++;
    in_flight_.emplace(ticket, std::move(f));
    moderation.undo = std::move(undo);
    say(moderation.undo->label + (reason.empty() ? "" : " (reason: " + reason + ")"));
    // The journal append and its fsync run on the worker: no frame waits for the disk.
    decider_->post([this, ticket, ids, action, reason, by = user_, dir = *dir_] {
        auto done = moderate_posts(dir, worker_state_, ids, action, by, reason);
        decisions_done_.push({ticket, done ? std::string() : done.error()});
    });
    return true;
}

void App::drain_decisions() {
    if (!dir_) return;
    bool recorded = false;
    std::size_t entries = 0;
    for (auto& out : decisions_done_.take()) {
        auto it = in_flight_.find(out.ticket);
        if (it == in_flight_.end()) continue;
        if (!out.error.empty()) {
            // Refused (a post deleted meanwhile, a pin of a rejected post): show it as it really is.
            restore_records(state_, it->second.before);
            if (moderation.undo && moderation.undo->label == it->second.label) moderation.undo.reset();
            moderation.dirty = true;
            say(it->second.action + " failed: " + out.error + " (nothing was changed)", true);
        } else {
            recorded = true;
            entries += it->second.entries;
        }
        in_flight_.erase(it);
    }
    if (!recorded) return;
    // The entries are in the journal now: read them (a few lines) so the audit trail and revision follow.
    const std::uint64_t was = state_.revision;
    const std::size_t posts = state_.posts.size();
    if (auto st = dir_->catch_up(state_); !st) say("could not read the latest changes: " + st.error(), true);
    // Only our own entries arrived: the list shows them already (the preview), so it need not be
    // filtered again (10,000 posts: a few ms of a frame). Anything else arrived: it is rebuilt.
    if (!moderation.dirty && moderation.built_revision == was && state_.revision - was == entries &&
        state_.posts.size() == posts)
        moderation.built_revision = state_.revision;
    publish();
}

void App::finish_decisions() {
    if (decider_) decider_->wait_idle();
    drain_decisions();
}

void App::draw_welcome() {
    ImGui::PushFont(big_font());
    ImGui::TextUnformatted("learnwall admin");
    ImGui::PopFont();
    ImGui::Spacing();
    ImGui::TextWrapped(
        "No event is open. An event lives in a data directory (event.json, the journal of posts and "
        "decisions, and the published wall.json that screens read).");
    ImGui::Spacing();
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Open an event");
    ImGui::PopFont();
    ImGui::SetNextItemWidth(520);
    bool enter = ImGui::InputTextWithHint("##path", "/path/to/event-data", &open_path,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    probe_last_item("open path");
    ImGui::SameLine();
    if (ImGui::Button("Open") || enter) {
        if (auto st = open(open_path); !st) say(st.error(), true);
        else say("opened " + open_path);
    }
    probe_last_item("Open");
    ImGui::Spacing();
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Create a new event");
    ImGui::PopFont();
    ImGui::TextWrapped("Create one from a terminal, then open it here (or start the window with --data DIR):");
    ImGui::Spacing();
    ImGui::TextUnformatted(
        "    learnwall-admin init --data ~/nlaw-2026 --name \"Learning at Work Week\" \\\n"
        "        --start 2026-05-18 --end 2026-05-24 --timezone Europe/London\n"
        "    learnwall-admin --data ~/nlaw-2026");
    ImGui::Spacing();
    ImGui::TextDisabled("learnwall-admin --help lists every command.");
}

void App::draw_header() {
    const Event& e = state_.event;
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted(shown(e.name));
    ImGui::PopFont();
    ImGui::SameLine();
    std::string tags;
    for (const auto& t : e.hashtags) tags += " #" + t;
    ImGui::TextDisabled("%s to %s  (%s)  %s", format_date(e.start).c_str(), format_date(e.end).c_str(),
                        e.timezone.c_str(), tags.c_str());
    // The "blank all screens" switch stays in reach on every panel: one click, every kiosk goes calm.
    float right = ImGui::GetWindowContentRegionMax().x;
    const bool blank = e.display.blank;
    const char* label = blank ? "SCREENS BLANK: show the wall" : "Blank all screens";
    float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(right - w);
    ImGui::PushStyleColor(ImGuiCol_Button, blank ? ImVec4(0.78f, 0.16f, 0.16f, 1) : ImVec4(0.93f, 0.93f, 0.95f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, blank ? ImVec4(0.88f, 0.25f, 0.25f, 1) : ImVec4(0.96f, 0.80f, 0.80f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, blank ? ImVec4(1, 1, 1, 1) : ImVec4(0.60f, 0.08f, 0.08f, 1));
    bool clicked = ImGui::Button(label);
    ImGui::PopStyleColor(3);
    probe_last_item("header blank");
    if (clicked)
        apply(set_screens_blank(*dir_, state_, !blank, user_),
              blank ? "screens show the wall again" : "all screens blanked (they show a holding screen within seconds)");
    const std::string mode = moderation_mode_text(e);
    ImGui::TextDisabled("%s  ·  revision %llu", mode.c_str(), static_cast<unsigned long long>(state_.revision));
    if (e.display.blank) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextUnformatted("  All screens are blanked: they show a calm holding screen.");
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
}

void App::draw_navigation() {
    for (Panel p : kAllPanels) {
        std::string label = panel_title(p);
        if (p == Panel::moderation && moderation.pending > 0)
            label += "  (" + std::to_string(moderation.pending) + ")";
        if (p == Panel::screens && screens.quiet > 0) label += "  (" + std::to_string(screens.quiet) + " quiet)";
        label += "##nav";
        const bool alarm = p == Panel::screens && screens.quiet > 0;
        if (alarm) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        if (ImGui::Selectable(label.c_str(), panel == p, 0, ImVec2(0, 28))) panel = p;
        if (alarm) ImGui::PopStyleColor();
        probe_last_item(std::string("nav ") + panel_id(p));
    }
}

void App::draw_status_bar() {
    ImGui::Separator();
    if (status_.empty()) {
        ImGui::TextDisabled("%s", dir_ ? ("data: " + dir_->path() + "   acting as: " + user_).c_str() : "");
    } else if (status_error_) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextUnformatted(status_.c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextUnformatted(status_.c_str());
    }
    // Test scripts read the status line from the probes: "status error: ..." or "status ok: ...".
    if (!status_.empty()) probe_last_item(std::string("status ") + (status_error_ ? "error: " : "ok: ") + status_);
}

void App::draw() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin("learnwall-admin", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    float status_h = ImGui::GetFrameHeightWithSpacing() + 4;
    if (!dir_) {
        ImGui::BeginChild("welcome", ImVec2(0, -status_h), false);
        draw_welcome();
        ImGui::EndChild();
        draw_status_bar();
        ImGui::End();
        return;
    }
    update_screens(*this);
    draw_header();
    ImGui::BeginChild("nav", ImVec2(220, -status_h), true);
    draw_navigation();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("panel", ImVec2(0, -status_h), false);
    switch (panel) {
        case Panel::moderation: draw_moderation_panel(*this); break;
        case Panel::rules: draw_rules_panel(*this); break;
        case Panel::challenges: draw_challenges_panel(*this); break;
        case Panel::quotes: draw_quotes_panel(*this); break;
        case Panel::scoring: draw_scoring_panel(*this); break;
        case Panel::roster: draw_roster_panel(*this); break;
        case Panel::sources: draw_sources_panel(*this); break;
        case Panel::display: draw_display_panel(*this); break;
        case Panel::screens: draw_screens_panel(*this); break;
        case Panel::report: draw_report_panel(*this); break;
    }
    ImGui::EndChild();
    draw_status_bar();
    ImGui::End();
}

void panel_title_bar(const char* title, const char* subtitle) {
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    if (subtitle && *subtitle) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", subtitle);
        ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();
}

}  // namespace lw::admin
