// The sources panel: the networks the event listens to, their health (from the ingest daemon's
// status file) and whether each has its token. Tokens are never shown, only whether one is set.
#include <imgui.h>

#include "gui/app.hpp"
#include "gui/imgui_sfml.hpp"

#if __has_include("learnwall/secrets.hpp")
#include "learnwall/secrets.hpp"
#define LW_ADMIN_HAVE_SECRETS 1
#endif
#if __has_include("learnwall/connectors/ingest.hpp")
#include "learnwall/connectors/ingest.hpp"
#define LW_ADMIN_HAVE_SOURCE_STATUS 1
#endif

namespace lw::admin {

namespace {

std::string host_of(const std::string& url) {
    auto start = url.find("://");
    std::string rest = start == std::string::npos ? url : url.substr(start + 3);
    return rest.substr(0, rest.find('/'));
}

}  // namespace

void draw_sources_panel(App& app) {
    const State& s = app.state();
    panel_title_bar("Sources",
                    "Where posts come from. Add or remove sources with: learnwall-admin source add/remove (see --help). "
                    "Tokens live in secrets.json (mode 0600) or environment variables and are never shown here.");
    std::string token_note;
#ifdef LW_ADMIN_HAVE_SECRETS
    auto secrets = load_secrets(app.dir().path());
    if (!secrets) token_note = secrets.error();
#endif
#ifdef LW_ADMIN_HAVE_SOURCE_STATUS
    auto status = connectors::load_source_status(app.dir().path());
#endif
    if (s.event.sources.empty()) {
        ImGui::TextDisabled("No sources yet: posts arrive only by hand (learnwall-admin post add).");
        return;
    }
    if (ImGui::BeginTable("sources", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        for (const char* h : {"Source", "Server", "Tags", "Token", "State", "Last news"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const auto& src : s.event.sources) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::Text("%s", src.id.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(src.base_url.c_str());
            ImGui::TableSetColumnIndex(2);
            std::string tags;
            for (const auto& t : src.tags) tags += "#" + t + " ";
            ImGui::TextUnformatted(tags.c_str());
            ImGui::TableSetColumnIndex(3);
            std::string token = "unknown";
#ifdef LW_ADMIN_HAVE_SECRETS
            if (secrets) {
                bool set = src.kind == "mastodon" ? !secrets->mastodon_token_for(host_of(src.base_url)).empty()
                         : src.kind == "bluesky" ? !secrets->bluesky_app_password.empty()
                         : src.kind == "x"       ? !secrets->x_bearer_token.empty()
                                                 : false;
                token = set ? "set ••••••" : (src.kind == "mastodon" ? "none (public timeline)" : "missing");
            }
#endif
            ImGui::TextUnformatted(token.c_str());
            ImGui::TableSetColumnIndex(4);
            ImGui::TextUnformatted(src.enabled ? "enabled" : "disabled");
            ImGui::TableSetColumnIndex(5);
#ifdef LW_ADMIN_HAVE_SOURCE_STATUS
            if (status) {
                auto it = status->find(src.id);
                if (it == status->end()) {
                    ImGui::TextDisabled("the ingest daemon has not reported yet");
                } else {
                    const auto& st = it->second;
                    if (!st.last_error.empty() && st.consecutive_failures > 0)
                        ImGui::TextColored(ImVec4(0.75f, 0.12f, 0.12f, 1), "%s: %d failures: %s", st.mode.c_str(),
                                           st.consecutive_failures, st.last_error.c_str());
                    else
                        ImGui::Text("%s, %lld new posts%s", st.mode.c_str(), static_cast<long long>(st.posts_new),
                                    st.last_success ? (", last " + local_time_label(s, *st.last_success)).c_str() : "");
                }
            } else {
                ImGui::TextColored(ImVec4(0.75f, 0.12f, 0.12f, 1), "%s", status.error().c_str());
            }
#else
            ImGui::TextDisabled("status not available in this build");
#endif
        }
        ImGui::EndTable();
    }
    if (!token_note.empty()) ImGui::TextColored(ImVec4(0.75f, 0.12f, 0.12f, 1), "%s", token_note.c_str());
}

}  // namespace lw::admin
