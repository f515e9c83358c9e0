// Bluesky: session and searchPosts responses to normalised posts.
#include "learnwall/connectors/bluesky.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "json_get.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::connectors {

using namespace detail;

namespace {

void add_images(const json* embed, std::vector<std::string>& out) {
    if (!embed) return;
    std::string type = get_str(*embed, "$type");
    if (type == "app.bsky.embed.images#view") {
        if (const json* imgs = get_array(*embed, "images"))
            for (const auto& im : *imgs) {
                std::string u = get_str(im, "fullsize");
                if (u.empty()) u = get_str(im, "thumb");
                if (!u.empty()) out.push_back(u);
            }
    } else if (type == "app.bsky.embed.recordWithMedia#view") {
        within("/media", [&] { add_images(get_object(*embed, "media"), out); });
    }
}

void bluesky_read_quote(const json& v, Post& p);

Post bluesky_post(const json& v) {
    if (!v.is_object()) throw JsonFieldError("", "expected a post view object, got " + json_type_name(v));
    Post p;
    p.source = "bluesky";
    p.native_id = required_str(v, "uri");
    const json* author = get_object(v, "author");
    if (!author) throw JsonFieldError("/author", "expected the author's profile, but it is missing or null");
    within("/author", [&] {
        p.author_handle = normalise_handle(required_str(*author, "handle"));
        p.author_display_name = trim(repair_utf8(get_str(*author, "displayName")));
        p.author_avatar_url = get_str(*author, "avatar");
    });
    if (p.author_display_name.empty()) p.author_display_name = p.author_handle;
    const json* record = get_object(v, "record");
    if (!record) throw JsonFieldError("/record", "expected the post record, but it is missing or null");
    within("/record", [&] {
        p.text = repair_utf8(get_str(*record, "text"));  // verbatim: Bluesky text is plain text, not HTML
        p.hashtags = extract_hashtags(p.text);
        auto add_tag = [&](const std::string& t) {
            std::string tag = normalise_tag(t);
            if (tag.empty()) return;
            for (const auto& h : p.hashtags)
                if (ascii_lower(h) == ascii_lower(tag)) return;
            p.hashtags.push_back(repair_utf8(tag));
        };
        if (const json* facets = get_array(*record, "facets"))
            for (const auto& f : *facets)
                if (const json* feats = get_array(f, "features"))
                    for (const auto& ft : *feats)
                        if (get_str(ft, "$type") == "app.bsky.richtext.facet#tag") add_tag(get_str(ft, "tag"));
        if (const json* tags = get_array(*record, "tags"))
            for (const auto& t : *tags)
                if (t.is_string()) add_tag(t.get<std::string>());
        if (const json* langs = get_array(*record, "langs"); langs && !langs->empty() && (*langs)[0].is_string())
            p.language = (*langs)[0].get<std::string>();
        if (const json* reply = get_object(*record, "reply")) {
            p.is_reply = true;
            if (const json* parent = get_object(*reply, "parent")) {
                std::string uri = get_str(*parent, "uri");
                if (!uri.empty()) p.in_reply_to_id = "bluesky:" + uri;
            }
        }
        std::string created = get_str(*record, "createdAt");
        if (auto t = parse_rfc3339(created)) p.created_at = *t;
    });
    if (p.created_at == Instant{}) {
        // createdAt is set by the client and may be missing or odd; indexedAt is the server's.
        auto t = parse_rfc3339(get_str(v, "indexedAt"));
        if (!t) throw JsonFieldError("/record/createdAt", "expected an RFC 3339 time in createdAt or indexedAt");
        p.created_at = *t;
    }
    within("/embed", [&] { add_images(get_object(v, "embed"), p.image_urls); });
    bluesky_read_quote(v, p);
    p.like_count = get_int(v, "likeCount");
    p.repost_count = get_int(v, "repostCount");
    p.reply_count = get_int(v, "replyCount");
    if (const json* labels = get_array(v, "labels"))
        for (const auto& l : *labels) {
            std::string val = get_str(l, "val");
            if (val.empty() || val[0] == '!') continue;
            p.sensitive = true;
            if (p.content_warning.empty()) p.content_warning = val;
        }
    p.url = bluesky_web_url(p.native_id, p.author_handle);
    return p;
}

// A quote-post (docs/connections.md): the view's embed is app.bsky.embed.record#view (its "record"
// is the quoted post, with its author) or app.bsky.embed.recordWithMedia#view (one level deeper);
// without a view, the record's own embed names the quoted post's uri only.
void bluesky_read_quote(const json& v, Post& p) {
    if (const json* embed = get_object(v, "embed")) {
        const std::string type = get_str(*embed, "$type");
        const json* rec = get_object(*embed, "record");
        if (rec && type.rfind("app.bsky.embed.recordWithMedia", 0) == 0) rec = get_object(*rec, "record");
        if (rec && type.rfind("app.bsky.embed.record", 0) == 0) {
            const std::string uri = get_str(*rec, "uri");
            // Only a quoted post: a record embed may also be a feed, a list or a starter pack.
            if (uri.find("/app.bsky.feed.post/") != std::string::npos) {
                p.quote_of_id = "bluesky:" + uri;
                if (const json* a = get_object(*rec, "author")) p.quote_of_handle = normalise_handle(get_str(*a, "handle"));
                return;
            }
        }
    }
    const json* record = get_object(v, "record");
    const json* embed = record ? get_object(*record, "embed") : nullptr;
    if (!embed) return;
    const json* ref = get_object(*embed, "record");
    if (ref && get_str(*embed, "$type") == "app.bsky.embed.recordWithMedia") ref = get_object(*ref, "record");
    if (ref && get_str(*embed, "$type").rfind("app.bsky.embed.record", 0) == 0) {
        const std::string uri = get_str(*ref, "uri");
        if (uri.find("/app.bsky.feed.post/") != std::string::npos) p.quote_of_id = "bluesky:" + uri;
    }
}

bool author_opted_out(const json& v) {
    const json* author = get_object(v, "author");
    if (!author) return false;
    const json* labels = get_array(*author, "labels");
    if (!labels) return false;
    for (const auto& l : *labels)
        if (l.is_object() && get_str(l, "val") == "!no-unauthenticated") return true;
    return false;
}

}  // namespace

std::string bluesky_web_url(std::string_view at_uri, std::string_view handle) {
    auto slash = at_uri.rfind('/');
    if (slash == std::string_view::npos) return {};
    return "https://bsky.app/profile/" + std::string(handle) + "/post/" + std::string(at_uri.substr(slash + 1));
}

Result<BlueskySession> parse_bluesky_session(std::string_view body) {
    auto j = parse_body(body, "Bluesky session");
    if (!j) return fail(j.error());
    try {
        if (!j->is_object()) throw JsonFieldError("", "expected a JSON object, got " + json_type_name(*j));
        BlueskySession s;
        s.access_jwt = required_str(*j, "accessJwt");
        s.refresh_jwt = required_str(*j, "refreshJwt");
        s.did = get_str(*j, "did");
        s.handle = get_str(*j, "handle");
        if (const json* doc = get_object(*j, "didDoc"))
            if (const json* services = get_array(*doc, "service"))
                for (const auto& svc : *services) {
                    std::string id = get_str(svc, "id");
                    if (id == "#atproto_pds" || (id.size() > 12 && id.compare(id.size() - 12, 12, "#atproto_pds") == 0))
                        s.pds = get_str(svc, "serviceEndpoint");
                }
        return s;
    } catch (const JsonFieldError& e) {
        return fail("Bluesky session: " + e.pointer + ": " + e.expected);
    }
}

Result<std::vector<std::string>> parse_bluesky_gone(std::string_view body, const std::vector<std::string>& asked,
                                                    std::vector<std::pair<std::string, PostCounts>>* counts) {
    auto j = parse_body(body, "Bluesky getPosts");
    if (!j) return fail(j.error());
    if (!j->is_object()) return fail("Bluesky getPosts: expected a JSON object, got " + json_type_name(*j));
    const json* posts = get_array(*j, "posts");
    if (!posts) return fail("Bluesky getPosts: /posts: expected an array of posts, but it is missing");
    std::vector<std::string> present, gone;
    for (const auto& v : *posts) {
        if (!v.is_object()) continue;
        std::string uri = get_str(v, "uri");
        if (uri.empty()) continue;
        if (author_opted_out(v)) {
            gone.push_back("bluesky:" + uri);
            continue;
        }
        present.push_back(uri);
        // The post view's counts are the AppView's live ones: what searchPosts showed at first sight
        // is stale a minute later.
        if (counts) {
            try {
                counts->emplace_back("bluesky:" + uri, PostCounts{get_int(v, "likeCount"), get_int(v, "repostCount"), get_int(v, "replyCount")});
            } catch (const JsonFieldError&) {
                // A malformed count leaves the stored one; it must not stop the deletion check.
            }
        }
    }
    for (const auto& a : asked)
        if (std::find(present.begin(), present.end(), a) == present.end() &&
            std::find(gone.begin(), gone.end(), "bluesky:" + a) == gone.end())
            gone.push_back("bluesky:" + a);
    return gone;
}

Result<FetchedPage> parse_bluesky_search(std::string_view body) {
    auto j = parse_body(body, "Bluesky searchPosts");
    if (!j) return fail(j.error());
    FetchedPage page;
    try {
        if (!j->is_object()) throw JsonFieldError("", "expected a JSON object, got " + json_type_name(*j));
        const json* posts = get_array(*j, "posts");
        if (!posts) throw JsonFieldError("/posts", "expected an array of posts, but it is missing");
        page.next_cursor = get_str(*j, "cursor");
        page.items = posts->size();
        size_t k = 0;
        for (const auto& v : *posts) {
            try {
                if (auto t = parse_rfc3339(get_str(v, "indexedAt")); t && *t > page.newest_indexed_at) page.newest_indexed_at = *t;
                if (author_opted_out(v)) {
                    page.hidden++;
                    std::string uri = get_str(v, "uri");
                    if (!uri.empty()) page.deleted_ids.push_back("bluesky:" + uri);
                } else {
                    Post p = bluesky_post(v);
                    if (page.oldest_created_at == Instant{} || p.created_at < page.oldest_created_at) page.oldest_created_at = p.created_at;
                    page.posts.push_back(std::move(p));
                }
            } catch (const JsonFieldError& e) {
                page.problems.push_back("/posts/" + std::to_string(k) + e.pointer + ": " + e.expected);
            }
            ++k;
        }
    } catch (const JsonFieldError& e) {
        return fail("Bluesky searchPosts: " + e.pointer + ": " + e.expected);
    }
    return page;
}

}  // namespace lw::connectors
