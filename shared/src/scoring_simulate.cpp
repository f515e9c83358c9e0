// What-if for scoring rules: the comparison of two score tables, and the rules-file reader it needs.
#include "learnwall/scoring_simulate.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "learnwall/json_read.hpp"

namespace lw {

using nlohmann::json;

std::vector<ScoreChange> score_changes(const Scores& before, const Scores& after) {
    // Keyed by the shown name: that is who an organiser recognises, and names are unique on the board.
    std::map<std::string, ScoreChange> by_name;
    for (const auto& p : before.people) {
        ScoreChange& c = by_name[p.name];
        c.name = p.name;
        c.points_before = p.total;
        c.rank_before = p.rank;
    }
    for (const auto& p : after.people) {
        ScoreChange& c = by_name[p.name];
        c.name = p.name;
        c.points_after = p.total;
        c.rank_after = p.rank;
    }
    std::vector<ScoreChange> out;
    for (auto& [name, c] : by_name)
        if (c.points_before != c.points_after || c.rank_before != c.rank_after) out.push_back(std::move(c));
    std::stable_sort(out.begin(), out.end(), [](const ScoreChange& a, const ScoreChange& b) {
        bool ra = a.rank_after > 0, rb = b.rank_after > 0;
        if (ra != rb) return ra;
        if (ra && a.rank_after != b.rank_after) return a.rank_after < b.rank_after;
        if (a.points_after != b.points_after) return a.points_after > b.points_after;
        return a.name < b.name;
    });
    return out;
}

std::vector<ScoreChange> simulate_scoring(const State& state, const ScoringRules& rules) {
    Scores before = compute_scores(state, ScoreDetail::totals);
    State trial = state;
    trial.event.scoring = rules;
    Scores after = compute_scores(trial, ScoreDetail::totals);
    return score_changes(before, after);
}

namespace {
Result<ScoringRules> simulate_rules_from_document(const json& doc, const std::string& source_name) {
    try {
        // A whole event.json would otherwise read as an object of unknown keys, i.e. silently the
        // defaults: take its "scoring" member instead.
        if (doc.is_object() && doc.contains("scoring") && doc["scoring"].is_object())
            return scoring_rules_from_json(JsonIn(doc).at("scoring"));
        return scoring_rules_from_json(JsonIn(doc));
    } catch (const JsonFieldError& e) {
        return fail(source_name + ": " + (e.pointer.empty() ? std::string("/") : e.pointer) + ": " + e.expected);
    }
}
}  // namespace

Result<ScoringRules> parse_scoring_rules_text(const std::string& text, const std::string& source_name) {
    auto doc = parse_json_text(text, source_name);
    if (!doc) return fail(doc.error());
    return simulate_rules_from_document(*doc, source_name);
}

Result<ScoringRules> load_scoring_rules_file(const std::string& path) {
    auto doc = read_json_file(path);
    if (!doc) return fail(doc.error());
    return simulate_rules_from_document(*doc, path);
}

json to_json(const std::vector<ScoreChange>& changes) {
    json arr = json::array();
    for (const auto& c : changes)
        arr.push_back({{"name", c.name},
                       {"points_before", c.points_before},
                       {"points_after", c.points_after},
                       {"rank_before", c.rank_before},
                       {"rank_after", c.rank_after}});
    return arr;
}

std::string describe_change(const ScoreChange& c) {
    auto rank = [](int r) { return r ? std::to_string(r) : std::string("not ranked"); };
    std::ostringstream s;
    s << c.name << ": " << c.points_before << " -> " << c.points_after << " points";
    if (c.rank_before != c.rank_after) s << ", rank " << rank(c.rank_before) << " -> " << rank(c.rank_after);
    else if (c.rank_after == 0) s << ", not ranked";
    else s << ", rank " << c.rank_after << " (unchanged)";
    return s.str();
}

}  // namespace lw
