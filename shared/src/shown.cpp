// Proof of display: the kiosk's record, the X-Learnwall-Shown header and the hub's count (learnwall/shown.hpp,
// docs/proof-of-display.md). Everything that reads the header treats it as hostile: it comes from whoever
// can reach nginx.
#include "learnwall/shown.hpp"

#include <algorithm>
#include <charconv>

#include "learnwall/scoring.hpp"
#include "learnwall/screens.hpp"
#include "learnwall/store.hpp"

namespace lw {

namespace {

bool shown_id_char_plain(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '-';
}

std::string shown_encode_id(std::string_view id) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : id) {
        if (shown_id_char_plain(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

int shown_hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;  // lower-case hex is not what encode writes: strict
}

std::optional<std::string> shown_decode_id(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            int hi = shown_hex_value(s[i + 1]), lo = shown_hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            const unsigned char b = static_cast<unsigned char>(hi * 16 + lo);
            if (shown_id_char_plain(b)) return std::nullopt;  // one spelling per id: plain bytes stay plain
            out += static_cast<char>(b);
            i += 2;
        } else if (shown_id_char_plain(c)) {
            out += static_cast<char>(c);
        } else {
            return std::nullopt;
        }
    }
    if (out.empty() || out.size() > kShownMaxIdBytes) return std::nullopt;
    return out;
}

// A non-negative decimal without sign, leading zeros (but "0") or junk, within [0, max].
std::optional<std::int64_t> shown_number(std::string_view s, std::int64_t max) {
    if (s.empty() || s.size() > 12 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > max) return std::nullopt;
    return v;
}

constexpr std::int64_t kShownMaxUnix = 253'402'300'799;  // 9999-12-31T23:59:59Z

}  // namespace

std::string encode_shown(const ShownBatch& batch) {
    if (batch.empty()) return {};
    std::int64_t base = 0;
    bool have_base = false;
    for (const auto& e : batch.entries)
        if (!have_base || e.first_unix < base) base = e.first_unix, have_base = true;
    std::string out = "1 " + std::to_string(base);
    for (const auto& e : batch.entries)
        out += " " + shown_encode_id(e.post_id) + "@" + std::to_string(e.first_unix - base) + "+" +
               std::to_string(std::clamp<std::int64_t>(e.seconds, 0, kShownMaxSeconds));
    if (batch.dropped > 0) out += " dropped=" + std::to_string(batch.dropped);
    return out;
}

Result<ShownBatch> decode_shown(std::string_view field) {
    if (field.size() > kShownHeaderMaxBytes)
        return fail("longer than " + std::to_string(kShownHeaderMaxBytes) + " bytes");
    std::vector<std::string_view> tokens;
    while (!field.empty()) {
        auto sp = field.find(' ');
        std::string_view t = field.substr(0, sp);
        if (t.empty()) return fail("two spaces in a row (or a space at an end)");
        tokens.push_back(t);
        if (sp == std::string_view::npos) break;
        field.remove_prefix(sp + 1);
        if (field.empty()) return fail("a space at the end");
    }
    if (tokens.size() < 2) return fail("expected \"1 BASE id@OFFSET+SECONDS ...\"");
    if (tokens[0] != "1") return fail("version \"" + std::string(tokens[0].substr(0, 8)) + "\" is not 1");
    auto base = shown_number(tokens[1], kShownMaxUnix);
    if (!base) return fail("base \"" + std::string(tokens[1].substr(0, 16)) + "\" is not Unix seconds");
    ShownBatch out;
    for (std::size_t i = 2; i < tokens.size(); ++i) {
        std::string_view t = tokens[i];
        const std::string shown_token = std::string(t.substr(0, 40));
        if (t.rfind("dropped=", 0) == 0) {
            auto n = shown_number(t.substr(8), 1'000'000'000);
            if (!n || i + 1 != tokens.size()) return fail("token " + std::to_string(i + 1) + " \"" + shown_token + "\": bad dropped count");
            out.dropped = *n;
            continue;
        }
        if (out.entries.size() >= kShownMaxPostsPerPoll)
            return fail("more than " + std::to_string(kShownMaxPostsPerPoll) + " posts");
        auto at = t.rfind('@');
        auto plus = t.rfind('+');
        if (at == std::string_view::npos || plus == std::string_view::npos || plus < at)
            return fail("token " + std::to_string(i + 1) + " \"" + shown_token + "\": expected id@OFFSET+SECONDS");
        auto id = shown_decode_id(t.substr(0, at));
        if (!id) return fail("token " + std::to_string(i + 1) + " \"" + shown_token + "\": bad post id");
        auto off = shown_number(t.substr(at + 1, plus - at - 1), 7 * kShownMaxSeconds);
        auto secs = shown_number(t.substr(plus + 1), kShownMaxSeconds);
        if (!off || !secs || *base + *off > kShownMaxUnix)
            return fail("token " + std::to_string(i + 1) + " \"" + shown_token + "\": bad offset or seconds");
        out.entries.push_back({std::move(*id), *base + *off, *secs});
    }
    return out;
}

ShownRecord::Pending* ShownRecord::slot(const std::string& id, std::int64_t first_unix) {
    auto it = posts_.find(id);
    if (it != posts_.end()) {
        it->second.first_unix = std::min(it->second.first_unix, first_unix);
        return &it->second;
    }
    if (posts_.size() >= kShownKeepPosts || id.empty() || id.size() > kShownMaxIdBytes) {
        ++dropped_;
        return nullptr;
    }
    return &posts_.emplace(id, Pending{first_unix, 0}).first->second;
}

void ShownRecord::tick(std::int64_t steady_ms) {
    const std::int64_t spent = std::max<std::int64_t>(0, steady_ms - since_ms_);
    since_ms_ = steady_ms;
    if (spent == 0) return;
    for (const auto& id : current_)
        if (auto it = posts_.find(id); it != posts_.end()) it->second.ms += spent;
}

void ShownRecord::on_screen(const std::vector<std::string>& post_ids, std::int64_t steady_ms, std::int64_t unix_s) {
    tick(steady_ms);
    current_.clear();
    for (const auto& id : post_ids) {
        if (std::find(current_.begin(), current_.end(), id) != current_.end()) continue;  // drawn twice: once
        if (slot(id, unix_s)) current_.push_back(id);
    }
}

ShownBatch ShownRecord::take(std::int64_t unix_s) {
    // Oldest first drawing first, so an outage's backlog drains in the order it happened.
    std::vector<std::map<std::string, Pending>::iterator> ready;
    for (auto it = posts_.begin(); it != posts_.end(); ++it)
        if (it->second.ms >= 1000) ready.push_back(it);
    std::sort(ready.begin(), ready.end(), [](const auto& a, const auto& b) {
        return a->second.first_unix != b->second.first_unix ? a->second.first_unix < b->second.first_unix
                                                            : a->first < b->first;
    });
    ShownBatch out;
    out.dropped = dropped_;
    std::size_t bytes = 2 + 12 + 1 + 20;  // version, base, " dropped=N"
    for (auto it : ready) {
        if (out.entries.size() >= kShownMaxPostsPerPoll) break;
        // Offsets are bounded (a week) by the decoder: a record that old waits for a later batch.
        if (!out.entries.empty() && it->second.first_unix - out.entries.front().first_unix >= 7 * kShownMaxSeconds) break;
        const std::int64_t secs = std::min(it->second.ms / 1000, kShownMaxSeconds);
        const std::size_t cost = 1 + shown_encode_id(it->first).size() + 1 + 7 + 1 + 6;
        if (bytes + cost > kShownHeaderMaxBytes) break;
        bytes += cost;
        out.entries.push_back({it->first, it->second.first_unix, secs});
        it->second.ms -= secs * 1000;
    }
    for (const auto& e : out.entries) {
        // A post still on screen keeps counting in the next batch, from now: keep its slot.
        auto it = posts_.find(e.post_id);
        if (std::find(current_.begin(), current_.end(), e.post_id) == current_.end() && it->second.ms == 0)
            posts_.erase(it);
        else
            it->second.first_unix = std::max(it->second.first_unix, unix_s);
    }
    dropped_ = 0;
    return out;
}

void ShownRecord::put_back(const ShownBatch& batch) {
    dropped_ += batch.dropped;
    for (const auto& e : batch.entries)
        if (Pending* p = slot(e.post_id, e.first_unix)) p->ms += e.seconds * 1000;
}

ShownLog read_shown_log(std::string_view text, const std::string& where) {
    ShownLog log;
    add_shown_log(log, text, where, 0);
    return log;
}

void add_shown_log(ShownLog& log, std::string_view text, const std::string& where, std::int64_t lines_before) {
    auto problem = [&](std::int64_t line, const std::string& what) {
        if (log.problems.size() < 20)
            log.problems.push_back(where + ": line " + std::to_string(lines_before + line) + ": " + what);
    };
    for (const auto& [line_no, line] : log_lines(text)) {
        ++log.lines;
        auto parsed = parse_access_line(line);
        // Lines that are not ours are the screens command's to report; here they only have no record.
        if (!parsed || parsed->extra.empty() || parsed->extra[0] == "-" || parsed->extra[0].empty()) continue;
        if (parsed->screen.empty() || parsed->screen == "-") continue;  // a record from nobody proves nothing
        auto batch = decode_shown(parsed->extra[0]);
        if (!batch) {
            ++log.bad_records;
            problem(line_no, "X-Learnwall-Shown refused: " + batch.error());
            continue;
        }
        ++log.records;
        log.dropped += batch->dropped;
        const std::string screen = parsed->screen.substr(0, 80);
        const Instant line_at = parsed->at;
        for (const auto& e : batch->entries) {
            const Instant first{std::chrono::seconds(e.first_unix)};
            // A kiosk sends within seconds of drawing (or after an outage of hours): a first drawing after the
            // line that carried it, or more than a day before it, is not evidence.
            if (first > line_at + std::chrono::minutes(1) || first < line_at - std::chrono::hours(24)) {
                ++log.bad_records;
                problem(line_no, "X-Learnwall-Shown: post " + e.post_id.substr(0, 60) +
                                     " first shown too far from the poll's own time (not counted)");
                continue;
            }
            auto it = log.posts.find(e.post_id);
            if (it == log.posts.end()) {
                if (log.posts.size() >= kShownLogMaxIds) {
                    ++log.ids_over_bound;
                    continue;
                }
                it = log.posts.emplace(e.post_id, PostShown{first, {}, 0}).first;
            }
            PostShown& p = it->second;
            p.first_shown = std::min(p.first_shown, first);
            if (p.screens.size() < 1000) p.screens.insert(screen);
            p.seconds = std::min<std::int64_t>(p.seconds + e.seconds, 1'000'000'000'000);
        }
    }
}

SeenOnScreen seen_on_screen(const std::vector<ApprovedPost>& approved, const ShownLog& log) {
    SeenOnScreen out;
    out.approved = approved.size();
    out.dropped = log.dropped;
    std::set<std::string> approved_ids;
    std::vector<std::int64_t> waits;
    std::vector<SeenRow> never, shown;
    for (const auto& a : approved) {
        approved_ids.insert(a.id);
        SeenRow r{a.id, a.created_at, std::nullopt, 0, 0, a.approved_at};
        if (auto it = log.posts.find(a.id); it != log.posts.end()) {
            r.first_shown = it->second.first_shown;
            r.screens = it->second.screens.size();
            r.seconds = it->second.seconds;
            waits.push_back(std::max<std::int64_t>(
                0, std::chrono::duration_cast<std::chrono::seconds>(*r.first_shown - a.created_at).count()));
            shown.push_back(std::move(r));
        } else {
            never.push_back(std::move(r));
        }
    }
    for (const auto& [id, p] : log.posts)
        if (!approved_ids.count(id)) ++out.unknown_ids;
    out.shown = shown.size();
    auto by_created = [](const SeenRow& a, const SeenRow& b) {
        return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
    };
    std::sort(never.begin(), never.end(), by_created);
    std::sort(shown.begin(), shown.end(), by_created);
    out.rows = std::move(never);
    out.rows.insert(out.rows.end(), shown.begin(), shown.end());
    if (!waits.empty()) {
        std::sort(waits.begin(), waits.end());
        const std::size_t n = waits.size();
        out.median_first_seconds = n % 2 ? waits[n / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
    }
    return out;
}

std::vector<ApprovedPost> approved_for_screens(const State& state) {
    std::vector<ApprovedPost> out;
    const RosterMatcher shown_roster(state.roster);
    // The latest approve of each post (the audit trail is in order); a later reset or reject makes the
    // post invisible, so a visible post with a recorded approve was approved at that instant.
    std::unordered_map<std::string, Instant> approved_when;
    for (const auto& d : state.decisions)
        if (d.action == "approve") approved_when[d.post_id] = d.at;
    for (const auto& r : state.posts) {
        if (!state.visible_on_screens(r)) continue;
        if (!state.roster.people.empty())
            if (const Participant* m = shown_roster.member_for(r.post); m && m->opt_out == "hidden") continue;
        std::optional<Instant> approved_at;
        if (r.decided == Moderation::approved)
            if (auto it = approved_when.find(r.post.id()); it != approved_when.end()) approved_at = it->second;
        out.push_back({r.post.id(), r.post.created_at, approved_at});
    }
    return out;
}

}  // namespace lw
