// The Mastodon source: hashtag timelines by polling (Link paging, min_id cursor) and the hashtag stream.
#include <nlohmann/json.hpp>

#include "json_get.hpp"
#include "learnwall/connectors/connector.hpp"
#include "learnwall/connectors/mastodon.hpp"
#include "learnwall/text.hpp"

namespace lw::connectors {

namespace {

constexpr int kPageLimit = 40;      // Mastodon's maximum for timelines
constexpr int kMaxPagesPerPoll = 25;  // 1000 posts: bounded work per poll; the rest comes next time

// The value of one query parameter in a URL ("" when absent).
std::string query_param(const std::string& url, const std::string& name) {
    auto q = url.find('?');
    if (q == std::string::npos) return {};
    std::string_view rest(url.c_str() + q + 1);
    while (!rest.empty()) {
        auto amp = rest.find('&');
        std::string_view kv = rest.substr(0, amp);
        auto eq = kv.find('=');
        if (kv.substr(0, eq) == name && eq != std::string_view::npos) return std::string(kv.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return {};
}

class MastodonSource final : public Connector {
public:
    MastodonSource(SourceConfig cfg, std::string token)
        : cfg_(std::move(cfg)), base_(trim_base_url(cfg_.base_url)), host_(url_host(cfg_.base_url)), token_(std::move(token)) {}

    std::chrono::seconds default_poll_interval() const override { return std::chrono::seconds(30); }

    std::vector<std::string> stream_channels() const override {
        if (token_.empty() || !cfg_.stream) return {};  // servers require a user token for streaming
        std::vector<std::string> out;
        for (const auto& t : cfg_.tags) out.push_back(normalise_tag(t));
        return out;
    }

    PollResult poll(HttpClient& http, const Cursor& cursor, Instant since, const std::atomic<bool>& stop) override {
        PollResult r;
        r.cursor = cursor;
        for (const auto& raw_tag : cfg_.tags) {
            std::string tag = normalise_tag(raw_tag);
            if (tag.empty()) continue;
            if (!poll_tag(http, tag, since, stop, r)) break;
            if (stop.load()) break;
        }
        return r;
    }

    Status stream(HttpClient& http, const std::string& tag, const std::atomic<bool>& stop,
                  const std::function<void(FetchedPage)>& deliver, const std::function<void()>& on_open,
                  RateLimit& rate) override {
        HttpRequest req = request(base_ + "/api/v1/streaming/hashtag?tag=" + url_encode(tag));
        req.headers.emplace_back("Accept", "text/event-stream");
        SseParser sse;
        bool opened = false;
        std::string problem;
        auto resp = http.stream(req, [&](std::string_view bytes) {
            if (!opened) {
                opened = true;
                on_open();
            }
            sse.feed(bytes, [&](const SseEvent& ev) {
                FetchedPage page;
                if (auto st = apply_mastodon_stream_event(ev, host_, page); !st) {
                    problem = st.error();  // one bad event is reported, the stream goes on
                    page.problems.push_back(st.error());
                }
                if (!page.posts.empty() || !page.deleted_ids.empty() || !page.problems.empty()) deliver(std::move(page));
            });
            // A server that sends one endless line is broken; do not buffer it forever.
            return sse.pending_bytes() < 8 * 1024 * 1024;
        }, stop);
        rate = parse_rate_limit("mastodon", resp.headers);
        if (stop.load()) return {};
        if (!resp.error.empty() || resp.status < 200 || resp.status >= 300)
            return fail(describe_failure("stream #" + tag, resp));
        return fail("stream #" + tag + ": the server ended the stream" + (problem.empty() ? "" : " (last problem: " + problem + ")"));
    }

private:
    HttpRequest request(const std::string& url) const {
        HttpRequest req;
        req.url = url;
        req.headers.emplace_back("Accept", "application/json");
        if (!token_.empty()) req.headers.emplace_back("Authorization", "Bearer " + token_);
        return req;
    }

    // One GET of the tag timeline; false (with r.error set) on failure.
    bool fetch(HttpClient& http, const std::string& url, const std::string& tag, const std::atomic<bool>& stop,
               PollResult& r, FetchedPage& page, LinkHeader& links) {
        HttpResponse resp = http.send(request(url), &stop);
        ++r.requests;
        r.http_status = static_cast<int>(resp.status);
        r.rate = parse_rate_limit("mastodon", resp.headers);
        std::string what = "GET /api/v1/timelines/tag/" + tag;
        if (!resp.ok()) {
            r.error = describe_failure(what, resp);
            if (resp.status == 429) {
                r.rate_limited = true;
                r.retry_at = parse_retry_after(resp.headers, now());
                if (!r.retry_at && r.rate.reset) r.retry_at = r.rate.reset;
            }
            return false;
        }
        auto parsed = parse_mastodon_statuses(resp.body, host_);
        if (!parsed) {
            r.error = what + ": " + parsed.error();
            return false;
        }
        page = std::move(*parsed);
        links = parse_link_header(resp.header("link"));
        if (auto wait = wait_for_rate_limit(r.rate, now())) r.retry_at = wait;
        return true;
    }

    static void merge(FetchedPage& into, FetchedPage&& from, Instant since) {
        into.items += from.items;
        for (auto& p : from.posts)
            if (p.created_at >= since) into.posts.push_back(std::move(p));
        for (auto& d : from.deleted_ids) into.deleted_ids.push_back(std::move(d));
        for (auto& pr : from.problems) into.problems.push_back(std::move(pr));
    }

    bool poll_tag(HttpClient& http, const std::string& tag, Instant since, const std::atomic<bool>& stop, PollResult& r) {
        const std::string key = "newest:" + ascii_lower(tag);
        const std::string timeline = base_ + "/api/v1/timelines/tag/" + url_encode(tag) + "?limit=" + std::to_string(kPageLimit);
        auto known = r.cursor.find(key);
        if (known == r.cursor.end() || known->second.empty()) {
            // First run: page back (newest first) until the event's start; the cursor is only set
            // once the whole way back is stored, so an interrupted first run starts over, without gaps.
            std::string newest, max_id;
            for (int n = 0; n < kMaxPagesPerPoll && !stop.load(); ++n) {
                FetchedPage page;
                LinkHeader links;
                if (!fetch(http, timeline + (max_id.empty() ? "" : "&max_id=" + url_encode(max_id)), tag, stop, r, page, links)) return false;
                if (newest.empty() || (!page.newest_local_id.empty() && mastodon_id_newer(page.newest_local_id, newest)))
                    newest = page.newest_local_id;
                std::string oldest = page.oldest_local_id;
                bool reached_start = page.items == 0 || (page.oldest_created_at != Instant{} && page.oldest_created_at < since);
                std::string next = query_param(links.next, "max_id");
                merge(r.page, std::move(page), since);
                if (reached_start) break;
                max_id = next.empty() ? oldest : next;
                if (max_id.empty()) break;
            }
            if (stop.load()) return false;
            // Nothing there yet: remember "0" so later polls ask for everything newer than nothing.
            r.cursor[key] = newest.empty() ? "0" : newest;
            return true;
        }
        // Later runs: min_id gives the posts just after the cursor (oldest chunk first); walk newer
        // with the prev link until nothing is left, advancing the cursor chunk by chunk.
        std::string min_id = known->second;
        for (int n = 0; n < kMaxPagesPerPoll && !stop.load(); ++n) {
            FetchedPage page;
            LinkHeader links;
            if (!fetch(http, timeline + "&min_id=" + url_encode(min_id), tag, stop, r, page, links)) return false;
            if (page.items == 0) break;
            std::string newest = page.newest_local_id;
            merge(r.page, std::move(page), since);
            if (newest.empty() || !mastodon_id_newer(newest, min_id)) break;  // a server ignoring min_id: stop
            min_id = newest;
            r.cursor[key] = min_id;
            if (r.page.items >= static_cast<size_t>(kPageLimit) * kMaxPagesPerPoll) break;
        }
        return true;
    }

    SourceConfig cfg_;
    std::string base_, host_, token_;
};

}  // namespace

std::unique_ptr<Connector> make_mastodon_connector(const SourceConfig& cfg, const Secrets& secrets) {
    return std::make_unique<MastodonSource>(cfg, secrets.mastodon_token_for(url_host(cfg.base_url)));
}

std::string describe_failure(const std::string& what, const HttpResponse& r) {
    if (!r.error.empty()) return what + ": " + (r.timed_out ? "timed out: " : "") + r.error;
    std::string msg = what + ": HTTP " + std::to_string(r.status);
    // Networks explain failures in a JSON body: {"error": "..."} (Mastodon, Bluesky), {"title","detail"} (X).
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    std::string why;
    if (j.is_object()) {
        for (const char* k : {"error", "message", "title", "detail"}) {
            auto it = j.find(k);
            if (it != j.end() && it->is_string()) why += (why.empty() ? "" : ": ") + it->get<std::string>();
        }
    }
    if (why.empty() && !r.body.empty()) why = detail::excerpt(r.body, 80);
    if (!why.empty()) msg += " (" + detail::excerpt(why, 160) + ")";
    return msg;
}

}  // namespace lw::connectors
