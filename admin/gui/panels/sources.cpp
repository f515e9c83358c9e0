// The sources panel: the networks the event listens to (add, enable, disable), their tokens (typed
// into secrets.json, mode 0600, never shown again), a "test connection" that runs on an lw::Worker,
// and each source's live status from the ingest daemon's status file (re-read every two seconds).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <memory>
#include <set>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/connectors/connector.hpp"
#include "learnwall/connectors/http.hpp"
#include "learnwall/connectors/ingest.hpp"
#include "learnwall/actions/sources.hpp"
#include "learnwall/secrets.hpp"
#include "learnwall/text.hpp"
#include "learnwall/worker.hpp"

namespace lw::admin {

// One "test connection" as the panel shows it: filled on the UI thread from the worker's inbox.
struct ConnectionTest {
    bool done = false;
    bool ok = false;
    std::string message;
};

// Files read at most every two seconds, not every frame.
struct SourcesCache {
    std::chrono::steady_clock::time_point loaded_at{};
    std::string dir;
    std::optional<Secrets> secrets;
    std::string secrets_error;
    std::map<std::string, connectors::SourceStatus> status;
    std::string status_error;
    // Connection tests run here (they wait on the network); results come back through the inbox and
    // are taken once a frame. Closing the window raises the worker's stop flag: a test in flight gives up.
    std::shared_ptr<Inbox<SourceTestResult>> test_results = std::make_shared<Inbox<SourceTestResult>>();
    std::unique_ptr<Worker> tests = std::make_unique<Worker>([] {
        WorkerOptions o;
        o.threads = 2;                    // two sources tested at once; a slow one does not hold the other
        o.finish_queue_on_stop = false;   // nobody reads a test once the window closes
        return o;
    }());
};

namespace {

const ImVec4 kBad(0.75f, 0.12f, 0.12f, 1), kGood(0.10f, 0.50f, 0.20f, 1);

void refresh_cache(App& app, SourcesUi& ui, bool force) {
    if (!ui.cache) ui.cache = std::make_shared<SourcesCache>();
    SourcesCache& c = *ui.cache;
    auto t = std::chrono::steady_clock::now();
    if (!force && c.dir == app.dir().path() && t - c.loaded_at < std::chrono::seconds(2)) return;
    c.loaded_at = t;
    c.dir = app.dir().path();
    auto secrets = load_secrets(c.dir);
    c.secrets.reset();
    c.secrets_error.clear();
    if (secrets) c.secrets = std::move(*secrets);
    else c.secrets_error = secrets.error();
    auto status = connectors::load_source_status(c.dir);
    c.status_error.clear();
    if (status) c.status = std::move(*status);
    else c.status_error = status.error();
}

std::string token_state(const SourcesCache& c, const SourceConfig& src) {
    if (!c.secrets) return "unknown";
    const Secrets& s = *c.secrets;
    if (src.kind == "mastodon")
        return s.mastodon_token_for(connectors::url_host(src.base_url)).empty() ? "none (public)" : "set ••••••••";
    if (src.kind == "bluesky")
        return s.bluesky_app_password.empty() || s.bluesky_handle.empty() ? "missing" : "set ••••••••";
    if (src.kind == "x") return s.x_bearer_token.empty() ? "missing" : "set ••••••••";
    if (src.kind == "slack") return s.slack_token.empty() ? "missing" : "set ••••••••";
    if (src.kind == "teams")
        return s.teams_tenant.empty() || s.teams_client_id.empty() || s.teams_client_secret.empty() ? "missing" : "set ••••••••";
    return "unknown";
}

// Starts a connection test on the panel's worker (test_source_connection, the one `source test` runs).
void start_test(App& app, SourcesUi& ui, const SourceConfig& src) {
    refresh_cache(app, ui, false);
    ui.tests[src.id] = std::make_shared<ConnectionTest>();
    SourcesCache& c = *ui.cache;
    std::string dir = app.dir().path();
    Worker* worker = c.tests.get();
    c.tests->post([inbox = c.test_results, worker, dir, src] {
        inbox->push(test_source_connection(dir, src, worker->stop_flag()));
    });
}

// Hands finished tests to their rows (a test of a source since removed is dropped).
void take_test_results(SourcesUi& ui) {
    if (!ui.cache) return;
    for (auto& r : ui.cache->test_results->take()) {
        auto it = ui.tests.find(r.source_id);
        if (it == ui.tests.end() || !it->second) continue;
        it->second->ok = r.ok;
        it->second->message = std::move(r.message);
        it->second->done = true;
    }
}

void draw_add_source(App& app, SourcesUi& ui) {
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Add a source");
    ImGui::PopFont();
    static const char* kinds[] = {"mastodon", "bluesky", "x", "slack", "teams"};
    ImGui::SetNextItemWidth(120);
    if (ImGui::Combo("##kind", &ui.new_kind, kinds, 5)) ui.new_base_url = default_source_base_url(kinds[ui.new_kind]);
    const bool chat = ui.new_kind >= 3;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(300);
    ImGui::InputTextWithHint("##base", "https://mastodon.social", &ui.new_base_url);
    probe_last_item("new source url");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(340);  // wide enough for its hint, which says how tags are split
    ImGui::InputTextWithHint("##tags", chat ? "#tags that filter the channel (default: every message)"
                                            : "#tags, comma-separated (default: the event's)",
                             &ui.new_tags);
    probe_last_item("new source tags");
    if (chat) {
        // A chat source follows one channel (and, for Teams, the team it is in).
        ImGui::SetNextItemWidth(220);
        ImGui::InputTextWithHint("##channel", ui.new_kind == 3 ? "channel id, e.g. C0123ABCD" : "channel id (19:...)", &ui.new_channel);
        probe_last_item("new source channel");
        if (ui.new_kind == 4) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(300);
            ImGui::InputTextWithHint("##team", "team id (a GUID)", &ui.new_team);
            probe_last_item("new source team");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(340);
            ImGui::InputTextWithHint("##tokenurl", "token URL (default: Microsoft's, for the tenant)", &ui.new_token_url);
            probe_last_item("new source token url");
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Add source")) {
        // The shared action checks and splits as `source add` does, and says the same words.
        SourceRequest r;
        r.kind = kinds[ui.new_kind];
        r.base_url = ui.new_base_url;
        r.tags = {ui.new_tags};
        if (chat) {
            r.channel = ui.new_channel;
            if (ui.new_kind == 4) r.team = ui.new_team, r.token_url = ui.new_token_url;
        }
        auto done = add_source(app.dir(), app.state(), r, app.user());
        if (app.apply(done ? Status{} : Status{fail(done.error())}, done ? *done : "")) {
            ui.new_base_url.clear();
            ui.new_tags.clear();
            ui.new_channel.clear();
            ui.new_team.clear();
            ui.new_token_url.clear();
        }
    }
    probe_last_item("add source");
}

void draw_tokens(App& app, SourcesUi& ui) {
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted("Tokens");
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Saved to secrets.json in the data directory (readable by you only). Typed text is masked and "
                        "never shown again; leave a field empty and save to remove a token.");
    ImGui::PopTextWrapPos();
    struct Field {
        const char* label;
        std::string key;
    };
    std::vector<Field> fields{{"X bearer token", "x_bearer_token"},
                              {"Bluesky handle", "bluesky_handle"},
                              {"Bluesky app password", "bluesky_app_password"},
                              {"Slack bot token", "slack_token"},
                              {"Teams tenant", "teams_tenant"},
                              {"Teams client id", "teams_client_id"},
                              {"Teams client secret", "teams_client_secret"}};
    std::set<std::string> hosts;
    for (const auto& s : app.state().event.sources)
        if (s.kind == "mastodon") hosts.insert(connectors::url_host(s.base_url));
    for (const auto& h : hosts) fields.push_back({nullptr, "mastodon_tokens." + h});
    for (const auto& f : fields) {
        std::string label = f.label ? f.label : "Mastodon token for " + f.key.substr(16);
        ImGui::PushID(f.key.c_str());
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(label.c_str());
        ImGui::SameLine(290);
        ImGui::SetNextItemWidth(360);
        std::string& buf = ui.token_input[f.key];
        const bool plain = f.key == "bluesky_handle" || f.key == "teams_tenant" || f.key == "teams_client_id";
        ImGuiInputTextFlags flags = plain ? 0 : ImGuiInputTextFlags_Password;
        ImGui::InputTextWithHint("##v", "paste here", &buf, flags);
        probe_last_item("token " + f.key);
        ImGui::SameLine();
        if (ImGui::Button("Save")) {
            auto st = save_secret(app.dir().path(), f.key, buf);
            if (!st) app.say(st.error(), true);
            else app.say(label + (trim(buf).empty() ? " removed" : " saved to secrets.json"));
            buf.clear();
            refresh_cache(app, ui, true);
        }
        probe_last_item("save token " + f.key);
        ImGui::PopID();
    }
}

}  // namespace

void draw_sources_panel(App& app) {
    SourcesUi& ui = app.sources;
    const State& s = app.state();
    refresh_cache(app, ui, false);
    take_test_results(ui);
    const SourcesCache& c = *ui.cache;
    panel_title_bar("Sources",
                    "Where posts come from. The ingest daemon (learnwall-admin ingest) collects them and reports here; "
                    "a running daemon follows a source added, switched or removed here within 2 s. This window never "
                    "waits on the network.");
    std::string toggle_id;
    if (s.event.sources.empty()) {
        ImGui::TextDisabled("No sources yet: posts arrive only by hand. Add one below.");
    } else if (ImGui::BeginTable("sources", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                                   ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableSetupColumn("Tags", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn("Token", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("On", ImGuiTableColumnFlags_WidthFixed, 36);
        ImGui::TableSetupColumn("Live status", ImGuiTableColumnFlags_WidthStretch, 1.8f);
        ImGui::TableSetupColumn("##test", ImGuiTableColumnFlags_WidthFixed, 130);
        ImGui::TableHeadersRow();
        for (const auto& src : s.event.sources) {
            ImGui::PushID(src.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(src.id.c_str());
            ImGui::TextDisabled("%s", src.base_url.c_str());
            ImGui::TableSetColumnIndex(1);
            if (!src.channel.empty()) ImGui::TextDisabled("channel %s", src.channel.c_str());
            if (!src.channel.empty() && src.tags.empty()) ImGui::TextUnformatted("every message");
            for (const auto& t : src.tags) ImGui::Text("#%s", t.c_str());
            ImGui::TableSetColumnIndex(2);
            std::string token = token_state(c, src);
            if (token == "missing") ImGui::TextColored(kBad, "missing");
            else ImGui::TextUnformatted(token.c_str());
            ImGui::TableSetColumnIndex(3);
            bool on = src.enabled;
            if (ImGui::Checkbox("##on", &on)) toggle_id = src.id;
            probe_last_item("enable " + src.id);
            ImGui::TableSetColumnIndex(4);
            auto it = c.status.find(src.id);
            if (!c.status_error.empty()) {
                ImGui::TextColored(kBad, "%s", c.status_error.c_str());
            } else if (it == c.status.end()) {
                ImGui::TextDisabled("no report yet: is the ingest daemon running?");
            } else {
                const auto& st = it->second;
                if (!st.last_error.empty() && st.consecutive_failures > 0) {
                    ImGui::TextColored(kBad, "%s, %d failure%s", st.mode.c_str(), st.consecutive_failures,
                                       st.consecutive_failures == 1 ? "" : "s");
                    ImGui::PushTextWrapPos(0);
                    ImGui::TextDisabled("%s", st.last_error.c_str());
                    ImGui::PopTextWrapPos();
                } else {
                    ImGui::TextColored(kGood, "%s", st.mode.empty() ? "idle" : st.mode.c_str());
                    ImGui::TextDisabled("%lld new posts%s", static_cast<long long>(st.posts_new),
                                        st.last_success ? (", last " + local_time_label(s, *st.last_success)).c_str() : "");
                }
            }
            ImGui::TableSetColumnIndex(5);
            auto job = ui.tests.count(src.id) ? ui.tests[src.id] : nullptr;
            bool running = job && !job->done;
            ImGui::BeginDisabled(running);
            if (ImGui::Button(running ? "Testing..." : "Test connection")) start_test(app, ui, src);
            ImGui::EndDisabled();
            probe_last_item("test " + src.id);
            if (job && job->done) {
                ImGui::PushTextWrapPos(0);
                ImGui::TextColored(job->ok ? kGood : kBad, "%s", job->message.c_str());
                ImGui::PopTextWrapPos();
                probe_last_item(std::string(job->ok ? "test ok " : "test failed ") + src.id);
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (!toggle_id.empty()) {
        bool to = true;
        for (const auto& src : s.event.sources)
            if (src.id == toggle_id) to = !src.enabled;
        auto done = set_source_enabled(app.dir(), app.state(), toggle_id, to, app.user());
        app.apply(done ? Status{} : Status{fail(done.error())}, done ? *done : "");
    }
    if (!c.secrets_error.empty()) ImGui::TextColored(kBad, "%s", c.secrets_error.c_str());
    ImGui::Spacing();
    ImGui::Separator();
    draw_tokens(app, ui);
    ImGui::Spacing();
    ImGui::Separator();
    draw_add_source(app, ui);
}

}  // namespace lw::admin
