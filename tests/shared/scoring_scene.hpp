// A scoring scene for tests: an event, a three-person roster and journal entries applied as replay does.
#pragma once

#include <doctest/doctest.h>

#include "learnwall/scoring.hpp"
#include "learnwall/text.hpp"
#include "test_util.hpp"

namespace lw::test {

// A state built by applying journal entries, as replay does; posts approved unless told otherwise.
struct Scene {
    State state;
    std::uint64_t rev = 1;
    int next_id = 1;

    Scene() {
        state.event = test::sample_event();
        state.event.challenges = {{*parse_date("2026-05-19"), "Teach a shortcut", "", "shortcut", 20}};
        // Isolate rules: each test turns on what it checks.
        ScoringRules& r = state.event.scoring;
        r.tip_bonus = r.reply_points = r.replied_points = r.like_points = r.repost_points = 0;
        r.streak_bonus = 0;
        r.daily_cap = 0;
        r.min_length = 0;
        state.roster.people = {{"Ana Lima", "Finance", "ana@social.example", "ana.bsky.social", "", "ana@corp.example"},
                               {"Bob Stone", "IT", "bob@social.example", "", "bobstone", ""},
                               {"Cy Park", "IT", "cy@social.example", "", "", ""}};
    }

    void apply(JournalEntry e) {
        e.rev = ++rev;
        e.at = now();
        apply_entry(state, e);
    }
    std::string post(const std::string& handle, const std::string& text, const char* at,
                     const std::string& source = "mastodon", bool approve = true) {
        Post p;
        p.source = source;
        p.native_id = std::to_string(next_id++);
        p.author_handle = handle;
        p.text = text;
        p.hashtags = extract_hashtags(text);
        p.created_at = *parse_rfc3339(at);
        return add(p, approve);
    }
    std::string add(const Post& p, bool approve = true) {
        JournalEntry e;
        e.kind = JournalEntry::Kind::post_ingested;
        e.post = p;
        apply(e);
        if (approve) decide(p.id(), "approve");
        return p.id();
    }
    void decide(const std::string& id, const std::string& action) {
        JournalEntry e;
        e.kind = JournalEntry::Kind::moderation;
        e.decision = ModerationDecision{id, action, "mod", now(), ""};
        apply(e);
    }
    void award(const std::string& person, std::int64_t points, const char* at = "2026-05-20T12:00:00Z") {
        JournalEntry e;
        e.kind = JournalEntry::Kind::award;
        e.award = Award{person, points, "helped at the stand", "org", *parse_rfc3339(at)};
        apply(e);
    }
    Scores scores() const { return compute_scores(state); }
    std::int64_t total(const std::string& name) const {
        Scores s = scores();
        const PersonScore* p = s.find(name);
        return p ? p->total : -1;
    }
};

inline std::int64_t points_for(const PersonScore& p, const std::string& rule) {
    std::int64_t n = 0;
    for (const auto& i : p.items)
        if (i.rule == rule) n += i.points;
    return n;
}

}  // namespace lw::test
