// Foundation commands: init, post add, moderate, publish, export posts, validate.
#include <nlohmann/json.hpp>

#include <iostream>
#include <set>

#include "cli/common.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/hashtag.hpp"
#include "learnwall/secrets.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::cli {

using nlohmann::json;

namespace {

int cmd_init(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "init";
    Event e;
    e.name = a.get("name").value_or("Learning at Work Week");
    e.timezone = a.get("timezone").value_or("Europe/London");
    if (!is_known_timezone(e.timezone)) {
        io.err << "learnwall-admin init: --timezone: unknown IANA time zone \"" << e.timezone
               << "\" (expected a name such as Europe/London)\n";
        return kExitUsage;
    }
    auto today = local_date(now(), e.timezone);
    auto parse_day = [&](const char* opt, Date fallback) -> std::optional<Date> {
        auto v = a.get(opt);
        if (!v) return fallback;
        auto d = parse_date(*v);
        if (!d) io.err << "learnwall-admin init: --" << opt << ": expected a date YYYY-MM-DD, got \"" << *v << "\"\n";
        return d;
    };
    auto start = parse_day("start", *today);
    if (!start) return kExitUsage;
    auto end = parse_day("end", Date{std::chrono::sys_days{*start} + std::chrono::days{6}});
    if (!end) return kExitUsage;
    e.start = *start;
    e.end = *end;
    if (std::chrono::sys_days{e.end} < std::chrono::sys_days{e.start}) {
        io.err << "learnwall-admin init: --end " << format_date(e.end) << " is before --start " << format_date(e.start)
               << "\n";
        return kExitUsage;
    }
    if (auto tags = check_hashtags(a.all("tag"), "--tag"); !tags) {
        io.err << "learnwall-admin init: " << tags.error() << "\n";
        return kExitUsage;
    } else {
        e.hashtags = *tags;
    }
    if (e.hashtags.empty()) e.hashtags = {"NLAWWeek", "LearningAtWorkWeek"};
    if (auto m = a.get("moderation")) {
        auto mode = moderation_mode_from_string(*m);
        if (!mode) {
            io.err << "learnwall-admin init: --moderation: expected pre or post, got \"" << *m << "\"\n";
            return kExitUsage;
        }
        e.moderation_mode = *mode;
    }
    e.display.call_to_action = "Share what you learned with #" + e.hashtags.front();
    auto dir = DataDir::create(*a.get("data"), e, acting_user(a));
    if (!dir) {
        io.err << "learnwall-admin " << cmd << ": " << dir.error() << "\n";
        return kExitFailure;
    }
    auto state = dir->load();
    if (!state) {
        io.err << "learnwall-admin " << cmd << ": " << state.error() << "\n";
        return kExitFailure;
    }
    auto w = publish_wall(*dir, *state, now());
    if (!w) {
        io.err << "learnwall-admin " << cmd << ": " << w.error() << "\n";
        return kExitFailure;
    }
    io.out << "created event \"" << e.name << "\" (" << format_date(e.start) << " to " << format_date(e.end) << ", "
           << e.timezone << ") in " << dir->path() << "\n"
           << "screens read: " << dir->wall_path() << "\n";
    return kExitOk;
}

int cmd_post_add(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "post add";
    auto author = a.get("author");
    auto text = a.get("text");
    if (!author || trim(*author).empty()) {
        io.err << "learnwall-admin post add: --author is required (a name or a social handle)\n";
        return kExitUsage;
    }
    if (!text || trim(*text).empty()) {
        io.err << "learnwall-admin post add: --text is required and must not be empty\n";
        return kExitUsage;
    }
    std::string source = a.get("source").value_or("manual");
    static const std::set<std::string> sources{"manual", "mastodon", "bluesky", "x"};
    if (!sources.count(source)) {
        io.err << "learnwall-admin post add: --source: expected manual, mastodon, bluesky or x, got \"" << source
               << "\"\n";
        return kExitUsage;
    }
    Instant at = now();
    if (auto s = a.get("at")) {
        auto t = parse_rfc3339(*s);
        if (!t) {
            io.err << "learnwall-admin post add: --at: expected an RFC 3339 time such as 2026-05-18T09:30:00Z, got \""
                   << *s << "\"\n";
            return kExitUsage;
        }
        at = *t;
    }
    if (!is_valid_utf8(*text) || !is_valid_utf8(*author))
        io.err << "learnwall-admin post add: warning: invalid UTF-8 in the text or author was replaced with U+FFFD\n";
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    auto credit = a.get("credit");
    if (credit && trim(*credit).empty()) {
        io.err << "learnwall-admin post add: --credit: expected the name or handle of the person the tip came from\n";
        return kExitUsage;
    }
    ManualPost mp{*author, *text, source, at, a.all("image"), a.get("display-name").value_or(""), credit.value_or("")};
    auto added = add_manual_post(o->dir, o->state, mp, acting_user(a));
    if (!added) {
        io.err << "learnwall-admin " << cmd << ": " << added.error() << "\n";
        return kExitFailure;
    }
    const std::string id = *added;
    // The id goes out as soon as the post is stored, whatever publishing does next: a script that
    // retries a failed publish must not add the post again.
    const PostRecord* r = o->state.find(id);
    io.out << "added post (" << to_string(o->state.moderation_of(*r)) << ")\n" << id << std::endl;
    if (!publish_after_change(*o, a, io, cmd)) return kExitFailure;
    return kExitOk;
}

int cmd_moderate(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "moderate";
    if (a.positionals.empty()) {
        io.err << "learnwall-admin moderate: expected an action: approve, reject, pin, unpin, feature or unfeature\n";
        return kExitUsage;
    }
    const std::string action = a.positionals[0];
    if (!is_moderation_action(action)) {
        io.err << "learnwall-admin moderate: unknown action \"" << action
               << "\" (expected approve, reject, pin, unpin, feature or unfeature)\n";
        return kExitUsage;
    }
    std::vector<std::string> ids(a.positionals.begin() + 1, a.positionals.end());
    bool all_pending = a.has("all-pending");
    if (all_pending && !ids.empty()) {
        io.err << "learnwall-admin moderate: give post ids or --all-pending, not both\n";
        return kExitUsage;
    }
    if (!all_pending && ids.empty()) {
        io.err << "learnwall-admin moderate " << action << ": expected one or more post ids, or --all-pending\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    if (all_pending) ids = pending_post_ids(o->state);
    auto moderated = moderate_posts(o->dir, o->state, ids, action, acting_user(a), a.get("reason").value_or(""));
    if (!moderated) {
        io.err << "learnwall-admin " << cmd << ": " << moderated.error()
               << " (nothing was changed; see: learnwall-admin export posts)\n";
        return kExitFailure;
    }
    size_t count = *moderated;
    if (!publish_after_change(*o, a, io, cmd)) return kExitFailure;
    io.out << action << ": " << count << " post" << (count == 1 ? "" : "s") << "\n";
    return kExitOk;
}

int cmd_publish(const ParsedArgs& a, CommandIo& io) {
    // --as-of rehearses a local day: challenge_today is that day's (for older kiosks); a kiosk run
    // with --now on that day picks the same challenge from the wall's dated list.
    std::optional<Date> as_of;
    if (auto v = a.get("as-of")) {
        as_of = parse_date(*v);
        if (!as_of) {
            io.err << "learnwall-admin publish: --as-of: expected a calendar date YYYY-MM-DD, got \"" << *v << "\"\n";
            return kExitUsage;
        }
    }
    auto o = open_data(a, io, "publish");
    if (!o) return kExitFailure;
    auto w = publish_wall(o->dir, o->state, now(), as_of);
    if (!w) {
        io.err << "learnwall-admin publish: " << w.error() << "\n";
        return kExitFailure;
    }
    io.out << "published revision " << w->revision << ": " << w->posts.size() << " posts, " << w->leaderboard.size()
           << " on the leaderboard, " << w->quotes.size() << " quotes -> " << o->dir.wall_path() << "\n";
    if (as_of) {
        // Twelve hours into that local day (noon, but on a clock-change day), as --now takes it.
        auto day_start = start_of_local_day(*as_of, o->state.event.timezone);
        io.out << "as of " << format_date(*as_of) << " (" << o->state.event.timezone << "): "
               << (w->challenge_today ? "challenge \"" + w->challenge_today->title + "\"" : std::string("no challenge that day"));
        if (day_start) io.out << "; see it on a screen with: learnwall-kiosk --now " << format_rfc3339(*day_start + std::chrono::hours(12));
        io.out << "\n";
        if (std::chrono::sys_days{*as_of} < std::chrono::sys_days{o->state.event.start} ||
            std::chrono::sys_days{*as_of} > std::chrono::sys_days{o->state.event.end})
            io.out << "note: " << format_date(*as_of) << " is outside the event (" << format_date(o->state.event.start) << " to "
                   << format_date(o->state.event.end) << ")\n";
    }
    return kExitOk;
}

int cmd_export_posts(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "export posts");
    if (!o) return kExitFailure;
    std::optional<Moderation> only;
    if (auto s = a.get("state")) {
        only = moderation_from_string(*s);
        if (!only) {
            io.err << "learnwall-admin export posts: --state: expected pending, approved or rejected, got \"" << *s
                   << "\"\n";
            return kExitUsage;
        }
    }
    for (const auto& r : o->state.posts) {
        Moderation m = o->state.moderation_of(r);
        if (only && m != *only) continue;
        json j = to_json(r.post);
        j["id"] = r.post.id();
        j["moderation"] = to_string(m);
        j["pinned"] = r.pinned;
        j["featured"] = r.featured;
        j["deleted"] = r.deleted;
        io.out << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    }
    return kExitOk;
}

int cmd_validate(const ParsedArgs& a, CommandIo& io) {
    const std::string data = *a.get("data");
    int problems = 0;
    auto dir = DataDir::open(data);
    if (!dir) {
        io.err << "learnwall-admin validate: " << dir.error() << "\n";
        return kExitFailure;
    }
    auto report = [&](const std::string& what) {
        io.err << "problem: " << what << "\n";
        ++problems;
    };
    // Every bad field, not only the first: one run of validate is one round of fixes.
    for (const auto& p : event_file_problems(dir->event_path())) report(p);
    if (file_exists(dir->roster_path()))
        for (const auto& p : roster_file_problems(dir->roster_path())) report(p);
    // Tokens: mode and syntax (the message names the file and a position, never the contents).
    if (file_exists(secrets_path(data)))
        if (auto s = load_secrets(data); !s) report(s.error());
    auto state = dir->load();
    if (!state) {
        // The event/roster message was already given; a journal problem is new.
        if (state.error().find("journal") != std::string::npos) report(state.error());
    } else if (!state->warning.empty()) {
        io.out << "note: " << state->warning << "\n";
    }
    // init writes an empty roster.json, so a missing one was deleted. Loading treats it as "nobody
    // yet" (everyone ranks, awards to roster members fall off the board): wrong once the journal
    // says a roster was imported or awards were given.
    if (state && !file_exists(dir->roster_path())) {
        size_t imports = 0;
        for (const auto& e : state->audit) imports += e.kind == JournalEntry::Kind::roster_changed;
        if (imports || !state->awards.empty())
            report(dir->roster_path() + ": missing, but the journal records " +
                   (imports ? std::to_string(imports) + " roster import" + (imports == 1 ? "" : "s") : std::string()) +
                   (imports && !state->awards.empty() ? " and " : "") +
                   (state->awards.empty() ? std::string()
                                          : std::to_string(state->awards.size()) + " award" +
                                                (state->awards.size() == 1 ? "" : "s")) +
                   " (without it everyone ranks and awards reach nobody: restore it from a backup or import the "
                   "roster again with: learnwall-admin roster import)");
    }
    if (file_exists(dir->wall_path())) {
        auto text = read_file(dir->wall_path());
        if (!text) report(text.error());
        else if (auto w = parse_wall(*text, dir->wall_path()); !w) report(w.error());
        else if (state && w->revision > state->revision)
            report(dir->wall_path() + ": revision " + std::to_string(w->revision) +
                   " is newer than the journal's " + std::to_string(state->revision));
    } else {
        io.out << "note: " << dir->wall_path() << " not published yet (run: learnwall-admin publish --data " << data
               << ")\n";
    }
    if (problems) {
        io.err << data << ": " << problems << " problem" << (problems == 1 ? "" : "s") << "\n";
        return kExitFailure;
    }
    io.out << data << ": ok (revision " << state->revision << ", " << state->posts.size() << " posts, "
           << state->roster.people.size() << " people)\n";
    return kExitOk;
}

}  // namespace

std::vector<Command> foundation_commands() {
    return {
        {{"init"},
         "create a new event data directory",
         "[--name N] [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--timezone Area/City] [--tag T]... [--moderation pre|post]",
         "Defaults: name \"Learning at Work Week\", a week from today, Europe/London, tags NLAWWeek and\n"
         "LearningAtWorkWeek, pre-moderation (nothing shows until approved). Refuses an existing event.",
         {{"name", true, false, "--name N            the event's name"},
          {"start", true, false, "--start YYYY-MM-DD  first day (in the event's time zone)"},
          {"end", true, false, "--end YYYY-MM-DD    last day (default: start + 6 days)"},
          {"timezone", true, false, "--timezone ZONE     IANA time zone, e.g. Europe/London"},
          {"tag", true, true, "--tag T             an event hashtag, with or without '#' (repeatable)"},
          {"moderation", true, false, "--moderation MODE   pre (default: approve before showing) or post"},
          by_option()},
         true,
         cmd_init},
        {{"post", "add"},
         "add a post by hand (a tip handed in on paper); prints its id on the last line",
         "--author NAME_OR_HANDLE --text T [--display-name N] [--source manual] [--at RFC3339] [--image URL]...\n"
         "    [--credit NAME]",
         "--credit records a tip handed in \"from\" someone: a learning connection from the author to them\n"
         "(docs/connections.md); NAME is a roster name, e-mail or handle.",
         {{"author", true, false, "--author A          a person's name or a social handle"},
          {"text", true, false, "--text T            the post's text (hashtags are taken from it)"},
          {"display-name", true, false, "--display-name N    the name shown beside a handle"},
          {"source", true, false, "--source S          manual (default), mastodon, bluesky or x"},
          {"at", true, false, "--at TIME           when it was posted, RFC 3339 (default: now)"},
          {"image", true, true, "--image URL         an image (repeatable)"},
          {"credit", true, false, "--credit NAME       the person the tip came from (teaching credit)"},
          by_option(),
          no_publish_option()},
         true,
         cmd_post_add},
        {{"moderate"},
         "approve, reject, pin, unpin, feature or unfeature posts",
         "approve|reject|pin|unpin|feature|unfeature (ID... | --all-pending) [--reason R]",
         "All or nothing: if one id is unknown, no decision is recorded. Every decision is kept in the\n"
         "journal with who, when and why.",
         {{"all-pending", false, false, "--all-pending       every pending post"},
          {"reason", true, false, "--reason R          why (kept in the audit trail)"},
          by_option(),
          no_publish_option()},
         true,
         cmd_moderate},
        {{"publish"},
         "rebuild publish/wall.json, the snapshot screens read",
         "[--as-of YYYY-MM-DD]",
         "wall.json carries every challenge with its local date and the event's time zone: each screen\n"
         "shows today's by its own clock. --as-of rehearses a day: that day's challenge is also written as\n"
         "challenge_today (older kiosks); run the kiosk with --now on that day to see it.",
         {{"as-of", true, false, "--as-of DATE        publish as if it were this local date (a rehearsal)"}},
         true,
         cmd_publish},
        {{"export", "posts"},
         "print every post as JSON Lines, one normalised post a line",
         "[--state pending|approved|rejected]",
         "",
         {{"state", true, false, "--state S           only posts in this moderation state"}},
         true,
         cmd_export_posts},
        {{"validate"}, "check the data directory and say what is wrong where", "", "", {}, true, cmd_validate},
    };
}

}  // namespace lw::cli
