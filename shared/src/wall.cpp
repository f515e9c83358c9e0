// JSON form of wall.json; the kiosk and the admin preview parse it through here.
#include "learnwall/wall.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "learnwall/utf8.hpp"

namespace lw {

using nlohmann::json;

std::optional<Challenge> challenge_on(const std::vector<Challenge>& challenges, Date day) {
    for (const auto& c : challenges)
        if (c.date == day) return c;
    return std::nullopt;
}

namespace {
std::optional<Date> wall_today(const Wall& w, Instant now) {
    auto d = local_date(now, w.timezone.empty() ? std::string("UTC") : w.timezone);
    if (!d) return std::nullopt;  // a zone this machine does not know: no challenge rather than a wrong one
    return *d;
}
}  // namespace

std::optional<Challenge> challenge_for(const Wall& w, Instant now) {
    auto today = wall_today(w, now);
    if (!today) return std::nullopt;
    if (!w.challenges.empty()) return challenge_on(w.challenges, *today);
    if (w.challenge_today && w.challenge_today->date == *today) return w.challenge_today;
    return std::nullopt;
}

std::optional<Challenge> next_challenge_after(const Wall& w, Instant now) {
    auto today = wall_today(w, now);
    if (!today) return std::nullopt;
    std::optional<Challenge> best;
    for (const auto& c : w.challenges)
        if (std::chrono::sys_days{c.date} > std::chrono::sys_days{*today} &&
            (!best || std::chrono::sys_days{c.date} < std::chrono::sys_days{best->date}))
            best = c;
    return best;
}

json to_json(const Wall& w) {
    json posts = json::array();
    for (const auto& p : w.posts) {
        posts.push_back({{"id", p.id},
                         {"source", p.source},
                         {"author_name", p.author_name},
                         {"author_handle", p.author_handle},
                         {"author_avatar_url", p.author_avatar_url},
                         {"team", p.team},
                         {"text", p.text},
                         {"image_urls", p.image_urls},
                         {"hashtags", p.hashtags},
                         {"created_at", format_rfc3339(p.created_at)},
                         {"like_count", p.like_count},
                         {"repost_count", p.repost_count},
                         {"reply_count", p.reply_count},
                         {"pinned", p.pinned},
                         {"featured", p.featured},
                         {"url", p.url}});
    }
    json leaders = json::array();
    for (const auto& l : w.leaderboard)
        leaders.push_back({{"rank", l.rank},
                           {"name", l.name},
                           {"team", l.team},
                           {"points", l.points},
                           {"badges", l.badges},
                           {"movement", l.movement},
                           {"new", l.is_new}});
    json teams = json::array();
    for (const auto& t : w.teams)
        teams.push_back(
            {{"rank", t.rank}, {"team", t.team}, {"points", t.points}, {"members", t.members}, {"movement", t.movement}});
    json quotes = json::array();
    for (const auto& q : w.quotes) quotes.push_back(to_json(q));
    json challenges = json::array();
    for (const auto& c : w.challenges) challenges.push_back(to_json(c));
    json playlist = json::array();
    for (const auto& p : w.display.playlist) playlist.push_back({{"scene", p.scene}, {"seconds", p.seconds}});
    json j = {
        {"schema_version", kWallSchemaVersion},
        {"revision", w.revision},
        {"generated_at", format_rfc3339(w.generated_at)},
        {"event",
         {{"name", w.event_name},
          {"hashtags", w.hashtags},
          {"theme", w.theme},
          {"timezone", w.timezone},
          {"start", format_date(w.start)},
          {"end", format_date(w.end)}}},
        {"posts", posts},
        {"leaderboard", leaders},
        {"teams", teams},
        {"challenges", challenges},
        {"challenge_today", w.challenge_today ? to_json(*w.challenge_today) : json(nullptr)},
        {"quotes", quotes},
        {"display",
         {{"playlist", playlist},
          {"quote_seconds", w.display.quote_seconds},
          {"page_seconds", w.display.page_seconds},
          {"announcements", w.display.announcements},
          {"call_to_action", w.display.call_to_action},
          {"join_url", w.display.join_url},
          {"blank", w.display.blank}}},
    };
    if (!w.join_code.empty()) j["display"]["join_code"] = w.join_code;
    if (w.connections) j["connections"] = to_json(*w.connections);
    return j;
}

Wall wall_from_json(const JsonIn& root) {
    check_schema_version(root, kWallSchemaVersion);
    Wall w;
    auto rev = root.integer("revision");
    if (rev < 0) root.fail("revision", "expected a revision of 0 or more");
    w.revision = static_cast<std::uint64_t>(rev);
    w.generated_at = root.instant("generated_at");
    JsonIn ev = root.at("event");
    w.event_name = repair_utf8(ev.str("name"));
    w.hashtags = ev.strings("hashtags");
    w.theme = ev.str_or("theme", "");
    w.timezone = ev.str_or("timezone", "UTC");
    w.start = ev.date("start");
    w.end = ev.date("end");
    for (const JsonIn& p : root.array("posts")) {
        WallPost wp;
        wp.id = p.str("id");
        wp.source = p.str("source");
        wp.author_name = repair_utf8(p.str("author_name"));
        wp.author_handle = repair_utf8(p.str_or("author_handle", ""));
        wp.author_avatar_url = p.str_or("author_avatar_url", "");
        wp.team = repair_utf8(p.str_or("team", ""));
        wp.text = repair_utf8(p.str("text"));
        wp.image_urls = p.strings("image_urls");
        wp.hashtags = p.strings("hashtags");
        wp.created_at = p.instant("created_at");
        wp.like_count = p.integer_or("like_count", 0);
        wp.repost_count = p.integer_or("repost_count", 0);
        wp.reply_count = p.integer_or("reply_count", 0);
        wp.pinned = p.boolean_or("pinned", false);
        wp.featured = p.boolean_or("featured", false);
        wp.url = p.str_or("url", "");
        w.posts.push_back(std::move(wp));
    }
    for (const JsonIn& l : root.array("leaderboard")) {
        WallLeader wl;
        wl.rank = static_cast<int>(l.integer("rank"));
        wl.name = repair_utf8(l.str("name"));
        wl.team = repair_utf8(l.str_or("team", ""));
        wl.points = l.integer("points");
        wl.badges = l.strings("badges");
        wl.movement = static_cast<int>(l.integer_or("movement", 0));
        wl.is_new = l.boolean_or("new", false);
        w.leaderboard.push_back(std::move(wl));
    }
    for (const JsonIn& t : root.array("teams")) {
        WallTeam wt;
        wt.rank = static_cast<int>(t.integer("rank"));
        wt.team = repair_utf8(t.str("team"));
        wt.points = t.integer("points");
        wt.members = static_cast<int>(t.integer_or("members", 0));
        wt.movement = static_cast<int>(t.integer_or("movement", 0));
        w.teams.push_back(std::move(wt));
    }
    if (root.has("challenges"))
        for (const JsonIn& c : root.array("challenges")) w.challenges.push_back(challenge_from_json(c));
    if (root.has("challenge_today")) w.challenge_today = challenge_from_json(root.at("challenge_today"));
    for (const JsonIn& q : root.array("quotes")) w.quotes.push_back(quote_from_json(q));
    if (root.has("display")) {
        JsonIn d = root.at("display");
        for (const JsonIn& p : d.array("playlist"))
            w.display.playlist.push_back({p.str("scene"), static_cast<int>(p.integer("seconds"))});
        w.display.quote_seconds = static_cast<int>(d.integer_or("quote_seconds", 12));
        // Absent (an older hub): the default. Out of range: clamped where it is used (screen_page), so a
        // screen never refuses a wall over its page time.
        w.display.page_seconds = static_cast<int>(std::clamp<std::int64_t>(d.integer_or("page_seconds", 20), 1, 3600));
        w.display.announcements = d.strings("announcements");
        w.display.call_to_action = d.str_or("call_to_action", "");
        w.display.join_url = d.str_or("join_url", "");
        w.join_code = repair_utf8(d.str_or("join_code", ""));
        if (w.join_code.size() > 16) w.join_code.clear();  // not a code the hub makes: never a paragraph by the QR
        w.display.blank = d.boolean_or("blank", false);
    }
    if (root.has("connections")) w.connections = wall_connections_from_json(root.at("connections"));
    return w;
}

Result<Wall> parse_wall(const std::string& text, const std::string& source_name) {
    auto j = parse_json_text(text, source_name);
    if (!j) return fail(j.error());
    try {
        return wall_from_json(JsonIn(*j));
    } catch (const JsonFieldError& e) {
        return fail(source_name + ": " + e.pointer + ": " + e.expected);
    }
}

}  // namespace lw
