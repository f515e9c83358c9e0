// The Microsoft Teams source: one channel through Microsoft Graph with an app-only token. The
// messages' delta query gives new, edited and deleted top-level messages (first round from the
// event's start, then the deltaLink); replies are asked per thread; recheck looks messages up one
// by one.
#include <algorithm>
#include <set>

#include "learnwall/connectors/connector.hpp"
#include "learnwall/connectors/teams.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::connectors {

namespace {

constexpr int kTeamsMaxPages = 40;          // 50 messages a page
constexpr size_t kTeamsThreadsPerPoll = 10;  // replies calls per poll
constexpr auto kTeamsThreadWindow = std::chrono::hours(72);
const std::string kTeamsThreadKey = "thread:";

class TeamsSource final : public Connector {
public:
    TeamsSource(SourceConfig cfg, Secrets secrets)
        : cfg_(std::move(cfg)), base_(trim_base_url(cfg_.base_url)), secrets_(std::move(secrets)) {
        for (const auto& t : cfg_.tags) tags_.insert(fold_case(normalise_tag(t)));
        channel_path_ = base_ + "/teams/" + url_encode(cfg_.team) + "/channels/" + url_encode(cfg_.channel) + "/messages";
    }

    std::chrono::seconds default_poll_interval() const override { return std::chrono::seconds(60); }

    PollResult poll(HttpClient& http, const Cursor& cursor, Instant since, const std::atomic<bool>& stop) override {
        PollResult r;
        r.cursor = cursor;
        auto known = cursor.find("delta");
        std::string url = known != cursor.end() && !known->second.empty()
                              ? known->second
                              : channel_path_ + "/delta?$top=50&$filter=" +
                                    url_encode("lastModifiedDateTime gt " + format_rfc3339(since));
        std::vector<std::string> parents;
        std::string delta;
        for (int n = 0; n < kTeamsMaxPages && !stop.load(); ++n) {
            auto page = fetch(http, url, "GET channel messages (delta)", stop, r);
            if (!page) return r;
            take(*page, r, since);
            for (auto& p : page->thread_parents) parents.push_back(std::move(p));
            if (!page->delta_link.empty()) {
                delta = page->delta_link;
                break;
            }
            if (page->page.next_cursor.empty()) break;
            url = page->page.next_cursor;
        }
        if (stop.load()) return r;
        // The deltaLink is kept only once the whole round is in hand (no gaps).
        if (!delta.empty()) {
            if (!same_origin(delta)) {
                r.error = "GET channel messages (delta): the deltaLink points away from " + base_ + "; not followed";
                return r;
            }
            r.cursor["delta"] = delta;
        }
        // Threads: replies are not in the delta; each followed thread is asked for its replies.
        const Instant horizon = now() - kTeamsThreadWindow;
        for (const auto& id : parents) {
            for (const auto& p : r.page.posts)
                if (p.native_id == cfg_.channel + "/" + id && p.created_at >= horizon && !r.cursor.count(kTeamsThreadKey + id))
                    r.cursor[kTeamsThreadKey + id] = format_rfc3339(p.created_at);
        }
        std::vector<std::pair<std::string, std::string>> threads;  // created, id
        for (auto it = r.cursor.begin(); it != r.cursor.end();) {
            if (it->first.rfind(kTeamsThreadKey, 0) != 0) {
                ++it;
                continue;
            }
            auto at = parse_rfc3339(it->second);
            if (!at || *at < horizon) {
                it = r.cursor.erase(it);
                continue;
            }
            threads.emplace_back(it->second, it->first.substr(kTeamsThreadKey.size()));
            ++it;
        }
        std::sort(threads.rbegin(), threads.rend());
        if (threads.size() > kTeamsThreadsPerPoll) threads.resize(kTeamsThreadsPerPoll);
        for (const auto& t : threads) {
            if (stop.load()) break;
            auto page = fetch(http, channel_path_ + "/" + url_encode(t.second) + "/replies?$top=50", "GET message replies", stop, r);
            if (!page) return r;
            take(*page, r, since);
        }
        return r;
    }

    size_t max_recheck() const override { return 20; }
    bool can_recheck(const std::string& native_id) const override { return native_id.rfind(cfg_.channel + "/", 0) == 0; }

    // Each stored message looked up as it is now: an edit takes the update path, new reactions the
    // counts path; a 404 or a deletedDateTime takes it off the wall.
    PollResult recheck(HttpClient& http, const std::vector<std::string>& native_ids, const std::atomic<bool>& stop) override {
        PollResult r;
        for (size_t i = 0; i < native_ids.size() && i < max_recheck() && !stop.load(); ++i) {
            const std::string& id = native_ids[i];
            if (!can_recheck(id)) continue;
            std::string rest = id.substr(cfg_.channel.size() + 1);
            auto slash = rest.find('/');
            std::string url = channel_path_ + "/" +
                              (slash == std::string::npos ? url_encode(rest)
                                                          : url_encode(rest.substr(0, slash)) + "/replies/" + url_encode(rest.substr(slash + 1)));
            HttpResponse resp;
            if (!get(http, url, "GET channel message (deletions and edits)", stop, r, resp)) {
                if (resp.status == 404) {  // Graph's word for "not there any more"
                    r.error.clear();
                    r.page.deleted_ids.push_back("teams:" + id);
                    continue;
                }
                break;
            }
            auto one = parse_teams_message(resp.body, cfg_.channel, "GET channel message (deletions and edits)");
            if (!one) {
                r.error = one.error();
                break;
            }
            if (!*one) r.page.deleted_ids.push_back("teams:" + id);
            else r.page.posts.push_back(std::move(**one));
        }
        return r;
    }

private:
    [[nodiscard]] bool same_origin(const std::string& url) const {
        // Links from the answer carry the token next: only to the API root the organiser named.
        return url.rfind(base_ + "/", 0) == 0;
    }

    bool get(HttpClient& http, const std::string& url, const char* what, const std::atomic<bool>& stop, PollResult& r,
             HttpResponse& resp) {
        if (!same_origin(url)) {
            r.error = std::string(what) + ": a link pointing away from " + base_ + " was not followed";
            return false;
        }
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto token = teams_access_token(http, cfg_.token_url, secrets_, &stop, attempt > 0);
            if (!token) {
                r.error = token.error();
                return false;
            }
            HttpRequest req;
            req.url = url;
            req.headers.emplace_back("Authorization", "Bearer " + *token);
            resp = http.send(req, &stop);
            ++r.requests;
            r.http_status = static_cast<int>(resp.status);
            if (resp.status == 401 && attempt == 0) continue;  // a token revoked or expired early: one new one
            break;
        }
        if (resp.ok()) return true;
        r.error = secrets_.redact(describe_failure(what, resp));
        if (resp.status == 429 || resp.status == 503) {
            r.rate_limited = resp.status == 429;
            r.retry_at = parse_retry_after(resp.headers, now());
            if (!r.retry_at && resp.status == 429) r.retry_at = now() + std::chrono::seconds(60);
        }
        return false;
    }

    std::optional<TeamsPage> fetch(HttpClient& http, const std::string& url, const char* what, const std::atomic<bool>& stop,
                                   PollResult& r) {
        HttpResponse resp;
        if (!get(http, url, what, stop, r, resp)) return std::nullopt;
        auto page = parse_teams_messages(resp.body, cfg_.channel, what);
        if (!page) {
            r.error = page.error();
            return std::nullopt;
        }
        return std::move(*page);
    }

    void take(TeamsPage& page, PollResult& r, Instant since) const {
        take_page(r.page, page.page, since, [this](const Post& p) { return wanted(p); });
    }

    [[nodiscard]] bool wanted(const Post& p) const {
        if (tags_.empty()) return true;
        for (const auto& h : p.hashtags)
            if (tags_.count(fold_case(h))) return true;
        return false;
    }

    SourceConfig cfg_;
    std::string base_, channel_path_;
    Secrets secrets_;
    std::set<std::string> tags_;
};

}  // namespace

Result<std::unique_ptr<Connector>> make_teams_connector(const SourceConfig& cfg, const Secrets& secrets) {
    if (secrets.teams_tenant.empty() || secrets.teams_client_id.empty() || secrets.teams_client_secret.empty())
        return fail("source " + cfg.id + ": Teams needs the app's tenant, client id and secret: set LEARNWALL_TEAMS_TENANT, "
                    "LEARNWALL_TEAMS_CLIENT_ID and LEARNWALL_TEAMS_CLIENT_SECRET (or teams_tenant, teams_client_id and "
                    "teams_client_secret in secrets.json)");
    if (cfg.channel.empty() || cfg.team.empty())
        return fail("source " + cfg.id + ": a Teams source needs --team and --channel");
    if (cfg.token_url.empty()) return fail("source " + cfg.id + ": a Teams source needs its token URL");
    return std::unique_ptr<Connector>(new TeamsSource(cfg, secrets));
}

}  // namespace lw::connectors
