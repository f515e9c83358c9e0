// Scoring: rules as data applied to the replayed state, with guardrails, badges, leaderboards and a
// reason for every point. Deterministic: posts are processed in (created_at, id) order, never in
// ingest order, so the same journal, rules and roster always give the same scores.
#include "learnwall/scoring.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "learnwall/text.hpp"

namespace lw {

namespace {

bool tag_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

bool word_char(unsigned char c) { return tag_char(c); }

// Case-insensitive search for `needle` (already lower case) in `hay_lower` at word boundaries.
bool contains_word(const std::string& hay_lower, const std::string& needle) {
    if (needle.empty()) return false;
    for (size_t pos = hay_lower.find(needle); pos != std::string::npos; pos = hay_lower.find(needle, pos + 1)) {
        bool left = pos == 0 || !word_char(static_cast<unsigned char>(hay_lower[pos - 1])) ||
                    !word_char(static_cast<unsigned char>(needle.front()));
        size_t end = pos + needle.size();
        bool right = end >= hay_lower.size() || !word_char(static_cast<unsigned char>(hay_lower[end])) ||
                     !word_char(static_cast<unsigned char>(needle.back()));
        if (left && right) return true;
    }
    return false;
}

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string plural(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Finds roster members by handle, name and e-mail; indexed when scoring thousands of posts, linear
// for a one-off lookup (publishing a handful of posts).
class RosterIndex {
public:
    explicit RosterIndex(const Roster& r, bool indexed) : roster_(r), indexed_(indexed) {
        if (!indexed) return;
        for (size_t i = 0; i < r.people.size(); ++i) {
            const Participant& p = r.people[i];
            if (!p.mastodon.empty()) by_handle_.emplace("mastodon\n" + p.mastodon, i);
            if (!p.bluesky.empty()) by_handle_.emplace("bluesky\n" + p.bluesky, i);
            if (!p.x.empty()) by_handle_.emplace("x\n" + p.x, i);
            if (!p.email.empty()) by_handle_.emplace("email\n" + ascii_lower(p.email), i);
            by_name_.emplace(p.name, i);
            by_name_.emplace("\n" + ascii_lower(p.name), i);
        }
    }

    [[nodiscard]] const Participant* handle(const std::string& network, const std::string& h) const {
        if (h.empty()) return nullptr;
        if (indexed_) {
            auto it = by_handle_.find(network + "\n" + h);
            return it == by_handle_.end() ? nullptr : &roster_.people[it->second];
        }
        for (const auto& p : roster_.people) {
            const std::string& f = network == "mastodon" ? p.mastodon
                                   : network == "bluesky" ? p.bluesky
                                   : network == "x"       ? p.x
                                                          : p.email;
            if (!f.empty() && (network == "email" ? ascii_lower(f) : f) == h) return &p;
        }
        return nullptr;
    }

    [[nodiscard]] const Participant* name(const std::string& n) const {
        if (n.empty()) return nullptr;
        if (indexed_) {
            auto it = by_name_.find(n);
            if (it == by_name_.end()) it = by_name_.find("\n" + ascii_lower(n));
            return it == by_name_.end() ? nullptr : &roster_.people[it->second];
        }
        for (const auto& p : roster_.people)
            if (p.name == n) return &p;
        std::string lower = ascii_lower(n);
        for (const auto& p : roster_.people)
            if (ascii_lower(p.name) == lower) return &p;
        return nullptr;
    }

    [[nodiscard]] const Participant* member_for(const Post& post) const {
        const std::string h = normalise_handle(post.author_handle);
        if (post.source == "mastodon" || post.source == "bluesky" || post.source == "x") return handle(post.source, h);
        // Manual posts (and unknown sources) name a person or give some handle.
        if (const Participant* p = name(post.author_display_name)) return p;
        if (h.empty()) return nullptr;
        for (const char* net : {"email", "mastodon", "bluesky", "x"})
            if (const Participant* p = handle(net, h)) return p;
        return name(post.author_handle);
    }

private:
    const Roster& roster_;
    bool indexed_;
    std::unordered_map<std::string, size_t> by_handle_;
    std::unordered_map<std::string, size_t> by_name_;
};

std::string display_name_of(const Post& p) {
    if (!p.author_display_name.empty()) return p.author_display_name;
    return p.author_handle.empty() ? "(unknown author)" : p.author_handle;
}

// The key that identifies a participant: the roster name, or the network and handle of an outsider.
std::string outsider_key(const Post& p) {
    std::string h = normalise_handle(p.author_handle);
    if (!h.empty()) return p.source + ":" + h;
    return p.source + "::" + p.author_display_name;
}

// Event days as instants, so the local day of a post is a binary search (daylight-saving correct).
struct EventDays {
    std::vector<Instant> starts;  // starts[i] begins event day i; the last entry ends the event
    Date first{};

    EventDays(const Event& e) : first(e.start) {
        auto d0 = std::chrono::sys_days{e.start}, d1 = std::chrono::sys_days{e.end};
        for (auto d = d0; d <= d1 + std::chrono::days{1}; d += std::chrono::days{1}) {
            auto s = start_of_local_day(Date{d}, e.timezone);
            // The zone is validated when the event loads; UTC days are the fallback that keeps scoring alive.
            starts.push_back(s ? *s : Instant{std::chrono::duration_cast<std::chrono::milliseconds>(d.time_since_epoch())});
        }
    }
    // The event day index of an instant, or -1 outside the event window.
    [[nodiscard]] int index(Instant t) const {
        if (starts.size() < 2 || t < starts.front() || t >= starts.back()) return -1;
        auto it = std::upper_bound(starts.begin(), starts.end(), t);
        return static_cast<int>(it - starts.begin()) - 1;
    }
    [[nodiscard]] Date date(int index) const { return Date{std::chrono::sys_days{first} + std::chrono::days{index}}; }
};

struct Person {
    PersonScore score;
    std::string key;
    std::map<int, std::int64_t> used;  // event day -> automatic points given (daily cap)
    std::set<int> days;
    std::set<int> challenge_days;
    std::set<std::string> colleagues;  // replied to
    int tips_with_response = 0;
    bool streak_given = false;
    size_t seq = 0;  // insertion counter for a stable item order
};

struct Counted {
    const PostRecord* record;
    size_t person;
    int day;
    std::optional<size_t> colleague;  // for a reply: the person answered
};

}  // namespace

std::string duplicate_key(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '#' && (i == 0 || !tag_char(static_cast<unsigned char>(text[i - 1]))) && i + 1 < text.size() &&
            tag_char(static_cast<unsigned char>(text[i + 1]))) {
            size_t j = i + 1;
            while (j < text.size() && tag_char(static_cast<unsigned char>(text[j]))) ++j;
            i = j - 1;
            space = true;  // a removed tag separates words like a space
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    }
    return out;
}

const Participant* roster_member_for(const Roster& roster, const Post& post) {
    return RosterIndex(roster, false).member_for(post);
}

std::string person_name_for(const State& state, const Post& post, std::string* team, bool* in_roster) {
    if (const Participant* p = roster_member_for(state.roster, post)) {
        if (team) *team = p->team;
        if (in_roster) *in_roster = true;
        return p->name;
    }
    if (team) team->clear();
    if (in_roster) *in_roster = false;
    return display_name_of(post);
}

Scores compute_scores(const State& state) {
    const Event& ev = state.event;
    const ScoringRules& rules = ev.scoring;
    const RosterIndex index(state.roster, true);
    const EventDays days(ev);
    const bool everyone_ranks = rules.anyone_ranks || state.roster.people.empty();

    std::vector<Person> people;
    std::unordered_map<std::string, size_t> by_key;
    auto person_at = [&](const std::string& key, const std::string& name, const std::string& team,
                         bool in_roster) -> size_t {
        auto [it, fresh] = by_key.try_emplace(key, people.size());
        if (fresh) {
            Person p;
            p.key = key;
            p.score.name = name;
            p.score.team = team;
            p.score.in_roster = in_roster;
            people.push_back(std::move(p));
        }
        return it->second;
    };
    for (const auto& p : state.roster.people) person_at(p.name, p.name, p.team, true);
    auto person_of = [&](const Post& post) -> size_t {
        if (const Participant* p = index.member_for(post)) return by_key.at(p->name);
        return person_at(outsider_key(post), display_name_of(post), "", false);
    };
    auto add = [&](size_t who, ScoreItem item) {
        people[who].score.items.push_back(std::move(item));
    };

    // Excluded (banned) authors: by handle or by roster name.
    std::unordered_set<std::string> excluded;
    for (const auto& x : rules.excluded_authors) {
        excluded.insert(normalise_handle(x));
        excluded.insert(x);
    }
    std::vector<std::string> event_tags;
    for (const auto& t : ev.hashtags) event_tags.push_back(ascii_lower(t));
    std::map<int, const Challenge*> challenge_on;  // event day -> challenge
    for (const auto& c : ev.challenges) {
        auto d = std::chrono::sys_days{c.date} - std::chrono::sys_days{days.first};
        challenge_on[static_cast<int>(d.count())] = &c;
    }
    std::vector<std::pair<bool, std::string>> markers;  // (is hashtag, lower-case text)
    for (const auto& m : rules.tip_markers) {
        std::string t = trim(m);
        if (t.size() > 1 && t.front() == '#') markers.emplace_back(true, ascii_lower(normalise_tag(t)));
        else if (!t.empty()) markers.emplace_back(false, ascii_lower(t));
    }

    // 1. Which approved posts count, and which are left out for a reason the person can be told.
    std::vector<Counted> counted;
    counted.reserve(state.posts.size());
    for (const auto& r : state.posts) {
        if (!state.visible_on_screens(r)) continue;  // rejected, pending, deleted: nothing, not even a note
        const Post& post = r.post;
        const Participant* member = index.member_for(post);
        if (excluded.count(normalise_handle(post.author_handle)) || (member && excluded.count(member->name))) continue;
        size_t who = person_of(post);
        std::vector<std::string> tags = post.hashtags.empty() ? extract_hashtags(post.text) : post.hashtags;
        bool has_tag = false;
        for (const auto& t : tags)
            for (const auto& et : event_tags) has_tag = has_tag || ascii_lower(t) == et;
        auto note = [&](const std::string& why) {
            add(who, {post.id(), "not_counted", 0, 0, "not counted: " + why, "", post.created_at});
        };
        if (!has_tag) {
            note("no event hashtag");
            continue;
        }
        int day = days.index(post.created_at);
        if (day < 0) {
            note("posted outside the event (" + format_date(ev.start) + " to " + format_date(ev.end) + ", " +
                 ev.timezone + ")");
            continue;
        }
        std::optional<size_t> colleague;
        if (post.is_reply) {
            // Who was answered: the post replied to when we have it, else the handle the network gave.
            if (const PostRecord* target = state.find(post.in_reply_to_id)) {
                colleague = person_of(target->post);
            } else if (!post.in_reply_to_handle.empty()) {
                Post stub;
                stub.source = post.source;
                stub.author_handle = post.in_reply_to_handle;
                colleague = person_of(stub);
            }
        }
        counted.push_back({&r, who, day, colleague});
    }
    std::sort(counted.begin(), counted.end(), [](const Counted& a, const Counted& b) {
        if (a.record->post.created_at != b.record->post.created_at)
            return a.record->post.created_at < b.record->post.created_at;
        return a.record->post.id() < b.record->post.id();
    });

    // Posts that drew a reply (by id), for the teacher badge.
    std::unordered_set<std::string> replied_ids;
    for (const auto& c : counted)
        if (!c.record->post.in_reply_to_id.empty()) replied_ids.insert(c.record->post.in_reply_to_id);

    // Automatic points go through the person's daily cap.
    auto give = [&](size_t who, int day, ScoreItem item) {
        Person& p = people[who];
        if (item.full_points == 0) item.full_points = item.points;
        if (rules.daily_cap > 0) {
            std::int64_t& used = p.used[day];
            std::int64_t room = std::max<std::int64_t>(0, rules.daily_cap - used);
            if (item.points > room) {
                std::string cap = "daily cap of " + std::to_string(rules.daily_cap) + " points on " +
                                  format_date(days.date(day)) + " (" + std::to_string(item.points - room) +
                                  " not counted)";
                item.cap = item.cap.empty() ? cap : item.cap + "; " + cap;
                item.points = room;
            }
            used += item.points;
        }
        add(who, std::move(item));
    };

    std::unordered_map<std::string, std::string> first_text;  // person + '\n' + text -> first post id
    std::set<std::tuple<size_t, size_t, int>> reply_pairs;     // (replier, colleague, day) already paid
    for (const auto& c : counted) {
        const Post& post = c.record->post;
        Person& p = people[c.person];
        const std::string id = post.id();
        std::string text_key = duplicate_key(post.text);
        if (static_cast<std::int64_t>(utf8_length(text_key)) < rules.min_length) {
            add(c.person, {id, "not_counted", 0, 0,
                           "not counted: shorter than " + std::to_string(rules.min_length) +
                               " characters (hashtags and spacing not counted)",
                           "", post.created_at});
            continue;
        }
        auto [dup, fresh] = first_text.try_emplace(p.key + "\n" + text_key, id);
        if (!fresh) {
            add(c.person, {id, "not_counted", 0, 0, "not counted: same text as " + dup->second + " (scores once)", "",
                           post.created_at});
            continue;
        }
        p.score.counted_posts++;
        p.days.insert(c.day);
        const std::string lower = ascii_lower(post.text);
        std::vector<std::string> tags = post.hashtags.empty() ? extract_hashtags(post.text) : post.hashtags;
        for (auto& t : tags) t = ascii_lower(t);

        give(c.person, c.day, {id, "post", rules.post_points, 0, "post with an event hashtag", "", post.created_at});

        if (auto ch = challenge_on.find(c.day); ch != challenge_on.end() && !p.challenge_days.count(c.day)) {
            const Challenge& challenge = *ch->second;
            std::string want = ascii_lower(challenge.tag);
            bool answered = !want.empty() && (std::find(tags.begin(), tags.end(), want) != tags.end() ||
                                              contains_word(lower, want));
            if (answered) {
                p.challenge_days.insert(c.day);
                p.score.challenges++;
                give(c.person, c.day,
                     {id, "challenge", challenge.bonus, 0,
                      "answered the challenge of " + format_date(challenge.date) + " \"" + challenge.title + "\" (" +
                          challenge.tag + ")",
                      "", post.created_at});
            }
        }

        for (const auto& [is_tag, m] : markers) {
            bool hit = is_tag ? std::find(tags.begin(), tags.end(), m) != tags.end() : contains_word(lower, m);
            if (!hit) continue;
            p.score.tips++;
            if (post.like_count > 0 || post.reply_count > 0 || replied_ids.count(id)) p.tips_with_response++;
            if (rules.tip_bonus > 0)
                give(c.person, c.day,
                     {id, "tip", rules.tip_bonus, 0,
                      "shared a tip (marked " + std::string(is_tag ? "#" : "\"") + (is_tag ? m : m + "\"") + ")", "",
                      post.created_at});
            break;
        }

        if (auto colleague = c.colleague) {
            if (*colleague != c.person) {
                Person& q = people[*colleague];
                bool counts = q.score.in_roster || everyone_ranks;
                if (counts && reply_pairs.insert({c.person, *colleague, c.day}).second) {
                    p.colleagues.insert(q.key);
                    if (rules.reply_points > 0)
                        give(c.person, c.day,
                             {id, "reply", rules.reply_points, 0, "replied to a colleague (" + q.score.name + ")", "",
                              post.created_at});
                    if (rules.replied_points > 0)
                        give(*colleague, c.day,
                             {id, "replied", rules.replied_points, 0,
                              "a colleague (" + people[c.person].score.name + ") replied to you", "", post.created_at});
                }
            }
        }

        std::int64_t engagement = post.like_count * rules.like_points + post.repost_count * rules.repost_points;
        if (engagement > 0) {
            std::string what = plural(post.like_count, "like", "likes") + " and " +
                               plural(post.repost_count, "repost", "reposts");
            ScoreItem item{id, "engagement", engagement, engagement, what, "", post.created_at};
            if (rules.engagement_cap > 0 && engagement > rules.engagement_cap) {
                item.points = rules.engagement_cap;
                item.cap = "engagement cap of " + std::to_string(rules.engagement_cap) + " points a post";
            }
            give(c.person, c.day, std::move(item));
        }

        if (rules.streak_bonus > 0 && !p.streak_given && static_cast<std::int64_t>(p.days.size()) >= rules.streak_days) {
            p.streak_given = true;
            add(c.person, {"", "streak", rules.streak_bonus, rules.streak_bonus,
                           "posted on " + std::to_string(rules.streak_days) + " different event days", "",
                           post.created_at});
        }
    }

    // 2. Manual awards and penalties: outside every cap, always with who and why.
    for (const auto& a : state.awards) {
        const Participant* member = index.name(a.person);
        size_t who = member ? by_key.at(member->name) : person_at("award:" + a.person, a.person, "", false);
        add(who, {"", a.points < 0 ? "penalty" : "award", a.points, a.points,
                  (a.points < 0 ? "penalty by " : "award by ") + a.by + ": " + a.reason, "", a.at});
    }

    // 3. Totals, badges, ranks.
    std::int64_t challenge_count = static_cast<std::int64_t>(ev.challenges.size());
    Scores out;
    out.people.reserve(people.size());
    for (auto& p : people) {
        PersonScore& s = p.score;
        std::stable_sort(s.items.begin(), s.items.end(),
                         [](const ScoreItem& a, const ScoreItem& b) { return a.at < b.at; });
        for (const auto& it : s.items) {
            s.total += it.points;
            if (it.points != 0) s.reached_at = it.at;
        }
        s.days = static_cast<int>(p.days.size());
        for (const auto& b : rules.badges) {
            bool earned = false;
            if (b.kind == "tips") earned = s.tips >= b.threshold;
            else if (b.kind == "challenges")
                earned = b.threshold == 0 ? challenge_count > 0 && s.challenges >= challenge_count
                                          : s.challenges >= b.threshold;
            else if (b.kind == "streak") earned = s.days >= b.threshold;
            else if (b.kind == "teacher") earned = p.tips_with_response >= b.threshold;
            else if (b.kind == "connector") earned = static_cast<std::int64_t>(p.colleagues.size()) >= b.threshold;
            if (earned) {
                s.badges.push_back(b.label);
                s.badge_ids.push_back(b.id);
            }
        }
        out.people.push_back(std::move(s));
    }
    auto ranks = [&](const PersonScore& p) { return everyone_ranks || p.in_roster; };
    std::sort(out.people.begin(), out.people.end(), [&](const PersonScore& a, const PersonScore& b) {
        if (ranks(a) != ranks(b)) return ranks(a);
        if (a.total != b.total) return a.total > b.total;
        if (a.reached_at != b.reached_at) return a.reached_at < b.reached_at;
        return a.name < b.name;
    });
    int rank = 0;
    for (auto& p : out.people)
        if (ranks(p)) p.rank = ++rank;

    // Teams: roster members only; every member counts towards the average, active or not.
    std::map<std::string, TeamScore> teams;
    for (const auto& p : out.people) {
        if (p.team.empty() || !p.in_roster) continue;
        TeamScore& t = teams[p.team];
        t.team = p.team;
        t.total += p.total;
        t.members += 1;
        if (p.total != 0) t.reached_at = std::max(t.reached_at, p.reached_at);
    }
    for (auto& [n, t] : teams) {
        if (rules.team_score == "average" && t.members > 0) {
            // Rounded half away from zero, in integers so the result never depends on the platform.
            std::int64_t m = t.members;
            t.points = t.total >= 0 ? (2 * t.total + m) / (2 * m) : -((-2 * t.total + m) / (2 * m));
        } else {
            t.points = t.total;
        }
        out.teams.push_back(t);
    }
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
    const PersonScore* only = nullptr;
    std::string lower = ascii_lower(name);
    for (const auto& p : people)
        if (ascii_lower(p.name) == lower) {
            if (only) return nullptr;  // ambiguous
            only = &p;
        }
    return only;
}

std::vector<UnknownAuthor> unknown_authors(const State& state) {
    const RosterIndex index(state.roster, true);
    std::map<std::string, UnknownAuthor> found;
    for (const auto& r : state.posts) {
        if (!state.visible_on_screens(r) || index.member_for(r.post)) continue;
        UnknownAuthor& u = found[outsider_key(r.post)];
        u.source = r.post.source;
        u.handle = normalise_handle(r.post.author_handle);
        if (!r.post.author_display_name.empty()) u.display_name = r.post.author_display_name;
        u.posts++;
        u.last_post = std::max(u.last_post, r.post.created_at);
    }
    std::vector<UnknownAuthor> out;
    for (auto& [k, u] : found) out.push_back(std::move(u));
    std::stable_sort(out.begin(), out.end(), [](const UnknownAuthor& a, const UnknownAuthor& b) { return a.posts > b.posts; });
    return out;
}

}  // namespace lw
