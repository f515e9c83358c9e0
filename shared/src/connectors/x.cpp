// X API v2: recent search responses to normalised posts.
#include "learnwall/connectors/x.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <unordered_map>

#include "html.hpp"
#include "json_get.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::connectors {

using namespace detail;

namespace {

struct Includes {
    std::unordered_map<std::string, const json*> users, media, tweets;
};

void index_includes(const json& root, Includes& inc) {
    const json* includes = get_object(root, "includes");
    if (!includes) return;
    within("/includes", [&] {
        auto index = [&](const char* key, const char* id_key, std::unordered_map<std::string, const json*>& into) {
            if (const json* arr = get_array(*includes, key))
                for (const auto& item : *arr)
                    if (item.is_object()) {
                        std::string id = get_id(item, id_key);
                        if (!id.empty()) into[id] = &item;
                    }
        };
        index("users", "id", inc.users);
        index("media", "media_key", inc.media);
        index("tweets", "id", inc.tweets);
    });
}

bool is_media_url(const json& u) {
    if (member(u, "media_key")) return true;
    std::string display = get_str(u, "display_url");
    if (display.rfind("pic.x.com/", 0) == 0 || display.rfind("pic.twitter.com/", 0) == 0) return true;
    std::string expanded = get_str(u, "expanded_url");
    return expanded.find("/photo/") != std::string::npos || expanded.find("/video/") != std::string::npos;
}

// Expands or removes the t.co links named in `entities` (matched by the short URL itself, which is
// robust to how a server counts positions).
std::string resolve_links(std::string text, const json* entities) {
    if (!entities) return text;
    const json* urls = get_array(*entities, "urls");
    if (!urls) return text;
    for (const auto& u : *urls) {
        if (!u.is_object()) continue;
        std::string short_url = get_str(u, "url");
        if (short_url.empty()) continue;
        std::string replacement = is_media_url(u) ? std::string() : get_str(u, "expanded_url");
        if (replacement.empty() && !is_media_url(u)) continue;  // nothing better known: keep the short link
        for (size_t pos = text.find(short_url); pos != std::string::npos; pos = text.find(short_url, pos + replacement.size())) {
            // Do not cut into a longer t.co link that merely starts the same way.
            size_t end = pos + short_url.size();
            if (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])))) {
                pos = end;
                continue;
            }
            text.replace(pos, short_url.size(), replacement);
        }
    }
    return text;
}

// Removes spaces left before line ends and at the end by removed media links.
std::string tidy(std::string s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ' ') {
            size_t j = i;
            while (j < s.size() && s[j] == ' ') ++j;
            if (j == s.size() || s[j] == '\n') {
                i = j - 1;
                continue;
            }
        }
        out += s[i];
    }
    return trim(out);
}

Post tweet_to_post(const json& t, const Includes& inc, int depth) {
    if (!t.is_object()) throw JsonFieldError("", "expected a tweet object, got " + json_type_name(t));
    if (depth == 0) {
        if (const json* refs = get_array(t, "referenced_tweets")) {
            for (const auto& r : *refs) {
                if (r.is_object() && get_str(r, "type") == "retweeted") {
                    std::string id = get_id(r, "id");
                    auto it = inc.tweets.find(id);
                    if (it == inc.tweets.end())
                        throw JsonFieldError("/referenced_tweets", "a retweet of tweet " + id + " that is not in includes.tweets (ask for the referenced_tweets.id expansion)");
                    return within("/includes/tweets[id=" + id + "]", [&] { return tweet_to_post(*it->second, inc, 1); });
                }
            }
        }
    }
    Post p;
    p.source = "x";
    std::string id = get_id(t, "id");
    if (id.empty()) throw JsonFieldError("/id", "expected a tweet id, but it is missing or null");
    // An edit is a new tweet id; the first id in the edit history names the post we already have.
    p.native_id = id;
    if (const json* hist = get_array(t, "edit_history_tweet_ids"); hist && !hist->empty() && (*hist)[0].is_string())
        p.native_id = (*hist)[0].get<std::string>();
    std::string author_id = get_id(t, "author_id");
    auto user = inc.users.find(author_id);
    if (user == inc.users.end())
        throw JsonFieldError("/author_id", "author " + author_id + " is not in includes.users (ask for the author_id expansion)");
    std::string username = get_str(*user->second, "username");
    if (username.empty()) throw JsonFieldError("/includes/users[id=" + author_id + "]/username", "expected a username");
    p.author_handle = normalise_handle(repair_utf8(username));
    p.author_display_name = trim(repair_utf8(get_str(*user->second, "name")));
    if (p.author_display_name.empty()) p.author_display_name = p.author_handle;
    p.author_avatar_url = get_str(*user->second, "profile_image_url");
    p.url = "https://x.com/" + username + "/status/" + id;

    const json* note = get_object(t, "note_tweet");
    std::string text;
    if (note && member(*note, "text")) {
        text = within("/note_tweet", [&] { return resolve_links(get_str(*note, "text"), get_object(*note, "entities")); });
    } else {
        text = resolve_links(required_str(t, "text"), get_object(t, "entities"));
    }
    p.text = repair_utf8(tidy(decode_x_entities(text)));
    p.hashtags = extract_hashtags(p.text);
    if (const json* att = get_object(t, "attachments"))
        if (const json* keys = get_array(*att, "media_keys"))
            for (const auto& k : *keys) {
                if (!k.is_string()) continue;
                auto m = inc.media.find(k.get<std::string>());
                if (m != inc.media.end() && get_str(*m->second, "type") == "photo") {
                    std::string u = get_str(*m->second, "url");
                    if (!u.empty()) p.image_urls.push_back(u);
                }
            }
    std::string created = required_str(t, "created_at");
    auto at = parse_rfc3339(created);
    if (!at) throw JsonFieldError("/created_at", "expected an RFC 3339 time, got \"" + excerpt(created, 40) + "\"");
    p.created_at = *at;
    if (const json* m = get_object(t, "public_metrics")) {
        within("/public_metrics", [&] {
            p.like_count = get_int(*m, "like_count");
            p.repost_count = get_int(*m, "retweet_count");
            p.reply_count = get_int(*m, "reply_count");
        });
    }
    if (const json* refs = get_array(t, "referenced_tweets")) {
        for (const auto& r : *refs) {
            if (r.is_object() && get_str(r, "type") == "replied_to") {
                p.is_reply = true;
                p.in_reply_to_id = "x:" + get_id(r, "id");
            } else if (r.is_object() && get_str(r, "type") == "quoted" && !get_id(r, "id").empty()) {
                // A quote tweet (docs/connections.md): its author comes with referenced_tweets.id.author_id.
                const std::string qid = get_id(r, "id");
                p.quote_of_id = "x:" + qid;
                if (auto qt = inc.tweets.find(qid); qt != inc.tweets.end()) {
                    if (auto u = inc.users.find(get_id(*qt->second, "author_id")); u != inc.users.end())
                        p.quote_of_handle = normalise_handle(get_str(*u->second, "username"));
                }
            }
        }
    }
    std::string reply_user = get_id(t, "in_reply_to_user_id");
    if (!reply_user.empty()) {
        p.is_reply = true;
        auto u = inc.users.find(reply_user);
        if (u != inc.users.end()) p.in_reply_to_handle = normalise_handle(get_str(*u->second, "username"));
    }
    p.language = get_str(t, "lang");
    if (p.language == "und" || p.language == "zxx") p.language.clear();  // X's "undetermined" and "no text"
    p.sensitive = get_bool(t, "possibly_sensitive");
    return p;
}

}  // namespace

Result<FetchedPage> parse_x_search(std::string_view body) {
    auto j = parse_body(body, "X recent search");
    if (!j) return fail(j.error());
    if (!j->is_object()) return fail("X recent search: expected a JSON object, got " + json_type_name(*j));
    FetchedPage page;
    try {
        Includes inc;
        index_includes(*j, inc);
        if (const json* meta = get_object(*j, "meta")) {
            within("/meta", [&] {
                page.newest_local_id = get_id(*meta, "newest_id");
                page.oldest_local_id = get_id(*meta, "oldest_id");
                page.next_cursor = get_str(*meta, "next_token");
            });
        } else if (!member(*j, "data")) {
            // Neither data nor meta: an error document ({"title", "detail"} or {"errors": [...]}).
            std::string why;
            for (const char* k : {"title", "detail"})
                if (const json* v = member(*j, k); v && v->is_string()) why += (why.empty() ? "" : ": ") + v->get<std::string>();
            return fail("X recent search: expected \"data\" and \"meta\"" + (why.empty() ? std::string() : " (the server says: \"" + excerpt(why) + "\")"));
        }
        const json* data = get_array(*j, "data");
        if (!data) return page;  // no results: meta.result_count 0
        page.items = data->size();
        // Tweets first, retweets second: the original as a tweet of its own in `data` carries every
        // field we asked for, so it wins over its copy in includes.tweets.
        auto is_retweet = [](const json& t) {
            const json* refs = t.is_object() ? member(t, "referenced_tweets") : nullptr;
            if (!refs || !refs->is_array()) return false;
            for (const auto& r : *refs)
                if (r.is_object() && r.contains("type") && r["type"] == "retweeted") return true;
            return false;
        };
        for (int pass = 0; pass < 2; ++pass)
        for (size_t k = 0; k < data->size(); ++k) {
            const json& t = (*data)[k];
            if (is_retweet(t) != (pass == 1)) continue;
            try {
                Post p = tweet_to_post(t, inc, 0);
                bool dup = false;
                for (const auto& q : page.posts) dup = dup || q.native_id == p.native_id;
                if (page.oldest_created_at == Instant{} || p.created_at < page.oldest_created_at) page.oldest_created_at = p.created_at;
                if (!dup) page.posts.push_back(std::move(p));
            } catch (const JsonFieldError& e) {
                page.problems.push_back("/data/" + std::to_string(k) + e.pointer + ": " + e.expected);
            }
        }
    } catch (const JsonFieldError& e) {
        return fail("X recent search: " + e.pointer + ": " + e.expected);
    }
    return page;
}

Result<std::vector<std::string>> parse_x_lookup_gone(std::string_view body,
                                                     std::vector<std::pair<std::string, PostCounts>>* counts) {
    auto j = parse_body(body, "X tweet lookup");
    if (!j) return fail(j.error());
    if (!j->is_object()) return fail("X tweet lookup: expected a JSON object, got " + json_type_name(*j));
    const json* data = member(*j, "data");
    const json* errors = member(*j, "errors");
    if (!data && !errors) {
        std::string why;
        for (const char* k : {"title", "detail"})
            if (const json* v = member(*j, k); v && v->is_string()) why += (why.empty() ? "" : ": ") + v->get<std::string>();
        return fail("X tweet lookup: expected \"data\" or \"errors\"" + (why.empty() ? std::string() : " (the server says: \"" + excerpt(why) + "\")"));
    }
    if (counts && data && data->is_array()) {
        // Stored tweets are named by the first id of their edit history; of several versions the
        // newest (the longest, then greatest, id) carries the counts people see.
        std::unordered_map<std::string, std::pair<std::string, PostCounts>> newest;
        for (const auto& t : *data) try {
            if (!t.is_object()) continue;
            std::string id = get_id(t, "id");
            if (id.empty()) continue;
            std::string first = id;
            if (const json* hist = get_array(t, "edit_history_tweet_ids"); hist && !hist->empty() && (*hist)[0].is_string())
                first = (*hist)[0].get<std::string>();
            const json* m = get_object(t, "public_metrics");
            if (!m) continue;  // a lookup without tweet.fields=public_metrics says nothing about counts
            PostCounts c{get_int(*m, "like_count"), get_int(*m, "retweet_count"), get_int(*m, "reply_count")};
            auto it = newest.find(first);
            bool newer = it == newest.end() || id.size() > it->second.first.size() ||
                         (id.size() == it->second.first.size() && id > it->second.first);
            if (newer) newest[first] = {id, c};
        } catch (const JsonFieldError&) {
            // A malformed tweet leaves its stored counts; it must not stop the deletion check.
        }
        for (const auto& [first, v] : newest) counts->emplace_back("x:" + first, v.second);
    }
    std::vector<std::string> gone;
    if (!errors || !errors->is_array()) return gone;
    for (const auto& e : *errors) {
        if (!e.is_object()) continue;
        std::string type = get_str(e, "type"), title = get_str(e, "title");
        bool not_found = type.find("resource-not-found") != std::string::npos || title == "Not Found Error";
        bool private_now = type.find("not-authorized-for-resource") != std::string::npos || title == "Authorization Error";
        if (!not_found && !private_now) continue;  // a transient problem says nothing about the tweet
        if (!get_str(e, "resource_type").empty() && get_str(e, "resource_type") != "tweet") continue;
        std::string id = get_id(e, "resource_id");
        if (id.empty()) id = get_id(e, "value");
        if (!id.empty()) gone.push_back("x:" + id);
    }
    return gone;
}

std::string x_query_for_tags(const std::vector<std::string>& tags) {
    std::string q;
    for (const auto& t : tags) q += (q.empty() ? "#" : " OR #") + normalise_tag(t);
    return tags.size() > 1 ? "(" + q + ")" : q;
}

}  // namespace lw::connectors
