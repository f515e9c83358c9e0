// Mastodon: status HTML to text, Status entities to posts, Link paging, streaming events.
#include "learnwall/connectors/mastodon.hpp"

#include <nlohmann/json.hpp>

#include "html.hpp"
#include "json_get.hpp"
#include "learnwall/connectors/http.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::connectors {

using namespace detail;

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The tag name of "<p class=..>", "</p>", "<br/>" in lower case, and whether it closes.
std::string_view tag_name(std::string_view tag, bool& closing, std::string& scratch) {
    size_t i = 1;
    closing = i < tag.size() && tag[i] == '/';
    if (closing) ++i;
    size_t start = i;
    while (i < tag.size() && ((tag[i] >= 'a' && tag[i] <= 'z') || (tag[i] >= 'A' && tag[i] <= 'Z') || (tag[i] >= '0' && tag[i] <= '9'))) ++i;
    scratch.assign(tag.substr(start, i - start));
    for (char& c : scratch) c = lower(c);
    return scratch;
}

// Drops trailing spaces and newlines from the text built so far.
void trim_end(std::string& out) {
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
}

void paragraph_break(std::string& out) {
    trim_end(out);
    if (!out.empty()) out += "\n\n";
}

void line_break(std::string& out) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
}

}  // namespace

std::string mastodon_html_to_text(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    std::string scratch;
    int skip_depth = 0;  // inside <script>/<style>: never text
    for (size_t i = 0; i < html.size();) {
        char c = html[i];
        if (c == '<') {
            size_t end = html.find('>', i);
            if (end == std::string_view::npos) break;  // an unterminated tag: drop the rest of it
            bool closing = false;
            std::string_view name = tag_name(html.substr(i, end - i + 1), closing, scratch);
            i = end + 1;
            if (name == "script" || name == "style") {
                skip_depth += closing ? -1 : 1;
                if (skip_depth < 0) skip_depth = 0;
            } else if (name == "br") {
                line_break(out);
            } else if (name == "p" || name == "blockquote" || name == "pre" || name == "ul" || name == "ol" ||
                       (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6')) {
                paragraph_break(out);
            } else if (name == "li" && !closing) {
                while (!out.empty() && out.back() == ' ') out.pop_back();
                if (!out.empty() && out.back() != '\n') out += '\n';
                out += "\xE2\x80\xA2 ";  // a bullet
            }
            continue;
        }
        if (skip_depth > 0) {
            ++i;
            continue;
        }
        if (c == '&' && decode_entity_at(html, i, out)) continue;
        if (c == '\n' || c == '\r' || c == '\t') {
            // Source formatting, not content (Mastodon breaks lines with <br>).
            if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
            ++i;
            continue;
        }
        if (c == ' ' && !out.empty() && (out.back() == ' ' || out.back() == '\n')) {
            ++i;  // HTML collapses runs of spaces
            continue;
        }
        out += c;
        ++i;
    }
    trim_end(out);
    size_t lead = 0;
    while (lead < out.size() && (out[lead] == ' ' || out[lead] == '\n')) ++lead;
    out.erase(0, lead);
    return out;
}

namespace {
// The instance's own id of the status a post came from (for a boost: of the boosted original, so
// an unboost does not take the original off the wall).
void note_local_id(const json& status, const Post& p, std::string_view instance_host, FetchedPage& page) {
    const json* s = &status;
    if (const json* rb = get_object(status, "reblog")) s = rb;
    std::string id = get_id(*s, "id");
    if (!id.empty()) page.local_ids.emplace_back("mastodon-local:" + std::string(instance_host) + "/" + id, p.id());
}
}  // namespace

std::string mastodon_native_id(const nlohmann::json& status, std::string_view instance_host) {
    std::string uri = get_str(status, "uri");
    if (!uri.empty()) {
        auto scheme = uri.find("://");
        return scheme == std::string::npos ? uri : uri.substr(scheme + 3);
    }
    std::string id = get_id(status, "id");
    if (id.empty()) throw JsonFieldError("/id", "expected a status id, but it is missing or null");
    return std::string(instance_host) + "/" + id;
}

Post mastodon_status_to_post(const nlohmann::json& in, std::string_view instance_host) {
    if (!in.is_object()) throw JsonFieldError("", "expected a status object, got " + json_type_name(in));
    // A boost carries the original in "reblog"; the wall shows the original, once.
    if (const json* rb = get_object(in, "reblog")) return within("/reblog", [&] { return mastodon_status_to_post(*rb, instance_host); });
    const json& s = in;
    Post p;
    p.source = "mastodon";
    p.native_id = mastodon_native_id(s, instance_host);
    p.url = get_str(s, "url");
    if (p.url.empty()) p.url = get_str(s, "uri");
    const json* acc = get_object(s, "account");
    if (!acc) throw JsonFieldError("/account", "expected the author's account object, but it is missing or null");
    within("/account", [&] {
        std::string acct = required_str(*acc, "acct");
        if (acct.find('@') == std::string::npos) {
            // A local account: name its home so handles are unique across instances.
            std::string home = url_host(get_str(*acc, "url"));
            acct += "@" + (home.empty() ? std::string(instance_host) : home);
        }
        p.author_handle = normalise_handle(repair_utf8(acct));
        p.author_display_name = trim(repair_utf8(get_str(*acc, "display_name")));
        if (p.author_display_name.empty()) p.author_display_name = repair_utf8(get_str(*acc, "username"));
        if (p.author_display_name.empty()) p.author_display_name = p.author_handle.substr(0, p.author_handle.find('@'));
        p.author_avatar_url = get_str(*acc, "avatar_static");
        if (p.author_avatar_url.empty()) p.author_avatar_url = get_str(*acc, "avatar");
    });
    p.text = repair_utf8(mastodon_html_to_text(get_str(s, "content")));
    p.hashtags = extract_hashtags(p.text);
    if (const json* media = get_array(s, "media_attachments")) {
        size_t k = 0;
        for (const auto& m : *media) {
            within("/media_attachments/" + std::to_string(k++), [&] {
                if (get_str(m, "type") == "image") {
                    std::string u = get_str(m, "url");
                    if (u.empty()) u = get_str(m, "remote_url");
                    if (!u.empty()) p.image_urls.push_back(u);
                }
            });
        }
    }
    std::string created = required_str(s, "created_at");
    auto t = parse_rfc3339(created);
    if (!t) throw JsonFieldError("/created_at", "expected an RFC 3339 time, got \"" + excerpt(created, 40) + "\"");
    p.created_at = *t;
    p.like_count = get_int(s, "favourites_count");
    p.repost_count = get_int(s, "reblogs_count");
    p.reply_count = get_int(s, "replies_count");
    std::string parent = get_id(s, "in_reply_to_id");
    p.is_reply = !parent.empty();
    if (p.is_reply) {
        std::string parent_account = get_id(s, "in_reply_to_account_id");
        if (const json* mentions = get_array(s, "mentions")) {
            for (const auto& m : *mentions)
                if (m.is_object() && get_id(m, "id") == parent_account) {
                    std::string acct = get_str(m, "acct");
                    if (acct.find('@') == std::string::npos && !acct.empty()) {
                        std::string home = url_host(get_str(m, "url"));
                        acct += "@" + (home.empty() ? std::string(instance_host) : home);
                    }
                    p.in_reply_to_handle = normalise_handle(acct);
                }
        }
    }
    // A quote-post (docs/connections.md): Mastodon 4.4+ sends {"quote": {"state", "quoted_status"}};
    // some servers send the quoted status itself as "quote". Older servers send nothing: no quote.
    if (const json* q = get_object(s, "quote")) {
        const json* qs = get_object(*q, "quoted_status");
        if (!qs && get_object(*q, "account")) qs = q;
        if (qs && (!get_str(*qs, "uri").empty() || !get_id(*qs, "id").empty())) {
            p.quote_of_id = "mastodon:" + mastodon_native_id(*qs, instance_host);
            if (const json* qa = get_object(*qs, "account")) {
                std::string acct = get_str(*qa, "acct");
                if (!acct.empty() && acct.find('@') == std::string::npos) {
                    std::string home = url_host(get_str(*qa, "url"));
                    acct += "@" + (home.empty() ? std::string(instance_host) : home);
                }
                p.quote_of_handle = normalise_handle(repair_utf8(acct));
            }
        }
    }
    p.language = get_str(s, "language");
    p.content_warning = trim(repair_utf8(get_str(s, "spoiler_text")));
    p.sensitive = get_bool(s, "sensitive");
    return p;
}

Result<FetchedPage> parse_mastodon_statuses(std::string_view body, std::string_view instance_host) {
    auto j = parse_body(body, "Mastodon timeline");
    if (!j) return fail(j.error());
    if (!j->is_array()) {
        std::string why = "Mastodon timeline: expected a JSON array of statuses, got " + json_type_name(*j);
        if (j->is_object() && j->contains("error") && (*j)["error"].is_string())
            why += " (the server says: \"" + excerpt((*j)["error"].get<std::string>()) + "\")";
        return fail(why);
    }
    FetchedPage page;
    page.items = j->size();
    page.posts.reserve(j->size());
    size_t k = 0;
    for (const auto& item : *j) {
        if (item.is_object()) {
            // Timeline order follows the outer id (a boost's own id), whatever the item's content.
            std::string local;
            try {
                local = get_id(item, "id");
            } catch (const JsonFieldError&) {
            }
            if (!local.empty()) {
                if (page.newest_local_id.empty() || mastodon_id_newer(local, page.newest_local_id)) page.newest_local_id = local;
                if (page.oldest_local_id.empty() || mastodon_id_newer(page.oldest_local_id, local)) page.oldest_local_id = local;
            }
        }
        try {
            Post p = mastodon_status_to_post(item, instance_host);
            note_local_id(item, p, instance_host, page);
            bool dup = false;
            for (const auto& q : page.posts) dup = dup || q.native_id == p.native_id;  // a post and its boost
            if (page.oldest_created_at == Instant{} || p.created_at < page.oldest_created_at) page.oldest_created_at = p.created_at;
            if (!dup) page.posts.push_back(std::move(p));
        } catch (const JsonFieldError& e) {
            page.problems.push_back("/" + std::to_string(k) + e.pointer + ": " + e.expected);
        }
        ++k;
    }
    return page;
}

LinkHeader parse_link_header(std::string_view value) {
    LinkHeader out;
    size_t i = 0;
    while (i < value.size()) {
        size_t lt = value.find('<', i);
        if (lt == std::string_view::npos) break;
        size_t gt = value.find('>', lt);
        if (gt == std::string_view::npos) break;
        std::string url(value.substr(lt + 1, gt - lt - 1));
        size_t next_link = value.find(',', gt);
        // A comma may also sit inside a quoted parameter; links always start with '<' after it.
        while (next_link != std::string_view::npos) {
            size_t k = next_link + 1;
            while (k < value.size() && value[k] == ' ') ++k;
            if (k >= value.size() || value[k] == '<') break;
            next_link = value.find(',', k);
        }
        std::string params = ascii_lower(value.substr(gt + 1, (next_link == std::string_view::npos ? value.size() : next_link) - gt - 1));
        auto has_rel = [&](std::string_view rel) {
            return params.find("rel=\"" + std::string(rel) + "\"") != std::string::npos ||
                   params.find("rel=" + std::string(rel)) != std::string::npos;
        };
        if (has_rel("next")) out.next = url;
        if (has_rel("prev")) out.prev = url;
        if (next_link == std::string_view::npos) break;
        i = next_link + 1;
    }
    return out;
}

bool mastodon_id_newer(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return a.size() > b.size();
    return a > b;
}

Status apply_mastodon_stream_event(const SseEvent& ev, std::string_view instance_host, FetchedPage& into) {
    if (ev.event == "update" || ev.event == "status.update") {
        auto j = parse_body(ev.data, "Mastodon stream event \"" + ev.event + "\"");
        if (!j) return fail(j.error());
        into.items++;
        try {
            Post p = mastodon_status_to_post(*j, instance_host);
            note_local_id(*j, p, instance_host, into);
            into.posts.push_back(std::move(p));
        } catch (const JsonFieldError& e) {
            return fail("Mastodon stream event \"" + ev.event + "\": " + e.pointer + ": " + e.expected);
        }
        return {};
    }
    if (ev.event == "delete") {
        std::string id = trim(ev.data);
        if (id.empty() || id.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
            return fail("Mastodon stream event \"delete\": expected a status id, got \"" + excerpt(id, 40) + "\"");
        into.deleted_ids.push_back("mastodon-local:" + std::string(instance_host) + "/" + id);
        return {};
    }
    return {};  // notifications, filters_changed, announcements...: not for the wall
}

}  // namespace lw::connectors
