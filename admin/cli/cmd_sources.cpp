// Commands of the sources area: source add/list/remove/enable/disable, and ingest (once or as a daemon).
#include <csignal>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/common.hpp"
#include "learnwall/actions/sources.hpp"
#include "learnwall/connectors/http.hpp"
#include "learnwall/connectors/ingest.hpp"
#include "learnwall/log_safe.hpp"
#include "learnwall/text.hpp"
#include "learnwall/time_text.hpp"

namespace lw::cli {

namespace {

namespace conn = lw::connectors;

std::atomic<bool> g_stop{false};
// Distinct names: extern "C" puts a handler in one global namespace across all linked libraries.
extern "C" void on_ingest_stop_signal(int) { g_stop.store(true); }

// Prints the action's words (the same the Sources panel shows) and republishes, like every command
// that changes the event (docs/cli.md) unless --no-publish.
int source_changed(Opened& o, const ParsedArgs& a, CommandIo& io, const std::string& cmd,
                   const Result<std::string>& done) {
    if (!done) {
        io.err << "learnwall-admin " << cmd << ": " << done.error() << "\n";
        return kExitFailure;
    }
    io.out << *done << "\n";
    if (!publish_after_change(o, a, io, cmd)) return kExitFailure;
    return kExitOk;
}

int cmd_source_add(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "source add";
    if (a.positionals.size() != 1) {
        io.err << "learnwall-admin source add: expected one network: mastodon, bluesky, x, slack or teams\n";
        return kExitUsage;
    }
    SourceRequest r;
    r.kind = a.positionals[0];
    r.base_url = a.get("base-url").value_or("");
    r.tags = a.all("tag");
    r.id = a.get("id").value_or("");
    r.channel = a.get("channel").value_or("");
    r.team = a.get("team").value_or("");
    r.token_url = a.get("token-url").value_or("");
    if (auto p = a.get("poll-seconds")) {
        char* end = nullptr;
        long v = std::strtol(p->c_str(), &end, 10);
        if (p->empty() || *end || v < 1 || v > 86400) {
            io.err << "learnwall-admin source add: --poll-seconds: expected 1 to 86400, got \"" << *p << "\"\n";
            return kExitUsage;
        }
        r.poll_seconds = static_cast<int>(v);
    }
    r.stream = !a.has("no-stream");
    r.enabled = !a.has("disabled");
    // The checks that need no event, first: a bad command line is a usage error (exit 2). The words
    // are the action's, which the Sources panel shows too.
    if (auto st = check_source_request(r); !st) {
        io.err << "learnwall-admin source add: " << st.error() << "\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return source_changed(*o, a, io, cmd, add_source(o->dir, o->state, r, acting_user(a)));
}

int cmd_source_remove(const ParsedArgs& a, CommandIo& io, const std::string& action) {
    const std::string cmd = "source " + action;
    if (a.positionals.size() != 1) {
        io.err << "learnwall-admin " << cmd << ": expected one source id (see: learnwall-admin source list)\n";
        return kExitUsage;
    }
    std::string id = a.positionals[0];
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return source_changed(*o, a, io, cmd,
                          action == "remove" ? remove_source(o->dir, o->state, id, acting_user(a))
                                             : set_source_enabled(o->dir, o->state, id, action == "enable", acting_user(a)));
}

// The Sources panel's "Test connection", from the command line: the same shared function.
int cmd_source_test(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "source test";
    if (a.positionals.size() != 1) {
        io.err << "learnwall-admin " << cmd << ": expected one source id (see: learnwall-admin source list)\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    const SourceConfig* src = nullptr;
    for (const auto& s : o->state.event.sources)
        if (s.id == a.positionals[0]) src = &s;
    if (!src) {
        io.err << "learnwall-admin " << cmd << ": no source with id \"" << a.positionals[0]
               << "\" (see: learnwall-admin source list)\n";
        return kExitFailure;
    }
    std::atomic<bool> stop{false};
    auto res = test_source_connection(o->dir.path(), *src, stop);
    (res.ok ? io.out : io.err) << (res.ok ? "" : "learnwall-admin " + cmd + ": ") << src->id << ": " << res.message << "\n";
    return res.ok ? kExitOk : kExitFailure;
}

std::string ago(const std::optional<Instant>& t, Instant at) {
    if (!t) return "never";
    // The one "N min ago" of the kiosk, the window and the CLI (learnwall/time_text.hpp); a next
    // attempt still to come counts down.
    return *t > at ? time_until(*t, at) : relative_time(*t, at);
}

int cmd_source_list(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "source list");
    if (!o) return kExitFailure;
    auto statuses = conn::load_source_status(o->dir.path());
    if (!statuses) {
        io.err << "learnwall-admin source list: warning: " << statuses.error() << "\n";
        statuses = std::map<std::string, conn::SourceStatus>{};
    }
    Instant t = now();
    if (a.has("json")) {
        for (const auto& s : o->state.event.sources) {
            nlohmann::json j = {{"id", s.id}, {"kind", s.kind}, {"base_url", s.base_url}, {"tags", s.tags},
                                {"enabled", s.enabled}, {"poll_seconds", s.poll_seconds}, {"stream", s.stream}};
            if (!s.channel.empty()) j["channel"] = s.channel;
            if (!s.team.empty()) j["team"] = s.team;
            if (!s.token_url.empty()) j["token_url"] = s.token_url;
            auto it = statuses->find(s.id);
            if (it != statuses->end()) {
                const auto& st = it->second;
                j["status"] = {{"mode", st.mode},
                               {"last_success", st.last_success ? format_rfc3339(*st.last_success) : ""},
                               {"last_error", st.last_error},
                               {"next_attempt", st.next_attempt ? format_rfc3339(*st.next_attempt) : ""},
                               {"posts_seen", st.posts_seen},
                               {"posts_new", st.posts_new},
                               {"rate_remaining", st.rate.remaining}};
            }
            io.out << j.dump() << "\n";
        }
        return kExitOk;
    }
    if (o->state.event.sources.empty()) {
        io.out << "no sources (add one with: learnwall-admin source add mastodon --data " << o->dir.path()
               << " --base-url https://mastodon.social)\n";
        return kExitOk;
    }
    for (const auto& s : o->state.event.sources) {
        std::string tags;
        for (const auto& tg : s.tags) tags += (tags.empty() ? "#" : " #") + tg;
        // A chat source names its channel; without tags it takes every message there.
        std::string where = s.channel.empty() ? "" : (s.team.empty() ? "" : "team " + s.team + " ") + "channel " + s.channel + "  ";
        if (!s.channel.empty() && tags.empty()) tags = "(every message)";
        io.out << s.id << "  " << s.kind << "  " << s.base_url << "  " << where << tags << (s.enabled ? "" : "  (disabled)") << "\n";
        auto it = statuses->find(s.id);
        if (it == statuses->end()) {
            io.out << "    not run yet (run: learnwall-admin ingest --data " << o->dir.path() << " --once)\n";
            continue;
        }
        const auto& st = it->second;
        io.out << "    " << (st.mode.empty() ? "idle" : st.mode) << "; last success " << ago(st.last_success, t)
               << "; posts seen " << st.posts_seen << " (" << st.posts_new << " new, " << st.posts_updated << " edited, "
               << st.posts_deleted << " deleted, " << st.items_skipped << " skipped)";
        if (st.rate.remaining >= 0)
            io.out << "; rate limit " << st.rate.remaining << (st.rate.limit >= 0 ? "/" + std::to_string(st.rate.limit) : "")
                   << " left";
        if (st.next_attempt) io.out << "; next attempt " << ago(st.next_attempt, t);
        io.out << "\n";
        if (!st.last_error.empty())
            io.out << "    last error (" << ago(st.last_error_at, t) << "): " << log_safe(st.last_error, 2000) << "\n";
    }
    return kExitOk;
}

int cmd_ingest(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "ingest";
    conn::IngestOptions opt;
    opt.publish = !a.has("no-publish");
    if (auto p = a.get("poll-seconds")) {
        char* end = nullptr;
        double v = std::strtod(p->c_str(), &end);
        if (p->empty() || *end || !(v >= 0.2 && v <= 86400)) {
            io.err << "learnwall-admin ingest: --poll-seconds: expected 0.2 to 86400, got \"" << *p << "\"\n";
            return kExitUsage;
        }
        opt.poll_interval = std::chrono::milliseconds(static_cast<long long>(v * 1000));
    }
    // The media mirror fetches only public addresses unless the organiser names a host or range here
    // (a stand-in on loopback, an image server on the LAN): post URLs are written by strangers.
    auto policy = std::make_shared<FetchPolicy>();
    for (const auto& h : a.all("allow-media-host")) {
        if (auto st = policy->allow(h); !st) {
            io.err << "learnwall-admin ingest: --allow-media-host: " << st.error() << "\n";
            return kExitUsage;
        }
    }
    opt.media.policy = policy;
    bool quiet = a.has("quiet");
    std::ostream& err = io.err;
    std::mutex log_m;
    opt.log = [&](const std::string& line) {
        if (quiet) return;
        std::lock_guard<std::mutex> lock(log_m);
        err << format_rfc3339(now()) << " ingest: " << line << "\n" << std::flush;
    };
    auto ing = conn::Ingestor::open(*a.get("data"), opt);
    if (!ing) {
        io.err << "learnwall-admin " << cmd << ": " << ing.error() << "\n";
        return kExitFailure;
    }
    if (a.has("once")) {
        auto sum = (*ing)->run_once();
        if (!sum) {
            io.err << "learnwall-admin " << cmd << ": " << sum.error() << "\n";
            return kExitFailure;
        }
        io.out << "ingest: " << sum->sources << " source" << (sum->sources == 1 ? "" : "s") << " polled, " << sum->failed
               << " failed; " << sum->posts_new << " new, " << sum->posts_updated << " edited, " << sum->posts_deleted
               << " deleted\n";
        if (sum->failed) {
            io.err << "learnwall-admin " << cmd << ": " << sum->failed
                   << " source(s) failed (see: learnwall-admin source list --data " << *a.get("data") << ")\n";
            return kExitFailure;
        }
        return kExitOk;
    }
    g_stop = false;
    struct sigaction sa {};
    sa.sa_handler = on_ingest_stop_signal;
    sigemptyset(&sa.sa_mask);
    struct sigaction old_term {}, old_int {};
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGINT, &sa, &old_int);
    opt.log("running; stop with SIGTERM or Ctrl-C");
    auto st = (*ing)->run(g_stop);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGINT, &old_int, nullptr);
    if (!st) {
        io.err << "learnwall-admin " << cmd << ": " << st.error() << "\n";
        return kExitFailure;
    }
    opt.log("stopped cleanly");
    return kExitOk;
}

}  // namespace

std::vector<Command> source_commands() {
    return {
        {{"source", "add"},
         "follow hashtags on a Mastodon instance, Bluesky or X, or a Slack or Microsoft Teams channel",
         "mastodon|bluesky|x|slack|teams [--base-url URL] [--tag T]... [--channel ID] [--team ID] [--token-url URL]\n"
         "       [--id ID] [--poll-seconds N] [--no-stream] [--disabled]",
         "--base-url is required for Mastodon (the instance); Bluesky defaults to https://bsky.social, X to\n"
         "https://api.x.com, Slack to https://slack.com and Teams to https://graph.microsoft.com/v1.0.\n"
         "slack and teams follow one channel (--channel; teams also --team): every message of it, or with\n"
         "--tag only those carrying one of the tags. Teams asks its token at --token-url (default: Microsoft's\n"
         "endpoint for the tenant in LEARNWALL_TEAMS_TENANT / secrets.json). Tokens: LEARNWALL_SLACK_TOKEN;\n"
         "LEARNWALL_TEAMS_TENANT, _CLIENT_ID, _CLIENT_SECRET (or the same names in secrets.json).\n"
         "Without --tag the event's hashtags are followed; a --tag value may hold several,\n"
         "split at commas and before '#' (\"#NLAWWeek, #TeachBack\"), as the admin window splits them. Plain\n"
         "http:// is accepted only for a stand-in on this machine (localhost, 127.0.0.1, [::1]). A source that\n"
         "already follows the same tags on the same server is refused. A running `ingest` picks the new\n"
         "source up within 2 s. Tokens never go on the command line: put them in DIR/secrets.json\n"
         "(mode 0600) or the environment (see docs/cli.md, \"Sources and ingest\").",
         {{"base-url", true, false, "--base-url URL      the network's API root (Mastodon: the instance)"},
          {"tag", true, true, "--tag T             hashtags to follow (repeatable; default: the event's)"},
          {"channel", true, false, "--channel ID        slack, teams: the channel to follow"},
          {"team", true, false, "--team ID           teams: the team the channel is in"},
          {"token-url", true, false, "--token-url URL     teams: the OAuth 2.0 token endpoint (client credentials)"},
          {"id", true, false, "--id ID             the source's id (default: KIND-HOST; slack, teams: KIND-CHANNEL)"},
          {"poll-seconds", true, false, "--poll-seconds N    how often to poll (default: 30, X, Slack, Teams: 60)"},
          {"no-stream", false, false, "--no-stream         Mastodon: poll even when a token allows streaming"},
          {"disabled", false, false, "--disabled          add it switched off"},
          by_option(),
          no_publish_option()},
         true,
         cmd_source_add},
        {{"source", "list"},
         "show the sources and how each is doing (last success, errors, rate limit)",
         "[--json]",
         "",
         {{"json", false, false, "--json              one JSON object a line"}},
         true,
         cmd_source_list},
        {{"source", "test"},
         "test a source's connection: fetch its last 24 hours once, as the window's \"Test connection\"",
         "ID",
         "Uses the tokens saved in DIR/secrets.json. Exit status 1 when the source cannot be reached or\n"
         "refuses the token; the message says why (tokens are never printed). Nothing is stored.",
         {},
         true,
         cmd_source_test},
        {{"source", "remove"},
         "stop following a source (its posts stay)",
         "ID",
         "",
         {by_option(), no_publish_option()},
         true,
         [](const ParsedArgs& a, CommandIo& io) { return cmd_source_remove(a, io, "remove"); }},
        {{"source", "enable"},
         "switch a source on",
         "ID",
         "",
         {by_option(), no_publish_option()},
         true,
         [](const ParsedArgs& a, CommandIo& io) { return cmd_source_remove(a, io, "enable"); }},
        {{"source", "disable"},
         "switch a source off (kept in the event)",
         "ID",
         "",
         {by_option(), no_publish_option()},
         true,
         [](const ParsedArgs& a, CommandIo& io) { return cmd_source_remove(a, io, "disable"); }},
        {{"ingest"},
         "fetch posts from every enabled source: once, or as a daemon until SIGTERM",
         "[--once] [--poll-seconds S] [--allow-media-host H]... [--no-publish] [--quiet]",
         "As a daemon each source runs on its own: polling at its interval (backing off after failures,\n"
         "waiting out rate limits) or streaming where Mastodon allows it. New posts go into the journal,\n"
         "then wall.json is republished. SIGTERM or SIGINT stops it after the batch in hand is stored.\n"
         "Sources added, changed, disabled or removed while it runs are followed within 2 s.\n"
         "Status per source: DIR/sources-status.json and `source list`. Cursors: DIR/sources-state.json.\n"
         "With --once the exit status is 1 when any source failed.\n"
         "The media mirror fetches post images from public addresses only (http/https; loopback, private,\n"
         "link-local and unique-local addresses are refused, redirects included); --allow-media-host\n"
         "names a host or range that may be fetched anyway (a stand-in on 127.0.0.1, a LAN image server).",
         {{"once", false, false, "--once              poll every source once and exit"},
          {"allow-media-host", true, true,
           "--allow-media-host H  a host name, address or range (10.0.0.0/8, ::1) the mirror may fetch (repeatable)"},
          {"poll-seconds", true, false, "--poll-seconds S    poll every source this often (overrides each source's)"},
          {"quiet", false, false, "--quiet             no log lines on stderr"},
          no_publish_option()},
         true,
         cmd_ingest},
    };
}

}  // namespace lw::cli
