// Slack Web API answers (conversations.history, conversations.replies, users.info) to posts.
#include "learnwall/connectors/slack.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "html.hpp"
#include "json_get.hpp"
#include "learnwall/model.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::connectors {

using namespace detail;

namespace {

// Slack answers HTTP 200 with {"ok": false, "error": "code"} for most failures: the code is the news.
std::string slack_error_of(const json& j) {
    std::string code;
    if (const json* e = member(j, "error"); e && e->is_string()) code = e->get<std::string>();
    std::string out = "Slack says \"" + excerpt(code.empty() ? "unknown_error" : code, 80) + "\"";
    if (const json* n = member(j, "needed"); n && n->is_string()) out += " (the token lacks the scope " + excerpt(n->get<std::string>(), 80) + ")";
    return out;
}

// ts sort as numbers: same digits before the dot in practice, but compare safely.
bool slack_ts_less(const std::string& a, const std::string& b) {
    auto ia = a.find('.'), ib = b.find('.');
    std::string_view sa = std::string_view(a).substr(0, ia), sb = std::string_view(b).substr(0, ib);
    if (sa.size() != sb.size()) return sa.size() < sb.size();
    return a < b;
}

// Subtypes that are a person's message; everything else (joins, topics, bots, pins) is channel noise.
bool slack_is_person_subtype(const std::string& st) {
    return st.empty() || st == "thread_broadcast" || st == "file_share" || st == "me_message";
}

Post slack_message_to_post(const json& m, const std::string& channel, SlackPage& out) {
    if (!m.is_object()) throw JsonFieldError("", "expected a message object, got " + json_type_name(m));
    Post p;
    p.source = "slack";
    std::string ts = required_str(m, "ts");
    auto at = parse_slack_ts(ts);
    if (!at) throw JsonFieldError("/ts", "expected a Slack timestamp such as \"1700000000.000100\", got \"" + excerpt(ts, 40) + "\"");
    p.native_id = channel + "/" + ts;
    p.created_at = *at;
    std::string user = get_id(m, "user");
    if (user.empty()) throw JsonFieldError("/user", "expected the author's user id, but it is missing");
    if (user.find_first_of("/ \t\r\n") != std::string::npos || user.size() > 64)
        throw JsonFieldError("/user", "expected a user id such as U024BE7LH, got \"" + excerpt(user, 40) + "\"");
    p.author_handle = user;
    std::vector<std::string> mentioned;
    p.text = trim(repair_utf8(slack_text_to_plain(get_str(m, "text"), &mentioned)));
    p.hashtags = extract_hashtags(p.text);
    out.user_ids.push_back(user);
    for (auto& u : mentioned) out.user_ids.push_back(std::move(u));
    if (const json* files = get_array(m, "files")) {
        within("/files", [&] {
            for (const auto& f : *files) {
                if (!f.is_object()) continue;
                // Files that were deleted or are beyond a free workspace's limit have no URL to fetch.
                std::string mode = get_str(f, "mode");
                if (mode == "tombstone" || mode == "hidden_by_limit") continue;
                std::string mime = get_str(f, "mimetype");
                std::string url = get_str(f, "url_private");
                if (mime.rfind("image/", 0) == 0 && (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0))
                    p.image_urls.push_back(url);
            }
        });
    }
    if (const json* reactions = get_array(m, "reactions")) {
        within("/reactions", [&] {
            for (const auto& r : *reactions)
                if (r.is_object()) p.like_count += std::max<std::int64_t>(0, get_int(r, "count"));
        });
    }
    p.reply_count = std::max<std::int64_t>(0, get_int(m, "reply_count"));
    std::string thread = get_str(m, "thread_ts");
    if (!thread.empty() && thread != ts) {
        p.is_reply = true;
        p.in_reply_to_id = "slack:" + channel + "/" + thread;
    } else if (p.reply_count > 0) {
        out.thread_parents.push_back(ts);
    }
    if (p.text.empty() && p.image_urls.empty()) throw JsonFieldError("/text", "expected text or an image, the message has neither");
    return p;
}

}  // namespace

std::optional<Instant> parse_slack_ts(std::string_view ts) {
    auto dot = ts.find('.');
    std::string_view secs = ts.substr(0, dot), frac = dot == std::string_view::npos ? std::string_view{} : ts.substr(dot + 1);
    if (secs.empty() || secs.size() > 11 || frac.size() > 9) return std::nullopt;
    std::int64_t s = 0, f = 0;
    auto [p1, e1] = std::from_chars(secs.data(), secs.data() + secs.size(), s);
    if (e1 != std::errc() || p1 != secs.data() + secs.size() || s < 0) return std::nullopt;
    if (!frac.empty()) {
        auto [p2, e2] = std::from_chars(frac.data(), frac.data() + frac.size(), f);
        if (e2 != std::errc() || p2 != frac.data() + frac.size()) return std::nullopt;
        for (size_t i = frac.size(); i < 3; ++i) f *= 10;
        for (size_t i = 3; i < frac.size(); ++i) f /= 10;  // milliseconds are what an Instant keeps
    }
    return Instant{std::chrono::seconds(s) + std::chrono::milliseconds(f)};
}

std::string slack_ts_from(Instant t) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    return std::to_string(std::max<std::int64_t>(0, secs)) + ".000000";
}

std::string slack_text_to_plain(std::string_view s, std::vector<std::string>* mentioned) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '<') {
            out += s[i];
            continue;
        }
        size_t close = s.find('>', i + 1);
        if (close == std::string_view::npos) {  // not a Slack token: keep the rest as it is
            out += s.substr(i);
            break;
        }
        std::string_view inner = s.substr(i + 1, close - i - 1);
        size_t bar = inner.find('|');
        std::string_view target = inner.substr(0, bar), label = bar == std::string_view::npos ? std::string_view{} : inner.substr(bar + 1);
        if (!target.empty() && target[0] == '@') {
            if (!label.empty()) out += "@" + std::string(label);
            else {
                out += std::string(target);
                if (mentioned) mentioned->emplace_back(target.substr(1));
            }
        } else if (!target.empty() && target[0] == '#') {
            out += "#" + std::string(label.empty() ? target.substr(1) : label);
        } else if (!target.empty() && target[0] == '!') {
            // <!here>, <!channel>, <!everyone>; <!subteam^ID|@team>, <!date^...|fallback> show their label.
            if (!label.empty()) out += std::string(label);
            else out += "@" + std::string(target.substr(1, target.find('^') == std::string_view::npos ? std::string_view::npos : target.find('^') - 1));
        } else if (label.empty() || label == target) {
            out += std::string(target);
        } else {
            // A link the wall cannot click: keep where it goes beside what it says (moderation sees it too).
            out += std::string(label) + " (" + std::string(target) + ")";
        }
        i = close;
    }
    return decode_x_entities(out);
}

Result<SlackPage> parse_slack_messages(std::string_view body, const std::string& channel, std::string_view what) {
    const std::string name(what);
    auto j = parse_body(body, name);
    if (!j) return fail(j.error());
    if (!j->is_object()) return fail(name + ": expected a JSON object, got " + json_type_name(*j));
    const json* ok = member(*j, "ok");
    if (!ok || !ok->is_boolean()) return fail(name + ": expected \"ok\": true or false, it is missing or not a boolean");
    if (!ok->get<bool>()) return fail(name + ": " + slack_error_of(*j));
    SlackPage out;
    try {
        out.has_more = get_bool(*j, "has_more");
        if (const json* meta = get_object(*j, "response_metadata"))
            out.page.next_cursor = within("/response_metadata", [&] { return get_str(*meta, "next_cursor"); });
        const json* msgs = get_array(*j, "messages");
        if (!msgs) return fail(name + ": expected \"messages\", it is missing");
        out.page.items = msgs->size();
        for (size_t k = 0; k < msgs->size(); ++k) {
            const json& m = (*msgs)[k];
            const std::string at = "/messages/" + std::to_string(k);
            try {
                if (!m.is_object()) throw JsonFieldError("", "expected a message object, got " + json_type_name(m));
                std::string ts = get_str(m, "ts");
                if (!ts.empty() && parse_slack_ts(ts) &&
                    (out.page.newest_local_id.empty() || slack_ts_less(out.page.newest_local_id, ts)))
                    out.page.newest_local_id = ts;
                std::string subtype = get_str(m, "subtype");
                if (subtype == "message_deleted") {
                    std::string gone = get_str(m, "deleted_ts");
                    if (gone.empty()) throw JsonFieldError("/deleted_ts", "expected the deleted message's ts");
                    out.page.deleted_ids.push_back("slack:" + channel + "/" + gone);
                    continue;
                }
                if (subtype == "tombstone") {  // a thread parent deleted while its replies stay
                    if (!ts.empty()) out.page.deleted_ids.push_back("slack:" + channel + "/" + ts);
                    continue;
                }
                const json* msg = &m;
                std::string where = at;
                if (subtype == "message_changed") {
                    msg = get_object(m, "message");
                    if (!msg) throw JsonFieldError("/message", "expected the changed message, it is missing");
                    where += "/message";
                    subtype = get_str(*msg, "subtype");
                }
                if (!slack_is_person_subtype(subtype) || (member(*msg, "bot_id") && !member(*msg, "user"))) {
                    ++out.page.hidden;
                    continue;
                }
                Post p = within(where.substr(at.size()), [&] { return slack_message_to_post(*msg, channel, out); });
                if (out.page.oldest_created_at == Instant{} || p.created_at < out.page.oldest_created_at)
                    out.page.oldest_created_at = p.created_at;
                bool dup = false;
                for (auto& q : out.page.posts)
                    if (q.native_id == p.native_id) dup = true, q = p;  // a later change wins
                if (!dup) out.page.posts.push_back(std::move(p));
            } catch (const JsonFieldError& e) {
                out.page.problems.push_back(at + e.pointer + ": " + e.expected);
            }
        }
    } catch (const JsonFieldError& e) {
        return fail(name + ": " + e.pointer + ": " + e.expected);
    }
    std::sort(out.user_ids.begin(), out.user_ids.end());
    out.user_ids.erase(std::unique(out.user_ids.begin(), out.user_ids.end()), out.user_ids.end());
    return out;
}

Result<SlackUser> parse_slack_user(std::string_view body) {
    auto j = parse_body(body, "Slack users.info");
    if (!j) return fail(j.error());
    if (!j->is_object()) return fail("Slack users.info: expected a JSON object, got " + json_type_name(*j));
    const json* ok = member(*j, "ok");
    if (!ok || !ok->is_boolean()) return fail("Slack users.info: expected \"ok\": true or false");
    if (!ok->get<bool>()) return fail("Slack users.info: " + slack_error_of(*j));
    try {
        const json* user = get_object(*j, "user");
        if (!user) return fail("Slack users.info: expected \"user\", it is missing");
        SlackUser u;
        within("/user", [&] {
            u.handle = normalise_handle(repair_utf8(get_str(*user, "name")));
            if (const json* prof = get_object(*user, "profile")) {
                within("/profile", [&] {
                    u.display_name = trim(repair_utf8(get_str(*prof, "display_name")));
                    if (u.display_name.empty()) u.display_name = trim(repair_utf8(get_str(*prof, "real_name")));
                    u.avatar_url = get_str(*prof, "image_192");
                    if (u.avatar_url.empty()) u.avatar_url = get_str(*prof, "image_72");
                });
            }
            if (u.display_name.empty()) u.display_name = trim(repair_utf8(get_str(*user, "real_name")));
        });
        if (u.handle.empty()) return fail("Slack users.info: /user/name: expected the user's name");
        if (u.display_name.empty()) u.display_name = u.handle;
        return u;
    } catch (const JsonFieldError& e) {
        return fail("Slack users.info: " + e.pointer + ": " + e.expected);
    }
}

void apply_slack_users(FetchedPage& page, const std::map<std::string, SlackUser>& users) {
    for (auto& p : page.posts) {
        auto it = users.find(p.author_handle);
        if (it != users.end()) {
            // The handle stays the user id: unique and stable in the workspace (names can change or
            // repeat), and what the roster's slack column holds.
            p.author_display_name = it->second.display_name;
            p.author_avatar_url = it->second.avatar_url;
        } else if (p.author_display_name.empty()) {
            p.author_display_name = p.author_handle;
        }
        // "@U123" (a mention the parser could not name) -> "@name", whole ids only.
        for (size_t at = p.text.find('@'); at != std::string::npos; at = p.text.find('@', at + 1)) {
            size_t end = at + 1;
            while (end < p.text.size() && std::isalnum(static_cast<unsigned char>(p.text[end]))) ++end;
            auto u = users.find(p.text.substr(at + 1, end - at - 1));
            if (u != users.end()) p.text.replace(at + 1, end - at - 1, u->second.handle);
        }
    }
}

}  // namespace lw::connectors
