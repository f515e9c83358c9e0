// Microsoft Graph answers (Teams channel messages, the token endpoint) to posts and tokens.
#include "learnwall/connectors/teams.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <mutex>

#include "html.hpp"
#include "json_get.hpp"
#include "learnwall/connectors/connector.hpp"
#include "learnwall/connectors/mastodon.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::connectors {

using namespace detail;

namespace {

Post teams_message_to_post(const json& m, const std::string& channel) {
    Post p;
    p.source = "teams";
    std::string id = get_id(m, "id");
    if (id.empty()) throw JsonFieldError("/id", "expected the message id, but it is missing");
    if (id.find_first_of("/ \t\r\n?#") != std::string::npos || id.size() > 64)
        throw JsonFieldError("/id", "expected a message id, got \"" + excerpt(id, 40) + "\"");
    std::string parent = get_id(m, "replyToId");
    if (!parent.empty() && (parent.find_first_of("/ \t\r\n?#") != std::string::npos || parent.size() > 64))
        throw JsonFieldError("/replyToId", "expected a message id, got \"" + excerpt(parent, 40) + "\"");
    p.native_id = channel + "/" + (parent.empty() ? id : parent + "/" + id);
    if (!parent.empty()) {
        p.is_reply = true;
        p.in_reply_to_id = "teams:" + channel + "/" + parent;
    }
    std::string created = required_str(m, "createdDateTime");
    auto at = parse_rfc3339(created);
    if (!at) throw JsonFieldError("/createdDateTime", "expected an RFC 3339 time, got \"" + excerpt(created, 40) + "\"");
    p.created_at = *at;
    const json* from = get_object(m, "from");
    const json* user = from ? within("/from", [&] { return get_object(*from, "user"); }) : nullptr;
    if (!user) throw JsonFieldError("/from/user", "expected the author (a user), it is missing");
    within("/from/user", [&] {
        p.author_handle = normalise_handle(get_id(*user, "id"));
        p.author_display_name = trim(repair_utf8(get_str(*user, "displayName")));
    });
    if (p.author_handle.empty()) throw JsonFieldError("/from/user/id", "expected the author's id");
    if (p.author_display_name.empty()) p.author_display_name = p.author_handle;
    const json* body = get_object(m, "body");
    if (!body) throw JsonFieldError("/body", "expected the message body, it is missing");
    within("/body", [&] {
        std::string type = ascii_lower(get_str(*body, "contentType"));
        std::string content = get_str(*body, "content");
        if (type == "html") {
            p.text = teams_html_to_text(content);
            for (auto& u : teams_html_images(content)) p.image_urls.push_back(std::move(u));
        } else if (type == "text" || type.empty()) {
            p.text = content;
        } else {
            throw JsonFieldError("/contentType", "expected html or text, got \"" + excerpt(type, 20) + "\"");
        }
    });
    std::string subject = trim(repair_utf8(get_str(m, "subject")));
    p.text = trim(repair_utf8(subject.empty() ? p.text : subject + "\n" + p.text));
    p.hashtags = extract_hashtags(p.text);
    if (const json* reactions = get_array(m, "reactions")) {
        // Each entry is one person's reaction: their number is the likes.
        for (const auto& r : *reactions)
            if (r.is_object()) ++p.like_count;
    }
    p.url = get_str(m, "webUrl");
    if (p.url.rfind("https://", 0) != 0) p.url.clear();
    p.language = get_str(m, "locale");
    if (p.text.empty() && p.image_urls.empty()) throw JsonFieldError("/body/content", "expected text or an image, the message has neither");
    return p;
}

// A system event or a bot: never a person's post.
bool teams_is_noise(const json& m) {
    std::string type = get_str(m, "messageType");
    if (!type.empty() && type != "message") return true;
    const json* from = get_object(m, "from");
    return from && !member(*from, "user") && member(*from, "application");
}

}  // namespace

std::string teams_html_to_text(std::string_view html) {
    // Mastodon's converter already does what Teams needs (paragraphs, <br>, entities, tags dropped,
    // an <at> mention's name kept); images are taken apart by teams_html_images.
    return mastodon_html_to_text(html);
}

std::vector<std::string> teams_html_images(std::string_view html) {
    std::vector<std::string> out;
    std::string lower = ascii_lower(html);
    for (size_t at = lower.find("<img"); at != std::string::npos; at = lower.find("<img", at + 4)) {
        size_t end = lower.find('>', at);
        if (end == std::string::npos) break;
        size_t src = lower.find("src=\"", at);
        if (src == std::string::npos || src > end) continue;
        size_t close = lower.find('"', src + 5);
        if (close == std::string::npos || close > end) continue;
        std::string url = decode_entities(html.substr(src + 5, close - src - 5));
        if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) out.push_back(url);
    }
    return out;
}

Result<TeamsPage> parse_teams_messages(std::string_view body, const std::string& channel, std::string_view what) {
    const std::string name(what);
    auto j = parse_body(body, name);
    if (!j) return fail(j.error());
    if (!j->is_object()) return fail(name + ": expected a JSON object, got " + json_type_name(*j));
    if (const json* err = member(*j, "error")) {
        std::string code = err->is_object() ? get_str(*err, "code") : "";
        std::string msg = err->is_object() ? get_str(*err, "message") : "";
        return fail(name + ": Graph says \"" + excerpt(code, 60) + "\"" + (msg.empty() ? "" : ": " + excerpt(msg, 160)));
    }
    TeamsPage out;
    try {
        out.page.next_cursor = get_str(*j, "@odata.nextLink");
        out.delta_link = get_str(*j, "@odata.deltaLink");
        const json* value = get_array(*j, "value");
        if (!value) return fail(name + ": expected \"value\", it is missing");
        out.page.items = value->size();
        for (size_t k = 0; k < value->size(); ++k) {
            const json& m = (*value)[k];
            const std::string at = "/value/" + std::to_string(k);
            try {
                if (!m.is_object()) throw JsonFieldError("", "expected a chatMessage object, got " + json_type_name(m));
                if (member(m, "deletedDateTime")) {
                    std::string id = get_id(m, "id"), parent = get_id(m, "replyToId");
                    if (id.empty()) throw JsonFieldError("/id", "expected the deleted message's id");
                    out.page.deleted_ids.push_back("teams:" + channel + "/" + (parent.empty() ? id : parent + "/" + id));
                    continue;
                }
                if (teams_is_noise(m)) {
                    ++out.page.hidden;
                    continue;
                }
                Post p = teams_message_to_post(m, channel);
                if (!p.is_reply) out.thread_parents.push_back(p.native_id.substr(channel.size() + 1));
                if (out.page.oldest_created_at == Instant{} || p.created_at < out.page.oldest_created_at)
                    out.page.oldest_created_at = p.created_at;
                out.page.posts.push_back(std::move(p));
            } catch (const JsonFieldError& e) {
                out.page.problems.push_back(at + e.pointer + ": " + e.expected);
            }
        }
    } catch (const JsonFieldError& e) {
        return fail(name + ": " + e.pointer + ": " + e.expected);
    }
    return out;
}

Result<std::optional<Post>> parse_teams_message(std::string_view body, const std::string& channel, std::string_view what) {
    const std::string name(what);
    auto j = parse_body(body, name);
    if (!j) return fail(j.error());
    if (!j->is_object()) return fail(name + ": expected a JSON object, got " + json_type_name(*j));
    try {
        if (member(*j, "deletedDateTime")) return std::optional<Post>{};
        if (teams_is_noise(*j)) return fail(name + ": not a person's message");
        return std::optional<Post>{teams_message_to_post(*j, channel)};
    } catch (const JsonFieldError& e) {
        return fail(name + ": " + e.pointer + ": " + e.expected);
    }
}

Result<TeamsToken> parse_teams_token(std::string_view body) {
    auto j = parse_body(body, "Teams token");
    if (!j) {
        // The body of a token answer is no place to quote from.
        return fail("Teams token: the answer is not valid JSON");
    }
    if (!j->is_object()) return fail("Teams token: expected a JSON object, got " + json_type_name(*j));
    try {
        std::string error = get_str(*j, "error");
        if (!error.empty()) {
            std::string why = get_str(*j, "error_description");
            return fail("Teams token: the identity platform says \"" + excerpt(error, 60) + "\"" +
                        (why.empty() ? "" : ": " + excerpt(why.substr(0, why.find("\r")), 160)));
        }
        TeamsToken t;
        t.access_token = get_str(*j, "access_token");
        if (t.access_token.empty()) return fail("Teams token: expected \"access_token\", it is missing");
        std::string type = ascii_lower(get_str(*j, "token_type"));
        if (!type.empty() && type != "bearer") return fail("Teams token: expected a Bearer token, got \"" + excerpt(type, 20) + "\"");
        std::int64_t secs = get_int(*j, "expires_in");
        t.expires_in = std::chrono::seconds(std::clamp<std::int64_t>(secs, 0, 24 * 3600));
        return t;
    } catch (const JsonFieldError& e) {
        return fail("Teams token: " + e.pointer + ": " + e.expected.substr(0, e.expected.find(", got")));
    }
}

namespace {
struct TeamsTokenCache {
    std::mutex m;
    std::map<std::string, std::pair<std::string, Instant>> tokens;  // url + client -> token, valid until
};
TeamsTokenCache& teams_token_cache() {
    static TeamsTokenCache cache;
    return cache;
}
}  // namespace

Result<std::string> teams_access_token(HttpClient& http, const std::string& token_url_in, const Secrets& secrets,
                                       const std::atomic<bool>* stop, bool force_new) {
    if (secrets.teams_tenant.empty() || secrets.teams_client_id.empty() || secrets.teams_client_secret.empty())
        return fail("Teams needs the app's tenant, client id and client secret: set LEARNWALL_TEAMS_TENANT, "
                    "LEARNWALL_TEAMS_CLIENT_ID and LEARNWALL_TEAMS_CLIENT_SECRET (or teams_tenant, teams_client_id "
                    "and teams_client_secret in secrets.json)");
    std::string token_url = token_url_in;
    for (size_t at = token_url.find("{tenant}"); at != std::string::npos; at = token_url.find("{tenant}"))
        token_url.replace(at, 8, url_encode(secrets.teams_tenant));
    const std::string key = token_url + "\n" + secrets.teams_client_id + "\n" + secrets.teams_client_secret;
    auto& cache = teams_token_cache();
    std::lock_guard<std::mutex> lock(cache.m);  // one request at a time: a burst of sources asks once
    auto it = cache.tokens.find(key);
    if (!force_new && it != cache.tokens.end() && now() < it->second.second) return it->second.first;
    HttpRequest req;
    req.method = "POST";
    req.url = token_url;
    req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    req.body = "client_id=" + url_encode(secrets.teams_client_id) + "&client_secret=" + url_encode(secrets.teams_client_secret) +
               "&scope=" + url_encode("https://graph.microsoft.com/.default") + "&grant_type=client_credentials";
    req.max_redirects = 0;  // the secret is in the body: never sent on to another address
    auto resp = http.send(req, stop);
    if (resp.status == 0) return fail(secrets.redact(describe_failure("POST token", resp)));
    auto tok = parse_teams_token(resp.body);
    if (!tok) return fail(secrets.redact(tok.error() + " (HTTP " + std::to_string(resp.status) + ")"));
    if (!resp.ok()) return fail("POST token: HTTP " + std::to_string(resp.status));
    // Renewed a minute early, so a request never leaves with a token about to lapse.
    Instant until = now() + std::max(std::chrono::seconds(0), tok->expires_in - std::chrono::seconds(60));
    cache.tokens[key] = {tok->access_token, until};
    return tok->access_token;
}

}  // namespace lw::connectors
