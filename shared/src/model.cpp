// JSON forms of the domain model. Field names for each type are defined here and nowhere else.
#include "learnwall/model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "learnwall/hashtag.hpp"
#include "learnwall/quote_id.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

using nlohmann::json;

std::string to_string(Moderation m) {
    switch (m) {
        case Moderation::pending: return "pending";
        case Moderation::approved: return "approved";
        case Moderation::rejected: return "rejected";
    }
    return "pending";
}

std::optional<Moderation> moderation_from_string(std::string_view s) {
    if (s == "pending") return Moderation::pending;
    if (s == "approved") return Moderation::approved;
    if (s == "rejected") return Moderation::rejected;
    return std::nullopt;
}

std::string to_string(ModerationMode m) {
    switch (m) {
        case ModerationMode::pre: return "pre";
        case ModerationMode::post: return "post";
        case ModerationMode::delay: return "delay";
    }
    return "pre";
}

std::optional<ModerationMode> moderation_mode_from_string(std::string_view s) {
    if (s == "pre") return ModerationMode::pre;
    if (s == "post") return ModerationMode::post;
    if (s == "delay") return ModerationMode::delay;
    return std::nullopt;
}

std::string normalise_handle(std::string_view handle) {
    std::string out;
    size_t i = 0;
    while (i < handle.size() && (handle[i] == ' ' || handle[i] == '@')) ++i;
    for (; i < handle.size(); ++i) {
        char c = handle[i];
        if (c == ' ') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string normalise_tag(std::string_view tag) {
    while (!tag.empty() && (tag.front() == '#' || tag.front() == ' ')) tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    return std::string(tag);
}

const Participant* Roster::find_by_handle(const std::string& source, const std::string& handle) const {
    std::string h = normalise_handle(handle);
    if (h.empty()) return nullptr;
    for (const auto& p : people) {
        const std::string* field = source == "mastodon" ? &p.mastodon
                                   : source == "bluesky" ? &p.bluesky
                                   : source == "x"       ? &p.x
                                   : source == "slack"   ? &p.slack
                                   : source == "teams"   ? &p.teams
                                                         : nullptr;
        if (field && !field->empty() && *field == h) return &p;
    }
    return nullptr;
}

const Participant* Roster::find_by_name(const std::string& name) const {
    for (const auto& p : people)
        if (p.name == name) return &p;
    return nullptr;
}

// ---- Post ----

json to_json(const Post& p) {
    json j = {
        {"source", p.source},
        {"native_id", p.native_id},
        {"url", p.url},
        {"author_handle", p.author_handle},
        {"author_display_name", p.author_display_name},
        {"author_avatar_url", p.author_avatar_url},
        {"text", p.text},
        {"image_urls", p.image_urls},
        {"hashtags", p.hashtags},
        {"created_at", format_rfc3339(p.created_at)},
        {"like_count", p.like_count},
        {"repost_count", p.repost_count},
        {"reply_count", p.reply_count},
        {"is_reply", p.is_reply},
    };
    if (!p.in_reply_to_id.empty()) j["in_reply_to_id"] = p.in_reply_to_id;
    if (!p.in_reply_to_handle.empty()) j["in_reply_to_handle"] = p.in_reply_to_handle;
    if (!p.quote_of_id.empty()) j["quote_of_id"] = p.quote_of_id;
    if (!p.quote_of_handle.empty()) j["quote_of_handle"] = p.quote_of_handle;
    if (!p.credit.empty()) j["credit"] = p.credit;
    if (!p.language.empty()) j["language"] = p.language;
    if (!p.content_warning.empty()) j["content_warning"] = p.content_warning;
    if (p.sensitive) j["sensitive"] = true;
    if (p.claimed_created_at) j["claimed_created_at"] = format_rfc3339(*p.claimed_created_at);
    return j;
}

bool clamp_future_post(Post& p, Instant arrival) {
    if (p.created_at <= arrival + kFuturePostTolerance) return false;
    if (!p.claimed_created_at) p.claimed_created_at = p.created_at;
    p.created_at = arrival;
    return true;
}

namespace {
std::int64_t count_field(const JsonIn& in, std::string_view key) {
    auto v = in.integer_or(key, 0);
    if (v < 0) in.fail(key, "expected a count of zero or more, got " + std::to_string(v));
    return v;
}
std::string text_field(const JsonIn& in, std::string_view key) { return repair_utf8(in.str_or(key, "")); }
}  // namespace

Post post_from_json(const JsonIn& in) {
    in.require_object();
    Post p;
    p.source = in.nonempty_str("source");
    p.native_id = in.nonempty_str("native_id");
    p.url = in.str_or("url", "");
    p.author_handle = text_field(in, "author_handle");
    p.author_display_name = text_field(in, "author_display_name");
    p.author_avatar_url = in.str_or("author_avatar_url", "");
    p.text = text_field(in, "text");
    p.image_urls = in.strings("image_urls");
    p.hashtags = in.strings("hashtags");
    p.created_at = in.instant("created_at");
    p.like_count = count_field(in, "like_count");
    p.repost_count = count_field(in, "repost_count");
    p.reply_count = count_field(in, "reply_count");
    p.is_reply = in.boolean_or("is_reply", false);
    p.in_reply_to_id = in.str_or("in_reply_to_id", "");
    p.in_reply_to_handle = in.str_or("in_reply_to_handle", "");
    p.quote_of_id = in.str_or("quote_of_id", "");
    p.quote_of_handle = in.str_or("quote_of_handle", "");
    p.credit = in.str_or("credit", "");
    p.language = in.str_or("language", "");
    p.content_warning = text_field(in, "content_warning");
    p.sensitive = in.boolean_or("sensitive", false);
    if (in.has("claimed_created_at")) p.claimed_created_at = in.instant("claimed_created_at");
    return p;
}

// ---- Scoring rules ----

std::vector<BadgeRule> default_badges() {
    return {{"first_tip", "First tip", "tips", 1},
            {"daily_challenger", "Daily challenger", "challenges", 0},
            {"streak", "On a streak", "streak", 3},
            {"teacher", "Teacher", "teacher", 2},
            {"connector", "Connector", "connector", 3}};
}

std::vector<std::string> default_connection_markers() {
    return {"learned from", "learnt from", "thanks", "thank you", "thx", "h/t", "ht", "hat tip", "via",
            "credit to", "kudos to", "props to",
            "merci", "merci \u00e0", "appris de", "gr\u00e2ce \u00e0",                  // French
            "danke", "danke an", "gelernt von", "dank an",                              // German
            "gracias", "gracias a", "aprend\u00ed de",                                  // Spanish
            "obrigado", "obrigada", "aprendi com",                                      // Portuguese
            "bedankt", "dank aan", "geleerd van",                                       // Dutch
            "grazie", "grazie a", "imparato da"};                                       // Italian
}

json to_json(const ScoringRules& r) {
    json badges = json::array();
    for (const auto& b : r.badges)
        badges.push_back({{"id", b.id}, {"label", b.label}, {"kind", b.kind}, {"threshold", b.threshold}});
    return {{"post_points", r.post_points},
            {"tip_bonus", r.tip_bonus},
            {"tip_markers", r.tip_markers},
            {"reply_points", r.reply_points},
            {"replied_points", r.replied_points},
            {"like_points", r.like_points},
            {"repost_points", r.repost_points},
            {"engagement_cap", r.engagement_cap},
            {"streak_days", r.streak_days},
            {"streak_bonus", r.streak_bonus},
            {"daily_cap", r.daily_cap},
            {"min_length", r.min_length},
            {"anyone_ranks", r.anyone_ranks},
            {"team_score", r.team_score},
            {"excluded_authors", r.excluded_authors},
            {"badges", badges},
            {"connection_markers", r.connection_markers},
            {"teaching_points", r.teaching_points},
            {"cross_team_bonus", r.cross_team_bonus},
            {"connection_daily_cap", r.connection_daily_cap}};
}

ScoringRules scoring_rules_from_json(const JsonIn& s) {
    s.require_object();
    ScoringRules r;
    auto points = [&](std::string_view key, std::int64_t fallback, std::int64_t max) {
        auto v = s.integer_or(key, fallback);
        if (v < 0 || v > max) s.fail(key, "expected 0 to " + std::to_string(max) + ", got " + std::to_string(v));
        return v;
    };
    r.post_points = points("post_points", r.post_points, 1000);
    r.tip_bonus = points("tip_bonus", r.tip_bonus, 1000);
    if (s.has("tip_markers")) {
        r.tip_markers.clear();
        for (const JsonIn& m : s.array("tip_markers")) {
            std::string marker = m.as_string();
            if (marker.find_first_not_of(" #") == std::string::npos) m.fail_here("expected a non-empty marker such as \"Tip:\" or \"#tip\"");
            r.tip_markers.push_back(marker);
        }
    }
    r.reply_points = points("reply_points", r.reply_points, 1000);
    r.replied_points = points("replied_points", r.replied_points, 1000);
    r.like_points = points("like_points", r.like_points, 1000);
    r.repost_points = points("repost_points", r.repost_points, 1000);
    r.engagement_cap = points("engagement_cap", r.engagement_cap, 100000);
    r.streak_days = points("streak_days", r.streak_days, 366);
    if (r.streak_days < 1) s.fail("streak_days", "expected 1 or more days");
    r.streak_bonus = points("streak_bonus", r.streak_bonus, 100000);
    r.daily_cap = points("daily_cap", r.daily_cap, 1000000);
    r.min_length = points("min_length", r.min_length, 10000);
    r.anyone_ranks = s.boolean_or("anyone_ranks", r.anyone_ranks);
    r.team_score = s.str_or("team_score", r.team_score);
    if (r.team_score != "total" && r.team_score != "average")
        s.fail("team_score", "expected \"total\" or \"average\", got \"" + r.team_score + "\"");
    r.excluded_authors = s.strings("excluded_authors");
    if (s.has("badges")) {
        r.badges.clear();
        std::set<std::string> ids;
        static const std::set<std::string> kinds{"tips", "challenges", "streak", "teacher", "connector"};
        for (const JsonIn& b : s.array("badges")) {
            BadgeRule br;
            br.id = b.nonempty_str("id");
            if (!ids.insert(br.id).second) b.fail("id", "expected a unique badge id; \"" + br.id + "\" is used twice");
            br.label = b.str_or("label", br.id);
            br.kind = b.nonempty_str("kind");
            if (!kinds.count(br.kind))
                b.fail("kind", "expected tips, challenges, streak, teacher or connector, got \"" + br.kind + "\"");
            br.threshold = b.integer_or("threshold", 1);
            if (br.threshold < 0 || (br.threshold == 0 && br.kind != "challenges"))
                b.fail("threshold", br.kind == "challenges" ? "expected 0 (every challenge) or more"
                                                            : "expected 1 or more");
            r.badges.push_back(br);
        }
    }
    if (s.has("connection_markers")) {
        r.connection_markers.clear();
        for (const JsonIn& m : s.array("connection_markers")) {
            std::string marker = m.as_string();
            if (marker.find_first_not_of(" \t") == std::string::npos || marker.find('@') != std::string::npos)
                m.fail_here("expected a phrase such as \"thanks\" or \"learned from\" (without the @mention)");
            r.connection_markers.push_back(marker);
        }
    }
    r.teaching_points = points("teaching_points", r.teaching_points, 1000);
    r.cross_team_bonus = points("cross_team_bonus", r.cross_team_bonus, 1000);
    r.connection_daily_cap = points("connection_daily_cap", r.connection_daily_cap, 1000);
    return r;
}

// ---- Event ----

json to_json(const Challenge& c) {
    return {{"date", format_date(c.date)},
            {"title", c.title},
            {"description", c.description},
            {"tag", c.tag},
            {"bonus", c.bonus}};
}

Challenge challenge_from_json(const JsonIn& in) {
    in.require_object();
    Challenge c;
    c.date = in.date("date");
    c.title = in.nonempty_str("title");
    c.description = in.str_or("description", "");
    c.tag = normalise_tag(in.str_or("tag", ""));
    if (!c.tag.empty()) {
        auto tag = check_hashtag(c.tag);  // the word that answers it is matched like a hashtag
        if (!tag) in.fail("tag", "expected a one-word hashtag: " + tag.error());
        c.tag = *tag;
    }
    c.bonus = in.integer_or("bonus", 20);
    if (c.bonus < 0) in.fail("bonus", "expected a bonus of zero or more points");
    return c;
}

std::string quote_id(const Quote& q) {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::string_view s) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        h = (h ^ 0xffu) * 1099511628211ull;  // a separator no UTF-8 byte equals: ("ab","c") != ("a","bc")
    };
    mix(q.text);
    mix(q.author);
    static const char* hex = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = hex[h & 0xf];
    return out;
}

json to_json(const Quote& q) { return {{"text", q.text}, {"author", q.author}}; }

Quote quote_from_json(const JsonIn& in) {
    in.require_object();
    return Quote{in.nonempty_str("text"), in.str_or("author", "")};
}

json to_json(const Event& e) {
    json challenges = json::array();
    for (const auto& c : e.challenges) challenges.push_back(to_json(c));
    json quotes = json::array();
    for (const auto& q : e.quotes) quotes.push_back(to_json(q));
    json playlist = json::array();
    for (const auto& p : e.display.playlist) playlist.push_back({{"scene", p.scene}, {"seconds", p.seconds}});
    json sources = json::array();
    for (const auto& s : e.sources) {
        json one = {{"id", s.id},
                    {"kind", s.kind},
                    {"base_url", s.base_url},
                    {"tags", s.tags},
                    {"enabled", s.enabled},
                    {"poll_seconds", s.poll_seconds},
                    {"stream", s.stream}};
        // Only the chat sources have these; the others' JSON stays as it was.
        if (!s.channel.empty()) one["channel"] = s.channel;
        if (!s.team.empty()) one["team"] = s.team;
        if (!s.token_url.empty()) one["token_url"] = s.token_url;
        sources.push_back(std::move(one));
    }
    return {
        {"schema_version", kEventSchemaVersion},
        {"event",
         {{"name", e.name},
          {"start", format_date(e.start)},
          {"end", format_date(e.end)},
          {"timezone", e.timezone},
          {"hashtags", e.hashtags},
          {"theme", e.theme}}},
        {"moderation",
         {{"mode", to_string(e.moderation_mode)},
          {"delay_minutes", e.moderation.delay_minutes},
          {"blocked_authors", e.moderation.blocked_authors},
          {"trusted_authors", e.moderation.trusted_authors},
          {"blocked_words", e.moderation.blocked_words},
          {"word_action", e.moderation.word_action},
          {"link_policy", e.moderation.link_policy},
          {"hide_sensitive_media", e.moderation.hide_sensitive_media}}},
        {"challenges", challenges},
        {"quotes", quotes},
        {"scoring", to_json(e.scoring)},
        {"display",
         {{"playlist", playlist},
          {"quote_seconds", e.display.quote_seconds},
          {"announcements", e.display.announcements},
          {"call_to_action", e.display.call_to_action},
          {"join_url", e.display.join_url},
          {"blank", e.display.blank},
          {"max_posts", e.display.max_posts},
          {"page_seconds", e.display.page_seconds}}},
        {"sources", sources},
    };
}

Event event_from_json(const JsonIn& root) {
    check_schema_version(root, kEventSchemaVersion);
    Event e;
    JsonIn ev = root.at("event");
    ev.require_object();
    e.name = ev.nonempty_str("name");
    e.start = ev.date("start");
    e.end = ev.date("end");
    e.timezone = ev.nonempty_str("timezone");
    if (!is_known_timezone(e.timezone))
        ev.fail("timezone", "expected an IANA time zone such as Europe/London, got \"" + e.timezone + "\"");
    if (std::chrono::sys_days{e.end} < std::chrono::sys_days{e.start})
        ev.fail("end", "expected a date on or after the start " + format_date(e.start));
    for (const JsonIn& t : ev.array("hashtags")) {
        std::string tag = normalise_tag(t.as_string());
        if (tag.empty()) t.fail_here("expected a non-empty hashtag");
        e.hashtags.push_back(tag);
    }
    // The same rule as init --tag and the admin window: a tag goes into every network's search query.
    if (auto tags = check_hashtags(e.hashtags, "expected valid hashtags"); !tags) ev.fail("hashtags", tags.error());
    e.theme = ev.str_or("theme", "");

    if (root.has("moderation")) {
        JsonIn m = root.at("moderation");
        std::string mode = m.str_or("mode", "pre");
        auto parsed = moderation_mode_from_string(mode);
        if (!parsed) m.fail("mode", "expected \"pre\" or \"post\", or \"delay\" (shows after delay_minutes unless rejected), got \"" + mode + "\"");
        e.moderation_mode = *parsed;
        ModerationRules& mr = e.moderation;
        auto delay = m.integer_or("delay_minutes", mr.delay_minutes);
        if (delay < 1 || delay > 1440) m.fail("delay_minutes", "expected 1 to 1440 minutes");
        mr.delay_minutes = static_cast<int>(delay);
        mr.blocked_authors = m.strings("blocked_authors");
        mr.trusted_authors = m.strings("trusted_authors");
        for (const JsonIn& w : m.array("blocked_words")) {
            std::string word = trim(w.as_string());
            if (word.empty()) w.fail_here("expected a non-empty word");
            mr.blocked_words.push_back(word);
        }
        mr.word_action = m.str_or("word_action", mr.word_action);
        if (mr.word_action != "hold" && mr.word_action != "reject")
            m.fail("word_action", "expected \"hold\" or \"reject\", got \"" + mr.word_action + "\"");
        mr.link_policy = m.str_or("link_policy", mr.link_policy);
        if (mr.link_policy != "allow" && mr.link_policy != "hold" && mr.link_policy != "reject")
            m.fail("link_policy", "expected \"allow\", \"hold\" or \"reject\", got \"" + mr.link_policy + "\"");
        mr.hide_sensitive_media = m.boolean_or("hide_sensitive_media", mr.hide_sensitive_media);
    }
    std::set<std::string> days;
    for (const JsonIn& c : root.array("challenges")) {
        Challenge ch = challenge_from_json(c);
        if (!days.insert(format_date(ch.date)).second)
            c.fail("date", "expected one challenge a day; " + format_date(ch.date) + " already has one");
        e.challenges.push_back(ch);
    }
    for (const JsonIn& q : root.array("quotes")) e.quotes.push_back(quote_from_json(q));
    if (root.has("scoring")) e.scoring = scoring_rules_from_json(root.at("scoring"));
    if (root.has("display")) {
        JsonIn d = root.at("display");
        d.require_object();
        for (const JsonIn& p : d.array("playlist")) {
            PlaylistItem item;
            item.scene = p.nonempty_str("scene");
            static const std::set<std::string> scenes{"wall", "leaderboard", "challenge", "quote", "connections"};
            if (!scenes.count(item.scene))
                p.fail("scene", "expected wall, leaderboard, challenge, quote or connections, got \"" + item.scene + "\"");
            auto secs = p.integer("seconds");
            if (secs < 1 || secs > 3600) p.fail("seconds", "expected 1 to 3600 seconds");
            item.seconds = static_cast<int>(secs);
            e.display.playlist.push_back(item);
        }
        auto qs = d.integer_or("quote_seconds", e.display.quote_seconds);
        if (qs < 1 || qs > 3600) d.fail("quote_seconds", "expected 1 to 3600 seconds");
        e.display.quote_seconds = static_cast<int>(qs);
        e.display.announcements = d.strings("announcements");
        e.display.call_to_action = d.str_or("call_to_action", "");
        e.display.join_url = d.str_or("join_url", "");
        e.display.blank = d.boolean_or("blank", false);
        auto mp = d.integer_or("max_posts", e.display.max_posts);
        if (mp < 1 || mp > 1000) d.fail("max_posts", "expected 1 to 1000 posts");
        e.display.max_posts = static_cast<int>(mp);
        auto ps = d.integer_or("page_seconds", e.display.page_seconds);
        if (ps < 5 || ps > 600) d.fail("page_seconds", "expected 5 to 600 seconds");
        e.display.page_seconds = static_cast<int>(ps);
    }
    for (const JsonIn& s : root.array("sources")) {
        SourceConfig sc;
        sc.kind = s.nonempty_str("kind");
        if (sc.kind != "mastodon" && sc.kind != "bluesky" && sc.kind != "x" && sc.kind != "slack" && sc.kind != "teams")
            s.fail("kind", "expected mastodon, bluesky, x, slack or teams, got \"" + sc.kind + "\"");
        sc.base_url = s.nonempty_str("base_url");
        sc.tags = s.strings("tags");
        auto tags = check_hashtags(sc.tags, "expected valid hashtags");
        if (!tags) s.fail("tags", tags.error());
        sc.tags = *tags;
        sc.enabled = s.boolean_or("enabled", true);
        sc.id = s.str_or("id", "");
        if (sc.id.empty()) sc.id = sc.kind + "-" + std::to_string(e.sources.size() + 1);
        for (const auto& other : e.sources)
            if (other.id == sc.id) s.fail("id", "expected a unique source id; \"" + sc.id + "\" is used twice");
        auto poll = s.integer_or("poll_seconds", 0);
        if (poll < 0 || poll > 86400) s.fail("poll_seconds", "expected 0 (default) to 86400 seconds");
        sc.poll_seconds = static_cast<int>(poll);
        sc.stream = s.boolean_or("stream", true);
        sc.channel = s.str_or("channel", "");
        sc.team = s.str_or("team", "");
        sc.token_url = s.str_or("token_url", "");
        if ((sc.kind == "slack" || sc.kind == "teams") && sc.channel.empty())
            s.fail("channel", "expected the channel id a " + sc.kind + " source follows");
        if (sc.kind == "teams" && sc.team.empty()) s.fail("team", "expected the team id a teams source follows");
        if (sc.kind == "teams" && sc.token_url.empty()) s.fail("token_url", "expected the token endpoint of a teams source");
        e.sources.push_back(sc);
    }
    for (const auto& c : e.challenges) {
        auto d = std::chrono::sys_days{c.date};
        if (d < std::chrono::sys_days{e.start} || d > std::chrono::sys_days{e.end})
            throw JsonFieldError("/challenges", "challenge on " + format_date(c.date) + " is outside the event (" +
                                                    format_date(e.start) + " to " + format_date(e.end) + ")");
    }
    return e;
}

Status validate_event(const Event& e) {
    try {
        json j = to_json(e);
        (void)event_from_json(JsonIn(j));
        return {};
    } catch (const JsonFieldError& err) {
        return fail(err.what());
    }
}

// ---- Roster ----

json to_json(const Roster& r) {
    json people = json::array();
    for (const auto& p : r.people) {
        json j = {{"name", p.name}, {"team", p.team}};
        if (!p.mastodon.empty()) j["mastodon"] = p.mastodon;
        if (!p.bluesky.empty()) j["bluesky"] = p.bluesky;
        if (!p.x.empty()) j["x"] = p.x;
        if (!p.slack.empty()) j["slack"] = p.slack;
        if (!p.teams.empty()) j["teams"] = p.teams;
        if (!p.email.empty()) j["email"] = p.email;
        if (!p.opt_out.empty()) j["opt_out"] = p.opt_out;
        people.push_back(j);
    }
    return {{"schema_version", kRosterSchemaVersion}, {"people", people}};
}

Roster roster_from_json(const JsonIn& root) {
    check_schema_version(root, kRosterSchemaVersion);
    Roster r;
    std::set<std::string> names;
    for (const JsonIn& p : root.array("people")) {
        Participant part;
        part.name = p.nonempty_str("name");
        if (!names.insert(part.name).second) p.fail("name", "expected a unique name; \"" + part.name + "\" appears twice");
        part.team = p.str_or("team", "");
        part.mastodon = normalise_handle(p.str_or("mastodon", ""));
        part.bluesky = normalise_handle(p.str_or("bluesky", ""));
        part.x = normalise_handle(p.str_or("x", ""));
        part.slack = normalise_handle(p.str_or("slack", ""));
        part.teams = normalise_handle(p.str_or("teams", ""));
        part.email = p.str_or("email", "");
        part.opt_out = p.str_or("opt_out", "");
        if (!part.opt_out.empty() && part.opt_out != "anonymous" && part.opt_out != "hidden")
            p.fail("opt_out", "expected \"anonymous\" or \"hidden\" (or no field), got \"" + part.opt_out + "\"");
        r.people.push_back(part);
    }
    return r;
}

// ---- Decisions and awards ----

json to_json(const ModerationDecision& d) {
    return {{"post_id", d.post_id}, {"action", d.action}, {"by", d.by}, {"at", format_rfc3339(d.at)}, {"reason", d.reason}};
}

ModerationDecision decision_from_json(const JsonIn& in) {
    in.require_object();
    ModerationDecision d;
    d.post_id = in.nonempty_str("post_id");
    d.action = in.nonempty_str("action");
    // "review" is recorded by the rules when an approved post is edited upstream (back to the queue).
    static const std::set<std::string> actions{"approve", "reject", "reset", "review", "pin", "unpin", "feature", "unfeature"};
    if (!actions.count(d.action))
        in.fail("action",
                "expected approve, reject, reset, review, pin, unpin, feature or unfeature, got \"" + d.action + "\"");
    d.by = in.nonempty_str("by");
    d.at = in.instant("at");
    d.reason = in.str_or("reason", "");
    return d;
}

json to_json(const Award& a) {
    return {{"person", a.person}, {"points", a.points}, {"reason", a.reason}, {"by", a.by}, {"at", format_rfc3339(a.at)}};
}

Award award_from_json(const JsonIn& in) {
    in.require_object();
    Award a;
    a.person = in.nonempty_str("person");
    a.points = in.integer("points");
    a.reason = in.nonempty_str("reason");
    a.by = in.nonempty_str("by");
    a.at = in.instant("at");
    return a;
}

// ---- Load boundaries ----

namespace {
template <class T, class F>
Result<T> load_document(const std::string& path, F&& from_json) {
    auto doc = read_json_file(path);
    if (!doc) return fail(doc.error());
    try {
        return from_json(JsonIn(*doc));
    } catch (const JsonFieldError& e) {
        return fail(path + ": " + e.pointer + ": " + e.expected);
    }
}

// Every problem of a document, not only the first: the parser stops at the first bad field, so each
// part (each array element, each settings object) is parsed on its own beside the document's simple
// fields, and then the whole document for the rules between parts (two challenges on one day).
template <class F>
std::vector<std::string> document_problems(const std::string& path, F&& from_json, std::vector<std::string> arrays,
                                           std::vector<std::string> objects) {
    auto doc = read_json_file(path);
    if (!doc) return {doc.error()};
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto attempt = [&](const json& d, const std::string& from, const std::string& to) {
        try {
            (void)from_json(JsonIn(d));
        } catch (const JsonFieldError& e) {
            std::string ptr = e.pointer;
            if (!from.empty() && ptr.rfind(from, 0) == 0) ptr = to + ptr.substr(from.size());
            std::string msg = path + ": " + ptr + ": " + e.expected;
            if (seen.insert(msg).second) out.push_back(std::move(msg));
        }
    };
    if (!doc->is_object()) {
        attempt(*doc, "", "");
        return out;
    }
    json base = *doc;
    for (const auto& a : arrays)
        if (base.contains(a) && base[a].is_array()) base[a] = json::array();
    for (const auto& o : objects) base.erase(o);
    attempt(base, "", "");
    for (const auto& o : objects)
        if (doc->contains(o)) {
            json d = base;
            d[o] = (*doc)[o];
            attempt(d, "", "");
        }
    for (const auto& a : arrays) {
        if (!doc->contains(a) || !(*doc)[a].is_array()) continue;
        const json& items = (*doc)[a];
        for (size_t i = 0; i < items.size(); ++i) {
            json d = base;
            d[a] = json::array({items[i]});
            attempt(d, "/" + a + "/0", "/" + a + "/" + std::to_string(i));
        }
    }
    attempt(*doc, "", "");
    return out;
}

}  // namespace

std::vector<std::string> event_file_problems(const std::string& path) {
    return document_problems(path, event_from_json, {"challenges", "quotes", "sources"}, {"moderation", "scoring", "display"});
}
std::vector<std::string> roster_file_problems(const std::string& path) {
    return document_problems(path, roster_from_json, {"people"}, {});
}

Result<Event> load_event_file(const std::string& path) { return load_document<Event>(path, event_from_json); }
Result<Roster> load_roster_file(const std::string& path) { return load_document<Roster>(path, roster_from_json); }

}  // namespace lw
