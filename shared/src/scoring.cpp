// Scoring: points per approved event post plus manual awards, ranked with a published tie-break.
#include "learnwall/scoring.hpp"

#include <algorithm>
#include <map>

namespace lw {

std::string person_name_for(const State& state, const Post& post, std::string* team, bool* in_roster) {
    if (const Participant* p = state.roster.find_by_handle(post.source, post.author_handle)) {
        if (team) *team = p->team;
        if (in_roster) *in_roster = true;
        return p->name;
    }
    if (team) team->clear();
    if (in_roster) *in_roster = false;
    return post.author_display_name.empty() ? post.author_handle : post.author_display_name;
}

namespace {
bool carries_event_hashtag(const Event& e, const Post& p) {
    auto lower = [](std::string s) {
        for (char& c : s)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return s;
    };
    for (const auto& t : p.hashtags)
        for (const auto& et : e.hashtags)
            if (lower(t) == lower(et)) return true;
    return false;
}
}  // namespace

Scores compute_scores(const State& state) {
    std::map<std::string, PersonScore> by_name;
    auto person = [&](const std::string& name, const std::string& team, bool in_roster) -> PersonScore& {
        auto [it, fresh] = by_name.try_emplace(name);
        if (fresh) {
            it->second.name = name;
            it->second.team = team;
            it->second.in_roster = in_roster;
        }
        return it->second;
    };
    for (const auto& p : state.roster.people) person(p.name, p.team, true);

    for (const auto& r : state.posts) {
        if (!state.visible_on_screens(r) || !carries_event_hashtag(state.event, r.post)) continue;
        std::string team;
        bool in_roster = false;
        std::string name = person_name_for(state, r.post, &team, &in_roster);
        PersonScore& ps = person(name, team, in_roster);
        ps.items.push_back({r.post.id(), "post", state.event.scoring.post_points,
                            "approved post with an event hashtag", r.post.created_at});
    }
    for (const auto& a : state.awards) {
        const Participant* p = state.roster.find_by_name(a.person);
        PersonScore& ps = person(a.person, p ? p->team : "", p != nullptr);
        ps.items.push_back({"", "award", a.points, a.reason, a.at});
    }

    Scores out;
    for (auto& [name, ps] : by_name) {
        std::sort(ps.items.begin(), ps.items.end(), [](const ScoreItem& a, const ScoreItem& b) { return a.at < b.at; });
        for (const auto& it : ps.items) {
            ps.total += it.points;
            if (it.points != 0) ps.reached_at = it.at;
        }
        out.people.push_back(std::move(ps));
    }
    // Only roster members rank, unless there is no roster yet (then everybody does).
    bool everyone = state.roster.people.empty();
    auto ranks = [&](const PersonScore& p) { return everyone || p.in_roster; };
    std::sort(out.people.begin(), out.people.end(), [&](const PersonScore& a, const PersonScore& b) {
        if (ranks(a) != ranks(b)) return ranks(a);
        if (a.total != b.total) return a.total > b.total;
        if (a.reached_at != b.reached_at) return a.reached_at < b.reached_at;
        return a.name < b.name;
    });
    int rank = 0;
    for (auto& p : out.people)
        if (ranks(p)) p.rank = ++rank;

    std::map<std::string, TeamScore> teams;
    for (const auto& p : out.people) {
        if (p.team.empty() || !ranks(p)) continue;
        TeamScore& t = teams[p.team];
        t.team = p.team;
        t.points += p.total;
        t.members += 1;
        t.reached_at = std::max(t.reached_at, p.reached_at);
    }
    for (auto& [n, t] : teams) out.teams.push_back(t);
    std::sort(out.teams.begin(), out.teams.end(), [](const TeamScore& a, const TeamScore& b) {
        if (a.points != b.points) return a.points > b.points;
        if (a.reached_at != b.reached_at) return a.reached_at < b.reached_at;
        return a.team < b.team;
    });
    for (size_t i = 0; i < out.teams.size(); ++i) out.teams[i].rank = static_cast<int>(i + 1);
    return out;
}

const PersonScore* Scores::find(const std::string& name) const {
    for (const auto& p : people)
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace lw
