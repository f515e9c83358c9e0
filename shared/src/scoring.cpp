// Scoring: rules as data applied to the replayed state, with guardrails, badges, leaderboards and a
// reason for every point. Deterministic: posts are processed in (created_at, source, native id)
// order, never in ingest order, so the same journal, rules and roster always give the same scores.
// Hot path (100,000 posts): no allocation per post (the near-duplicate key is hashed, not built);
// reasons are only written when the caller asks for the explanation (ScoreDetail::full).
#include "learnwall/scoring.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "learnwall/connections.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

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
    // The first byte in both cases (needles are lower case), so most positions cost one comparison.
    const char first = needle[0];
    const char first_upper = (first >= 'a' && first <= 'z') ? static_cast<char>(first - 'a' + 'A') : first;
    for (size_t pos = 0; pos + needle.size() <= hay.size(); ++pos) {
        if (hay[pos] != first && hay[pos] != first_upper) continue;
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

std::string plural(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Strings to small integers in one flat, open-addressed table whose keys live in one buffer: a
// lookup touches one slot and one run of the buffer, where a node-based map chases three pointers
// (it is the hot spot of scoring 100,000 posts). The first value inserted for a key stays.
class FlatIndex {
public:
    void insert(std::string_view key, std::uint32_t value) {
        if (key.empty()) return;
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        for (size_t i = h & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.len == kEmpty) {
                s = {h, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(key.size()), value};
                arena_.append(key);
                ++count_;
                return;
            }
            if (s.hash == h && view(s) == key) return;
        }
    }
    // The value of a key, or -1.
    [[nodiscard]] long find(std::string_view key) const {
        if (count_ == 0 || key.empty()) return -1;
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        for (size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.len == kEmpty) return -1;
            if (s.hash == h && view(s) == key) return s.value;
        }
    }

private:
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t off = 0;
        std::uint32_t len = kEmpty;
        std::uint32_t value = 0;
    };
    [[nodiscard]] std::string_view view(const Slot& s) const { return std::string_view(arena_).substr(s.off, s.len); }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<size_t>(16, old.size() * 2), Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.len == kEmpty) continue;
            size_t i = s.hash & mask_;
            while (slots_[i].len != kEmpty) i = (i + 1) & mask_;
            slots_[i] = s;
        }
    }
    std::vector<Slot> slots_;
    std::string arena_;
    size_t mask_ = 0, count_ = 0;
};

// True when normalise_handle would return the handle unchanged (most handles): no copy needed.
bool is_normalised_handle(std::string_view h) {
    if (!h.empty() && h.front() == '@') return false;
    for (char c : h)
        if (c == ' ' || (c >= 'A' && c <= 'Z')) return false;
    return true;
}

// A normalised handle as a view: the original when already normal, else normalised into `buffer`.
std::string_view normalised_view(const std::string& handle, std::string& buffer) {
    if (is_normalised_handle(handle)) return handle;
    buffer = normalise_handle(handle);
    return buffer;
}

// Finds roster members by handle, name and e-mail; indexed when scoring thousands of posts, linear
// for a one-off lookup (publishing a handful of posts).
class RosterIndex {
public:
    enum Net { mastodon, bluesky, x, slack, teams, email, kNets };

    explicit RosterIndex(const Roster& r, bool indexed) : roster_(r), indexed_(indexed) {
        if (!indexed) return;
        for (size_t i = 0; i < r.people.size(); ++i) {
            const Participant& p = r.people[i];
            const auto v = static_cast<std::uint32_t>(i);
            by_handle_[mastodon].insert(p.mastodon, v);
            by_handle_[bluesky].insert(p.bluesky, v);
            by_handle_[x].insert(p.x, v);
            by_handle_[slack].insert(p.slack, v);
            by_handle_[teams].insert(p.teams, v);
            by_handle_[email].insert(ascii_lower(p.email), v);
            by_name_.insert(p.name, v);
            by_lower_name_.insert(fold_case(p.name), v);  // "ZOË", "zoë" and NFD spellings match
        }
    }

    static std::optional<Net> network(std::string_view source) {
        if (source == "mastodon") return mastodon;
        if (source == "bluesky") return bluesky;
        if (source == "x") return x;
        if (source == "slack") return slack;
        if (source == "teams") return teams;
        return std::nullopt;
    }

    // The roster index of a person, or -1.
    [[nodiscard]] long handle(Net net, std::string_view h) const {
        if (h.empty()) return -1;
        if (indexed_) return by_handle_[net].find(h);
        for (size_t i = 0; i < roster_.people.size(); ++i) {
            const Participant& p = roster_.people[i];
            const std::string& f = net == mastodon ? p.mastodon
                                   : net == bluesky ? p.bluesky
                                   : net == x       ? p.x
                                   : net == slack   ? p.slack
                                   : net == teams   ? p.teams
                                                    : p.email;
            if (!f.empty() && (net == email ? iequals(f, h) : f == h)) return static_cast<long>(i);
        }
        return -1;
    }

    [[nodiscard]] long name(std::string_view n) const {
        if (n.empty()) return -1;
        if (indexed_) {
            if (long i = by_name_.find(n); i >= 0) return i;
            return by_lower_name_.find(fold_case(n));
        }
        for (size_t i = 0; i < roster_.people.size(); ++i)
            if (roster_.people[i].name == n) return static_cast<long>(i);
        for (size_t i = 0; i < roster_.people.size(); ++i)
            if (equals_folded(roster_.people[i].name, n)) return static_cast<long>(i);
        return -1;
    }

    // The roster index of a post's author, or -1. `handle` is the normalised author handle.
    [[nodiscard]] long member_for(const Post& post, std::string_view h) const {
        if (auto net = network(post.source)) return handle(*net, h);
        // Manual posts (and unknown sources) name a person or give some handle.
        if (long p = name(post.author_display_name); p >= 0) return p;
        if (h.empty()) {
            // "--author ana" typed by hand is stored as a name; it may still be somebody's handle.
            if (post.author_display_name.empty() || post.author_display_name.find(' ') != std::string::npos) return -1;
            const std::string as_handle = normalise_handle(post.author_display_name);
            for (Net net : {email, mastodon, bluesky, x})
                if (long p = handle(net, as_handle); p >= 0) return p;
            return -1;
        }
        for (Net net : {email, mastodon, bluesky, x})
            if (long p = handle(net, h); p >= 0) return p;
        return name(post.author_handle);
    }
    [[nodiscard]] long member_for(const Post& post) const { return member_for(post, normalise_handle(post.author_handle)); }

private:
    const Roster& roster_;
    bool indexed_;
    FlatIndex by_handle_[kNets];
    FlatIndex by_name_, by_lower_name_;
};

std::string display_name_of(const Post& p) {
    if (!p.author_display_name.empty()) return p.author_display_name;
    return p.author_handle.empty() ? "(unknown author)" : p.author_handle;
}

// The key that identifies someone outside the roster: the network and handle (or display name).
std::string outsider_key(const Post& p, std::string_view handle) {
    if (!handle.empty()) return p.source + ":" + std::string(handle);
    return p.source + "::" + fold_case(p.author_display_name);  // "Ana" and "ANA" typed by hand: one person
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
    std::unordered_set<size_t> colleagues;  // replied to, or connected with by a learning connection
    int tips_with_response = 0;
    bool streak_given = false;
};

// A post that counts, with what gather_counted_posts found in it: small and free of strings, so sorting and the
// pass in time order stay in cache and nothing is allocated per post.
struct Counted {
    Instant at{};
    const PostRecord* record = nullptr;  // for tie-breaks and reasons only
    std::uint32_t person = 0;
    int day = 0;
    long colleague = -1;             // for a reply: the person answered
    std::uint64_t text_hash = 0;     // hash of the near-duplicate key
    std::int64_t engagement = 0;     // before the cap
    int marker = -1;                 // the tip marker it carries
    bool too_short = false;
    bool answers_challenge = false;  // carries the tag or keyword of its day's challenge
    bool tip_responded = false;      // likes, replies
    int duplicate_of = -1;           // index (in time order) of the earlier post with the same key
};

// The near-duplicate key of a text, byte by byte, to a sink: lower case (ASCII), hashtags removed,
// every run of spacing (and a removed tag) one space, no leading or trailing space. One definition
// for the key itself and for its hash, so the two can never disagree.
template <class Sink>
void for_each_key_byte(std::string_view text, Sink&& sink) {
    bool space = false, any = false;
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
        if (space && any) sink(' ');
        space = false;
        any = true;
        sink(lower_char(static_cast<char>(c)));
    }
}

// 64-bit hash of the key, eight bytes at a time, and its length in characters (for min_length).
struct KeyHash {
    std::uint64_t hash = 0;
    std::int64_t chars = 0;
};
KeyHash key_hash(std::string_view text) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull, word = 0;
    int n = 0;
    std::int64_t chars = 0;
    auto mix = [&] {
        h ^= word + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    };
    for_each_key_byte(text, [&](char c) {
        const auto b = static_cast<unsigned char>(c);
        if ((b & 0xC0) != 0x80) ++chars;
        word = (word << 8) | b;
        if (++n == 8) {
            mix();
            word = 0;
            n = 0;
        }
    });
    word ^= static_cast<std::uint64_t>(n) << 59;  // the tail's length, so "ab" and "\0ab" differ
    mix();
    return {h, chars};
}

}  // namespace

std::string duplicate_key(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_key_byte(text, [&](char c) { out += c; });
    return out;
}

std::string outsider_person_key(const Post& post) { return outsider_key(post, normalise_handle(post.author_handle)); }
std::string outsider_display_name(const Post& post) { return display_name_of(post); }

const Participant* roster_member_for(const Roster& roster, const Post& post) {
    long i = RosterIndex(roster, false).member_for(post);
    return i < 0 ? nullptr : &roster.people[static_cast<size_t>(i)];
}

struct RosterMatcher::Index {
    const Roster& roster;
    RosterIndex index;
    explicit Index(const Roster& r) : roster(r), index(r, true) {}
};

RosterMatcher::RosterMatcher(const Roster& roster) : index_(std::make_unique<Index>(roster)) {}
RosterMatcher::~RosterMatcher() = default;

const Participant* RosterMatcher::member_for(const Post& post) const {
    std::string buffer;
    long i = index_->index.member_for(post, normalised_view(post.author_handle, buffer));
    return i < 0 ? nullptr : &index_->roster.people[static_cast<size_t>(i)];
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

namespace {

// One recomputation of the scores, phase by phase. The phases run in a fixed order (run()) and share
// the tables below; each decides one thing, so a rule can be read (and changed) in one place:
//   gather_counted_posts   which approved posts count, and what each one carries (journal order)
//   sort_in_time_order     the one deterministic order every later phase follows
//   mark_near_duplicates   which counted posts repeat an earlier text of the same person
//   score_in_time_order    points per post: base, challenge, tip, reply, engagement, streak, with caps
//   apply_manual_awards    organisers' awards and penalties, outside every cap
//   award_badges           badges and the per-person counts they read
//   rank_people            the published order and ranks
//   rank_teams             team totals or averages and their ranks
class ScoringRun {
public:
    ScoringRun(const State& state, ScoreDetail detail, const Connections* known = nullptr)
        : known_connections_(known),
          state_(state),
          ev_(state.event),
          rules_(state.event.scoring),
          explain_(detail == ScoreDetail::full),
          index_(state.roster, true),
          days_(state.event),
          day_count_(std::max(0, days_.count())),
          dc_(static_cast<size_t>(day_count_)),
          everyone_ranks_(rules_.anyone_ranks || state.roster.people.empty()) {
        add_roster_people();
        read_excluded_authors();
        read_challenges_and_markers();
        find_replied_posts();
    }

    Scores run() {
        gather_counted_posts();
        if (collector_) own_connections_ = collector_->finish();
        connections_ = known_connections_ ? known_connections_ : &own_connections_;
        sort_in_time_order();
        mark_near_duplicates();
        score_in_time_order();
        apply_manual_awards();
        award_badges();
        Scores out = rank_people();
        rank_teams(out);
        return out;
    }

private:
    struct TipMarker {
        bool is_tag;
        std::string text;  // lower case; without '#' for a tag
    };

    // ---- set-up: who can score, and the rules turned into lookup tables -------------------------

    // People: the roster first (index i is roster member i), so a roster lookup is the person's
    // index; outsiders are added as they appear.
    void add_roster_people() {
        people_.reserve(state_.roster.people.size() + 64);
        used_.reserve((state_.roster.people.size() + 64) * dc_);
        posted_.reserve((state_.roster.people.size() + 64) * dc_);
        challenged_.reserve((state_.roster.people.size() + 64) * dc_);
        for (const auto& p : state_.roster.people) new_person(p.name, p.name, p.team, true);
    }

    size_t new_person(std::string key, std::string name, std::string team, bool in_roster) {
        Person p;
        p.key = std::move(key);
        p.score.name = std::move(name);
        p.score.team = std::move(team);
        p.score.in_roster = in_roster;
        people_.push_back(std::move(p));
        used_.resize(people_.size() * dc_, 0);
        posted_.resize(people_.size() * dc_, 0);
        challenged_.resize(people_.size() * dc_, 0);
        return people_.size() - 1;
    }

    // The person a post's author is: the roster member, else the outsider known by network and
    // handle (created on first sight).
    size_t person_of(const Post& post, std::string_view handle, long member) {
        if (member >= 0) return static_cast<size_t>(member);
        std::string key = outsider_key(post, handle);
        auto it = outsiders_.find(key);
        if (it != outsiders_.end()) return it->second;
        size_t i = new_person(key, display_name_of(post), "", false);
        outsiders_.emplace(std::move(key), i);
        return i;
    }

    // Banned authors are listed by handle as typed, so both the typed and the normalised form match.
    void read_excluded_authors() {
        for (const auto& x : rules_.excluded_authors) {
            excluded_.insert(normalise_handle(x));
            excluded_.insert(x);
        }
    }
    // Banned: by any of their handles (normalised) or, for roster members, by name on every network.
    [[nodiscard]] bool is_excluded(std::string_view handle, long member) const {
        return !excluded_.empty() &&
               (excluded_.count(std::string(handle)) ||
                (member >= 0 && excluded_.count(state_.roster.people[static_cast<size_t>(member)].name)));
    }

    // The challenge of each event day (its word in lower case, without '#') and the tip markers, in
    // the form the text scans compare against, so no post pays for normalising them.
    void read_challenges_and_markers() {
        challenge_on_.assign(dc_, nullptr);
        challenge_word_.assign(dc_, std::string());
        for (const auto& c : ev_.challenges) {
            auto d = (std::chrono::sys_days{c.date} - std::chrono::sys_days{days_.first}).count();
            if (d < 0 || d >= day_count_) continue;
            challenge_on_[static_cast<size_t>(d)] = &c;
            challenge_word_[static_cast<size_t>(d)] = ascii_lower(normalise_tag(c.tag));
        }
        for (const auto& m : rules_.tip_markers) {
            std::string t = trim(m);
            if (t.size() > 1 && t.front() == '#') markers_.push_back({true, ascii_lower(normalise_tag(t))});
            else if (!t.empty()) markers_.push_back({false, ascii_lower(t)});
        }
    }

    // Posts that drew a reply (by id), for the teacher badge: any approved reply counts, whoever
    // wrote it and whether or not it scores itself.
    void find_replied_posts() {
        for (const auto& r : state_.posts)
            if (r.post.is_reply && !r.post.in_reply_to_id.empty() && state_.visible_on_screens(r))
                replied_ids_.insert(r.post.in_reply_to_id);
    }

    // ---- giving points ------------------------------------------------------------------------------

    // Every point goes through here: the total and the time it was reached always; the item with
    // its reason only when explaining. `reason` is a callable so the hot path never builds text.
    template <class Reason>
    void record(size_t who, const char* rule, std::int64_t points, std::int64_t full, Instant at,
                const std::string* post_id, std::string cap, Reason&& reason) {
        PersonScore& s = people_[who].score;
        s.total += points;
        if (points != 0) s.reached_at = std::max(s.reached_at, at);
        if (!explain_) return;
        s.items.push_back({post_id ? *post_id : std::string(), rule, points, full, reason(), std::move(cap), at});
    }

    // Automatic points go through the person's daily cap (what is over it is given as 0, with the
    // cap named, so the person sees why).
    template <class Reason>
    void give(size_t who, int day, const char* rule, std::int64_t points, std::int64_t full, Instant at,
              const std::string* post_id, std::string cap, Reason&& reason) {
        if (rules_.daily_cap > 0) {
            std::int64_t& used_today = used_[who * dc_ + static_cast<size_t>(day)];
            std::int64_t room = std::max<std::int64_t>(0, rules_.daily_cap - used_today);
            if (points > room) {
                if (explain_) {
                    std::string daily = "daily cap of " + std::to_string(rules_.daily_cap) + " points on " +
                                        format_date(days_.date(day)) + " (" + std::to_string(points - room) +
                                        " not counted)";
                    cap = cap.empty() ? daily : cap + "; " + daily;
                }
                points = room;
            }
            used_today += points;
        }
        record(who, rule, points, full, at, post_id, std::move(cap), reason);
    }

    // ---- phase 1: gather counted posts ----------------------------------------------------------------

    // In journal order (sequential in memory): which approved posts count, what each one carries
    // (tip, challenge answer, reply, engagement), and which are left out for a reason the person can
    // be told. Nothing here depends on the order posts arrived in: everything that does (duplicates,
    // caps, once-a-day rules) waits for the pass in time order.
    void gather_counted_posts() {
        counted_.reserve(state_.posts.size());
        // Learning connections ride on this pass unless they were handed in (the post is in cache now).
        if (!known_connections_) collector_ = std::make_unique<ConnectionCollector>(state_);
        for (const auto& r : state_.posts) {
            const bool visible = state_.visible_on_screens(r);
            if (collector_) collector_->consider(r, visible);
            if (!visible) continue;  // rejected, pending, deleted: nothing, not even a note
            const Post& post = r.post;
            const std::string_view handle = normalised_view(post.author_handle, handle_buffer_);
            long member = index_.member_for(post, handle);
            if (is_excluded(handle, member)) continue;
            size_t who = person_of(post, handle, member);
            const bool tagged = carries_event_hashtag(post);
            int day = tagged ? days_.index(post.created_at) : -1;
            if (day < 0) {
                if (explain_) {
                    std::string id = post.id();
                    record(who, "not_counted", 0, 0, post.created_at, &id, "", [&] {
                        return tagged ? "not counted: posted outside the event (" + format_date(ev_.start) + " to " +
                                            format_date(ev_.end) + ", " + ev_.timezone + ")"
                                      : std::string("not counted: no event hashtag");
                    });
                }
                continue;
            }
            Counted c;
            c.record = &r;
            c.at = post.created_at;
            c.person = static_cast<std::uint32_t>(who);
            c.day = day;
            const KeyHash kh = key_hash(post.text);
            c.text_hash = kh.hash;
            c.too_short = kh.chars < rules_.min_length;
            const std::string& want = challenge_word_[static_cast<size_t>(day)];
            c.answers_challenge = !want.empty() && (has_tag(post.hashtags, want) || contains_word(post.text, want));
            find_tip_marker(post, c);
            c.engagement = post.like_count * rules_.like_points + post.repost_count * rules_.repost_points;
            if (post.is_reply) c.colleague = colleague_answered(post);
            counted_.push_back(std::move(c));
        }
    }

    // The network's own hashtag list when it gave one, else the tags written in the text.
    [[nodiscard]] bool carries_event_hashtag(const Post& post) const {
        bool tagged = false;
        if (post.hashtags.empty()) {
            for (const auto& t : extract_hashtags(post.text))
                for (const auto& et : ev_.hashtags) tagged = tagged || iequals(t, et);
        } else {
            for (const auto& et : ev_.hashtags) tagged = tagged || has_tag(post.hashtags, et);
        }
        return tagged;
    }

    // The first tip marker the post carries, and whether the tip drew a response (a like, a reply
    // counted by the network, or an approved reply we hold): the teacher badge counts those.
    void find_tip_marker(const Post& post, Counted& c) {
        for (size_t m = 0; m < markers_.size(); ++m) {
            const TipMarker& mk = markers_[m];
            bool hit = mk.is_tag ? has_tag(post.hashtags, mk.text) ||
                                       (post.hashtags.empty() && contains_word(post.text, "#" + mk.text))
                                 : contains_word(post.text, mk.text);
            if (hit) {
                c.marker = static_cast<int>(m);
                c.tip_responded = post.like_count > 0 || post.reply_count > 0;
                if (!c.tip_responded && !replied_ids_.empty()) {
                    id_buffer_.assign(post.source).append(":").append(post.native_id);  // post.id(), no allocation
                    c.tip_responded = replied_ids_.count(std::string_view(id_buffer_)) > 0;
                }
                return;
            }
        }
    }

    // Who a reply answered, or -1: the post replied to when we have it, else the handle the network
    // gave. Replying to a banned author connects nobody: they earn nothing, not even through others.
    long colleague_answered(const Post& post) {
        if (const PostRecord* target = post.in_reply_to_id.empty() ? nullptr : state_.find(post.in_reply_to_id)) {
            std::string_view th = normalised_view(target->post.author_handle, target_buffer_);
            long tm = index_.member_for(target->post, th);
            if (!is_excluded(th, tm)) return static_cast<long>(person_of(target->post, th, tm));
        } else if (!post.in_reply_to_handle.empty()) {
            Post stub;
            stub.source = post.source;
            stub.author_handle = post.in_reply_to_handle;
            std::string th = normalise_handle(stub.author_handle);
            long tm = index_.member_for(stub, th);
            if (!is_excluded(th, tm)) return static_cast<long>(person_of(stub, th, tm));
        }
        return -1;
    }

    // ---- phase 2: the order ---------------------------------------------------------------------------

    // By creation time, then network and native id: never ingest order, so the same journal, rules
    // and roster always give the same scores (who was first to a capped point, which copy is the
    // original).
    void sort_in_time_order() {
        std::sort(counted_.begin(), counted_.end(), [](const Counted& a, const Counted& b) {
            if (a.at != b.at) return a.at < b.at;
            const Post& x = a.record->post;
            const Post& y = b.record->post;
            if (x.source != y.source) return x.source < y.source;
            return x.native_id < y.native_id;
        });
    }

    // ---- phase 3: near-duplicates -------------------------------------------------------------------

    // The same text posted again by the same person scores once: group by (person, key hash) and
    // keep the earliest of each group. A hash match is confirmed on the keys themselves, so a
    // collision can never cost anyone a point. Too-short posts score nothing anyway and stay out.
    void mark_near_duplicates() {
        struct Slot {
            std::uint32_t person;
            std::uint32_t order;
            std::uint64_t hash;
        };
        std::vector<Slot> slots;
        slots.reserve(counted_.size());
        for (size_t i = 0; i < counted_.size(); ++i)
            if (!counted_[i].too_short)
                slots.push_back({counted_[i].person, static_cast<std::uint32_t>(i), counted_[i].text_hash});
        std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
            if (a.person != b.person) return a.person < b.person;
            if (a.hash != b.hash) return a.hash < b.hash;
            return a.order < b.order;
        });
        for (size_t g = 0; g < slots.size();) {
            size_t end = g + 1;
            while (end < slots.size() && slots[end].person == slots[g].person && slots[end].hash == slots[g].hash) ++end;
            if (end - g > 1) {
                // Rare: compare the real keys; the earliest post with each distinct key is the original.
                std::vector<std::pair<std::string, std::uint32_t>> firsts;
                for (size_t k = g; k < end; ++k) {
                    Counted& c = counted_[slots[k].order];
                    std::string key = duplicate_key(c.record->post.text);
                    auto it = std::find_if(firsts.begin(), firsts.end(), [&](const auto& f) { return f.first == key; });
                    if (it == firsts.end()) firsts.emplace_back(std::move(key), slots[k].order);
                    else c.duplicate_of = static_cast<int>(it->second);
                }
            }
            g = end;
        }
    }

    // ---- phase 4: points in time order ------------------------------------------------------------

    // Everything whose outcome depends on what came before: the daily cap (the first points of the
    // day fill it), one challenge bonus a day, one reply bonus per colleague a day, the streak once.
    void score_in_time_order() {
        for (const auto& c : counted_) {
            if (explain_) id_ = c.record->post.id();
            if (c.too_short) {
                if (explain_)
                    record(c.person, "not_counted", 0, 0, c.at, &id_, "", [&] {
                        return "not counted: shorter than " + std::to_string(rules_.min_length) +
                               " characters (hashtags and spacing not counted)";
                    });
                continue;
            }
            if (c.duplicate_of >= 0) {
                if (explain_)
                    record(c.person, "not_counted", 0, 0, c.at, &id_, "", [&] {
                        return "not counted: same text as " +
                               counted_[static_cast<size_t>(c.duplicate_of)].record->post.id() + " (scores once)";
                    });
                continue;
            }
            people_[c.person].score.counted_posts++;
            posted_[slot(c)] = 1;
            give(c.person, c.day, "post", rules_.post_points, rules_.post_points, c.at, &id_, "",
                 [] { return std::string("post with an event hashtag"); });
            give_challenge_bonus(c);
            give_tip_bonus(c);
            give_reply_points(c);
            give_engagement_points(c);
            give_streak_bonus(c);
            give_connection_points_until(c.at);
        }
        give_connection_points_until(Instant::max());
    }

    // ---- learning connections (docs/connections.md), interleaved in time order ---------------------

    // Connections made up to `until` (both lists are in time order), so the daily cap is filled in
    // the order things happened, whichever rule they come from.
    void give_connection_points_until(Instant until) {
        for (; next_connection_ < connections_->all.size(); ++next_connection_) {
            const Connection& cn = connections_->all[next_connection_];
            if (cn.at > until) return;
            give_connection_points(cn);
        }
    }

    // The person a connection's end is, as gather_counted_posts knows them (created on first sight).
    size_t person_of_end(const ConnectionEnd& e) {
        if (e.member >= 0) return static_cast<size_t>(e.member);
        if (auto it = outsiders_.find(e.key); it != outsiders_.end()) return it->second;
        size_t i = new_person(e.key, e.real_name, "", false);
        outsiders_.emplace(e.key, i);
        return i;
    }

    // Teaching credit to the person learned from; the cross-team bonus to the learner who reached
    // another team. A connection a guardrail stopped shows on the teacher's side with the reason.
    void give_connection_points(const Connection& cn) {
        const size_t teacher = person_of_end(cn.to);
        if (!cn.counted) {
            if (explain_)
                record(teacher, "not_counted", 0, 0, cn.at, &cn.post_id, "", [&] {
                    return "connection from " + cn.from.real_name + " not counted: " + cn.reason;
                });
            return;
        }
        const size_t learner = person_of_end(cn.from);
        // The "connector" badge counts colleagues connected with either way (as for replies, only people
        // who rank): thanking, quoting or crediting someone connects both, not only a reply.
        if (learner != teacher) {
            if (people_[teacher].score.in_roster || everyone_ranks_) people_[learner].colleagues.insert(teacher);
            if (people_[learner].score.in_roster || everyone_ranks_) people_[teacher].colleagues.insert(learner);
        }
        if (rules_.teaching_points > 0)
            give(teacher, cn.day, "teaching", rules_.teaching_points, rules_.teaching_points, cn.at, &cn.post_id, "",
                 [&] { return cn.from.real_name + " learned from you (" + to_string(cn.kind) + ")"; });
        if (rules_.cross_team_bonus > 0 && !cn.from.team.empty() && !cn.to.team.empty() && cn.from.team != cn.to.team)
            give(learner, cn.day, "cross_team", rules_.cross_team_bonus, rules_.cross_team_bonus, cn.at, &cn.post_id, "",
                 [&] { return "learned from " + cn.to.real_name + " in another team (" + cn.to.team + ")"; });
    }

    // This person's slot for the post's day in the per-person, per-day tables.
    [[nodiscard]] size_t slot(const Counted& c) const { return c.person * dc_ + static_cast<size_t>(c.day); }

    // The first post of the day that answers that day's challenge earns its bonus; later ones do not.
    void give_challenge_bonus(const Counted& c) {
        const size_t day = slot(c);
        if (!c.answers_challenge || challenged_[day]) return;
        const Challenge* challenge = challenge_on_[static_cast<size_t>(c.day)];
        challenged_[day] = 1;
        people_[c.person].score.challenges++;
        give(c.person, c.day, "challenge", challenge->bonus, challenge->bonus, c.at, &id_, "", [&] {
            return "answered the challenge of " + format_date(challenge->date) + " \"" + challenge->title + "\" (" +
                   challenge->tag + ")";
        });
    }

    // Every tip counts towards the tips and teacher badges; the bonus only when the rules give one.
    void give_tip_bonus(const Counted& c) {
        if (c.marker < 0) return;
        Person& p = people_[c.person];
        const TipMarker& m = markers_[static_cast<size_t>(c.marker)];
        p.score.tips++;
        if (c.tip_responded) p.tips_with_response++;
        if (rules_.tip_bonus > 0)
            give(c.person, c.day, "tip", rules_.tip_bonus, rules_.tip_bonus, c.at, &id_, "",
                 [&] { return "shared a tip (marked " + (m.is_tag ? "#" + m.text : "\"" + m.text + "\"") + ")"; });
    }

    // A reply to someone else who ranks (a roster member, or anyone when everyone ranks) pays both
    // sides once per pair and day, so a back-and-forth thread cannot farm points.
    void give_reply_points(const Counted& c) {
        if (c.colleague < 0 || static_cast<size_t>(c.colleague) == c.person) return;
        const size_t q = static_cast<size_t>(c.colleague);
        bool counts = people_[q].score.in_roster || everyone_ranks_;
        if (!counts || !reply_pairs_.insert(pair_key(c.person, q, c.day)).second) return;
        Person& p = people_[c.person];
        p.colleagues.insert(q);
        if (rules_.reply_points > 0)
            give(c.person, c.day, "reply", rules_.reply_points, rules_.reply_points, c.at, &id_, "",
                 [&] { return "replied to a colleague (" + people_[q].score.name + ")"; });
        if (rules_.replied_points > 0)
            give(q, c.day, "replied", rules_.replied_points, rules_.replied_points, c.at, &id_, "",
                 [&] { return "a colleague (" + p.score.name + ") replied to you"; });
    }

    // (replier, colleague, day) packed: people < 2^24, days < 2^16.
    static std::uint64_t pair_key(size_t replier, size_t colleague, int day) {
        return (static_cast<std::uint64_t>(replier) << 40) | (static_cast<std::uint64_t>(colleague) << 16) |
               static_cast<std::uint64_t>(day);
    }

    // Likes and reposts, capped per post so one viral post cannot decide the week.
    void give_engagement_points(const Counted& c) {
        if (c.engagement <= 0) return;
        std::int64_t points = c.engagement;
        std::string cap;
        if (rules_.engagement_cap > 0 && c.engagement > rules_.engagement_cap) {
            points = rules_.engagement_cap;
            if (explain_) cap = "engagement cap of " + std::to_string(rules_.engagement_cap) + " points a post";
        }
        give(c.person, c.day, "engagement", points, c.engagement, c.at, &id_, std::move(cap), [&] {
            const Post& post = c.record->post;
            return plural(post.like_count, "like", "likes") + " and " + plural(post.repost_count, "repost", "reposts");
        });
    }

    // Once, on the post that makes the streak: outside the daily cap (it rewards the week, not a day).
    void give_streak_bonus(const Counted& c) {
        Person& p = people_[c.person];
        if (rules_.streak_bonus <= 0 || p.streak_given) return;
        const auto first_day = posted_.begin() + static_cast<long>(c.person * dc_);
        std::int64_t active = std::count(first_day, first_day + static_cast<long>(dc_), 1);
        if (active < rules_.streak_days) return;
        p.streak_given = true;
        record(c.person, "streak", rules_.streak_bonus, rules_.streak_bonus, c.at, nullptr, "", [&] {
            return "posted on " + std::to_string(rules_.streak_days) + " different event days";
        });
    }

    // ---- phase 5: manual awards -------------------------------------------------------------------

    // Organisers' awards and penalties: outside every cap, always with who and why. A name that is
    // not in the roster still gets its award, as a person of its own.
    void apply_manual_awards() {
        std::unordered_map<std::string, size_t> award_only;
        for (const auto& a : state_.awards) {
            long member = index_.name(a.person);
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
    }

    // ---- phase 6: badges ------------------------------------------------------------------------------

    // Badges read the counts the earlier phases kept (tips, challenges, active days, tips that drew
    // a response, colleagues answered); they are labels and give no points. Items are put in time
    // order here, once every phase (awards included) has added its own.
    void award_badges() {
        const std::int64_t challenge_count = static_cast<std::int64_t>(ev_.challenges.size());
        for (size_t pi = 0; pi < people_.size(); ++pi) {
            Person& p = people_[pi];
            PersonScore& s = p.score;
            if (explain_)
                std::stable_sort(s.items.begin(), s.items.end(),
                                 [](const ScoreItem& a, const ScoreItem& b) { return a.at < b.at; });
            const auto first_day = posted_.begin() + static_cast<long>(pi * dc_);
            s.days = static_cast<int>(std::count(first_day, first_day + static_cast<long>(dc_), 1));
            for (const auto& b : rules_.badges) {
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
        }
    }

    // ---- phase 7: ranks ---------------------------------------------------------------------------------

    [[nodiscard]] bool ranks(const PersonScore& p) const { return everyone_ranks_ || p.in_roster; }

    // The published tie-break: more points first; at equal points whoever reached the score first;
    // then by name; the key (network and handle) only separates namesakes, so the order never
    // depends on the order posts arrived in. Outsiders follow, unranked, when only the roster ranks.
    Scores rank_people() {
        Scores out;
        out.people.reserve(people_.size());
        std::vector<size_t> order(people_.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](size_t i, size_t j) {
            const Person &x = people_[i], &y = people_[j];
            const PersonScore &a = x.score, &b = y.score;
            if (ranks(a) != ranks(b)) return ranks(a);
            if (a.total != b.total) return a.total > b.total;
            if (a.reached_at != b.reached_at) return a.reached_at < b.reached_at;
            if (a.name != b.name) return a.name < b.name;
            return x.key < y.key;
        });
        for (size_t i : order) out.people.push_back(std::move(people_[i].score));
        int rank = 0;
        for (auto& p : out.people)
            if (ranks(p)) p.rank = ++rank;
        return out;
    }

    // ---- phase 8: teams ---------------------------------------------------------------------------------

    // Roster members only; every member counts towards the average, active or not (a team cannot
    // climb by leaving its quiet members out).
    void rank_teams(Scores& out) const {
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
            if (rules_.team_score == "average" && t.members > 0) {
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
    }

    // ---- state shared by the phases ------------------------------------------------------------------
    const Connections* known_connections_;
    const State& state_;
    const Event& ev_;
    const ScoringRules& rules_;
    const bool explain_;
    const RosterIndex index_;
    const EventDays days_;
    const int day_count_;
    const size_t dc_;  // days per person in the flat tables below
    const bool everyone_ranks_;

    std::vector<Person> people_;
    std::unordered_map<std::string, size_t> outsiders_;
    // Per person and event day, flat (person * day_count + day): automatic points given (daily cap),
    // a counted post, the challenge answered.
    std::vector<std::int64_t> used_;
    std::vector<char> posted_, challenged_;

    std::unordered_set<std::string> excluded_;
    std::vector<const Challenge*> challenge_on_;
    std::vector<std::string> challenge_word_;  // lower case, without '#'
    std::vector<TipMarker> markers_;
    std::unordered_set<std::string_view> replied_ids_;

    std::vector<Counted> counted_;
    std::unique_ptr<ConnectionCollector> collector_;
    Connections own_connections_;
    const Connections* connections_ = nullptr;
    size_t next_connection_ = 0;
    std::unordered_set<std::uint64_t> reply_pairs_;  // (replier, colleague, day) already paid
    // Reused buffers, so the pass over 100,000 posts allocates nothing per post.
    std::string handle_buffer_, target_buffer_, id_buffer_;
    std::string id_;  // the current post's id, only when explaining
};

}  // namespace

Scores compute_scores(const State& state, ScoreDetail detail) { return ScoringRun(state, detail).run(); }
Scores compute_scores(const State& state, ScoreDetail detail, const Connections& connections) {
    return ScoringRun(state, detail, &connections).run();
}

const PersonScore* Scores::find(const std::string& name) const {
    for (const auto& p : people)
        if (p.name == name) return &p;
    const PersonScore* only = nullptr;
    for (const auto& p : people)
        if (equals_folded(p.name, name)) {
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
