// Loading connector secrets from a private file or the environment, and keeping them out of text.
#include "learnwall/secrets.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "learnwall/fsutil.hpp"
#include "learnwall/json_read.hpp"

namespace lw {

std::string Secrets::mastodon_token_for(const std::string& host) const {
    auto it = mastodon_tokens.find(host);
    if (it != mastodon_tokens.end() && !it->second.empty()) return it->second;
    return mastodon_token;
}

std::vector<std::string> Secrets::values() const {
    std::vector<std::string> v;
    for (const auto* s : {&x_bearer_token, &bluesky_app_password, &mastodon_token, &slack_token, &teams_client_secret})
        if (!s->empty()) v.push_back(*s);
    for (const auto& [host, t] : mastodon_tokens)
        if (!t.empty()) v.push_back(t);
    return v;
}

std::string Secrets::redact(std::string_view text) const {
    std::string out(text);
    for (const auto& s : values()) {
        if (s.size() < 4) continue;  // too short to tell from ordinary text
        for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos)) out.replace(pos, s.size(), "[secret]");
    }
    return out;
}

std::string secrets_path(const std::string& data_dir) { return data_dir + "/secrets.json"; }

Result<Secrets> load_secrets(const std::string& data_dir) {
    Secrets s;
    const std::string path = secrets_path(data_dir);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return fail(path + ": is a directory, expected a JSON file of tokens (mode 0600)");
        if (st.st_mode & (S_IRWXG | S_IRWXO)) {
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
            return fail(path + ": refusing to read secrets from a file other users can access (mode " + mode +
                        "); run: chmod 600 " + path);
        }
        auto text = read_file(path);
        if (!text) return fail(text.error());
        // Position only: a parse error's excerpt would print the token it was reading.
        auto doc = parse_json_text_private(*text, path);
        if (!doc) return fail(doc.error());
        try {
            JsonIn root(*doc);
            root.require_object();
            s.x_bearer_token = root.str_or("x_bearer_token", "");
            s.bluesky_handle = root.str_or("bluesky_handle", "");
            s.bluesky_app_password = root.str_or("bluesky_app_password", "");
            s.mastodon_token = root.str_or("mastodon_token", "");
            s.slack_token = root.str_or("slack_token", "");
            s.teams_tenant = root.str_or("teams_tenant", "");
            s.teams_client_id = root.str_or("teams_client_id", "");
            s.teams_client_secret = root.str_or("teams_client_secret", "");
            if (root.has("mastodon_tokens")) {
                JsonIn m = root.at("mastodon_tokens");
                m.require_object();
                for (const auto& [host, v] : m.raw().items()) s.mastodon_tokens[host] = m.str(host);
            }
        } catch (const JsonFieldError& e) {
            // Only the pointer and the expectation: never the value, which may be a secret.
            return fail(path + ": " + e.pointer + ": " + e.expected.substr(0, e.expected.find(", got")));
        }
    } else if (errno != ENOENT) {
        return fail(path + ": cannot read: " + std::strerror(errno));
    }
    auto env = [](const char* name, std::string& into) {
        if (const char* v = std::getenv(name); v && *v) into = v;
    };
    env("LEARNWALL_X_BEARER_TOKEN", s.x_bearer_token);
    env("LEARNWALL_BLUESKY_HANDLE", s.bluesky_handle);
    env("LEARNWALL_BLUESKY_APP_PASSWORD", s.bluesky_app_password);
    env("LEARNWALL_MASTODON_TOKEN", s.mastodon_token);
    env("LEARNWALL_SLACK_TOKEN", s.slack_token);
    env("LEARNWALL_TEAMS_TENANT", s.teams_tenant);
    env("LEARNWALL_TEAMS_CLIENT_ID", s.teams_client_id);
    env("LEARNWALL_TEAMS_CLIENT_SECRET", s.teams_client_secret);
    return s;
}

}  // namespace lw
