// The Slack source: one channel through the Web API with a bot token. conversations.history pages by
// cursor back to the event's start on the first run, then asks `oldest` = the newest message stored;
// threads are followed with conversations.replies; authors named once each with users.info.
#include <algorithm>
#include <set>

#include "learnwall/connectors/connector.hpp"
#include "learnwall/connectors/slack.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::connectors {

namespace {

constexpr int kSlackMaxPages = 25;         // 200 messages a page: 5,000 messages per poll at most
constexpr size_t kSlackThreadsPerPoll = 10;  // conversations.replies calls per poll (Tier 3: 50+ a minute)
constexpr size_t kSlackUsersPerPoll = 20;    // users.info calls per poll (Tier 4: 100+ a minute)
constexpr auto kSlackThreadWindow = std::chrono::hours(72);  // threads followed this long after they start
const std::string kSlackThreadKey = "thread:";

bool slack_ts_before(const std::string& a, const std::string& b) {
    auto ta = parse_slack_ts(a), tb = parse_slack_ts(b);
    if (ta && tb && *ta != *tb) return *ta < *tb;
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

class SlackSource final : public Connector {
public:
    SlackSource(SourceConfig cfg, std::string token)
        : cfg_(std::move(cfg)), base_(trim_base_url(cfg_.base_url)), token_(std::move(token)) {
        for (const auto& t : cfg_.tags) tags_.insert(fold_case(normalise_tag(t)));
    }

    std::chrono::seconds default_poll_interval() const override { return std::chrono::seconds(60); }

    PollResult poll(HttpClient& http, const Cursor& cursor, Instant since, const std::atomic<bool>& stop) override {
        PollResult r;
        r.cursor = cursor;
        auto known = cursor.find("oldest");
        const bool first = known == cursor.end() || known->second.empty();
        const std::string oldest = first ? slack_ts_from(since) : known->second;
        std::vector<std::string> users, parents;
        // 1. The channel's new messages, every page, before the cursor moves (no gaps).
        std::string newest, page_cursor;
        bool complete = false;
        for (int n = 0; n < kSlackMaxPages && !stop.load(); ++n) {
            std::string url = base_ + "/api/conversations.history?channel=" + url_encode(cfg_.channel) +
                              "&limit=200&oldest=" + url_encode(oldest) +
                              (page_cursor.empty() ? "" : "&cursor=" + url_encode(page_cursor));
            auto page = fetch(http, url, "GET conversations.history", stop, r);
            if (!page) return finish(http, r, users, stop);
            take(*page, r, users, since);
            for (auto& p : page->thread_parents) parents.push_back(std::move(p));
            if (!page->page.newest_local_id.empty() && (newest.empty() || slack_ts_before(newest, page->page.newest_local_id)))
                newest = page->page.newest_local_id;
            page_cursor = page->page.next_cursor;
            if (page_cursor.empty() || !page->has_more) {
                complete = true;
                break;
            }
        }
        if (stop.load()) return r;
        if (complete && !newest.empty() && slack_ts_before(oldest, newest)) r.cursor["oldest"] = newest;
        // 2. Threads: replies never show in the history, and arrive long after their parent did.
        const Instant horizon = now() - kSlackThreadWindow;
        for (const auto& ts : parents)
            if (!r.cursor.count(kSlackThreadKey + ts)) r.cursor[kSlackThreadKey + ts] = ts;
        std::vector<std::pair<std::string, std::string>> threads;  // parent ts, newest reply seen
        for (auto it = r.cursor.begin(); it != r.cursor.end();) {
            if (it->first.rfind(kSlackThreadKey, 0) != 0) {
                ++it;
                continue;
            }
            std::string parent = it->first.substr(kSlackThreadKey.size());
            auto at = parse_slack_ts(parent);
            if (!at || *at < horizon) {
                it = r.cursor.erase(it);  // an old thread is no longer followed
                continue;
            }
            threads.emplace_back(parent, it->second);
            ++it;
        }
        std::sort(threads.begin(), threads.end(), [](const auto& a, const auto& b) { return slack_ts_before(b.first, a.first); });
        if (threads.size() > kSlackThreadsPerPoll) threads.resize(kSlackThreadsPerPoll);
        for (const auto& [parent, seen] : threads) {
            if (stop.load() || r.retry_at) break;
            std::string url = base_ + "/api/conversations.replies?channel=" + url_encode(cfg_.channel) + "&ts=" +
                              url_encode(parent) + "&limit=200&oldest=" + url_encode(seen);
            auto page = fetch(http, url, "GET conversations.replies", stop, r);
            if (!page) return finish(http, r, users, stop);
            take(*page, r, users, since);
            std::string last = seen;
            for (const auto& p : page->page.posts) {
                std::string ts = p.native_id.substr(p.native_id.find('/') + 1);
                if (slack_ts_before(last, ts)) last = ts;
            }
            r.cursor[kSlackThreadKey + parent] = last;
        }
        return finish(http, r, users, stop);
    }

    size_t max_recheck() const override { return 20; }  // one conversations.replies call each
    // Only messages of this source's own channel (another Slack source may follow another one).
    bool can_recheck(const std::string& native_id) const override { return native_id.rfind(cfg_.channel + "/", 0) == 0; }

    // A stored message looked up by its ts: the answer holds it as it is now (edits, reactions), or
    // Slack answers thread_not_found (message_not_found) when it was deleted.
    PollResult recheck(HttpClient& http, const std::vector<std::string>& native_ids, const std::atomic<bool>& stop) override {
        PollResult r;
        std::vector<std::string> users;
        for (size_t i = 0; i < native_ids.size() && i < max_recheck() && !stop.load() && !r.retry_at; ++i) {
            const std::string& id = native_ids[i];
            auto slash = id.find('/');
            if (slash == std::string::npos || id.substr(0, slash) != cfg_.channel) continue;
            const std::string ts = id.substr(slash + 1);
            std::string url = base_ + "/api/conversations.replies?channel=" + url_encode(cfg_.channel) + "&ts=" + url_encode(ts) +
                              "&oldest=" + url_encode(ts) + "&latest=" + url_encode(ts) + "&inclusive=true&limit=10";
            HttpResponse resp;
            if (!get(http, url, "GET conversations.replies (deletions and edits)", stop, r, resp)) break;
            auto page = parse_slack_messages(resp.body, cfg_.channel, "GET conversations.replies (deletions and edits)");
            if (!page) {
                // Slack's words for "that message is not there any more".
                if (page.error().find("\"thread_not_found\"") != std::string::npos ||
                    page.error().find("\"message_not_found\"") != std::string::npos) {
                    r.page.deleted_ids.push_back("slack:" + id);
                    continue;
                }
                r.error = page.error();
                break;
            }
            // A message missing from an answer that is otherwise fine says nothing for sure (a thread's
            // parent always comes first): only Slack's own "not found" takes a post off the wall.
            for (auto& p : page->page.posts)
                if (p.native_id == id) {
                    users.push_back(p.author_handle);
                    r.page.posts.push_back(std::move(p));
                }
        }
        name_authors(http, r, users, stop);
        return r;
    }

private:
    // One authorised GET that answers Slack JSON; on failure fills r.error (and the retry time on a 429).
    bool get(HttpClient& http, const std::string& url, const char* what, const std::atomic<bool>& stop, PollResult& r,
             HttpResponse& resp) const {
        HttpRequest req;
        req.url = url;
        req.headers.emplace_back("Authorization", "Bearer " + token_);
        resp = http.send(req, &stop);
        ++r.requests;
        r.http_status = static_cast<int>(resp.status);
        if (resp.ok()) return true;
        r.error = describe_failure(what, resp);
        if (resp.status == 429) {
            // Slack's limits are per method and workspace, told only by Retry-After (seconds).
            r.rate_limited = true;
            r.retry_at = parse_retry_after(resp.headers, now());
            if (!r.retry_at) r.retry_at = now() + std::chrono::seconds(60);
        }
        return false;
    }

    std::optional<SlackPage> fetch(HttpClient& http, const std::string& url, const char* what, const std::atomic<bool>& stop,
                                   PollResult& r) const {
        HttpResponse resp;
        if (!get(http, url, what, stop, r, resp)) return std::nullopt;
        auto page = parse_slack_messages(resp.body, cfg_.channel, what);
        if (!page) {
            r.error = page.error();
            return std::nullopt;
        }
        return std::move(*page);
    }

    // Adds a page's messages (those of the event, matching the tags when the source has any).
    void take(SlackPage& page, PollResult& r, std::vector<std::string>& users, Instant since) const {
        for (auto& u : page.user_ids) users.push_back(std::move(u));
        take_page(r.page, page.page, since, [this](const Post& p) { return wanted(p); });
    }

    [[nodiscard]] bool wanted(const Post& p) const {
        if (tags_.empty()) return true;  // no tag: the whole channel
        for (const auto& h : p.hashtags)
            if (tags_.count(fold_case(h))) return true;
        return false;
    }

    PollResult finish(HttpClient& http, PollResult& r, std::vector<std::string>& users, const std::atomic<bool>& stop) {
        name_authors(http, r, users, stop);
        return std::move(r);
    }

    // users.info for the authors and mentioned users not met before (cached for the source's life).
    void name_authors(HttpClient& http, PollResult& r, std::vector<std::string>& users, const std::atomic<bool>& stop) {
        std::sort(users.begin(), users.end());
        users.erase(std::unique(users.begin(), users.end()), users.end());
        size_t asked = 0;
        for (const auto& u : users) {
            if (users_.count(u) || stop.load() || r.retry_at || asked >= kSlackUsersPerPoll) continue;
            ++asked;
            PollResult side;  // a failed name lookup is not the poll failing: the message is stored with the id
            HttpResponse resp;
            if (!get(http, base_ + "/api/users.info?user=" + url_encode(u), "GET users.info", stop, side, resp)) {
                r.requests += side.requests;
                if (side.rate_limited) r.retry_at = side.retry_at;
                continue;
            }
            r.requests += side.requests;
            if (auto who = parse_slack_user(resp.body)) users_[u] = std::move(*who);
        }
        apply_slack_users(r.page, users_);
    }

    SourceConfig cfg_;
    std::string base_, token_;
    std::set<std::string> tags_;
    std::map<std::string, SlackUser> users_;
};

}  // namespace

Result<std::unique_ptr<Connector>> make_slack_connector(const SourceConfig& cfg, const Secrets& secrets) {
    if (secrets.slack_token.empty())
        return fail("source " + cfg.id + ": Slack needs a bot token: set LEARNWALL_SLACK_TOKEN or \"slack_token\" in secrets.json");
    if (cfg.channel.empty()) return fail("source " + cfg.id + ": a Slack source needs the channel id (--channel C...)");
    return std::unique_ptr<Connector>(new SlackSource(cfg, secrets.slack_token));
}

}  // namespace lw::connectors
