// The Mastodon source: hashtag timelines by polling (Link paging, min_id cursor) and the hashtag stream.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>
#include <set>

#include "json_get.hpp"
#include "learnwall/connectors/connector.hpp"
#include "learnwall/connectors/mastodon.hpp"
#include "learnwall/text.hpp"

namespace lw::connectors {

namespace {

constexpr int kPageLimit = 40;      // Mastodon's maximum for timelines
constexpr int kMaxPagesPerPoll = 25;  // 1000 posts: bounded work per poll; the rest comes next time
// The recheck budget (docs/connectors.md, "Request budget"): GET /api/v1/statuses?id[]= takes 20 ids
// at most (Mastodon 4.3+), five of them a recheck; an older server gets 20 GET /api/v1/statuses/:id.
constexpr size_t kMultiGetIds = 20;
constexpr size_t kRecheckMulti = 5 * kMultiGetIds;
constexpr size_t kRecheckSingle = 20;
// A recheck stops while this many requests of the rate window are left: the timeline polls, which
// fill the wall, keep them.
constexpr std::int64_t kRecheckRateReserve = 30;

// The cursor keeps each post's status id on the instance, so a restarted daemon still rechecks posts
// from other instances: "status:NATIVE_ID" -> "STATUS_ID CREATED_AT", for posts of the last 72 hours
// (longer than the 48-hour recheck window) and never from before the event.
constexpr std::string_view kStatusKey = "status:";
constexpr auto kKeepStatusIds = std::chrono::hours(72);

// Mastodon status ids are numbers (snowflakes); anything else never goes into a lookup URL.
bool plain_status_id(std::string_view id) {
    return !id.empty() && id.size() <= 32 && id.find_first_not_of("0123456789") == std::string_view::npos;
}

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
        load_status_ids(cursor);
        for (const auto& raw_tag : cfg_.tags) {
            std::string tag = normalise_tag(raw_tag);
            if (tag.empty()) continue;
            if (!poll_tag(http, tag, since, stop, r)) break;
            if (stop.load()) break;
        }
        keep_status_ids(r.cursor, since);
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
                remember(page);
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

    // 100 statuses a recheck in five GET /api/v1/statuses?id[]= of 20 (Mastodon 4.3+); on an older
    // server, which has no multi-get, 20 GET /api/v1/statuses/:id (docs/connectors.md: budget).
    size_t max_recheck() const override { return multi_get_missing_.load() ? kRecheckSingle : kRecheckMulti; }

    // Only posts whose status id on this source's own instance is known: a recheck never asks
    // another server, and never builds a URL from anything but that id.
    bool can_recheck(const std::string& native_id) const override { return !local_id_of(native_id).empty(); }

    PollResult recheck(HttpClient& http, const std::vector<std::string>& native_ids, const std::atomic<bool>& stop) override {
        PollResult r;
        std::vector<std::pair<std::string, std::string>> wanted;  // (status id here, native id)
        for (const auto& n : native_ids) {
            if (wanted.size() >= kRecheckMulti) break;
            if (auto local = local_id_of(n); !local.empty()) wanted.emplace_back(local, n);
        }
        size_t from = 0;
        while (from < wanted.size() && !multi_get_missing_.load() && !stop.load()) {
            if (rate_reserve_reached(r, from, wanted.size())) return r;
            size_t to = std::min(wanted.size(), from + kMultiGetIds);
            std::string url = base_ + "/api/v1/statuses?";
            for (size_t i = from; i < to; ++i) url += (i > from ? "&" : "") + std::string("id%5B%5D=") + url_encode(wanted[i].first);
            const std::string what = "GET /api/v1/statuses?id[]= (deletions and counts)";
            HttpResponse resp = http.send(request(url), &stop);
            note_response(r, resp);
            if (resp.status == 404 || resp.status == 405 || resp.status == 501) {
                // A server before 4.3 has no multi-get (a 4.3 one leaves missing ids out, never 404s):
                // one status at a time from now on, for the rest of this slice too.
                multi_get_missing_ = true;
                break;
            }
            if (!resp.ok()) {
                fail_with(r, what, resp);
                return r;
            }
            auto body = detail::parse_body(resp.body, what);
            if (!body || !body->is_array()) {
                r.error = what + ": " + (body ? "expected a JSON array of statuses, got " + json_type_name(*body) : body.error());
                return r;
            }
            std::set<std::string> present;  // a status that came back but does not parse is a problem, not a deletion
            for (const auto& item : *body) {
                try {
                    if (item.is_object()) present.insert(detail::get_id(item, "id"));
                } catch (const JsonFieldError&) {
                }
            }
            auto page = parse_mastodon_statuses(resp.body, host_);
            if (!page) {
                r.error = what + ": " + page.error();
                return r;
            }
            remember(*page);
            r.page.items += page->items;
            std::set<std::string> asked;
            for (size_t i = from; i < to; ++i) asked.insert(wanted[i].second);
            for (auto& p : page->posts) {
                // Only the statuses asked for: anything else a server adds is never stored as a new post.
                if (asked.count(p.native_id)) r.page.posts.push_back(std::move(p));
                else r.page.problems.push_back(what + ": status " + p.native_id + " was not asked for; ignored");
            }
            for (auto& pr : page->problems) r.page.problems.push_back(what + ": " + pr);
            for (size_t i = from; i < to; ++i)
                if (!present.count(wanted[i].first)) r.page.deleted_ids.push_back("mastodon:" + wanted[i].second);
            from = to;
        }
        // Per status: at most kRecheckSingle lookups (the first recheck after finding no multi-get
        // looks up that many of its slice; the rest comes round again).
        for (size_t n = 0; from < wanted.size() && n < kRecheckSingle && !stop.load(); ++from, ++n) {
            const auto& [local, native] = wanted[from];
            if (rate_reserve_reached(r, from, wanted.size())) return r;
            const std::string what = "GET /api/v1/statuses/" + local + " (deletions and counts)";
            HttpResponse resp = http.send(request(base_ + "/api/v1/statuses/" + url_encode(local)), &stop);
            note_response(r, resp);
            if (resp.status == 404 || resp.status == 410) {
                r.page.deleted_ids.push_back("mastodon:" + native);  // deleted, or no longer public
                continue;
            }
            if (!resp.ok()) {
                fail_with(r, what, resp);
                return r;
            }
            auto j = detail::parse_body(resp.body, what);
            if (!j) {
                r.page.problems.push_back(j.error());
                continue;
            }
            r.page.items++;
            try {
                Post p = mastodon_status_to_post(*j, host_);
                if (p.native_id != native) {
                    // The id now names another status: never let it stand in for the stored one.
                    r.page.problems.push_back(what + ": the answer is status " + p.native_id + ", not " + native);
                    continue;
                }
                r.page.posts.push_back(std::move(p));
            } catch (const JsonFieldError& e) {
                r.page.problems.push_back(what + ": " + e.pointer + ": " + e.expected);
            }
        }
        if (auto wait = wait_for_rate_limit(r.rate, now())) r.retry_at = wait;
        return r;
    }

private:
    // The status id of a post on this instance: seen in a poll or a stream of this source, or, for a
    // post of the instance itself, read from its URI ("HOST/users/NAME/statuses/ID", or "HOST/ID"
    // when the status had no URI). "" when unknown.
    std::string local_id_of(const std::string& native_id) const {
        {
            std::lock_guard<std::mutex> lock(local_m_);
            if (auto it = local_ids_.find(native_id); it != local_ids_.end()) return it->second.local;
        }
        const std::string own = host_ + "/";
        if (host_.empty() || native_id.rfind(own, 0) != 0) return {};
        std::string_view rest(native_id);
        rest.remove_prefix(own.size());
        if (plain_status_id(rest)) return std::string(rest);
        auto slash = rest.rfind('/');
        if (slash == std::string_view::npos || !plain_status_id(rest.substr(slash + 1))) return {};
        std::string_view path = rest.substr(0, slash);  // "users/NAME/statuses"
        const std::string_view users = "users/", statuses = "/statuses";
        if (path.rfind(users, 0) != 0 || path.size() <= users.size() + statuses.size() ||
            path.compare(path.size() - statuses.size(), statuses.size(), statuses) != 0)
            return {};
        std::string_view name = path.substr(users.size(), path.size() - users.size() - statuses.size());
        if (name.find('/') != std::string_view::npos) return {};
        return std::string(rest.substr(slash + 1));
    }

    // Keeps the instance's own status id of each post a page brought (only ids from this instance's
    // own answers, so a lookup never goes anywhere else).
    void remember(const FetchedPage& page) {
        const std::string local_prefix = "mastodon-local:" + host_ + "/", post_prefix = "mastodon:";
        std::map<std::string, Instant> created;
        for (const auto& p : page.posts) created[p.id()] = p.created_at;
        std::lock_guard<std::mutex> lock(local_m_);
        for (const auto& [local, post_id] : page.local_ids) {
            if (local.rfind(local_prefix, 0) != 0 || post_id.rfind(post_prefix, 0) != 0) continue;
            std::string id = local.substr(local_prefix.size());
            auto c = created.find(post_id);
            if (plain_status_id(id)) local_ids_[post_id.substr(post_prefix.size())] = {id, c == created.end() ? now() : c->second};
        }
    }

    // The ids an earlier run kept with the cursor (a value that does not read is skipped: the post is
    // then only rechecked once seen again).
    void load_status_ids(const Cursor& cursor) {
        std::lock_guard<std::mutex> lock(local_m_);
        for (auto it = cursor.lower_bound(std::string(kStatusKey)); it != cursor.end() && it->first.rfind(kStatusKey, 0) == 0; ++it) {
            const std::string& v = it->second;
            auto sp = v.find(' ');
            if (sp == std::string::npos || !plain_status_id(std::string_view(v).substr(0, sp))) continue;
            auto t = parse_rfc3339(v.substr(sp + 1));
            if (!t) continue;
            local_ids_.emplace(it->first.substr(kStatusKey.size()), KnownStatus{v.substr(0, sp), *t});
        }
    }

    // Writes the ids of the recent posts into the cursor (and forgets older ones, so neither the
    // map nor sources-state.json grows all week).
    void keep_status_ids(Cursor& cursor, Instant since) {
        for (auto it = cursor.lower_bound(std::string(kStatusKey)); it != cursor.end() && it->first.rfind(kStatusKey, 0) == 0;)
            it = cursor.erase(it);
        const Instant oldest = std::max(since, now() - kKeepStatusIds);
        std::lock_guard<std::mutex> lock(local_m_);
        for (auto it = local_ids_.begin(); it != local_ids_.end();) {
            if (it->second.created < oldest) {
                it = local_ids_.erase(it);
                continue;
            }
            cursor[std::string(kStatusKey) + it->first] = it->second.local + " " + format_rfc3339(it->second.created);
            ++it;
        }
    }

    // True (with r.error saying so) when the rate window is down to the reserve the timeline polls
    // keep: the ingest stores what came back and looks the whole slice up again next time.
    static bool rate_reserve_reached(PollResult& r, size_t done, size_t total) {
        if (r.requests == 0 || r.rate.remaining < 0 || r.rate.remaining > kRecheckRateReserve) return false;
        r.error = "deletions and counts: stopped after " + std::to_string(done) + " of " + std::to_string(total) +
                  " statuses: " + std::to_string(r.rate.remaining) + " requests left in the rate window are kept for the timeline";
        return true;
    }

    void note_response(PollResult& r, const HttpResponse& resp) const {
        ++r.requests;
        r.http_status = static_cast<int>(resp.status);
        r.rate = parse_rate_limit("mastodon", resp.headers);
    }

    static void fail_with(PollResult& r, const std::string& what, const HttpResponse& resp) {
        r.error = describe_failure(what, resp);
        if (resp.status == 429) {
            r.rate_limited = true;
            r.retry_at = parse_retry_after(resp.headers, now());
            if (!r.retry_at && r.rate.reset) r.retry_at = r.rate.reset;
        }
    }

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
        remember(page);
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
    mutable std::mutex local_m_;  // polls and streams fill the map while a recheck reads it
    struct KnownStatus {
        std::string local;  // the status id on this instance
        Instant created;
    };
    std::map<std::string, KnownStatus> local_ids_;  // native id -> its status here (kept with the cursor)
    std::atomic<bool> multi_get_missing_{false};    // the server answered 404 to GET /api/v1/statuses?id[]=
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
