// The "share a tip" page's action (docs/tips.md): a tip sent from the hub's web form becomes an
// ordinary post with source "form", in the same moderation queue and scored under the same rules.
// Who may post (the event's join code, or an identity a trusted proxy vouches for), the caps, the
// rate limits and the event's moderation rules are all checked here, before anything is stored; the
// web server (admin/cli/cmd_tips.cpp) only parses HTTP and shows the sentence. No HTTP types here.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "learnwall/store.hpp"

namespace lw {

// What the form sends (its fields are author, team, text, challenge, code and photo) and what the
// server knows about the sender.
struct TipForm {
    std::string author;     // the name typed ("" allowed with a trusted identity)
    std::string team;       // optional; the roster's team wins for a roster person
    std::string text;
    std::string challenge;  // "" or today's challenge tag (with or without '#')
    std::string code;       // the event's join code ("" allowed with a trusted identity)
    std::string photo;      // the photo file's bytes, "" for none
    std::string identity;   // set only when a trusted proxy named the person (X-Remote-User)
    std::string address;    // the sender's address, for the per-address limit
};

// Why a tip was refused, for the web page's status code (400, 403, 413, 429, 500).
enum class TipRefusal { none, bad_input, forbidden, too_large, rate_limited, not_stored };

// The caps and limits (docs/tips.md, "Caps and rate limits").
struct TipLimits {
    std::size_t max_text_chars = 1000;
    std::size_t max_name_chars = 80;  // author and team
    std::uint64_t max_photo_bytes = 8ull << 20;
    std::uint64_t max_photo_pixels = 40'000'000;
    std::uint32_t photo_max_side = 1600;  // the stored JPEG's longest side
    int tips_per_identity = 5;            // within `window`
    int tips_per_address = 20;
    int wrong_codes_per_address = 10;
    std::chrono::seconds window{600};
};

// Counts tips and wrong codes per identity and per address over a sliding window, in memory (the
// server's lifetime; nginx's limit_req is the bound that survives restarts). Not thread-safe: the
// server calls it under the same lock as submit_tip.
class TipRateLimit {
public:
    explicit TipRateLimit(TipLimits limits = {}) : limits_(limits) {}
    // "" when a tip from this identity key and address may go ahead now, else the sentence why not.
    [[nodiscard]] std::string tip_refusal(const std::string& identity_key, const std::string& address, Instant at);
    // "" unless this address has sent too many wrong codes lately.
    [[nodiscard]] std::string code_refusal(const std::string& address, Instant at);
    void count_tip(const std::string& identity_key, const std::string& address, Instant at);
    void count_wrong_code(const std::string& address, Instant at);

private:
    // Drops stamps older than the window, returns how many remain.
    std::size_t recent(std::map<std::string, std::deque<Instant>>& m, const std::string& key, Instant at);
    TipLimits limits_;
    std::map<std::string, std::deque<Instant>> tips_by_identity_, tips_by_address_, wrong_codes_;
};

// <data>/tips.json: the join code (private to the hub, mode 0600).
std::string tips_config_path(const std::string& data_dir);
// <data>/uploads: photos sent with tips, private until the post is published and the hub's media
// mirror copies them into publish/media.
std::string tip_uploads_dir(const std::string& data_dir);
// How a post names an uploaded photo: "upload:<16 hex digits>.jpg" (the mirror resolves it).
inline constexpr std::string_view kTipUploadPrefix = "upload:";
// The path of an "upload:..." image, or "" when the name is not one submit_tip writes (no paths).
std::string tip_upload_path(const std::string& data_dir, std::string_view upload_url);

// The event's join code, or "" when none was made yet. A damaged tips.json is an error naming it.
Result<std::string> tips_join_code(const DataDir& dir);
// The join code, made (six characters without look-alikes) and saved when there is none.
Result<std::string> ensure_tips_join_code(const DataDir& dir);
// Case, spaces and dashes do not matter ("k7p-m4q" is "K7PM4Q").
bool join_code_matches(std::string_view expected, std::string_view given);

// The roster person a trusted identity names (by e-mail, else by name; case-insensitive), or null.
const Participant* tip_roster_person(const Roster& roster, const std::string& identity);

// Today's challenge in the event's time zone (what the form offers), if there is one.
std::optional<Challenge> tip_challenge_today(const Event& event, Instant at);

// Checks the tip and stores it: the photo (decoded and re-encoded as JPEG, metadata dropped) into
// uploads/, then the post and any rule decision in one transaction. Returns the post id. When it
// refuses, nothing is stored, `refusal` (if given) says which kind, and the message says what to
// change. `limit` (optional) is consulted before and counted after.
Result<std::string> submit_tip(const DataDir& dir, State& state, const TipForm& form, Instant at,
                               TipRateLimit* limit = nullptr, TipRefusal* refusal = nullptr,
                               const TipLimits& limits = {});

}  // namespace lw
