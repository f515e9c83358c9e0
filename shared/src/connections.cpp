// Learning connections (docs/connections.md): candidates from replies to tips, thanks markers before
// @mentions, quote-posts and credited manual tips, resolved through the roster like scores, then the
// guardrails in time order. Hot path: one memchr per post that is neither a reply, a quote nor a
// credit; only candidates allocate.
#include "learnwall/connections.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "learnwall/scoring.hpp"
#include "learnwall/text.hpp"

namespace lw {

std::string to_string(ConnectionKind k) {
    switch (k) {
        case ConnectionKind::credit: return "credit";
        case ConnectionKind::quote: return "quote";
        case ConnectionKind::thanks: return "thanks";
        case ConnectionKind::reply: return "reply";
    }
    return "thanks";
}

int Connections::total() const {
    return static_cast<int>(std::count_if(all.begin(), all.end(), [](const Connection& c) { return c.counted; }));
}

double Connections::cross_team_share() const {
    int n = 0, cross = 0;
    for (const auto& c : all) {
        if (!c.counted) continue;
        ++n;
        if (c.cross_team()) ++cross;
    }
    return n == 0 ? 0.0 : static_cast<double>(cross) / n;
}

namespace {

char conn_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// `hay[at, at + needle.size())` equals `needle` (lower case), ASCII case ignored.
bool conn_matches_at(std::string_view hay, size_t at, std::string_view needle) {
    if (at + needle.size() > hay.size()) return false;
    for (size_t k = 0; k < needle.size(); ++k)
        if (conn_lower(hay[at + k]) != needle[k]) return false;
    return true;
}

// `needle` (lower case) in `hay` at word boundaries, ASCII case ignored.
bool conn_contains_phrase(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return false;
    for (size_t pos = 0; pos + needle.size() <= hay.size(); ++pos) {
        if (!conn_matches_at(hay, pos, needle)) continue;
        const bool left = pos == 0 || !is_word_byte(static_cast<unsigned char>(hay[pos - 1])) ||
                          !is_word_byte(static_cast<unsigned char>(needle.front()));
        const size_t end = pos + needle.size();
        const bool right = end >= hay.size() || !is_word_byte(static_cast<unsigned char>(hay[end])) ||
                           !is_word_byte(static_cast<unsigned char>(needle.back()));
        if (left && right) return true;
    }
    return false;
}

bool handle_byte(unsigned char c) { return is_word_byte(c) || c == '.' || c == '-'; }

// Only separators between two mentions ("@a and @b", "@a, @b", "@a & @b"): the second is credited too.
bool conn_only_separators(std::string_view between) {
    std::string word;
    for (size_t i = 0; i <= between.size(); ++i) {
        const char c = i < between.size() ? between[i] : ' ';
        if (c == ' ' || c == ',' || c == '&' || c == '\n' || c == '\t') {
            if (!word.empty() && word != "and" && word != "et" && word != "und" && word != "y" && word != "e" &&
                word != "en")
                return false;
            word.clear();
        } else {
            word += conn_lower(c);
        }
    }
    return true;
}

}  // namespace

std::vector<std::string> credited_mentions(std::string_view text, const std::vector<std::string>& markers) {
    std::vector<std::string> out;
    size_t chain_end = std::string_view::npos;  // end of the last credited mention
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '@') continue;
        if (i > 0 && is_word_byte(static_cast<unsigned char>(text[i - 1]))) continue;  // an e-mail address
        size_t j = i + 1;
        bool second_at = false;
        while (j < text.size() && (handle_byte(static_cast<unsigned char>(text[j])) ||
                                   (!second_at && text[j] == '@' && j + 1 < text.size() &&
                                    handle_byte(static_cast<unsigned char>(text[j + 1]))))) {
            if (text[j] == '@') second_at = true;
            ++j;
        }
        while (j > i + 1 && (text[j - 1] == '.' || text[j - 1] == '-')) --j;  // "thanks @ana." ends the sentence
        if (j == i + 1) continue;
        const std::string_view handle = text.substr(i + 1, j - i - 1);
        bool credited = chain_end != std::string_view::npos && conn_only_separators(text.substr(chain_end, i - chain_end));
        if (!credited) {
            size_t k = i;  // the marker ends here, before spaces, ':' or ','
            while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == ':' || text[k - 1] == ',' || text[k - 1] == '\t')) --k;
            for (const auto& m : markers) {
                if (m.empty() || m.size() > k) continue;
                const size_t start = k - m.size();
                if (!conn_matches_at(text, start, m)) continue;
                if (start > 0 && is_word_byte(static_cast<unsigned char>(text[start - 1])) &&
                    is_word_byte(static_cast<unsigned char>(m.front())))
                    continue;  // "trivia @x" is not "via @x"
                credited = true;
                break;
            }
        }
        if (credited) {
            std::string h = normalise_handle(handle);
            if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(std::move(h));
            chain_end = j;
        } else {
            chain_end = std::string_view::npos;
        }
        i = j - 1;
    }
    return out;
}

namespace {

// One computation: the roster index, the event days and the banned list, built once.
class ConnectionRun {
public:
    explicit ConnectionRun(const State& state) : state_(state), rules_(state.event.scoring), matcher_(state.roster) {
        const Event& ev = state.event;
        for (auto d = std::chrono::sys_days{ev.start}; d <= std::chrono::sys_days{ev.end} + std::chrono::days{1};
             d += std::chrono::days{1}) {
            auto s = start_of_local_day(Date{d}, ev.timezone);
            day_starts_.push_back(s ? *s : Instant{std::chrono::duration_cast<std::chrono::milliseconds>(d.time_since_epoch())});
        }
        for (const auto& x : rules_.excluded_authors) {
            excluded_.insert(normalise_handle(x));
            excluded_.insert(x);
        }
        for (const auto& m : rules_.connection_markers) {
            std::string t = ascii_lower(trim(m));
            if (!t.empty()) markers_.push_back(std::move(t));
        }
        for (const auto& m : rules_.tip_markers) {
            std::string t = trim(m);
            if (t.size() > 1 && t.front() == '#') {
                tip_tags_.push_back(ascii_lower(normalise_tag(t)));
                hashed_tip_tags_.push_back("#" + tip_tags_.back());
            }
            else if (!t.empty()) tip_words_.push_back(ascii_lower(t));
        }
    }

    Connections run() {
        for (const auto& r : state_.posts) consider(r, state_.visible_on_screens(r));
        return finish();
    }

    // One post, in journal order; `visible` is State::visible_on_screens of it (the caller may know).
    void consider(const PostRecord& r, bool visible) {
        {
            const Post& p = r.post;
            const bool maybe = p.is_reply || !p.quote_of_id.empty() || !p.quote_of_handle.empty() || !p.credit.empty() ||
                               std::memchr(p.text.data(), '@', p.text.size()) != nullptr;
            if (!maybe || !visible) return;
            const int day = day_of(p.created_at);
            if (day < 0) return;
            // The author is looked up only once a candidate names someone (most replies answer no tip).
            std::optional<ConnectionEnd> from;
            bool from_excluded = false;
            std::vector<Connection> mine;
            auto add = [&](ConnectionKind kind, std::optional<ConnectionEnd> to) {
                if (!to || from_excluded) return;
                if (!from) {
                    from = end_of(p);
                    if ((from_excluded = excluded(*from, p))) return;
                }
                for (const auto& c : mine)
                    if (same_person(c.to, *to)) return;  // one connection per person learned from
                Connection c;
                c.from = *from;
                c.to = std::move(*to);
                c.kind = kind;
                c.post_id = p.id();
                c.at = p.created_at;
                c.day = day;
                mine.push_back(std::move(c));
            };
            if (!p.credit.empty()) add(ConnectionKind::credit, credited_person(p.credit));
            if (!p.quote_of_id.empty() || !p.quote_of_handle.empty()) add(ConnectionKind::quote, target_of(p.quote_of_id, p.quote_of_handle, p.source, false));
            if (std::memchr(p.text.data(), '@', p.text.size()))
                for (const auto& h : credited_mentions(p.text, markers_)) add(ConnectionKind::thanks, mentioned(p.source, h, p.author_handle));
            if (p.is_reply && !p.in_reply_to_id.empty()) add(ConnectionKind::reply, target_of(p.in_reply_to_id, "", p.source, true));
            for (auto& c : mine) found_.push_back(std::move(c));
        }
    }

    Connections finish() {
        std::vector<Connection> found = std::move(found_);
        std::sort(found.begin(), found.end(), [](const Connection& a, const Connection& b) {
            if (a.at != b.at) return a.at < b.at;
            if (a.post_id != b.post_id) return a.post_id < b.post_id;
            return a.to.key < b.to.key;
        });
        apply_guardrails(found);
        return Connections{std::move(found)};
    }

private:
    [[nodiscard]] int day_of(Instant t) const {
        if (day_starts_.size() < 2 || t < day_starts_.front() || t >= day_starts_.back()) return -1;
        return static_cast<int>(std::upper_bound(day_starts_.begin(), day_starts_.end(), t) - day_starts_.begin()) - 1;
    }

    static bool same_person(const ConnectionEnd& a, const ConnectionEnd& b) {
        return a.member >= 0 ? a.member == b.member : (b.member < 0 && a.key == b.key);
    }

    [[nodiscard]] bool excluded(const ConnectionEnd& e, const Post& p) const {
        if (excluded_.empty()) return false;
        return excluded_.count(normalise_handle(p.author_handle)) || (e.member >= 0 && excluded_.count(e.real_name));
    }

    // The person who wrote `p`, as scores know them.
    ConnectionEnd end_of(const Post& p) const {
        ConnectionEnd e;
        if (const Participant* m = matcher_.member_for(p)) return member_end(*m);
        e.key = outsider_person_key(p);
        e.real_name = outsider_display_name(p);
        e.name = e.real_name;
        return e;
    }
    ConnectionEnd member_end(const Participant& m) const {
        ConnectionEnd e;
        e.member = static_cast<long>(&m - state_.roster.people.data());
        e.key = m.name;
        e.real_name = m.name;
        e.team = m.team;
        e.opt_out = m.opt_out;
        e.name = m.opt_out.empty() ? m.name : "a colleague";  // as the board shows opted-out people
        return e;
    }

    // A post replied to or quoted: its author when we hold it (for a reply, only when it is a tip
    // screens may show), else the handle the network gave (quotes only).
    std::optional<ConnectionEnd> target_of(const std::string& id, const std::string& handle, const std::string& source,
                                           bool must_be_tip) const {
        if (const PostRecord* t = id.empty() ? nullptr : state_.find(id)) {
            if (must_be_tip && (!state_.visible_on_screens(*t) || !is_tip(t->post))) return std::nullopt;
            ConnectionEnd e = end_of(t->post);
            if (excluded(e, t->post)) return std::nullopt;
            return e;
        }
        if (must_be_tip || handle.empty()) return std::nullopt;
        return mentioned(source, normalise_handle(handle));
    }

    // A handle on a network: the roster member, else an outsider known by network and handle.
    // A Mastodon mention reads "@ana" in the text for someone on the author's own server: it is
    // tried as ana@<the author's server> first.
    std::optional<ConnectionEnd> mentioned(const std::string& source, const std::string& handle,
                                           const std::string& author_handle = "") const {
        Post stub;
        // user@host is a fediverse handle whatever network the post came from ("thanks @ana@social.example"
        // on Bluesky names Ana's Mastodon account).
        stub.source = handle.find('@') != std::string::npos && source != "manual" ? std::string("mastodon") : source;
        stub.author_handle = handle;
        if (stub.source == "mastodon" && handle.find('@') == std::string::npos) {
            const auto at = author_handle.rfind('@');
            if (at != std::string::npos && at + 1 < author_handle.size())
                stub.author_handle = normalise_handle(handle + author_handle.substr(at));
        }
        const Participant* m = matcher_.member_for(stub);
        if (!m && stub.source == "mastodon" && stub.author_handle.find('@') != std::string::npos) {
            const std::string full = stub.author_handle;
            stub.author_handle = full.substr(0, full.find('@'));  // @ana@host: the roster may hold "ana"
            m = matcher_.member_for(stub);
            stub.author_handle = full;
        }
        ConnectionEnd e = m ? member_end(*m) : end_of(stub);
        if (excluded(e, stub)) return std::nullopt;
        return e;
    }

    // post add --credit NAME: a roster name, e-mail or handle, else someone of that name.
    std::optional<ConnectionEnd> credited_person(const std::string& name) const {
        Post stub;
        stub.source = "manual";
        stub.author_display_name = trim(name);
        if (stub.author_display_name.empty()) return std::nullopt;
        ConnectionEnd e = end_of(stub);
        if (excluded(e, stub)) return std::nullopt;
        return e;
    }

    [[nodiscard]] bool is_tip(const Post& p) const {
        for (size_t i = 0; i < tip_tags_.size(); ++i) {
            for (const auto& h : p.hashtags)
                if (h.size() == tip_tags_[i].size() && conn_matches_at(h, 0, tip_tags_[i])) return true;
            if (p.hashtags.empty() && conn_contains_phrase(p.text, hashed_tip_tags_[i])) return true;
        }
        for (const auto& w : tip_words_)
            if (conn_contains_phrase(p.text, w)) return true;
        return false;
    }

    // In time order: self-credit, one per pair and day, mutual thanks once, the learner's daily cap.
    void apply_guardrails(std::vector<Connection>& all) const {
        // People as small integers: roster members by index, outsiders numbered after them.
        std::unordered_map<std::string, std::uint64_t> outsider_ids;
        const std::uint64_t roster_size = state_.roster.people.size();
        auto id_of = [&](const ConnectionEnd& e) -> std::uint64_t {
            if (e.member >= 0) return static_cast<std::uint64_t>(e.member);
            return outsider_ids.try_emplace(e.key, roster_size + outsider_ids.size()).first->second;
        };
        // (from, to, day) packed: people < 2^24, days < 2^16.
        auto pair_key = [](std::uint64_t f, std::uint64_t t, int day) {
            return (f << 40) | (t << 16) | static_cast<std::uint64_t>(day);
        };
        std::unordered_set<std::uint64_t> pairs;                  // counted (from, to, day)
        std::unordered_map<std::uint64_t, std::int64_t> per_day;  // learner's counted connections a day
        for (auto& c : all) {
            const std::uint64_t f = id_of(c.from), t = id_of(c.to);
            if (f == t) {
                c.counted = false;
                c.reason = "self-credit ignored";
                continue;
            }
            if (pairs.count(pair_key(f, t, c.day))) {
                c.counted = false;
                c.reason = "one credit per pair per day: " + c.from.name + " already credited " + c.to.name + " that day";
                continue;
            }
            if (pairs.count(pair_key(t, f, c.day))) {
                c.counted = false;
                c.reason = "mutual thanks counted once: " + c.to.name + " already credited " + c.from.name + " that day";
                continue;
            }
            std::int64_t& used = per_day[pair_key(f, 0, c.day)];
            if (rules_.connection_daily_cap > 0 && used >= rules_.connection_daily_cap) {
                c.counted = false;
                c.reason = "daily cap of " + std::to_string(rules_.connection_daily_cap) + " connections for " +
                           c.from.name + " reached";
                continue;
            }
            ++used;
            pairs.insert(pair_key(f, t, c.day));
        }
    }

    const State& state_;
    const ScoringRules& rules_;
    const RosterMatcher matcher_;
    std::vector<Instant> day_starts_;
    std::unordered_set<std::string> excluded_;
    std::vector<std::string> markers_, tip_tags_, hashed_tip_tags_, tip_words_;
    std::vector<Connection> found_;
};

}  // namespace

Connections compute_connections(const State& state) { return ConnectionRun(state).run(); }

struct ConnectionCollector::Run : ConnectionRun {
    using ConnectionRun::ConnectionRun;
};
ConnectionCollector::ConnectionCollector(const State& state) : run_(std::make_unique<Run>(state)) {}
ConnectionCollector::~ConnectionCollector() = default;
void ConnectionCollector::consider(const PostRecord& r, bool visible) { run_->consider(r, visible); }
Connections ConnectionCollector::finish() { return run_->finish(); }

std::vector<PersonLink> people_links(const Connections& c) {
    std::map<std::pair<std::string, std::string>, PersonLink> m;
    std::map<std::pair<std::string, std::string>, unsigned> kinds;
    for (const auto& x : c.all) {
        if (!x.counted) continue;
        PersonLink& l = m[{x.from.name, x.to.name}];
        l.from = x.from.name;
        l.to = x.to.name;
        l.from_team = x.from.team;
        l.to_team = x.to.team;
        ++l.count;
        kinds[{x.from.name, x.to.name}] |= 1u << static_cast<unsigned>(x.kind);
    }
    std::vector<PersonLink> out;
    for (auto& [k, l] : m) {
        for (ConnectionKind kind : {ConnectionKind::credit, ConnectionKind::quote, ConnectionKind::thanks, ConnectionKind::reply})
            if (kinds[k] & (1u << static_cast<unsigned>(kind))) l.kinds.push_back(to_string(kind));
        out.push_back(std::move(l));
    }
    std::stable_sort(out.begin(), out.end(), [](const PersonLink& a, const PersonLink& b) { return a.count > b.count; });
    return out;
}

std::vector<TeamLink> team_links(const Connections& c) {
    std::map<std::pair<std::string, std::string>, int> m;
    for (const auto& x : c.all)
        if (x.counted) ++m[{x.from.team, x.to.team}];
    std::vector<TeamLink> out;
    for (const auto& [k, n] : m) out.push_back({k.first, k.second, n});
    std::stable_sort(out.begin(), out.end(), [](const TeamLink& a, const TeamLink& b) { return a.count > b.count; });
    return out;
}

}  // namespace lw
