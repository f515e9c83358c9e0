// The Bluesky source: a session from handle + app password (kept in memory, refreshed when it
// expires), then searchPosts on the PDS the session's DID document names, one query per hashtag.
#include <algorithm>
#include <mutex>

#include "learnwall/connectors/bluesky.hpp"
#include "learnwall/connectors/connector.hpp"
#include "learnwall/text.hpp"

namespace lw::connectors {

namespace {

constexpr int kMaxPages = 50;
// Search results can appear a little after their indexedAt; look back this far and skip duplicates.
constexpr auto kOverlap = std::chrono::minutes(2);

std::string error_code(const HttpResponse& r) {
    auto j = r.body.find("\"error\"");
    if (j == std::string::npos) return {};
    auto q1 = r.body.find('"', r.body.find(':', j) + 1);
    if (q1 == std::string::npos) return {};
    auto q2 = r.body.find('"', q1 + 1);
    return q2 == std::string::npos ? std::string() : r.body.substr(q1 + 1, q2 - q1 - 1);
}

class BlueskySource final : public Connector {
public:
    BlueskySource(SourceConfig cfg, std::string handle, std::string password)
        : cfg_(std::move(cfg)), base_(trim_base_url(cfg_.base_url)), handle_(std::move(handle)), password_(std::move(password)) {}

    std::chrono::seconds default_poll_interval() const override { return std::chrono::seconds(30); }

    PollResult poll(HttpClient& http, const Cursor& cursor, Instant since, const std::atomic<bool>& stop) override {
        PollResult r;
        r.cursor = cursor;
        for (const auto& raw : cfg_.tags) {
            std::string tag = normalise_tag(raw);
            if (tag.empty()) continue;
            if (!poll_tag(http, tag, since, stop, r) || stop.load()) break;
        }
        return r;
    }

    // Four getPosts requests of 25 URIs (the most one call takes) per recheck; the ingest cycles
    // through every stored post of the window in such slices (docs/connectors.md: request budget).
    size_t max_recheck() const override { return 100; }

    PollResult recheck(HttpClient& http, const std::vector<std::string>& uris, const std::atomic<bool>& stop) override {
        PollResult r;
        for (size_t from = 0; from < uris.size() && from < max_recheck() && !stop.load(); from += 25) {
            std::vector<std::string> batch(uris.begin() + static_cast<std::ptrdiff_t>(from),
                                           uris.begin() + static_cast<std::ptrdiff_t>(std::min(uris.size(), from + 25)));
            std::string path = "/xrpc/app.bsky.feed.getPosts?";
            for (size_t i = 0; i < batch.size(); ++i) path += (i ? "&uris=" : "uris=") + url_encode(batch[i]);
            HttpResponse resp;
            if (!get(http, path, "GET app.bsky.feed.getPosts (deletions and counts)", stop, r, resp)) return r;
            auto gone = parse_bluesky_gone(resp.body, batch, &r.page.counts);
            if (!gone) {
                r.error = "GET app.bsky.feed.getPosts (deletions and counts): " + gone.error();
                return r;
            }
            for (auto& g : *gone) r.page.deleted_ids.push_back(std::move(g));
        }
        return r;
    }

private:
    bool authenticate(HttpClient& http, bool refresh, const std::atomic<bool>& stop, PollResult& r) {
        HttpRequest req;
        req.method = "POST";
        req.headers.emplace_back("Content-Type", "application/json");
        if (refresh) {
            req.url = (session_.pds.empty() ? base_ : trim_base_url(session_.pds)) + "/xrpc/com.atproto.server.refreshSession";
            req.headers.emplace_back("Authorization", "Bearer " + session_.refresh_jwt);
        } else {
            req.url = base_ + "/xrpc/com.atproto.server.createSession";
            nlohmann_free_body(req.body);
        }
        HttpResponse resp = http.send(req, &stop);
        ++r.requests;
        r.http_status = static_cast<int>(resp.status);
        r.rate = parse_rate_limit("bluesky", resp.headers);
        const std::string what = refresh ? "POST com.atproto.server.refreshSession" : "POST com.atproto.server.createSession";
        if (!resp.ok()) {
            r.error = describe_failure(what, resp);
            if (resp.status == 429) {
                r.rate_limited = true;
                r.retry_at = r.rate.reset ? r.rate.reset : parse_retry_after(resp.headers, now());
            }
            return false;
        }
        auto s = parse_bluesky_session(resp.body);
        if (!s) {
            r.error = what + ": " + s.error();
            return false;
        }
        session_ = std::move(*s);
        has_session_ = true;
        return true;
    }

    // The JSON body of createSession, built by hand so the password never passes through a logger.
    void nlohmann_free_body(std::string& body) const {
        auto esc = [](const std::string& s) {
            std::string o;
            for (char c : s) {
                if (c == '"' || c == '\\') o += '\\';
                if (static_cast<unsigned char>(c) < 0x20) continue;
                o += c;
            }
            return o;
        };
        body = "{\"identifier\":\"" + esc(handle_) + "\",\"password\":\"" + esc(password_) + "\"}";
    }

    // A GET on the PDS with the session; renews the session once when the server says it expired.
    bool get(HttpClient& http, const std::string& path, const std::string& what, const std::atomic<bool>& stop, PollResult& r,
             HttpResponse& out) {
        if (!has_session_ && !authenticate(http, false, stop, r)) return false;
        for (int attempt = 0; attempt < 2; ++attempt) {
            HttpRequest req;
            req.url = (session_.pds.empty() ? base_ : trim_base_url(session_.pds)) + path;
            req.headers.emplace_back("Authorization", "Bearer " + session_.access_jwt);
            out = http.send(req, &stop);
            ++r.requests;
            r.http_status = static_cast<int>(out.status);
            r.rate = parse_rate_limit("bluesky", out.headers);
            if ((out.status == 400 || out.status == 401) && attempt == 0) {
                std::string code = error_code(out);
                if (code == "ExpiredToken" || code == "InvalidToken" || code == "AuthenticationRequired") {
                    // Refresh first; if the refresh token is spent too, sign in again.
                    PollResult scratch;
                    if (!authenticate(http, true, stop, scratch) && !authenticate(http, false, stop, r)) return false;
                    r.requests += scratch.requests;
                    continue;
                }
            }
            break;
        }
        if (!out.ok()) {
            r.error = describe_failure(what, out);
            if (out.status == 429) {
                r.rate_limited = true;
                r.retry_at = r.rate.reset ? r.rate.reset : parse_retry_after(out.headers, now());
            }
            return false;
        }
        return true;
    }

    bool poll_tag(HttpClient& http, const std::string& tag, Instant since, const std::atomic<bool>& stop, PollResult& r) {
        const std::string key = "since:" + ascii_lower(tag);
        Instant from = since;
        if (auto it = r.cursor.find(key); it != r.cursor.end())
            if (auto t = parse_rfc3339(it->second)) from = std::max(since, *t - kOverlap);
        std::string base_path = "/xrpc/app.bsky.feed.searchPosts?q=" + url_encode("#" + tag) +
                                "&sort=latest&limit=100&since=" + url_encode(format_rfc3339(from));
        std::string cursor;
        Instant newest{};
        for (int n = 0; n < kMaxPages && !stop.load(); ++n) {
            HttpResponse resp;
            if (!get(http, base_path + (cursor.empty() ? "" : "&cursor=" + url_encode(cursor)), "GET app.bsky.feed.searchPosts", stop, r, resp))
                return false;
            auto page = parse_bluesky_search(resp.body);
            if (!page) {
                r.error = "GET app.bsky.feed.searchPosts: " + page.error();
                return false;
            }
            if (page->newest_indexed_at > newest) newest = page->newest_indexed_at;
            r.page.items += page->items;
            r.page.hidden += page->hidden;
            for (auto& p : page->posts)
                if (p.created_at >= since) r.page.posts.push_back(std::move(p));
            for (auto& d : page->deleted_ids) r.page.deleted_ids.push_back(std::move(d));
            for (auto& pr : page->problems) r.page.problems.push_back(std::move(pr));
            if (page->next_cursor.empty() || page->items == 0 || page->next_cursor == cursor) break;
            cursor = page->next_cursor;
        }
        if (stop.load()) return false;
        if (newest != Instant{}) r.cursor[key] = format_rfc3339(newest);
        return true;
    }

    SourceConfig cfg_;
    std::string base_, handle_, password_;
    BlueskySession session_;
    bool has_session_ = false;
};

}  // namespace

Result<std::unique_ptr<Connector>> make_bluesky_connector(const SourceConfig& cfg, const Secrets& secrets) {
    if (secrets.bluesky_handle.empty() || secrets.bluesky_app_password.empty())
        return fail("source " + cfg.id + ": Bluesky needs a handle and an app password: set LEARNWALL_BLUESKY_HANDLE and "
                    "LEARNWALL_BLUESKY_APP_PASSWORD, or \"bluesky_handle\" and \"bluesky_app_password\" in secrets.json");
    return std::unique_ptr<Connector>(new BlueskySource(cfg, secrets.bluesky_handle, secrets.bluesky_app_password));
}

}  // namespace lw::connectors
