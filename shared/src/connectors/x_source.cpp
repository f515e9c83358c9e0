// The X source: recent search with a bearer token, next_token paging, since_id from the newest id.
#include <algorithm>

#include "learnwall/connectors/connector.hpp"
#include "learnwall/connectors/x.hpp"

namespace lw::connectors {

namespace {

constexpr int kMaxPages = 50;
const char* kFields =
    "&max_results=100"
    "&tweet.fields=created_at,author_id,lang,public_metrics,entities,attachments,referenced_tweets,"
    "in_reply_to_user_id,possibly_sensitive,note_tweet,edit_history_tweet_ids,conversation_id"
    "&expansions=author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id,in_reply_to_user_id"
    "&user.fields=name,username,profile_image_url"
    "&media.fields=type,url,preview_image_url";

std::string whole_seconds(Instant t) {
    return format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

class XSource final : public Connector {
public:
    XSource(SourceConfig cfg, std::string token) : cfg_(std::move(cfg)), base_(trim_base_url(cfg_.base_url)), token_(std::move(token)) {}

    std::chrono::seconds default_poll_interval() const override { return std::chrono::seconds(60); }

    PollResult poll(HttpClient& http, const Cursor& cursor, Instant since, const std::atomic<bool>& stop) override {
        PollResult r;
        r.cursor = cursor;
        std::string url = base_ + "/2/tweets/search/recent?query=" + url_encode(x_query_for_tags(cfg_.tags)) + kFields;
        auto known = cursor.find("since_id");
        if (known != cursor.end() && !known->second.empty()) {
            url += "&since_id=" + url_encode(known->second);
        } else {
            // Recent search reaches back 7 days at most; asking for more is refused.
            Instant floor = now() - std::chrono::hours(24 * 7) + std::chrono::minutes(1);
            url += "&start_time=" + url_encode(whole_seconds(std::max(since, floor)));
        }
        std::string newest, token;
        for (int n = 0; n < kMaxPages && !stop.load(); ++n) {
            HttpResponse resp;
            if (!get(http, url + (token.empty() ? "" : "&next_token=" + url_encode(token)), "GET /2/tweets/search/recent",
                     stop, r, resp))
                return r;
            auto page = parse_x_search(resp.body);
            if (!page) {
                r.error = "GET /2/tweets/search/recent: " + page.error();
                return r;
            }
            if (newest.empty()) newest = page->newest_local_id;  // the first page holds the newest
            token = page->next_cursor;
            r.page.items += page->items;
            for (auto& p : page->posts)
                if (p.created_at >= since) r.page.posts.push_back(std::move(p));
            for (auto& pr : page->problems) r.page.problems.push_back(std::move(pr));
            if (auto wait = wait_for_rate_limit(r.rate, now())) r.retry_at = wait;
            if (token.empty()) break;
            if (r.retry_at) break;  // the window is spent: the rest comes next time from the old cursor
        }
        if (stop.load()) return r;
        // since_id moves only once every page back to the old cursor is in hand: no gaps.
        if (token.empty() && !newest.empty()) r.cursor["since_id"] = newest;
        return r;
    }

    // One authorised GET: counts it, keeps the rate-limit headers, and on failure fills r.error (and
    // the retry time on a 429). False when the caller should return r as it is.
    bool get(HttpClient& http, const std::string& url, const char* what, const std::atomic<bool>& stop, PollResult& r,
             HttpResponse& resp) const {
        HttpRequest req;
        req.url = url;
        req.headers.emplace_back("Authorization", "Bearer " + token_);
        resp = http.send(req, &stop);
        ++r.requests;
        r.http_status = static_cast<int>(resp.status);
        r.rate = parse_rate_limit("x", resp.headers);
        if (resp.ok()) return true;
        r.error = describe_failure(what, resp);
        if (resp.status == 429) {
            r.rate_limited = true;
            r.retry_at = r.rate.reset ? r.rate.reset : parse_retry_after(resp.headers, now());
        }
        return false;
    }

    size_t max_recheck() const override { return 100; }  // ids per /2/tweets request

    PollResult recheck(HttpClient& http, const std::vector<std::string>& native_ids, const std::atomic<bool>& stop) override {
        PollResult r;
        if (native_ids.empty()) return r;
        std::string ids;
        for (size_t i = 0; i < native_ids.size() && i < max_recheck(); ++i) ids += (ids.empty() ? "" : ",") + native_ids[i];
        HttpResponse resp;
        // public_metrics: the same request that finds deletions refreshes like, retweet and reply counts.
        if (!get(http, base_ + "/2/tweets?ids=" + url_encode(ids) + "&tweet.fields=public_metrics,edit_history_tweet_ids",
                 "GET /2/tweets (deletions and counts)", stop, r, resp))
            return r;
        auto gone = parse_x_lookup_gone(resp.body, &r.page.counts);
        if (!gone) r.error = "GET /2/tweets (deletions and counts): " + gone.error();
        else r.page.deleted_ids = std::move(*gone);
        return r;
    }

private:
    SourceConfig cfg_;
    std::string base_, token_;
};

}  // namespace

Result<std::unique_ptr<Connector>> make_x_connector(const SourceConfig& cfg, const Secrets& secrets) {
    if (secrets.x_bearer_token.empty())
        return fail("source " + cfg.id + ": X needs a bearer token: set LEARNWALL_X_BEARER_TOKEN or \"x_bearer_token\" in secrets.json");
    return std::unique_ptr<Connector>(new XSource(cfg, secrets.x_bearer_token));
}

}  // namespace lw::connectors
