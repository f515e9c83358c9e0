// The L&D report: figures from the replayed state, and their HTML (inline SVG) and CSV forms.
#include "learnwall/report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <numbers>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "learnwall/actions/event.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/connections.hpp"
#include "learnwall/moderation_rules.hpp"
#include "learnwall/scoring.hpp"
#include "learnwall/text.hpp"
#include "learnwall/time_text.hpp"

namespace lw {

namespace {

bool has_tag(const Post& p, std::string_view tag) {
    std::string want = ascii_lower(normalise_tag(tag));
    if (want.empty()) return false;
    for (const auto& t : p.hashtags.empty() ? extract_hashtags(p.text) : p.hashtags)
        if (ascii_lower(t) == want) return true;
    return false;
}

size_t utf8_chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Common words of four letters or more that say nothing about a topic.
const std::unordered_set<std::string>& stop_words() {
    static const std::unordered_set<std::string> words{
        "about", "after", "again", "also", "always", "been", "before", "being", "best", "both", "can't", "come",
        "could", "didn't", "does", "doing", "don't", "down", "each", "even", "every", "from", "get", "gets", "give",
        "going", "good", "great", "have", "having", "here", "it's", "i've", "i'm", "into", "just", "know", "last",
        "like", "made", "make", "many", "more", "most", "much", "must", "need", "next", "only", "other", "over",
        "really", "same", "should", "some", "still", "such", "sure", "take", "than", "thank", "thanks", "that",
        "that's", "their", "them", "then", "there", "these", "they", "thing", "things", "this", "those", "through",
        "time", "today", "very", "want", "well", "were", "what", "when", "where", "which", "while", "will", "with",
        "without", "would", "your", "you're", "yours", "anyone", "someone", "something", "week"};
    return words;
}

// Words of a post for "top words": no links, mentions or hashtags; lower case; trimmed of punctuation.
void count_words(const std::string& text, std::unordered_map<std::string, int>& counts) {
    std::unordered_set<std::string> seen;  // a word counts once per post
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r')) ++i;
        size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\n' && text[j] != '\t' && text[j] != '\r') ++j;
        std::string tok = text.substr(i, j - i);
        i = j;
        if (tok.empty() || tok[0] == '#' || tok[0] == '@' || tok.find("://") != std::string::npos ||
            tok.rfind("www.", 0) == 0)
            continue;
        size_t a = 0, b = tok.size();
        while (a < b && !is_word_byte(static_cast<unsigned char>(tok[a]))) ++a;
        while (b > a && !is_word_byte(static_cast<unsigned char>(tok[b - 1]))) --b;
        std::string w = ascii_lower(tok.substr(a, b - a));
        if (utf8_chars(w) < 4 || stop_words().count(w)) continue;
        bool digits = std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (digits) continue;
        if (seen.insert(w).second) counts[w]++;
    }
}

std::vector<ReportCount> top_counts(const std::unordered_map<std::string, int>& counts, size_t n) {
    std::vector<ReportCount> out;
    for (const auto& [label, count] : counts) out.push_back({label, count});
    std::sort(out.begin(), out.end(), [](const ReportCount& a, const ReportCount& b) {
        return a.count != b.count ? a.count > b.count : a.label < b.label;
    });
    if (out.size() > n) out.resize(n);
    return out;
}

std::string person_key(const Post& p, const Participant* member) {
    if (member) return "roster:" + member->name;
    std::string h = normalise_handle(p.author_handle);
    return h.empty() ? p.source + "::" + p.author_display_name : p.source + ":" + h;
}

}  // namespace

PostKind classify_post(const Post& post, const ScoringRules& rules) {
    for (const auto& m : rules.tip_markers) {
        std::string marker = trim(m);
        bool hit = marker.size() > 1 && marker[0] == '#' ? has_tag(post, marker) : contains_whole_word(post.text, marker);
        if (hit) return PostKind::tip;
    }
    if (post.text.find('?') != std::string::npos) return PostKind::question;
    if (post.is_reply) return PostKind::reply;
    return PostKind::other;
}

namespace {

std::string report_team_label(const std::string& team) { return team.empty() ? "(no team)" : team; }

// The connections section: the same computation as scores and screens, summarised for L&D.
ReportConnections report_connections(const State& state, const std::vector<ReportDay>& days) {
    const Connections all = compute_connections(state);
    ReportConnections out;
    out.total = all.total();
    out.cross_team_share = all.cross_team_share();
    for (const auto& d : days) out.days.push_back({d.date, 0, 0, 0});
    std::map<std::string, std::set<std::string>> reach;  // team -> other teams, either way
    std::map<std::string, int> reach_count;
    std::set<std::string> reached;  // teams someone from another team learned from
    struct Bridge {
        std::string name, team;
        std::set<std::string> teams;
        int connections = 0;
    };
    std::map<std::string, Bridge> bridges;
    for (const auto& c : all.all) {
        if (!c.counted) continue;
        if (c.day >= 0 && static_cast<size_t>(c.day) < out.days.size()) {
            out.days[static_cast<size_t>(c.day)].connections++;
            if (c.cross_team()) out.days[static_cast<size_t>(c.day)].cross_team++;
        }
        if (!c.cross_team()) continue;
        const std::string ft = report_team_label(c.from.team), tt = report_team_label(c.to.team);
        reach[ft].insert(tt);
        reach[tt].insert(ft);
        reach_count[ft]++;
        reach_count[tt]++;
        reached.insert(c.to.team);
        for (const auto* e : {&c.from, &c.to}) {
            if (!e->opt_out.empty()) continue;  // the report's named lists honour opt-outs
            const ConnectionEnd& other = e == &c.from ? c.to : c.from;
            Bridge& b = bridges[(e->member >= 0 ? "r:" : "o:") + e->key];
            b.name = e->name;
            b.team = report_team_label(e->team);
            b.teams.insert(report_team_label(other.team));
            b.connections++;
        }
    }
    for (auto& d : out.days) d.share = d.connections ? static_cast<double>(d.cross_team) / d.connections : 0.0;
    for (const auto& [team, others] : reach) out.teams.push_back({team, static_cast<int>(others.size()), reach_count[team]});
    std::stable_sort(out.teams.begin(), out.teams.end(), [](const ReportTeamReach& a, const ReportTeamReach& b) {
        if (a.teams_reached != b.teams_reached) return a.teams_reached > b.teams_reached;
        return a.connections > b.connections;
    });
    for (const auto& [k, b] : bridges)
        if (b.teams.size() >= 1) out.bridges.push_back({b.name, b.team, static_cast<int>(b.teams.size()), b.connections});
    std::stable_sort(out.bridges.begin(), out.bridges.end(), [](const ReportBridge& a, const ReportBridge& b) {
        if (a.teams != b.teams) return a.teams > b.teams;
        if (a.connections != b.connections) return a.connections > b.connections;
        return a.name < b.name;
    });
    if (out.bridges.size() > 10) out.bridges.resize(10);
    std::set<std::string> roster_teams;
    for (const auto& p : state.roster.people)
        if (!p.team.empty()) roster_teams.insert(p.team);
    for (const auto& t : roster_teams)
        if (!reached.count(t)) out.unreached.push_back(t);
    for (const auto& l : people_links(all)) {
        std::string kinds;
        for (const auto& k : l.kinds) kinds += (kinds.empty() ? "" : ";") + k;
        out.edges.push_back({l.from, l.to, l.from_team, l.to_team, l.count, kinds});
    }
    for (const auto& l : team_links(all)) out.team_edges.push_back({"", "", l.from_team, l.to_team, l.count, ""});
    return out;
}

}  // namespace

Report build_report(const State& state, Instant generated_at) {
    const Event& ev = state.event;
    Report r;
    r.event_name = ev.name;
    r.start = ev.start;
    r.end = ev.end;
    r.timezone = ev.timezone;
    r.hashtags = ev.hashtags;
    r.generated_at = generated_at;
    r.roster_size = static_cast<int>(state.roster.people.size());

    std::map<std::string, size_t> day_index;
    for (Date d : event_days(ev)) {
        day_index[format_date(d)] = r.days.size();
        r.days.push_back(ReportDay{d, 0, 0, 0, 0, 0});
    }
    std::unordered_set<std::string> event_tags;
    for (const auto& t : ev.hashtags) event_tags.insert(ascii_lower(t));

    std::set<std::string> participants;
    std::set<std::string> roster_people;  // names
    std::map<std::string, int> posts_by_member;
    std::unordered_map<std::string, int> tags, words;
    std::vector<std::set<std::string>> challenge_people(ev.challenges.size());
    for (size_t c = 0; c < ev.challenges.size(); ++c)
        r.challenges.push_back(ReportChallenge{ev.challenges[c].date, ev.challenges[c].title, ev.challenges[c].tag, 0, 0});

    for (const auto& rec : state.posts) {
        if (rec.deleted) continue;
        Moderation m = state.moderation_of(rec);
        if (m == Moderation::pending) ++r.moderation.pending;
        if (m == Moderation::rejected) ++r.moderation.rejected;
        if (m != Moderation::approved) continue;
        ++r.moderation.approved;
        const Post& p = rec.post;
        auto local = local_date(p.created_at, ev.timezone);
        if (!local) continue;
        auto day = day_index.find(format_date(*local));
        if (day == day_index.end()) continue;  // before or after the event
        ReportDay& d = r.days[day->second];
        ++r.posts;
        ++d.posts;
        const Participant* member = roster_member_for(state.roster, p);
        participants.insert(person_key(p, member));
        if (member) {
            roster_people.insert(member->name);
            posts_by_member[member->name]++;
        }
        PostKind kind = classify_post(p, ev.scoring);
        switch (kind) {
            case PostKind::tip: ++r.tips, ++d.tips; break;
            case PostKind::question: ++r.questions, ++d.questions; break;
            case PostKind::reply: ++r.replies, ++d.replies; break;
            case PostKind::other: ++r.other, ++d.other; break;
        }
        for (size_t c = 0; c < ev.challenges.size(); ++c) {
            const Challenge& ch = ev.challenges[c];
            if (ch.date != *local || ch.tag.empty()) continue;
            if (has_tag(p, ch.tag) || contains_whole_word(p.text, ch.tag)) {
                ++r.challenges[c].answers;
                challenge_people[c].insert(person_key(p, member));
            }
        }
        std::unordered_set<std::string> post_tags;
        for (const auto& t : p.hashtags.empty() ? extract_hashtags(p.text) : p.hashtags) {
            std::string lt = ascii_lower(normalise_tag(t));
            if (!lt.empty() && !event_tags.count(lt) && post_tags.insert(lt).second) tags[lt]++;
        }
        count_words(p.text, words);
        if (kind == PostKind::tip && (!member || member->opt_out != "hidden")) {
            ReportTip tip;
            tip.author = member && member->opt_out == "anonymous" ? "a colleague"
                         : member                                ? member->name
                         : !p.author_display_name.empty()        ? p.author_display_name
                                                                 : "@" + p.author_handle;
            tip.text = p.text;
            tip.likes = p.like_count;
            tip.reposts = p.repost_count;
            tip.at = p.created_at;
            r.top_tips.push_back(std::move(tip));
        }
    }
    r.participants = static_cast<int>(participants.size());
    r.roster_participants = static_cast<int>(roster_people.size());
    r.outside_roster = r.participants - r.roster_participants;
    r.roster_share = r.roster_size > 0 ? static_cast<double>(r.roster_participants) / r.roster_size : 0;
    for (size_t c = 0; c < r.challenges.size(); ++c) r.challenges[c].people = static_cast<int>(challenge_people[c].size());
    std::sort(r.challenges.begin(), r.challenges.end(),
              [](const ReportChallenge& a, const ReportChallenge& b) { return a.date < b.date; });

    std::map<std::string, ReportTeam> teams;
    for (const auto& person : state.roster.people) {
        std::string name = person.team.empty() ? "(no team)" : person.team;
        ReportTeam& t = teams[name];
        t.team = name;
        ++t.roster_members;
        if (roster_people.count(person.name)) ++t.participants;
        auto it = posts_by_member.find(person.name);
        if (it != posts_by_member.end()) t.posts += it->second;
    }
    for (auto& [name, t] : teams) {
        t.share = t.roster_members > 0 ? static_cast<double>(t.participants) / t.roster_members : 0;
        r.teams.push_back(t);
    }
    std::sort(r.teams.begin(), r.teams.end(), [](const ReportTeam& a, const ReportTeam& b) {
        if (a.share != b.share) return a.share > b.share;
        return a.team < b.team;
    });

    r.top_hashtags = top_counts(tags, 10);
    r.top_words = top_counts(words, 15);
    std::stable_sort(r.top_tips.begin(), r.top_tips.end(), [](const ReportTip& a, const ReportTip& b) {
        if (a.likes != b.likes) return a.likes > b.likes;
        if (a.reposts != b.reposts) return a.reposts > b.reposts;
        return a.at < b.at;
    });
    if (r.top_tips.size() > 5) r.top_tips.resize(5);

    std::unordered_map<std::string, int> actions, people;
    for (const auto& d : state.decisions) {
        ++r.moderation.decisions;
        if (d.by == "rules") ++r.moderation.automatic;
        actions[d.action]++;
        people[d.by]++;
    }
    r.moderation.by_action = top_counts(actions, 100);
    r.moderation.by_person = top_counts(people, 100);
    r.connections = report_connections(state, r.days);
    return r;
}

// ---- Writing it out ----

namespace {

std::string esc(std::string_view s) { return html_escape(s); }

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
    return buf;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string day_label(Date d) {
    return std::string(weekday_name(weekday_of(d), NameLength::abbreviated)) + " " + std::to_string(unsigned(d.day()));
}

std::string long_date(Date d) {
    return std::to_string(unsigned(d.day())) + " " + month_name(d.month(), NameLength::abbreviated) + " " +
           std::to_string(int(d.year()));
}

// The four kinds of contribution, in the order and colours used by every chart.
struct KindStyle {
    const char* label;
    const char* colour;
};
constexpr KindStyle kKinds[] = {
    {"Tips (teaching)", "#1b7f5b"}, {"Questions (learning)", "#e08a00"}, {"Replies", "#2f6db5"}, {"Other posts", "#9aa3ad"}};

// Posts a day as stacked columns (tips, questions, replies, other).
std::string days_chart(const Report& r) {
    const int w = 720, h = 260, left = 40, bottom = 36, top = 16;
    int most = 1;
    for (const auto& d : r.days) most = std::max(most, d.posts);
    // A round axis maximum: 1, 2, 5 or 10 times a power of ten, with four gridlines.
    double step = std::pow(10.0, std::floor(std::log10(most / 4.0 > 0 ? most / 4.0 : 1)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (step * m * 4 >= most) {
            step *= m;
            break;
        }
    step = std::max(1.0, step);  // whole posts on the axis
    double axis = step * 4;
    double plot_h = h - bottom - top;
    std::string s = "<svg viewBox=\"0 0 " + std::to_string(w) + " " + std::to_string(h) +
                    "\" role=\"img\" aria-label=\"Posts a day\" class=\"chart\">";
    for (int g = 0; g <= 4; ++g) {
        double y = top + plot_h - plot_h * g / 4;
        s += "<line x1=\"" + std::to_string(left) + "\" x2=\"" + std::to_string(w) + "\" y1=\"" + num(y) + "\" y2=\"" +
             num(y) + "\" stroke=\"#e3e6ea\"/>";
        s += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\" class=\"axis\">" +
             std::to_string(static_cast<long long>(std::llround(axis * g / 4))) + "</text>";
    }
    size_t n = std::max<size_t>(1, r.days.size());
    double slot = static_cast<double>(w - left) / static_cast<double>(n);
    double bar = std::min(64.0, slot * 0.62);
    for (size_t i = 0; i < r.days.size(); ++i) {
        const ReportDay& d = r.days[i];
        double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
        double y = top + plot_h;
        int parts[] = {d.tips, d.questions, d.replies, d.other};
        for (int k = 0; k < 4; ++k) {
            if (parts[k] == 0) continue;
            double ph = plot_h * parts[k] / axis;
            y -= ph;
            s += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(bar) + "\" height=\"" + num(ph) +
                 "\" fill=\"" + kKinds[k].colour + "\"><title>" + day_label(d.date) + ": " + std::to_string(parts[k]) +
                 " " + kKinds[k].label + "</title></rect>";
        }
        if (d.posts > 0)
            s += "<text x=\"" + num(x + bar / 2) + "\" y=\"" + num(y - 5) + "\" text-anchor=\"middle\" class=\"value\">" +
                 std::to_string(d.posts) + "</text>";
        s += "<text x=\"" + num(x + bar / 2) + "\" y=\"" + std::to_string(h - bottom + 20) +
             "\" text-anchor=\"middle\" class=\"axis\">" + esc(day_label(d.date)) + "</text>";
    }
    s += "</svg>";
    return s;
}

// Horizontal bars: one row per label, the value at the end.
std::string bars_chart(const std::vector<std::pair<std::string, double>>& rows, const std::string& colour,
                       const std::function<std::string(double)>& fmt, double max_value = 0) {
    const int w = 420, row_h = 28, label_w = 150;
    double most = max_value;
    for (const auto& [l, v] : rows) most = std::max(most, v);
    if (most <= 0) most = 1;
    int h = std::max<int>(row_h, static_cast<int>(rows.size()) * row_h);
    std::string s = "<svg viewBox=\"0 0 " + std::to_string(w) + " " + std::to_string(h) + "\" class=\"chart bars\">";
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto& [label, v] = rows[i];
        double y = static_cast<double>(i) * row_h;
        double bw = (w - label_w - 60) * v / most;
        std::string shown = label;
        if (shown.size() > 18) {
            size_t cut = 16;  // never inside a UTF-8 sequence
            while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
            shown = shown.substr(0, cut) + "…";
        }
        s += "<text x=\"" + std::to_string(label_w - 8) + "\" y=\"" + num(y + 19) + "\" text-anchor=\"end\" class=\"label\">" +
             esc(shown) + "</text>";
        s += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + num(y + 5) + "\" width=\"" + num(std::max(2.0, bw)) +
             "\" height=\"18\" rx=\"3\" fill=\"" + colour + "\"/>";
        s += "<text x=\"" + num(label_w + std::max(2.0, bw) + 6) + "\" y=\"" + num(y + 19) + "\" class=\"value\">" +
             esc(fmt(v)) + "</text>";
    }
    s += "</svg>";
    return s;
}

std::string count_fmt(double v) { return std::to_string(static_cast<long long>(std::llround(v))); }

// A ring showing the mix of tips, questions, replies and other posts.
std::string kinds_ring(const Report& r) {
    int parts[] = {r.tips, r.questions, r.replies, r.other};
    int total = r.tips + r.questions + r.replies + r.other;
    const double cx = 110, cy = 110, rad = 80, stroke = 34;
    const double circ = 2 * 3.14159265358979 * rad;
    std::string s = "<svg viewBox=\"0 0 220 220\" class=\"ring\" role=\"img\" aria-label=\"Kinds of posts\">";
    s += "<circle cx=\"110\" cy=\"110\" r=\"80\" fill=\"none\" stroke=\"#eef0f3\" stroke-width=\"34\"/>";
    double offset = 0;
    for (int k = 0; k < 4 && total > 0; ++k) {
        if (parts[k] == 0) continue;
        double len = circ * parts[k] / total;
        s += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(rad) + "\" fill=\"none\" stroke=\"" +
             kKinds[k].colour + "\" stroke-width=\"" + num(stroke) + "\" stroke-dasharray=\"" + num(len) + " " +
             num(circ - len) + "\" stroke-dashoffset=\"" + num(-offset) + "\" transform=\"rotate(-90 110 110)\"/>";
        offset += len;
    }
    s += "<text x=\"110\" y=\"108\" text-anchor=\"middle\" class=\"ringnum\">" + std::to_string(total) +
         "</text><text x=\"110\" y=\"132\" text-anchor=\"middle\" class=\"axis\">posts</text></svg>";
    return s;
}

}  // namespace

namespace {

// The teams as nodes on a circle, arcs between them as wide as their connections (either way), each
// node as large as its connections: who learned from whom at a glance, inline, nothing fetched.
std::string connections_network_svg(const ReportConnections& c) {
    std::map<std::string, int> weight;
    std::map<std::pair<std::string, std::string>, int> arcs;
    for (const auto& e : c.team_edges) {
        const std::string a = report_team_label(e.from_team), b = report_team_label(e.to_team);
        weight[a] += e.count;
        if (a != b) {
            weight[b] += e.count;
            arcs[a < b ? std::pair{a, b} : std::pair{b, a}] += e.count;
        }
    }
    std::vector<std::pair<std::string, int>> nodes(weight.begin(), weight.end());
    std::stable_sort(nodes.begin(), nodes.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    if (nodes.size() > 24) nodes.resize(24);  // the busiest 24: more would not be readable
    std::sort(nodes.begin(), nodes.end());   // round the circle by name, so a team is easy to find
    const double W = 900, H = 620, cx = W / 2, cy = H / 2, R = 230;
    std::map<std::string, std::pair<double, double>> at;
    int most_node = 1, most_arc = 1;
    for (const auto& n : nodes) most_node = std::max(most_node, n.second);
    for (const auto& a : arcs) most_arc = std::max(most_arc, a.second);
    for (size_t i = 0; i < nodes.size(); ++i) {
        const double angle = -std::numbers::pi / 2 + 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(nodes.size());
        at[nodes[i].first] = {cx + R * std::cos(angle), cy + R * std::sin(angle)};
    }
    std::string s = "<svg viewBox=\"0 0 900 620\" class=\"chart network\" role=\"img\" aria-label=\"Connections between teams\">";
    for (const auto& [pair, n] : arcs) {
        auto a = at.find(pair.first), b = at.find(pair.second);
        if (a == at.end() || b == at.end()) continue;
        // Curved towards the centre, so arcs between neighbours stay apart from the circle.
        const double mx = (a->second.first + b->second.first) / 2, my = (a->second.second + b->second.second) / 2;
        const double qx = mx + (cx - mx) * 0.45, qy = my + (cy - my) * 0.45;
        s += "<path d=\"M" + num(a->second.first) + " " + num(a->second.second) + " Q" + num(qx) + " " + num(qy) + " " +
             num(b->second.first) + " " + num(b->second.second) + "\" fill=\"none\" stroke=\"#1b7f5b\" stroke-opacity=\"0.55\" stroke-width=\"" +
             num(1.5 + 10.0 * n / most_arc) + "\" stroke-linecap=\"round\"><title>" + esc(pair.first) + " and " +
             esc(pair.second) + ": " + std::to_string(n) + "</title></path>";
    }
    for (const auto& [team, n] : nodes) {
        const auto [x, y] = at[team];
        const double r = 9 + 17.0 * std::sqrt(static_cast<double>(n) / most_node);
        s += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(r) + "\" fill=\"#17324d\"><title>" + esc(team) +
             ": " + std::to_string(n) + " connections</title></circle>";
        const bool right = x >= cx - 1;
        const double lx = cx + (x - cx) * (1 + (r + 10) / R), ly = cy + (y - cy) * (1 + (r + 10) / R) + 5;
        std::string shown = team;
        if (shown.size() > 22) {
            size_t cut = 20;
            while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
            shown = shown.substr(0, cut) + "\u2026";
        }
        s += "<text x=\"" + num(lx) + "\" y=\"" + num(ly) + "\" text-anchor=\"" + (std::abs(x - cx) < 2 ? "middle" : right ? "start" : "end") +
             "\" class=\"label\">" + esc(shown) + " (" + std::to_string(n) + ")</text>";
    }
    s += "</svg>";
    return s;
}

std::string connections_section(const Report& r) {
    const ReportConnections& c = r.connections;
    std::string h = "<section><h2>Learning connections</h2><p class=\"note\">Who learned from whom: a reply to a "
                    "colleague's tip, a thank-you such as \"learned from @name\", a quote of their post, or a tip handed "
                    "in with their name. Each connection joins two people and their teams.</p>";
    if (c.total == 0) return h + "<p class=\"empty\">No learning connections yet.</p></section>\n";
    h += "<div class=\"kpis inline\"><div class=\"kpi\"><b>" + std::to_string(c.total) +
         "</b><span>connections</span></div><div class=\"kpi\"><b>" + percent(c.cross_team_share) +
         "</b><span>across teams</span></div><div class=\"kpi\"><b>" + std::to_string(c.teams.size()) +
         "</b><span>teams connected with another</span></div><div class=\"kpi\"><b>" + std::to_string(c.unreached.size()) +
         "</b><span>teams no one reached</span></div></div>";
    h += connections_network_svg(c);
    std::vector<std::pair<std::string, double>> rows;
    for (const auto& d : c.days) rows.push_back({day_label(d.date), d.share});
    h += "<div class=\"two\"><div><h3>Share across teams, per day</h3>" +
         bars_chart(rows, "#1b7f5b", [](double v) { return percent(v); }, 1.0) + "</div><div><h3>Teams that reached the most other teams</h3><table><tr><th>Team</th><th class=\"n\">Teams</th><th class=\"n\">Connections</th></tr>";
    for (size_t i = 0; i < c.teams.size() && i < 10; ++i)
        h += "<tr><td>" + esc(c.teams[i].team) + "</td><td class=\"n\">" + std::to_string(c.teams[i].teams_reached) +
             "</td><td class=\"n\">" + std::to_string(c.teams[i].connections) + "</td></tr>";
    h += "</table></div></div><div class=\"two\"><div><h3>People who bridged teams</h3>";
    if (c.bridges.empty()) h += "<p class=\"empty\">Nobody connected across teams yet.</p>";
    else {
        h += "<table><tr><th>Person</th><th>Team</th><th class=\"n\">Other teams</th></tr>";
        for (const auto& b : c.bridges)
            h += "<tr><td>" + esc(b.name) + "</td><td>" + esc(b.team) + "</td><td class=\"n\">" + std::to_string(b.teams) + "</td></tr>";
        h += "</table>";
    }
    h += "</div><div><h3>Teams no one reached</h3><p class=\"note\">Roster teams nobody from another team learned from: "
         "where to look next.</p>";
    if (c.unreached.empty()) h += "<p>Every team was reached.</p>";
    else {
        h += "<ul>";
        for (const auto& t : c.unreached) h += "<li>" + esc(t) + "</li>";
        h += "</ul>";
    }
    h += "</div></div></section>\n";
    return h;
}

}  // namespace

std::string report_html(const Report& r) {
    std::string h;
    h.reserve(32 * 1024);
    std::string tags;
    for (const auto& t : r.hashtags) tags += (tags.empty() ? "#" : " #") + t;
    h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + esc(r.event_name) + ": report</title><style>\n"
         "body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;color:#1d232b;"
         "background:#f4f5f7;margin:0;line-height:1.45}\n"
         "main{max-width:1040px;margin:0 auto;padding:32px 28px 48px}\n"
         "header{background:#17324d;color:#fff;padding:36px 0 30px}header div{max-width:1040px;margin:0 auto;padding:0 28px}\n"
         "h1{margin:0 0 6px;font-size:32px}header p{margin:0;color:#c9d6e3}\n"
         "h2{font-size:20px;margin:0 0 4px}p.note{color:#5b6672;margin:0 0 14px;font-size:14px}\n"
         "section{background:#fff;border-radius:10px;padding:22px 24px;margin:18px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}\n"
         ".kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin-top:-22px}\n"
         ".kpi{background:#fff;border-radius:10px;padding:18px 20px;box-shadow:0 1px 3px rgba(0,0,0,.1)}\n"
         ".kpi b{display:block;font-size:34px;color:#17324d}.kpi span{color:#5b6672;font-size:14px}\n"
         ".two{display:grid;grid-template-columns:1fr 1fr;gap:18px}.two section{margin:0}\n"
         ".chart{width:100%;height:auto}.chart text{font-size:12px;fill:#3a4450}.chart .value{font-weight:600}"
         ".bars text{font-size:15px}\n"
         ".ring{width:200px;height:200px}.ringnum{font-size:34px;font-weight:700;fill:#17324d}\n"
         ".legend{list-style:none;padding:0;margin:0}.legend li{margin:6px 0}.legend i{display:inline-block;width:12px;"
         "height:12px;border-radius:2px;margin-right:8px;vertical-align:-1px}\n"
         ".mix{display:flex;align-items:center;gap:26px}\n"
         "table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:7px 8px;"
         "border-bottom:1px solid #e6e9ed}th{color:#5b6672;font-weight:600}td.n,th.n{text-align:right}\n"
         ".meter{background:#eef0f3;border-radius:4px;height:10px;width:120px;display:inline-block;vertical-align:middle}"
         ".meter i{display:block;height:10px;border-radius:4px;background:#1b7f5b}\n"
         "blockquote{margin:0 0 12px;padding:12px 16px;background:#f6f8f7;border-left:4px solid #1b7f5b;border-radius:4px}"
         "blockquote p{margin:0 0 6px;white-space:pre-wrap}blockquote footer{color:#5b6672;font-size:13px}\n"
         "h3{font-size:16px;margin:14px 0 8px}.kpis.inline{margin:8px 0 4px}.network{max-width:900px;display:block;margin:0 auto}"
         ".network .label{font-size:14px;fill:#1d232b}\n"
         ".empty{color:#7a848f;font-style:italic}footer.page{color:#7a848f;font-size:13px;text-align:center;margin-top:24px}\n"
         "@media (max-width:760px){.kpis,.two{grid-template-columns:1fr 1fr}}\n"
         "@media print{body{background:#fff}section,.kpi{box-shadow:none;border:1px solid #ddd}}\n"
         "</style></head><body>\n";
    h += "<header><div><h1>" + esc(r.event_name) + "</h1><p>" + esc(long_date(r.start)) + " to " + esc(long_date(r.end)) +
         " · " + esc(tags) + " · what people taught and learned from each other</p></div></header>\n<main>\n";

    auto kpi = [&](const std::string& value, const std::string& label) {
        h += "<div class=\"kpi\"><b>" + esc(value) + "</b><span>" + esc(label) + "</span></div>";
    };
    h += "<div class=\"kpis\">";
    kpi(std::to_string(r.participants), "people took part");
    kpi(r.roster_size > 0 ? percent(r.roster_share) : "–",
        r.roster_size > 0 ? "of the " + std::to_string(r.roster_size) + " people in the roster" : "no roster imported");
    kpi(std::to_string(r.posts), "posts on the wall");
    kpi(std::to_string(r.tips), "tips shared");
    h += "</div>\n";

    h += "<section><h2>Posts a day</h2><p class=\"note\">Approved posts by day of the event (" + esc(r.timezone) +
         "), split into tips, questions, replies and other posts.</p>" + days_chart(r) + "</section>\n";

    h += "<section><h2>Teaching and learning</h2><p class=\"note\">A tip teaches (it carries a tip marker such as "
         "“Tip:”); a question asks (it has a question mark); a reply answers a colleague. Each post counts once, in "
         "that order.</p><div class=\"mix\">" + kinds_ring(r) + "<ul class=\"legend\">";
    int kind_counts[] = {r.tips, r.questions, r.replies, r.other};
    int kind_total = std::max(1, r.tips + r.questions + r.replies + r.other);
    for (int k = 0; k < 4; ++k)
        h += std::string("<li><i style=\"background:") + kKinds[k].colour + "\"></i>" + kKinds[k].label + ": <b>" +
             std::to_string(kind_counts[k]) + "</b> (" + percent(static_cast<double>(kind_counts[k]) / kind_total) + ")</li>";
    h += "</ul></div></section>\n";

    h += "<section><h2>Participation by team</h2>";
    if (r.teams.empty()) {
        h += "<p class=\"empty\">No roster was imported, so participation cannot be set against the number of staff. "
             + std::to_string(r.participants) + " people posted.</p>";
    } else {
        h += "<p class=\"note\">Roster members with at least one post on the wall." +
             std::string(r.outside_roster > 0 ? " " + std::to_string(r.outside_roster) +
                                                    " more people took part who are not in the roster."
                                              : "") +
             "</p><table><tr><th>Team</th><th class=\"n\">People</th><th class=\"n\">Took part</th><th>Share</th>"
             "<th class=\"n\">Posts</th></tr>";
        for (const auto& t : r.teams)
            h += "<tr><td>" + esc(t.team) + "</td><td class=\"n\">" + std::to_string(t.roster_members) +
                 "</td><td class=\"n\">" + std::to_string(t.participants) + "</td><td><span class=\"meter\"><i style=\"width:" +
                 num(t.share * 100) + "%\"></i></span> " + percent(t.share) + "</td><td class=\"n\">" +
                 std::to_string(t.posts) + "</td></tr>";
        h += "</table>";
    }
    h += "</section>\n";

    h += "<section><h2>Daily challenges</h2>";
    if (r.challenges.empty()) {
        h += "<p class=\"empty\">No challenges were set.</p>";
    } else {
        h += "<p class=\"note\">Posts on the challenge's day that carry its hashtag or keyword.</p><table><tr><th>Day</th>"
             "<th>Challenge</th><th>Tag</th><th class=\"n\">Answers</th><th class=\"n\">People</th></tr>";
        for (const auto& c : r.challenges)
            h += "<tr><td>" + esc(day_label(c.date)) + "</td><td>" + esc(c.title) + "</td><td>#" + esc(c.tag) +
                 "</td><td class=\"n\">" + std::to_string(c.answers) + "</td><td class=\"n\">" + std::to_string(c.people) +
                 "</td></tr>";
        h += "</table>";
    }
    h += "</section>\n";

    h += "<div class=\"two\"><section><h2>Top hashtags</h2><p class=\"note\">Besides the event's own.</p>";
    std::vector<std::pair<std::string, double>> rows;
    for (const auto& t : r.top_hashtags) rows.emplace_back("#" + t.label, t.count);
    h += rows.empty() ? "<p class=\"empty\">None yet.</p>" : bars_chart(rows, "#2f6db5", count_fmt);
    h += "</section><section><h2>Top words</h2><p class=\"note\">Words of four letters or more, common words left out; "
         "once per post.</p>";
    rows.clear();
    for (const auto& t : r.top_words) rows.emplace_back(t.label, t.count);
    h += rows.empty() ? "<p class=\"empty\">None yet.</p>" : bars_chart(rows, "#6b55b0", count_fmt);
    h += "</section></div>\n";

    h += "<section><h2>Most liked tips</h2>";
    if (r.top_tips.empty()) h += "<p class=\"empty\">No tips yet.</p>";
    for (const auto& t : r.top_tips)
        h += "<blockquote><p>" + esc(t.text) + "</p><footer>" + esc(t.author) + " · " + std::to_string(t.likes) +
             (t.likes == 1 ? " like" : " likes") + " · " + std::to_string(t.reposts) +
             (t.reposts == 1 ? " share" : " shares") + "</footer></blockquote>";
    h += "</section>\n";

    h += connections_section(r);

    const ReportModeration& m = r.moderation;
    h += "<section><h2>Moderation</h2><p class=\"note\">Every post was checked before it reached a screen. " +
         std::to_string(m.decisions) + " decisions were recorded, " + std::to_string(m.automatic) +
         " of them by automatic rules.</p><div class=\"two\"><div>";
    rows = {{"Approved", static_cast<double>(m.approved)}, {"Rejected", static_cast<double>(m.rejected)},
            {"Still waiting", static_cast<double>(m.pending)}};
    h += bars_chart(rows, "#17324d", count_fmt);
    h += "</div><div><table><tr><th>Who decided</th><th class=\"n\">Decisions</th></tr>";
    for (const auto& p : m.by_person)
        h += "<tr><td>" + esc(p.label) + "</td><td class=\"n\">" + std::to_string(p.count) + "</td></tr>";
    h += "</table></div></div></section>\n";

    h += "<section><h2>Seen on screen</h2>";
    if (!r.seen.have_log) {
        h += "<p class=\"empty\">No screen record: " + esc(r.seen.source) +
             ". Screens report what they drew with their polls; the hub's nginx access log keeps it "
             "(learnwall-admin shown).</p>";
    } else {
        const SeenOnScreen& f = r.seen.figures;
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * f.share_shown());
        h += "<p class=\"note\">As reported by the screens (" + esc(r.seen.source) + "). " + std::to_string(f.shown) +
             " of " + std::to_string(f.approved) + " approved posts (" + pct + ") were drawn on at least one screen; " +
             std::to_string(f.approved - f.shown) + " never were." +
             (f.median_first_seconds ? " Median time from posting to first showing: " +
                                           esc(seen_wait_words(*f.median_first_seconds)) + "."
                                     : std::string()) +
             (f.dropped > 0 ? " Screens dropped " + std::to_string(f.dropped) +
                                  " records while the hub was unreachable: the figures are a lower bound."
                            : std::string()) +
             "</p>";
        std::size_t listed = 0;
        if (f.shown < f.approved) {
            h += "<table><tr><th>Never shown (oldest first)</th><th>Posted</th></tr>";
            for (const auto& row : f.rows) {
                if (row.first_shown || listed >= 20) continue;
                ++listed;
                h += "<tr><td>" + esc(row.id) + "</td><td>" + esc(format_rfc3339(row.created_at)) + "</td></tr>";
            }
            h += "</table>";
            if (f.approved - f.shown > listed)
                h += "<p class=\"note\">and " + std::to_string(f.approved - f.shown - listed) +
                     " more (learnwall-admin shown lists them all).</p>";
        }
    }
    h += "</section>\n";

    h += "<footer class=\"page\">Generated by learnwall on " + esc(format_rfc3339(r.generated_at)) +
         ". Counts include approved posts made during the event only.</footer>\n</main></body></html>\n";
    return h;
}

namespace {
bool csv_plain_number(const std::string& s) {
    size_t i = s.size() > 1 && s[0] == '-' ? 1 : 0;
    bool digits = false, dot = false;
    for (; i < s.size(); ++i) {
        if (s[i] >= '0' && s[i] <= '9') digits = true;
        else if (s[i] == '.' && !dot) dot = true;
        else return false;
    }
    return digits;
}

// Team names, authors and tip text are written by strangers: a cell starting with = + - @ (or a
// tab or carriage return, which some importers skip first) is a formula to Excel, LibreOffice and
// Google Sheets (=HYPERLINK(...) exfiltrates, =cmd|... runs). Such a cell gets a leading single
// quote, which the spreadsheets show as text, and is quoted (OWASP's CSV injection advice). A plain
// number such as -3 is no formula and stays a number.
std::string csv_field(const std::string& raw) {
    std::string s = raw;
    if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos && !csv_plain_number(s))
        s.insert(s.begin(), '\'');
    if (s.find_first_of(",\"\n\r") == std::string::npos && s == raw) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}
std::string share_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}
}  // namespace

std::string report_csv(const Report& r) {
    std::string out = "section,label,value,detail\n";
    auto row = [&](const std::string& section, const std::string& label, const std::string& value,
                   const std::string& detail = "") {
        out += csv_field(section) + "," + csv_field(label) + "," + csv_field(value) + "," + csv_field(detail) + "\n";
    };
    auto n = [](long long v) { return std::to_string(v); };
    row("event", "name", r.event_name);
    row("event", "start", format_date(r.start));
    row("event", "end", format_date(r.end));
    row("event", "timezone", r.timezone);
    row("event", "generated_at", format_rfc3339(r.generated_at));
    row("participants", "unique", n(r.participants));
    row("participants", "roster_size", n(r.roster_size));
    row("participants", "roster_participants", n(r.roster_participants));
    row("participants", "roster_share", share_text(r.roster_share));
    row("participants", "outside_roster", n(r.outside_roster));
    for (const auto& t : r.teams)
        row("team", t.team, n(t.participants),
            "members=" + n(t.roster_members) + ";share=" + share_text(t.share) + ";posts=" + n(t.posts));
    row("posts", "total", n(r.posts));
    row("kinds", "tips", n(r.tips));
    row("kinds", "questions", n(r.questions));
    row("kinds", "replies", n(r.replies));
    row("kinds", "other", n(r.other));
    for (const auto& d : r.days)
        row("day", format_date(d.date), n(d.posts),
            "tips=" + n(d.tips) + ";questions=" + n(d.questions) + ";replies=" + n(d.replies) + ";other=" + n(d.other));
    for (const auto& c : r.challenges)
        row("challenge", format_date(c.date), n(c.answers), "people=" + n(c.people) + ";tag=" + c.tag + ";title=" + c.title);
    for (const auto& t : r.top_hashtags) row("hashtag", "#" + t.label, n(t.count));
    for (const auto& t : r.top_words) row("word", t.label, n(t.count));
    for (const auto& t : r.top_tips) row("top_tip", t.author, n(t.likes), t.text);
    row("moderation", "approved", n(r.moderation.approved));
    row("moderation", "rejected", n(r.moderation.rejected));
    row("moderation", "pending", n(r.moderation.pending));
    row("moderation", "decisions", n(r.moderation.decisions));
    row("moderation", "automatic", n(r.moderation.automatic));
    for (const auto& a : r.moderation.by_action) row("moderation_action", a.label, n(a.count));
    for (const auto& p : r.moderation.by_person) row("moderation_by", p.label, n(p.count));
    if (!r.seen.have_log) {
        row("seen_on_screen", "record", "none", r.seen.source);
    } else {
        const SeenOnScreen& f = r.seen.figures;
        row("seen_on_screen", "record", "access_log", r.seen.source);
        row("seen_on_screen", "approved", n(static_cast<long long>(f.approved)));
        row("seen_on_screen", "shown", n(static_cast<long long>(f.shown)));
        row("seen_on_screen", "share_shown", share_text(f.share_shown()));
        row("seen_on_screen", "never_shown", n(static_cast<long long>(f.approved - f.shown)));
        row("seen_on_screen", "median_seconds_to_first_showing",
            f.median_first_seconds ? n(*f.median_first_seconds) : std::string());
        row("seen_on_screen", "dropped_by_screens", n(f.dropped));
        for (const auto& p : f.rows)
            if (!p.first_shown) row("never_shown", p.id, "", "posted=" + format_rfc3339(p.created_at));
    }
    const ReportConnections& c = r.connections;
    row("connections", "total", n(c.total));
    row("connections", "cross_team_share", share_text(c.cross_team_share));
    for (const auto& d : c.days)
        row("connections_day", format_date(d.date), n(d.connections), "cross_team=" + n(d.cross_team) + ";share=" + share_text(d.share));
    for (const auto& t : c.teams)
        row("connections_team", t.team, n(t.teams_reached), "connections_with_other_teams=" + n(t.connections));
    for (const auto& b : c.bridges) row("connections_bridge", b.name, n(b.teams), "team=" + b.team + ";connections=" + n(b.connections));
    for (const auto& t : c.unreached) row("connections_unreached", t, "0");
    // Edges: one row per pair, "from -> to" in the label, the count as the value.
    for (const auto& e : c.edges)
        row("connection_edge", e.from + " -> " + e.to, n(e.count),
            "from_team=" + e.from_team + ";to_team=" + e.to_team + ";kinds=" + e.kinds);
    for (const auto& e : c.team_edges)
        row("connection_team_edge", report_team_label(e.from_team) + " -> " + report_team_label(e.to_team), n(e.count));
    return out;
}

std::string seen_wait_words(std::int64_t seconds) {
    if (seconds < 60) return std::to_string(std::max<std::int64_t>(0, seconds)) + " s";
    const std::int64_t minutes = seconds / 60;
    if (minutes < 60) return std::to_string(minutes) + " min";
    const std::int64_t hours = minutes / 60;
    if (hours < 48) return std::to_string(hours) + " h" + (minutes % 60 ? " " + std::to_string(minutes % 60) + " min" : "");
    return std::to_string(hours / 24) + " days";
}

ReportSeen seen_from_access_log(const State& state, const std::string& path) {
    ReportSeen seen;
    auto text = read_file(path);
    if (!text) {
        seen.source = text.error();
        return seen;
    }
    const ShownLog log = read_shown_log(*text, path);
    seen.have_log = true;
    seen.source = path;
    seen.figures = seen_on_screen(approved_for_screens(state), log);
    seen.refused_records = log.bad_records;
    return seen;
}

}  // namespace lw
