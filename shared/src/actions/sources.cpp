// Sources and their tokens (see actions/sources.hpp).
#include "learnwall/actions/sources.hpp"

#include <cctype>
#include <filesystem>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "learnwall/actions/event.hpp"
#include "learnwall/connectors/connector.hpp"
#include "learnwall/connectors/http.hpp"
#include "learnwall/fetch_policy.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/hashtag.hpp"
#include "learnwall/json_read.hpp"
#include "learnwall/secrets.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

std::string default_source_base_url(const std::string& kind) {
    if (kind == "bluesky") return "https://bsky.social";
    if (kind == "x") return "https://api.x.com";
    if (kind == "slack") return "https://slack.com";
    if (kind == "teams") return "https://graph.microsoft.com/v1.0";
    return "";
}

Status check_source_url(const std::string& base_url) {
    const std::string url = connectors::trim_base_url(trim(base_url));
    const std::string host = url_host_name(url);
    const bool https = url.rfind("https://", 0) == 0, http = url.rfind("http://", 0) == 0;
    if ((!https && !http) || host.empty())
        return fail("base URL: expected an https:// address such as https://mastodon.social, got \"" + url + "\"");
    if (url.find_first_of(" \t\r\n") != std::string::npos) return fail("base URL: contains spaces: \"" + url + "\"");
    if (http && host != "localhost" && internal_address_kind(host) != "loopback")
        return fail("base URL: plain http:// is only allowed for a stand-in on this machine (localhost, 127.0.0.1 "
                    "or [::1]); use https:// for \"" + url + "\"");
    return {};
}

std::vector<std::string> split_source_tags(std::string_view typed) {
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        std::string t = trim(word);
        if (!t.empty() && t != "#") out.push_back(t);
        word.clear();
    };
    for (size_t i = 0; i < typed.size(); ++i) {
        const char c = typed[i];
        if (c == ',') {
            flush();
        } else if (c == '#' && !word.empty() && (word.back() == ' ' || word.back() == '\t')) {
            flush();
            word += c;
        } else {
            word += c;
        }
    }
    flush();
    return out;
}

Result<std::vector<std::string>> check_source_tags(const std::vector<std::string>& typed) {
    std::vector<std::string> pieces;
    for (const auto& t : typed)
        for (auto& p : split_source_tags(t)) pieces.push_back(std::move(p));
    if (pieces.empty()) return std::vector<std::string>{};
    return check_hashtags(pieces, "tags");
}

Status check_source_request(const SourceRequest& r) {
    const bool chat = r.kind == "slack" || r.kind == "teams";
    if (r.kind != "mastodon" && r.kind != "bluesky" && r.kind != "x" && !chat)
        return fail("unknown network \"" + r.kind + "\" (expected mastodon, bluesky, x, slack or teams)");
    // Ids go into request paths and query strings: one word of the characters the services use.
    auto plain_id = [](const std::string& v) {
        if (v.empty() || v.size() > 200) return false;
        for (char c : v)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '@' || c == '.'))
                return false;
        return true;
    };
    if (chat && trim(r.channel).empty())
        return fail("channel: a " + r.kind + " source needs the channel id (--channel" +
                    (r.kind == "slack" ? " C0123456789" : " 19:...@thread.tacv2") + ")");
    if (chat && !plain_id(trim(r.channel)))
        return fail("channel: expected a channel id (letters, digits, - _ : @ .), got \"" + r.channel + "\"");
    if (!chat && (!r.channel.empty() || !r.team.empty() || !r.token_url.empty()))
        return fail("--channel, --team and --token-url are for slack and teams sources only");
    if (r.kind == "slack" && (!r.team.empty() || !r.token_url.empty()))
        return fail("--team and --token-url are for teams sources only (a Slack bot token names its workspace)");
    if (r.kind == "teams") {
        if (trim(r.team).empty()) return fail("team: a teams source needs the team id (--team, a GUID)");
        if (!plain_id(trim(r.team))) return fail("team: expected a team id (a GUID), got \"" + r.team + "\"");
        if (!trim(r.token_url).empty())
            if (auto st = check_source_url(r.token_url); !st) return fail("token URL: " + st.error().substr(st.error().find(':') + 2));
    }
    const std::string url = trim(r.base_url).empty() ? default_source_base_url(r.kind) : r.base_url;
    if (trim(url).empty())
        return fail("base URL: a Mastodon source needs its instance, e.g. https://mastodon.social");
    if (auto st = check_source_url(url); !st) return st;
    if (auto tags = check_source_tags(r.tags); !tags) return fail(tags.error());
    if (r.poll_seconds && (*r.poll_seconds < 1 || *r.poll_seconds > 86400))
        return fail("poll interval: expected 1 to 86400 seconds, got " + std::to_string(*r.poll_seconds));
    const std::string id = trim(r.id);
    if (!r.id.empty() && (id.empty() || id.find_first_of(" \t\r\n/\\") != std::string::npos))
        return fail("source id: expected one word without slashes, got \"" + r.id + "\"");
    return {};
}

namespace {

std::set<std::string> source_folded_tags(const std::vector<std::string>& tags) {
    std::set<std::string> out;
    for (const auto& t : tags) out.insert(fold_case(t));
    return out;
}

std::string source_summary_text(const SourceConfig& sc) {
    std::string tags;
    for (const auto& t : sc.tags) tags += (tags.empty() ? "#" : ", #") + t;
    if (sc.kind == "slack" || sc.kind == "teams") {
        std::string where = (sc.team.empty() ? "" : "team " + sc.team + ", ") + "channel " + sc.channel;
        return sc.id + " (" + sc.kind + ", " + sc.base_url + ", " + where + ", " +
               (tags.empty() ? "every message" : "messages with " + tags) + ")";
    }
    return sc.id + " (" + sc.kind + ", " + sc.base_url + ", " + tags + ")";
}

// A channel id as part of a source id: no ':' '@' '.' (Teams ids have them), lower case, bounded.
std::string source_id_word(const std::string& channel) {
    std::string out;
    for (char c : channel) {
        if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!out.empty() && out.back() != '-') out += '-';
        if (out.size() >= 24) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "channel" : out;
}

}  // namespace

Result<std::string> add_source(const DataDir& dir, State& state, const SourceRequest& r, const std::string& by) {
    if (auto st = check_source_request(r); !st) return fail(st.error());
    SourceConfig sc;
    sc.kind = r.kind;
    sc.base_url = connectors::trim_base_url(trim(trim(r.base_url).empty() ? default_source_base_url(r.kind) : r.base_url));
    sc.tags = *check_source_tags(r.tags);
    sc.poll_seconds = r.poll_seconds.value_or(0);
    sc.stream = r.stream;
    sc.enabled = r.enabled;
    const bool chat = sc.kind == "slack" || sc.kind == "teams";
    sc.channel = trim(r.channel);
    sc.team = trim(r.team);
    if (sc.kind == "teams") sc.token_url = trim(r.token_url).empty() ? kTeamsDefaultTokenUrl : connectors::trim_base_url(trim(r.token_url));
    const std::string host = connectors::url_host(sc.base_url), wanted = trim(r.id);
    std::string message;
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            if (sc.tags.empty() && !chat) sc.tags = e.hashtags;
            if (sc.tags.empty() && !chat) return fail("tags: none given and the event has no hashtags");
            auto taken = [&](const std::string& id) {
                for (const auto& s : e.sources)
                    if (s.id == id) return true;
                return false;
            };
            if (!wanted.empty()) {
                if (taken(wanted)) return fail("a source with id \"" + wanted + "\" already exists");
                sc.id = wanted;
            } else {
                // A chat source is named after its channel: one workspace has many.
                std::string stem = sc.kind + "-" + (chat ? source_id_word(sc.channel) : host);
                sc.id = stem;
                for (int n = 2; taken(sc.id); ++n) sc.id = stem + "-" + std::to_string(n);
            }
            for (const auto& s : e.sources)
                if (s.kind == sc.kind && ascii_lower(s.base_url) == ascii_lower(sc.base_url) && s.channel == sc.channel &&
                    s.team == sc.team && source_folded_tags(s.tags) == source_folded_tags(sc.tags))
                    return fail("source \"" + s.id + "\" already follows the same " +
                                (chat ? "channel" + std::string(sc.tags.empty() ? "" : " and tags") : std::string("tags")) +
                                " on " + s.base_url);
            e.sources.push_back(sc);
            message = "added source " + source_summary_text(sc);
            return {};
        },
        by, message);
    if (!st) return fail(st.error());
    return message;
}

namespace {

// One source by id, changed under the lock; refuses an unknown id, naming the ones there are.
Result<std::string> change_one_source(const DataDir& dir, State& state, const std::string& id, const std::string& by,
                                  const std::function<std::string(std::vector<SourceConfig>&, size_t)>& edit) {
    std::string message;
    auto st = change_event(
        dir, state,
        [&](Event& e) -> Status {
            for (size_t i = 0; i < e.sources.size(); ++i)
                if (e.sources[i].id == id) {
                    message = edit(e.sources, i);
                    return {};
                }
            std::string known;
            for (const auto& s : e.sources) known += (known.empty() ? "" : ", ") + s.id;
            return fail("no source with id \"" + id + "\"" +
                        (known.empty() ? " (there are none)" : " (known: " + known + ")"));
        },
        by, message);
    if (!st) return fail(st.error());
    return message;
}

}  // namespace

Result<std::string> set_source_enabled(const DataDir& dir, State& state, const std::string& id, bool enabled,
                                       const std::string& by) {
    return change_one_source(dir, state, id, by, [&](std::vector<SourceConfig>& sources, size_t i) {
        sources[i].enabled = enabled;
        return std::string(enabled ? "enabled" : "disabled") + " source " + id;
    });
}

Result<std::string> remove_source(const DataDir& dir, State& state, const std::string& id, const std::string& by) {
    return change_one_source(dir, state, id, by, [&](std::vector<SourceConfig>& sources, size_t i) {
        sources.erase(sources.begin() + static_cast<std::ptrdiff_t>(i));
        return "removed source " + id + " (its posts stay in the journal)";
    });
}

Status save_secret(const std::string& data_dir, const std::string& key, const std::string& value_in) {
    static const std::set<std::string> plain{"x_bearer_token", "bluesky_handle", "bluesky_app_password", "mastodon_token",
                                           "slack_token", "teams_tenant", "teams_client_id", "teams_client_secret"};
    const bool per_host = key.rfind("mastodon_tokens.", 0) == 0 && key.size() > 16;
    if (!plain.count(key) && !per_host)
        return fail("unknown secret \"" + key + "\" (expected x_bearer_token, bluesky_handle, bluesky_app_password, "
                    "mastodon_token, mastodon_tokens.HOST, slack_token, teams_tenant, teams_client_id or teams_client_secret)");
    const std::string value = trim(value_in);
    if (value.find_first_of("\r\n") != std::string::npos) return fail(key + ": a token is one line");
    const std::string path = secrets_path(data_dir);
    nlohmann::json doc = nlohmann::json::object();
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        auto existing = read_json_file(path);
        if (!existing) return fail(existing.error());
        if (!existing->is_object()) return fail(path + ": expected a JSON object; fix or remove the file first");
        doc = std::move(*existing);
    }
    if (per_host) {
        std::string host = ascii_lower(key.substr(16));
        nlohmann::json& hosts = doc["mastodon_tokens"];
        if (!hosts.is_object()) hosts = nlohmann::json::object();
        if (value.empty()) hosts.erase(host);
        else hosts[host] = value;
    } else if (value.empty()) {
        doc.erase(key);
    } else {
        doc[key] = value;
    }
    // Written whole and renamed into place, readable by the owner only.
    return write_file_atomic(path, doc.dump(2) + "\n", kPrivateFileMode);
}

SourceTestResult test_source_connection(const std::string& data_dir, const SourceConfig& src,
                                        const std::atomic<bool>& stop) {
    SourceTestResult out;
    out.source_id = src.id;
    auto secrets = load_secrets(data_dir);
    if (!secrets) {
        out.message = secrets.error();
        return out;
    }
    auto conn = connectors::make_connector(src, *secrets);
    if (!conn) {
        out.message = secrets->redact(conn.error());
        return out;
    }
    auto http = connectors::make_curl_client(connectors::default_user_agent());
    auto res = (*conn)->poll(*http, {}, now() - std::chrono::hours(24), stop);
    if (!res.error.empty()) {
        out.message = secrets->redact(res.error);
        return out;
    }
    out.ok = true;
    out.message = "connected: " + std::to_string(res.page.posts.size()) + " posts in the last 24 hours (" +
                  std::to_string(res.requests) + " request" + (res.requests == 1 ? "" : "s") + ")";
    return out;
}

}  // namespace lw
