// Scoring: rules as data applied to the replayed state, with guardrails, badges, leaderboards and a
// reason for every point. Deterministic: posts are processed in (created_at, source, native id)
// order, never in ingest order, so the same journal, rules and roster always give the same scores.
// Hot path (100,000 posts): no allocation per post beyond the near-duplicate key; reasons are only
// written when the caller asks for the explanation (ScoreDetail::full).
#include "learnwall/scoring.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "learnwall/text.hpp"

namespace lw {

namespace {

bool tag_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

char lower_char(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower_char(a[i]) != lower_char(b[i])) return false;
    return true;
}

// Case-insensitive search for `needle` (lower case) in `hay` at word boundaries, without copying.
bool contains_word(std::string_view hay, std::string_view needle) {
    if (needle.empty() || needle.size() > hay.size()) return false;
    const bool word_start = tag_char(static_cast<unsigned char>(needle.front()));
    const bool word_end = tag_char(static_cast<unsigned char>(needle.back()));
    for (size_t pos = 0; pos + needle.size() <= hay.size(); ++pos) {
        if (lower_char(hay[pos]) != needle[0]) continue;
        size_t k = 1;
        while (k < needle.size() && lower_char(hay[pos + k]) == needle[k]) ++k;
        if (k != needle.size()) continue;
        bool left = !word_start || pos == 0 || !tag_char(static_cast<unsigned char>(hay[pos - 1]));
        size_t end = pos + needle.size();
        bool right = !word_end || end >= hay.size() || !tag_char(static_cast<unsigned char>(hay[end]));
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
    enum Net { mastodon, bluesky, x, email, kNets };

    explicit RosterIndex(const Roster& r, bool indexed) : roster_(r), indexed_(indexed) {
        if (!indexed) return;
        for (size_t i = 0; i < r.people.size(); ++i) {
            const Participant& p = r.people[i];
            if (!p.mastodon.empty()) by_handle_[mastodon].emplace(p.mastodon, i);
            if (!p.bluesky.empty()) by_handle_[bluesky].emplace(p.bluesky, i);
            if (!p.x.empty()) by_handle_[x].emplace(p.x, i);
            if (!p.email.empty()) by_handle_[email].emplace(ascii_lower(p.email), i);
            by_name_.emplace(p.name, i);
            by_lower_name_.emplace(ascii_lower(p.name), i);
        }
    }

    static std::optional<Net> network(std::string_view source) {
        if (source == "mastodon") return mastodon;
        if (source == "bluesky") return bluesky;
        if (source == "x") return x;
        return std::nullopt;
    }

    // The roster index of a person, or -1.
    [[nodiscard]] long handle(Net net, const std::string& h) const {
        if (h.empty()) return -1;
        if (indexed_) {
            auto it = by_handle_[net].find(h);
            return it == by_handle_[net].end() ? -1 : static_cast<long>(it->second);
        }
        for (size_t i = 0; i < roster_.people.size(); ++i) {
            const Participant& p = roster_.people[i];
            const std::string& f = net == mastodon ? p.mastodon : net == bluesky ? p.bluesky : net == x ? p.x : p.email;
            if (!f.empty() && (net == email ? iequals(f, h) : f == h)) return static_cast<long>(i);
        }
        return -1;
    }

    [[nodiscard]] long name(const std::string& n) const {
        if (n.empty()) return -1;
        if (indexed_) {
            auto it = by_name_.find(n);
            if (it != by_name_.end()) return static_cast<long>(it->second);
            auto lt = by_lower_name_.find(ascii_lower(n));
            return lt == by_lower_name_.end() ? -1 : static_cast<long>(lt->second);
        }
        for (size_t i = 0; i < roster_.people.size(); ++i)
            if (roster_.people[i].name == n) return static_cast<long>(i);
        for (size_t i = 0; i < roster_.people.size(); ++i)
            if (iequals(roster_.people[i].name, n)) return static_cast<long>(i);
        return -1;
    }

    // The roster index of a post's author, or -1. `handle` is the normalised author handle.
    [[nodiscard]] long member_for(const Post& post, const std::string& h) const {
        if (auto net = network(post.source)) return handle(*net, h);
        // Manual posts (and unknown sources) name a person or give some handle.
        if (long p = name(post.author_display_name); p >= 0) return p;
        if (h.empty()) return -1;
        for (Net net : {email, mastodon, bluesky, x})
            if (long p = handle(net, h); p >= 0) return p;
        return name(post.author_handle);
    }
    [[nodiscard]] long member_for(const Post& post) const { return member_for(post, normalise_handle(post.author_handle)); }

private:
    const Roster& roster_;
    bool indexed_;
    std::unordered_map<std::string, size_t> by_handle_[kNets];
    std::unordered_map<std::string, size_t> by_name_, by_lower_name_;
};

std::string display_name_of(const Post& p) {
    if (!p.author_display_name.empty()) return p.author_display_name;
    return p.author_handle.empty() ? "(unknown author)" : p.author_handle;
}

// The key that identifies someone outside the roster: the network and handle (or display name).
std::string outsider_key(const Post& p, const std::string& handle) {
    if (!handle.empty()) return p.source + ":" + handle;
    return p.source + "::" + p.author_display_name;
}

bool has_tag(const std::vector<std::string>& tags, std::string_view want) {
    for (const auto& t : tags)
        if (iequals(t, want)) return true;
    return false;
}

// Event days as instants, so the local day of a post is a binary search (daylight-saving correct).
struct EventDays {
    std::vector<Instant> starts;  // starts[i] begins event day i; the last entry ends the event
    Date first{};

    explicit EventDays(const Event& e) : first(e.start) {
        auto d0 = std::chrono::sys_days{e.start}, d1 = std::chrono::sys_days{e.end};
        for (auto d = d0; d <= d1 + std::chrono::days{1}; d += std::chrono::days{1}) {
            auto s = start_of_local_day(Date{d}, e.timezone);
            // The zone is validated when the event loads; UTC days are the fallback that keeps scoring alive.
            starts.push_back(s ? *s : Instant{std::chrono::duration_cast<std::chrono::milliseconds>(d.time_since_epoch())});
        }
    }
    [[nodiscard]] int count() const { return static_cast<int>(starts.size()) - 1; }
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
    std::vector<std::int64_t> used;  // per event day: automatic points given (daily cap)
    std::vector<char> posted;        // per event day: a counted post
    std::vector<char> challenged;    // per event day: the challenge answered
    std::unordered_set<size_t> colleagues;  // replied to
    int tips_with_response = 0;
    bool streak_given = false;
};

// A post that counts, with what step 1 found in it, compact so step 2 never goes back to the post.
struct Counted {
    Instant at{};
    const PostRecord* record = nullptr;  // for tie-breaks and reasons only
    size_t person = 0;
    int day = 0;
    long colleague = -1;  // for a reply: the person answered
    std::string text_key;  // near-duplicate key, with the person appended
    bool too_short = false;
    bool answers_challenge = false;  // carries the tag or keyword of its day's challenge
    int marker = -1;                 // the tip marker it carries
    bool tip_responded = false;      // likes, replies
    std::int64_t engagement = 0;     // before the cap
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
        out += lower_char(static_cast<char>(c));
    }
    return out;
}

const Participant* roster_member_for(const Roster& roster, const Post& post) {
    long i = RosterIndex(roster, false).member_for(post);
    return i < 0 ? nullptr : &roster.people[static_cast<size_t>(i)];
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

Scores compute_scores(const State& state, ScoreDetail detail) {
    const Event& ev = state.event;
    const ScoringRules& rules = ev.scoring;
    const bool explain = detail == ScoreDetail::full;
    const RosterIndex index(state.roster, true);
    const EventDays days(ev);
    const int day_count = std::max(0, days.count());
    const bool everyone_ranks = rules.anyone_ranks || state.roster.people.empty();

    // People: the roster first (index i is roster member i), then outsiders as they appear.
    std::vector<Person> people;
    people.reserve(state.roster.people.size() + 64);
    std::unordered_map<std::string, size_t> outsiders;
    auto new_person = [&](std::string key, std::string name, std::string team, bool in_roster) {
        Person p;
        p.key = std::move(key);
        p.score.name = std::move(name);
        p.score.team = std::move(team);
        p.score.in_roster = in_roster;
        p.used.assign(static_cast<size_t>(day_count), 0);
        p.posted.assign(static_cast<size_t>(day_count), 0);
        p.challenged.assign(static_cast<size_t>(day_count), 0);
        people.push_back(std::move(p));
        return people.size() - 1;
    };
    for (const auto& p : state.roster.people) new_person(p.name, p.name, p.team, true);
    auto person_of = [&](const Post& post, const std::string& handle, long member) -> size_t {
        if (member >= 0) return static_cast<size_t>(member);
        std::string key = outsider_key(post, handle);
        auto it = outsiders.find(key);
        if (it != outsiders.end()) return it->second;
        size_t i = new_person(key, display_name_of(post), "", false);
        outsiders.emplace(std::move(key), i);
        return i;
    };

    // Every point goes through here: the total and the time it was reached always; the item with
    // its reason only when explaining. `reason` is a callable so the hot path never builds text.
    auto record = [&](size_t who, const char* rule, std::int64_t points, std::int64_t full, Instant at,
                      const std::string* post_id, std::string cap, auto&& reason) {
        PersonScore& s = people[who].score;
        s.total += points;
        if (points != 0) s.reached_at = std::max(s.reached_at, at);
        if (!explain) return;
        s.items.push_back({post_id ? *post_id : std::string(), rule, points, full, reason(), std::move(cap), at});
    };

    std::unordered_set<std::string> excluded;
    for (const auto& x : rules.excluded_authors) {
        excluded.insert(normalise_handle(x));
        excluded.insert(x);
    }
    std::vector<const Challenge*> challenge_on(static_cast<size_t>(day_count), nullptr);
    std::vector<std::string> challenge_word(static_cast<size_t>(day_count));  // lower case, without '#'
    for (const auto& c : ev.challenges) {
        auto d = (std::chrono::sys_days{c.date} - std::chrono::sys_days{days.first}).count();
        if (d < 0 || d >= day_count) continue;
        challenge_on[static_cast<size_t>(d)] = &c;
        challenge_word[static_cast<size_t>(d)] = ascii_lower(normalise_tag(c.tag));
    }
    struct Marker {
        bool is_tag;
        std::string text;  // lower case; without '#' for a tag
    };
    std::vector<Marker> markers;
    for (const auto& m : rules.tip_markers) {
        std::string t = trim(m);
        if (t.size() > 1 && t.front() == '#') markers.push_back({true, ascii_lower(normalise_tag(t))});
        else if (!t.empty()) markers.push_back({false, ascii_lower(t)});
    }

    // Posts that drew a reply (by id), for the teacher badge: any approved reply counts.
    std::unordered_set<std::string_view> replied_ids;
    for (const auto& r : state.posts)
        if (r.post.is_reply && !r.post.in_reply_to_id.empty() && state.visible_on_screens(r))
            replied_ids.insert(r.post.in_reply_to_id);

    // 1. In journal order (sequential in memory): which approved posts count, what each one carries
    // (tip, challenge answer, reply, engagement), and which are left out for a reason the person can
    // be told. Everything that depends on order waits for step 2.
    std::vector<Counted> counted;
    counted.reserve(state.posts.size());
    std::string handle;
    for (const auto& r : state.posts) {
        if (!state.visible_on_screens(r)) continue;  // rejected, pending, deleted: nothing, not even a note
        const Post& post = r.post;
        handle = normalise_handle(post.author_handle);
        long member = index.member_for(post, handle);
        if (!excluded.empty() &&
            (excluded.count(handle) || (member >= 0 && excluded.count(state.roster.people[static_cast<size_t>(member)].name))))
            continue;
        size_t who = person_of(post, handle, member);
        bool tagged = false;
        if (post.hashtags.empty()) {
            for (const auto& t : extract_hashtags(post.text))
                for (const auto& et : ev.hashtags) tagged = tagged || iequals(t, et);
        } else {
            for (const auto& et : ev.hashtags) tagged = tagged || has_tag(post.hashtags, et);
        }
        int day = tagged ? days.index(post.created_at) : -1;
        if (day < 0) {
            if (explain) {
                std::string id = post.id();
                record(who, "not_counted", 0, 0, post.created_at, &id, "", [&] {
                    return tagged ? "not counted: posted outside the event (" + format_date(ev.start) + " to " +
                                        format_date(ev.end) + ", " + ev.timezone + ")"
                                  : std::string("not counted: no event hashtag");
                });
            }
            continue;
        }
        Counted c;
        c.record = &r;
        c.at = post.created_at;
        c.person = who;
        c.day = day;
        c.text_key = duplicate_key(post.text);
        c.too_short = static_cast<std::int64_t>(utf8_length(c.text_key)) < rules.min_length;
        c.text_key.push_back('\n');
        c.text_key.append(std::to_string(who));  // duplicates are per person
        const std::string& want = challenge_word[static_cast<size_t>(day)];
        c.answers_challenge = !want.empty() && (has_tag(post.hashtags, want) || contains_word(post.text, want));
        for (size_t m = 0; m < markers.size(); ++m) {
            const Marker& mk = markers[m];
            bool hit = mk.is_tag ? has_tag(post.hashtags, mk.text) ||
                                       (post.hashtags.empty() && contains_word(post.text, "#" + mk.text))
                                 : contains_word(post.text, mk.text);
            if (hit) {
                c.marker = static_cast<int>(m);
                c.tip_responded = post.like_count > 0 || post.reply_count > 0 || replied_ids.count(post.id());
                break;
            }
        }
        c.engagement = post.like_count * rules.like_points + post.repost_count * rules.repost_points;
        if (post.is_reply) {
            // Who was answered: the post replied to when we have it, else the handle the network gave.
            if (const PostRecord* target = post.in_reply_to_id.empty() ? nullptr : state.find(post.in_reply_to_id)) {
                std::string th = normalise_handle(target->post.author_handle);
                c.colleague = static_cast<long>(person_of(target->post, th, index.member_for(target->post, th)));
            } else if (!post.in_reply_to_handle.empty()) {
                Post stub;
                stub.source = post.source;
                stub.author_handle = post.in_reply_to_handle;
                std::string th = normalise_handle(stub.author_handle);
                c.colleague = static_cast<long>(person_of(stub, th, index.member_for(stub, th)));
            }
        }
        counted.push_back(std::move(c));
    }
    std::sort(counted.begin(), counted.end(), [](const Counted& a, const Counted& b) {
        if (a.at != b.at) return a.at < b.at;
        const Post& x = a.record->post;
        const Post& y = b.record->post;
        if (x.source != y.source) return x.source < y.source;
        return x.native_id < y.native_id;
    });

    // Automatic points go through the person's daily cap.
    auto give = [&](size_t who, int day, const char* rule, std::int64_t points, std::int64_t full, Instant at,
                    const std::string* post_id, std::string cap, auto&& reason) {
        if (rules.daily_cap > 0) {
            std::int64_t& used = people[who].used[static_cast<size_t>(day)];
            std::int64_t room = std::max<std::int64_t>(0, rules.daily_cap - used);
            if (points > room) {
                if (explain) {
                    std::string daily = "daily cap of " + std::to_string(rules.daily_cap) + " points on " +
                                        format_date(days.date(day)) + " (" + std::to_string(points - room) +
                                        " not counted)";
                    cap = cap.empty() ? daily : cap + "; " + daily;
                }
                points = room;
            }
            used += points;
        }
        record(who, rule, points, full, at, post_id, std::move(cap), reason);
    };

    // 2. In time order: duplicates, caps, once-a-day rules and streaks.
    std::unordered_map<std::string_view, const Counted*> first_text;  // text key -> first post with it
    first_text.reserve(counted.size());
    std::set<std::tuple<size_t, size_t, int>> reply_pairs;  // (replier, colleague, day) already paid
    std::string id;
    for (const auto& c : counted) {
        Person& p = people[c.person];
        const Instant at = c.at;
        if (explain) id = c.record->post.id();
        if (c.too_short) {
            if (explain)
                record(c.person, "not_counted", 0, 0, at, &id, "", [&] {
                    return "not counted: shorter than " + std::to_string(rules.min_length) +
                           " characters (hashtags and spacing not counted)";
                });
            continue;
        }
        auto [dup, fresh] = first_text.try_emplace(std::string_view(c.text_key), &c);
        if (!fresh) {
            if (explain)
                record(c.person, "not_counted", 0, 0, at, &id, "",
                       [&] { return "not counted: same text as " + dup->second->record->post.id() + " (scores once)"; });
            continue;
        }
        const size_t day = static_cast<size_t>(c.day);
        p.score.counted_posts++;
        p.posted[day] = 1;

        give(c.person, c.day, "post", rules.post_points, rules.post_points, at, &id, "",
             [] { return std::string("post with an event hashtag"); });

        if (c.answers_challenge && !p.challenged[day]) {
            const Challenge* challenge = challenge_on[day];
            p.challenged[day] = 1;
            p.score.challenges++;
            give(c.person, c.day, "challenge", challenge->bonus, challenge->bonus, at, &id, "", [&] {
                return "answered the challenge of " + format_date(challenge->date) + " \"" + challenge->title + "\" (" +
                       challenge->tag + ")";
            });
        }

        if (c.marker >= 0) {
            const Marker& m = markers[static_cast<size_t>(c.marker)];
            p.score.tips++;
            if (c.tip_responded) p.tips_with_response++;
            if (rules.tip_bonus > 0)
                give(c.person, c.day, "tip", rules.tip_bonus, rules.tip_bonus, at, &id, "",
                     [&] { return "shared a tip (marked " + (m.is_tag ? "#" + m.text : "\"" + m.text + "\"") + ")"; });
        }

        if (c.colleague >= 0 && static_cast<size_t>(c.colleague) != c.person) {
            const size_t q = static_cast<size_t>(c.colleague);
            bool counts = people[q].score.in_roster || everyone_ranks;
            if (counts && reply_pairs.insert({c.person, q, c.day}).second) {
                p.colleagues.insert(q);
                if (rules.reply_points > 0)
                    give(c.person, c.day, "reply", rules.reply_points, rules.reply_points, at, &id, "",
                         [&] { return "replied to a colleague (" + people[q].score.name + ")"; });
                if (rules.replied_points > 0)
                    give(q, c.day, "replied", rules.replied_points, rules.replied_points, at, &id, "",
                         [&] { return "a colleague (" + p.score.name + ") replied to you"; });
            }
        }

        if (c.engagement > 0) {
            std::int64_t points = c.engagement;
            std::string cap;
            if (rules.engagement_cap > 0 && c.engagement > rules.engagement_cap) {
                points = rules.engagement_cap;
                if (explain) cap = "engagement cap of " + std::to_string(rules.engagement_cap) + " points a post";
            }
            give(c.person, c.day, "engagement", points, c.engagement, at, &id, std::move(cap), [&] {
                const Post& post = c.record->post;
                return plural(post.like_count, "like", "likes") + " and " + plural(post.repost_count, "repost", "reposts");
            });
        }

        if (rules.streak_bonus > 0 && !p.streak_given) {
            std::int64_t active = std::count(p.posted.begin(), p.posted.end(), 1);
            if (active >= rules.streak_days) {
                p.streak_given = true;
                record(c.person, "streak", rules.streak_bonus, rules.streak_bonus, at, nullptr, "", [&] {
                    return "posted on " + std::to_string(rules.streak_days) + " different event days";
                });
            }
        }
    }

    // 2. Manual awards and penalties: outside every cap, always with who and why.
    std::unordered_map<std::string, size_t> award_only;
    for (const auto& a : state.awards) {
        long member = index.name(a.person);
        size_t who = 0;
        if (member >= 0) {
            who = static_cast<size_t>(member);
        } else if (auto it = award_only.find(a.person); it != award_only.end()) {
            who = it->second;
        } else {
            who = new_person("award:" + a.person, a.person, "", false);
            award_only.emplace(a.person, who);
        }
        record(who, a.points < 0 ? "penalty" : "award", a.points, a.points, a.at, nullptr, "",
               [&] { return (a.points < 0 ? "penalty by " : "award by ") + a.by + ": " + a.reason; });
    }

    // 3. Badges, ranks, teams.
    const std::int64_t challenge_count = static_cast<std::int64_t>(ev.challenges.size());
    Scores out;
    out.people.reserve(people.size());
    for (auto& p : people) {
        PersonScore& s = p.score;
        if (explain)
            std::stable_sort(s.items.begin(), s.items.end(), [](const ScoreItem& a, const ScoreItem& b) { return a.at < b.at; });
        s.days = static_cast<int>(std::count(p.posted.begin(), p.posted.end(), 1));
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
    for (const auto& p : people)
        if (iequals(p.name, name)) {
            if (only) return nullptr;  // ambiguous
            only = &p;
        }
    return only;
}

std::vector<UnknownAuthor> unknown_authors(const State& state) {
    const RosterIndex index(state.roster, true);
    std::map<std::string, UnknownAuthor> found;
    for (const auto& r : state.posts) {
        if (!state.visible_on_screens(r)) continue;
        std::string h = normalise_handle(r.post.author_handle);
        if (index.member_for(r.post, h) >= 0) continue;
        UnknownAuthor& u = found[outsider_key(r.post, h)];
        u.source = r.post.source;
        u.handle = h;
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
