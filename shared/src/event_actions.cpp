// Organiser actions on the event's settings: screens, challenges, quotes, announcements, display.
#include "learnwall/event_actions.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "learnwall/fsutil.hpp"
#include "learnwall/hashtag.hpp"
#include "learnwall/json_read.hpp"
#include "learnwall/secrets.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

namespace {

size_t chars(const std::string& s) { return utf8_to_u32(repair_utf8(s)).size(); }

std::string clean(const std::string& s) { return trim(repair_utf8(s)); }

}  // namespace

Status change_event(const DataDir& dir, State& state, const std::function<Status(Event&)>& edit,
                    const std::string& by, const std::string& summary) {
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        Event e = s.event;  // edit the latest, so a concurrent writer's change is kept
        if (auto st = edit(e); !st) return fail(st.error());
        if (auto v = validate_event(e); !v) return fail(v.error());
        JournalEntry j;
        j.kind = JournalEntry::Kind::event_changed;
        j.by = by;
        j.summary = summary;
        return DataDir::Change{{j}, e, {}};
    });
    if (!revs) return fail(revs.error());
    return {};
}

Status set_screens_blank(const DataDir& dir, State& state, bool blank, const std::string& by) {
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.display.blank = blank;
            return {};
        },
        by, blank ? "blanked all screens" : "screens back on");
}

std::vector<Date> event_days(const Event& e) {
    std::vector<Date> days;
    auto first = std::chrono::sys_days{e.start}, last = std::chrono::sys_days{e.end};
    for (auto d = first; d <= last && days.size() < 366; d += std::chrono::days{1}) days.emplace_back(d);
    return days;
}

Status check_challenge(const Event& e, const Challenge& c) {
    const std::string day = format_date(c.date);
    auto d = std::chrono::sys_days{c.date};
    if (!c.date.ok()) return fail("challenge: not a calendar day");
    if (d < std::chrono::sys_days{e.start} || d > std::chrono::sys_days{e.end})
        return fail("challenge for " + day + ": the day is outside the event (" + format_date(e.start) + " to " +
                    format_date(e.end) + ")");
    if (clean(c.title).empty()) return fail("challenge for " + day + ": the title is empty");
    if (chars(c.title) > 120) return fail("challenge for " + day + ": the title is longer than 120 characters");
    if (chars(c.description) > 600)
        return fail("challenge for " + day + ": the description is longer than 600 characters");
    std::string tag = normalise_tag(clean(c.tag));
    if (tag.empty()) return fail("challenge for " + day + ": the tag is empty (the hashtag or word that answers it)");
    if (auto checked = check_hashtag(tag); !checked) return fail("challenge for " + day + ": " + checked.error());
    if (c.bonus < 0 || c.bonus > 1000) return fail("challenge for " + day + ": the bonus must be 0 to 1000 points");
    return {};
}

Status set_challenge(const DataDir& dir, State& state, Challenge c, const std::string& by) {
    c.title = clean(c.title);
    c.description = clean(c.description);
    c.tag = normalise_tag(clean(c.tag));
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            if (auto st = check_challenge(e, c); !st) return st;
            auto it = std::find_if(e.challenges.begin(), e.challenges.end(),
                                   [&](const Challenge& x) { return x.date == c.date; });
            if (it != e.challenges.end()) *it = c;
            else e.challenges.push_back(c);
            std::sort(e.challenges.begin(), e.challenges.end(),
                      [](const Challenge& a, const Challenge& b) { return std::chrono::sys_days{a.date} < std::chrono::sys_days{b.date}; });
            return {};
        },
        by, "challenge for " + format_date(c.date) + " set: " + c.title);
}

Status remove_challenge(const DataDir& dir, State& state, Date day, const std::string& by) {
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            auto it = std::find_if(e.challenges.begin(), e.challenges.end(),
                                   [&](const Challenge& x) { return x.date == day; });
            if (it == e.challenges.end()) return fail("no challenge is set for " + format_date(day));
            e.challenges.erase(it);
            return {};
        },
        by, "challenge for " + format_date(day) + " removed");
}

Status check_quotes(const std::vector<Quote>& quotes) {
    for (size_t i = 0; i < quotes.size(); ++i) {
        const std::string where = "quote " + std::to_string(i + 1);
        if (clean(quotes[i].text).empty()) return fail(where + ": the text is empty");
        if (chars(quotes[i].text) > 400) return fail(where + ": the text is longer than 400 characters");
        if (chars(quotes[i].author) > 80) return fail(where + ": the author is longer than 80 characters");
    }
    return {};
}

Status set_quotes(const DataDir& dir, State& state, std::vector<Quote> quotes, const std::string& by) {
    for (auto& q : quotes) {
        q.text = clean(q.text);
        q.author = clean(q.author);
    }
    if (auto st = check_quotes(quotes); !st) return st;
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.quotes = quotes;
            return {};
        },
        by, "quotes set (" + std::to_string(quotes.size()) + ")");
}

Status check_announcements(const std::vector<std::string>& lines) {
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string where = "announcement " + std::to_string(i + 1);
        if (clean(lines[i]).empty()) return fail(where + ": it is empty");
        if (chars(lines[i]) > 200) return fail(where + ": it is longer than 200 characters");
    }
    return {};
}

Status set_announcements(const DataDir& dir, State& state, std::vector<std::string> lines, const std::string& by) {
    for (auto& l : lines) l = clean(l);
    if (auto st = check_announcements(lines); !st) return st;
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.display.announcements = lines;
            return {};
        },
        by, "announcements set (" + std::to_string(lines.size()) + ")");
}

Status check_display(const DisplaySettings& d) {
    static const std::set<std::string> scenes{"wall", "leaderboard", "challenge", "quote"};
    for (size_t i = 0; i < d.playlist.size(); ++i) {
        const std::string where = "playlist item " + std::to_string(i + 1);
        if (!scenes.count(d.playlist[i].scene))
            return fail(where + ": unknown scene \"" + d.playlist[i].scene + "\" (expected wall, leaderboard, challenge or quote)");
        if (d.playlist[i].seconds < 3 || d.playlist[i].seconds > 3600)
            return fail(where + ": show it for 3 to 3600 seconds");
    }
    if (d.quote_seconds < 3 || d.quote_seconds > 3600) return fail("quote time: 3 to 3600 seconds");
    if (d.max_posts < 1 || d.max_posts > 1000) return fail("posts on screens: 1 to 1000");
    if (chars(d.call_to_action) > 120) return fail("call to action: longer than 120 characters");
    std::string url = trim(d.join_url);
    if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
        return fail("join URL: expected an address starting with https:// or http://, got \"" + url + "\"");
    if (url.find_first_of(" \t\n") != std::string::npos) return fail("join URL: contains spaces");
    return {};
}

Status set_display(const DataDir& dir, State& state, DisplaySettings d, const std::string& by) {
    d.call_to_action = clean(d.call_to_action);
    d.join_url = trim(d.join_url);
    if (auto st = check_display(d); !st) return st;
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            // The blank switch and announcements have their own actions; keep what is on disk.
            d.blank = e.display.blank;
            d.announcements = e.display.announcements;
            e.display = d;
            return {};
        },
        by, "display settings changed");
}

Status save_secret(const std::string& data_dir, const std::string& key, const std::string& value_in) {
    static const std::set<std::string> plain{"x_bearer_token", "bluesky_handle", "bluesky_app_password", "mastodon_token"};
    const bool per_host = key.rfind("mastodon_tokens.", 0) == 0 && key.size() > 16;
    if (!plain.count(key) && !per_host)
        return fail("unknown secret \"" + key + "\" (expected x_bearer_token, bluesky_handle, bluesky_app_password, "
                    "mastodon_token or mastodon_tokens.HOST)");
    const std::string value = trim(value_in);
    if (value.find_first_of("\r\n") != std::string::npos) return fail(key + ": a token is one line");
    const std::string path = secrets_path(data_dir);
    nlohmann::json doc = nlohmann::json::object();
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        auto existing = read_json_file(path);
        if (!existing) return fail(existing.error());
        if (!existing->is_object()) return fail(path + ": expected a JSON object; fix or remove the file first");
        doc = std::move(*existing);
    }
    if (per_host) {
        std::string host = ascii_lower(key.substr(16));
        nlohmann::json& hosts = doc["mastodon_tokens"];
        if (!hosts.is_object()) hosts = nlohmann::json::object();
        if (value.empty()) hosts.erase(host);
        else hosts[host] = value;
    } else if (value.empty()) {
        doc.erase(key);
    } else {
        doc[key] = value;
    }
    // Written whole and renamed into place, readable by the owner only.
    return write_file_atomic(path, doc.dump(2) + "\n", kPrivateFileMode);
}

}  // namespace lw
