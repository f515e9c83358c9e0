// Publishing wall.json: approved posts only, display names and teams only, no secrets.
#include "learnwall/publish.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "learnwall/actions/tips.hpp"
#include "learnwall/connections.hpp"
#include "learnwall/media.hpp"
#include "learnwall/moderation_rules.hpp"
#include "learnwall/scoring.hpp"
#include "learnwall/text.hpp"

namespace lw {

namespace {

// People on the published board: screens show the top ten or so; a full board of thousands would
// make wall.json (and every kiosk's parse of it) a hundred times larger.
constexpr size_t kWallLeaders = 50;

// The name a screen shows for someone outside the roster: never an e-mail address (an organiser
// may credit a tip to "ana.lima@example.com"); such an author shows by the address's local part.
std::string public_name(const std::string& name, std::string_view keep = {}) {
    if (looks_like_email(name) && !(keep.size() && ascii_lower(trim(name)) == ascii_lower(keep))) {
        std::string t = trim(name);
        return t.substr(0, t.rfind('@'));
    }
    return mask_emails(name, keep);
}

bool same_standings(const Wall& a, const Wall& b) {
    if (a.leaderboard.size() != b.leaderboard.size() || a.teams.size() != b.teams.size()) return false;
    for (size_t i = 0; i < a.leaderboard.size(); ++i) {
        const WallLeader &x = a.leaderboard[i], &y = b.leaderboard[i];
        if (x.rank != y.rank || x.name != y.name || x.points != y.points) return false;
    }
    for (size_t i = 0; i < a.teams.size(); ++i) {
        const WallTeam &x = a.teams[i], &y = b.teams[i];
        if (x.rank != y.rank || x.team != y.team || x.points != y.points) return false;
    }
    return true;
}

// A name in the connections block: as the board shows it (opted-out people are already "a colleague"),
// never an e-mail address.
std::string connection_public_name(const ConnectionEnd& e) { return e.opt_out.empty() ? public_name(e.name) : "a colleague"; }

// The bounded "connections" block screens read (contract with the kiosk's scene: docs/state-format.md).
std::optional<WallConnections> wall_connections_of(const Connections& all) {
    WallConnections out;
    out.total = all.total();
    if (out.total == 0) return std::nullopt;  // the scene is skipped
    out.cross_team_share = all.cross_team_share();
    std::map<std::string, int> per_team;
    std::map<std::pair<std::string, std::string>, int> per_pair;
    struct Tally {
        std::string name, team;
        int connections = 0;
        std::map<std::string, int> teams;
    };
    std::map<std::string, Tally> people;  // by the scores' person key
    for (const auto& c : all.all) {
        if (!c.counted) continue;
        const std::string ft = mask_emails(c.from.team), tt = mask_emails(c.to.team);
        per_team[ft]++;
        if (ft != tt) {
            per_team[tt]++;
            per_pair[ft < tt ? std::pair{ft, tt} : std::pair{tt, ft}]++;
        }
        for (const auto* end : {&c.from, &c.to}) {
            if (!end->opt_out.empty()) continue;  // not named among the top connectors
            const ConnectionEnd& other = end == &c.from ? c.to : c.from;
            Tally& t = people[(end->member >= 0 ? "r:" : "o:") + end->key];
            t.name = public_name(end->name);
            t.team = mask_emails(end->team);
            t.connections++;
            if (other.team != end->team) t.teams[other.team]++;
        }
    }
    for (const auto& [team, n] : per_team) out.teams.push_back({team, n});
    std::stable_sort(out.teams.begin(), out.teams.end(),
                     [](const WallConnectionTeam& a, const WallConnectionTeam& b) { return a.connections > b.connections; });
    if (out.teams.size() > kWallConnectionTeamsMax) out.teams.resize(kWallConnectionTeamsMax);
    auto shown = [&](const std::string& team) {
        return std::any_of(out.teams.begin(), out.teams.end(), [&](const WallConnectionTeam& t) { return t.team == team; });
    };
    for (const auto& [pair, n] : per_pair)
        if (shown(pair.first) && shown(pair.second)) out.links.push_back({pair.first, pair.second, n});
    std::stable_sort(out.links.begin(), out.links.end(),
                     [](const WallConnectionLink& a, const WallConnectionLink& b) { return a.count > b.count; });
    if (out.links.size() > kWallConnectionLinksMax) out.links.resize(kWallConnectionLinksMax);
    for (auto it = all.all.rbegin(); it != all.all.rend() && out.recent.size() < kWallConnectionRecentMax; ++it) {
        if (!it->counted) continue;
        out.recent.push_back({connection_public_name(it->from), connection_public_name(it->to), mask_emails(it->from.team),
                              mask_emails(it->to.team), to_string(it->kind), it->at});
    }
    for (auto& [key, t] : people)
        out.top_connectors.push_back({t.name, t.team, t.connections, static_cast<int>(t.teams.size())});
    std::stable_sort(out.top_connectors.begin(), out.top_connectors.end(), [](const WallConnector& a, const WallConnector& b) {
        if (a.connections != b.connections) return a.connections > b.connections;
        if (a.teams_reached != b.teams_reached) return a.teams_reached > b.teams_reached;
        return a.name < b.name;
    });
    if (out.top_connectors.size() > kWallConnectorsMax) out.top_connectors.resize(kWallConnectorsMax);
    return out;
}

}  // namespace

Wall build_wall(const State& state, Instant at, const Wall* previous) {
    const Event& ev = state.event;
    Wall w;
    w.revision = state.revision;
    w.generated_at = at;
    w.event_name = ev.name;
    w.hashtags = ev.hashtags;
    w.theme = ev.theme;
    w.timezone = ev.timezone;
    w.start = ev.start;
    w.end = ev.end;
    w.display = ev.display;
    w.quotes = ev.quotes;

    std::vector<const PostRecord*> visible;
    // Opted-out people: "hidden" never reach screens; "anonymous" show as "a colleague" (below).
    const RosterMatcher roster_matcher(state.roster);  // indexed once: thousands of posts, thousands of people
    auto opt_out_of = [&](const Post& p) -> std::string {
        if (state.roster.people.empty()) return "";
        const Participant* m = roster_matcher.member_for(p);
        return m ? m->opt_out : "";
    };
    for (const auto& r : state.posts)
        if (state.visible_on_screens(r) && opt_out_of(r.post) != "hidden") visible.push_back(&r);
    std::sort(visible.begin(), visible.end(), [](const PostRecord* a, const PostRecord* b) {
        if (a->post.created_at != b->post.created_at) return a->post.created_at > b->post.created_at;
        return a->post.id() < b->post.id();
    });
    // Pinned posts always make it; the rest fill up to the limit, newest first.
    size_t limit = static_cast<size_t>(std::max(1, ev.display.max_posts));
    std::vector<const PostRecord*> chosen;
    for (const auto* r : visible)
        if (r->pinned) chosen.push_back(r);
    for (const auto* r : visible) {
        if (chosen.size() >= limit) break;
        if (!r->pinned) chosen.push_back(r);
    }
    std::sort(chosen.begin(), chosen.end(), [](const PostRecord* a, const PostRecord* b) {
        if (a->post.created_at != b->post.created_at) return a->post.created_at > b->post.created_at;
        return a->post.id() < b->post.id();
    });
    for (const auto* r : chosen) {
        WallPost wp;
        wp.id = r->post.id();
        wp.source = r->post.source;
        // One person, one name: a roster member shows by their roster name on every card, whatever
        // network or spelling the post came in with (the handle stays as the second line).
        const Participant* member = state.roster.people.empty() ? nullptr : roster_matcher.member_for(r->post);
        // A Mastodon handle (user@instance) reads like an address but is public: the card shows it.
        const std::string own_handle = r->post.source == "mastodon" ? normalise_handle(r->post.author_handle) : "";
        wp.author_name = member ? public_name(member->name)
                         : r->post.author_display_name.empty() ? public_name(r->post.author_handle)  // as on the board
                                                                : public_name(r->post.author_display_name, own_handle);
        // A manual post's "handle" may be the e-mail address it was credited to, and typed by hand
        // "ana@example.org" cannot be told from a Mastodon handle: neither is published.
        wp.author_handle = r->post.source == "manual" && r->post.author_handle.find('@') != std::string::npos
                               ? std::string()
                               : mask_emails(r->post.author_handle, own_handle);
        wp.author_avatar_url = r->post.author_avatar_url;
        wp.team = member ? mask_emails(member->team) : std::string();
        wp.text = mask_emails(r->post.text, own_handle);
        if (wp.text.size() > kWallTextMaxBytes) {
            size_t cut = kWallTextMaxBytes;
            while (cut > 0 && (static_cast<unsigned char>(wp.text[cut]) & 0xC0) == 0x80) --cut;  // not mid-character
            wp.text.resize(cut);
            wp.text += "\xE2\x80\xA6";  // …
        }
        if (opt_out_of(r->post) == "anonymous") {
            wp.author_name = "a colleague";
            wp.author_handle.clear();
            wp.author_avatar_url.clear();
            wp.team.clear();
        }
        wp.image_urls = r->post.sensitive && ev.moderation.hide_sensitive_media ? std::vector<std::string>{}
                                                                                 : r->post.image_urls;
        // A post is written by a stranger: only web addresses reach the screens, never file:// or a
        // local path (the kiosk would open it). The ingest daemon logs what it drops as posts arrive.
        if (!is_publishable_media_url(wp.author_avatar_url)) wp.author_avatar_url.clear();
        // A tip's photo is named "upload:..." until the mirror copies it (docs/tips.md); only the
        // form makes such names, so a network post claiming one loses it.
        const bool from_form = r->post.source == "form";
        std::erase_if(wp.image_urls, [from_form](const std::string& u) {
            return !is_publishable_media_url(u) && !(from_form && u.rfind(kTipUploadPrefix, 0) == 0);
        });
        wp.hashtags = r->post.hashtags;
        wp.created_at = r->post.created_at;
        wp.like_count = r->post.like_count;
        wp.repost_count = r->post.repost_count;
        wp.reply_count = r->post.reply_count;
        wp.pinned = r->pinned;
        wp.featured = r->featured;
        wp.url = r->post.url;
        w.posts.push_back(std::move(wp));
    }

    const Connections connections = compute_connections(state);
    Scores scores = compute_scores(state, ScoreDetail::totals, connections);
    w.connections = wall_connections_of(connections);
    std::map<std::string, int> prev_rank, prev_team_rank;
    if (previous) {
        for (const auto& l : previous->leaderboard) prev_rank[l.name] = l.rank;
        for (const auto& t : previous->teams) prev_team_rank[t.team] = t.rank;
    }
    for (const auto& p : scores.people) {
        if (w.leaderboard.size() >= kWallLeaders) break;  // ranked first: the top of the board
        if (p.rank == 0 || p.total <= 0) continue;
        const Participant* member = p.in_roster ? state.roster.find_by_name(p.name) : nullptr;
        if (member && member->opt_out == "hidden") continue;
        WallLeader l;
        l.rank = p.rank;
        l.name = member && member->opt_out == "anonymous" ? "a colleague" : public_name(p.name);
        l.team = mask_emails(p.team);
        l.points = p.total;
        l.badges = p.badges;
        auto it = prev_rank.find(l.name);  // the name as published (opt-outs show as "a colleague")
        if (previous) {
            if (it == prev_rank.end()) l.is_new = true;
            else l.movement = it->second - p.rank;
        }
        w.leaderboard.push_back(std::move(l));
    }
    for (const auto& t : scores.teams) {
        WallTeam wt;
        wt.rank = t.rank;
        wt.team = mask_emails(t.team);
        wt.points = t.points;
        wt.members = t.members;
        auto it = prev_team_rank.find(t.team);
        if (it != prev_team_rank.end()) wt.movement = it->second - t.rank;
        w.teams.push_back(std::move(wt));
    }

    // Arrows show the last change of the standings: a republish that leaves every rank, name and
    // score as it was (a new quote, a new post that scores nothing) keeps the previous arrows.
    if (previous && same_standings(w, *previous)) {
        for (size_t i = 0; i < w.leaderboard.size(); ++i) {
            w.leaderboard[i].movement = previous->leaderboard[i].movement;
            w.leaderboard[i].is_new = previous->leaderboard[i].is_new;
        }
        for (size_t i = 0; i < w.teams.size(); ++i) w.teams[i].movement = previous->teams[i].movement;
    }

    w.challenges = ev.challenges;
    if (auto today = local_date(at, ev.timezone)) w.challenge_today = challenge_on(ev.challenges, *today);
    return w;
}

Wall build_wall_as_of(const State& state, Instant at, Date as_of, const Wall* previous) {
    Wall w = build_wall(state, at, previous);
    w.challenge_today = challenge_on(state.event.challenges, as_of);
    return w;
}

Result<Wall> publish_wall(const DataDir& dir, State& state, Instant at, std::optional<Date> as_of) {
    // Automatic moderation first (rules for new posts, delay mode coming due), so nothing they would
    // hold back is ever published. Every ingest and every change publishes, so rules run at arrival.
    if (auto ruled = apply_moderation_rules(dir, state, at); !ruled) return fail(ruled.error());
    Wall out;
    Status st = dir.with_lock([&]() -> Status {
        if (auto s = dir.catch_up(state); !s) return s;
        if (auto s = ensure_directory(dir.publish_dir(), kPublishDirMode); !s) return s;
        std::optional<Wall> previous;
        if (auto text = read_file(dir.wall_path())) {
            if (auto prev = parse_wall(*text, dir.wall_path())) previous = std::move(*prev);
        }
        out = as_of ? build_wall_as_of(state, at, *as_of, previous ? &*previous : nullptr)
                    : build_wall(state, at, previous ? &*previous : nullptr);
        // Images the ingest daemon has mirrored into publish/media are named by their path there
        // (relative to wall.json); the rest keep their URL until the mirror catches up.
        apply_mirrored_media(out, mirrored_media(dir.path()));
        // Tips are open once a join code exists: screens show it beside the "Join in" QR. A damaged
        // tips.json must not stop the wall; the tips server says what is wrong with it.
        if (auto code = tips_join_code(dir)) out.join_code = *code;
        for (auto& p : out.posts) {  // only http(s) URLs and the mirror's own media/ paths, whatever the state file says
            if (!is_publishable_media_url(p.author_avatar_url) && !is_mirrored_media_path(p.author_avatar_url)) p.author_avatar_url.clear();
            // A tip's photo ("upload:...", docs/tips.md) stays named until the mirror has copied it:
            // the mirror learns what to copy from this file, and screens drop the name meanwhile.
            std::erase_if(p.image_urls, [](const std::string& u) {
                return !is_publishable_media_url(u) && !is_mirrored_media_path(u) && u.rfind(kTipUploadPrefix, 0) != 0;
            });
        }
        return write_file_atomic(dir.wall_path(), to_json(out).dump(1) + "\n", kPublishedFileMode);
    });
    if (!st) return fail(st.error());
    return out;
}

}  // namespace lw
