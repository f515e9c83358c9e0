// The "share a tip" action: who may post, caps, rate limits, the photo's re-encoding and the one
// transaction that stores a tip (see learnwall/actions/tips.hpp and docs/tips.md).
#include "learnwall/actions/tips.hpp"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <random>

#include "learnwall/fsutil.hpp"
#include "learnwall/image.hpp"
#include "learnwall/json_read.hpp"
#include "learnwall/moderation_rules.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

namespace {

// No 0/O, 1/I/L: the code is read off a screen across a room and typed on a phone.
constexpr std::string_view kTipCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

std::string tip_code_folded(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::uint64_t tip_random64() {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

std::size_t tip_chars(std::string_view s) { return utf8_to_u32(s).size(); }

// The EXIF orientation of a JPEG (1 to 8; 1 when absent): phones store portrait photos sideways
// with this tag, and re-encoding drops the tag, so it is applied to the pixels instead.
int tip_jpeg_orientation(std::string_view b) {
    auto u8 = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[i])); };
    std::size_t i = 2;
    while (i + 4 <= b.size() && u8(i) == 0xFF) {
        const unsigned marker = u8(i + 1);
        if (marker == 0xDA || marker == 0xD9) break;  // the scan starts: no EXIF after this
        const std::size_t len = (u8(i + 2) << 8) | u8(i + 3);
        if (len < 2 || i + 2 + len > b.size()) break;
        if (marker == 0xE1 && len >= 16 && b.substr(i + 4, 6) == std::string_view("Exif\0\0", 6)) {
            const std::size_t t = i + 10, end = i + 2 + len;
            const bool le = b.substr(t, 2) == "II";
            auto r16 = [&](std::size_t p) -> unsigned {
                if (p + 2 > end) return 0;
                return le ? u8(p) | (u8(p + 1) << 8) : (u8(p) << 8) | u8(p + 1);
            };
            auto r32 = [&](std::size_t p) -> std::size_t {
                if (p + 4 > end) return 0;
                return le ? (std::size_t{r16(p)} | (std::size_t{r16(p + 2)} << 16))
                          : ((std::size_t{r16(p)} << 16) | std::size_t{r16(p + 2)});
            };
            const std::size_t ifd = t + r32(t + 4);
            const unsigned n = r16(ifd);
            for (unsigned k = 0; k < n && k < 512; ++k) {
                const std::size_t e = ifd + 2 + 12 * std::size_t{k};
                if (e + 12 > end) break;
                if (r16(e) == 0x0112) {
                    const unsigned o = r16(e + 8);
                    return o >= 1 && o <= 8 ? static_cast<int>(o) : 1;
                }
            }
            return 1;
        }
        i += 2 + len;
    }
    return 1;
}

RgbaImage tip_oriented(const RgbaImage& src, int orientation) {
    if (orientation <= 1 || orientation > 8) return src;
    const std::uint32_t w = src.width, h = src.height;
    const bool swap = orientation >= 5;
    RgbaImage out;
    out.width = swap ? h : w;
    out.height = swap ? w : h;
    out.pixels.resize(src.pixels.size());
    for (std::uint32_t y = 0; y < out.height; ++y)
        for (std::uint32_t x = 0; x < out.width; ++x) {
            std::uint32_t sx = x, sy = y;
            switch (orientation) {
                case 2: sx = w - 1 - x; break;
                case 3: sx = w - 1 - x, sy = h - 1 - y; break;
                case 4: sy = h - 1 - y; break;
                case 5: sx = y, sy = x; break;
                case 6: sx = y, sy = h - 1 - x; break;
                case 7: sx = w - 1 - y, sy = h - 1 - x; break;
                case 8: sx = w - 1 - y, sy = x; break;
                default: break;
            }
            const std::size_t from = (std::size_t{sy} * w + sx) * 4, to = (std::size_t{y} * out.width + x) * 4;
            std::copy_n(src.pixels.begin() + static_cast<std::ptrdiff_t>(from), 4,
                        out.pixels.begin() + static_cast<std::ptrdiff_t>(to));
        }
    return out;
}

void tip_jpeg_sink(void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

// Decodes the photo and encodes it again as JPEG: only pixels survive (no EXIF, no location, no
// trailing bytes), the longest side is bounded, and a file that does not decode is refused.
Result<std::string> tip_reencode_photo(const std::string& bytes, const ImageInfo& info, const TipLimits& limits) {
    if (info.format == ImageFormat::webp)
        return fail("the photo is a WebP image, which the hub cannot re-encode; send a JPEG or PNG photo");
    int w = 0, h = 0, comp = 0;
    stbi_uc* px = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                                        &w, &h, &comp, 4);
    if (!px) return fail(std::string("the photo could not be decoded (") + image_format_name(info.format) + ": " +
                         (stbi_failure_reason() ? stbi_failure_reason() : "unknown") + ")");
    RgbaImage shrunk = shrink_rgba(px, static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(h), limits.photo_max_side);
    stbi_image_free(px);
    // JPEG has no transparency: transparent parts become white, as on a page, not black.
    for (std::size_t i = 0; i + 3 < shrunk.pixels.size(); i += 4) {
        const unsigned a = shrunk.pixels[i + 3];
        for (std::size_t c = 0; c < 3; ++c)
            shrunk.pixels[i + c] = static_cast<std::uint8_t>((shrunk.pixels[i + c] * a + 255u * (255u - a)) / 255u);
        shrunk.pixels[i + 3] = 255;
    }
    const RgbaImage img =
        tip_oriented(shrunk, info.format == ImageFormat::jpeg ? tip_jpeg_orientation(bytes) : 1);
    std::string jpeg;
    if (!stbi_write_jpg_to_func(tip_jpeg_sink, &jpeg, static_cast<int>(img.width), static_cast<int>(img.height), 4,
                                img.pixels.data(), 85) ||
        jpeg.empty())
        return fail("the photo could not be re-encoded as JPEG");
    return jpeg;
}

bool tip_valid_upload_name(std::string_view f) {
    if (f.size() != 20 || f.substr(16) != ".jpg") return false;
    return std::all_of(f.begin(), f.begin() + 16, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

// ---- rate limits ---------------------------------------------------------------------------------

std::size_t TipRateLimit::recent(std::map<std::string, std::deque<Instant>>& m, const std::string& key, Instant at) {
    auto it = m.find(key);
    if (it == m.end()) return 0;
    auto& q = it->second;
    while (!q.empty() && at - q.front() >= limits_.window) q.pop_front();
    if (q.empty()) {
        m.erase(it);  // the maps stay as small as the recent senders
        return 0;
    }
    return q.size();
}

std::string TipRateLimit::tip_refusal(const std::string& identity_key, const std::string& address, Instant at) {
    const auto minutes = std::to_string(limits_.window.count() / 60);
    if (!identity_key.empty() && recent(tips_by_identity_, identity_key, at) >= static_cast<std::size_t>(limits_.tips_per_identity))
        return "too many tips from you: at most " + std::to_string(limits_.tips_per_identity) + " in " + minutes +
               " minutes; please wait a few minutes and send it again";
    if (!address.empty() && recent(tips_by_address_, address, at) >= static_cast<std::size_t>(limits_.tips_per_address))
        return "too many tips from this network address: at most " + std::to_string(limits_.tips_per_address) + " in " +
               minutes + " minutes; please wait a few minutes";
    return "";
}

std::string TipRateLimit::code_refusal(const std::string& address, Instant at) {
    if (recent(wrong_codes_, address, at) >= static_cast<std::size_t>(limits_.wrong_codes_per_address))
        return "too many wrong join codes from this network address: wait " +
               std::to_string(limits_.window.count() / 60) + " minutes, then use the code shown on the screens";
    return "";
}

void TipRateLimit::count_tip(const std::string& identity_key, const std::string& address, Instant at) {
    if (!identity_key.empty()) tips_by_identity_[identity_key].push_back(at);
    if (!address.empty()) tips_by_address_[address].push_back(at);
}

void TipRateLimit::count_wrong_code(const std::string& address, Instant at) { wrong_codes_[address].push_back(at); }

// ---- the join code -------------------------------------------------------------------------------

std::string tips_config_path(const std::string& data_dir) { return data_dir + "/tips.json"; }
std::string tip_uploads_dir(const std::string& data_dir) { return data_dir + "/uploads"; }

std::string tip_upload_path(const std::string& data_dir, std::string_view upload_url) {
    if (upload_url.rfind(kTipUploadPrefix, 0) != 0) return "";
    auto name = upload_url.substr(kTipUploadPrefix.size());
    if (!tip_valid_upload_name(name)) return "";
    return tip_uploads_dir(data_dir) + "/" + std::string(name);
}

bool join_code_matches(std::string_view expected, std::string_view given) {
    const std::string e = tip_code_folded(expected), g = tip_code_folded(given);
    if (e.empty() || e.size() != g.size()) return false;
    unsigned diff = 0;  // every character compared: the time taken says nothing about the code
    for (std::size_t i = 0; i < e.size(); ++i) diff |= static_cast<unsigned>(e[i] ^ g[i]);
    return diff == 0;
}

Result<std::string> tips_join_code(const DataDir& dir) {
    const std::string path = tips_config_path(dir.path());
    if (!file_exists(path)) return std::string();
    auto text = read_file(path);
    if (!text) return fail(text.error());
    auto j = parse_json_text(*text, path);
    if (!j) return fail(j.error());
    if (!j->is_object() || !j->contains("code") || !(*j)["code"].is_string())
        return fail(path + ": /code: expected the join code as a string");
    std::string code = tip_code_folded((*j)["code"].get<std::string>());
    if (code.size() < 4 || code.size() > 16)
        return fail(path + ": /code: expected 4 to 16 letters and digits, not \"" + code + "\"");
    return code;
}

Result<std::string> ensure_tips_join_code(const DataDir& dir) {
    std::string code;
    auto st = dir.with_lock([&]() -> Status {
        auto have = tips_join_code(dir);
        if (!have) return fail(have.error());
        if (!have->empty()) {
            code = *have;
            return {};
        }
        std::uint64_t r = tip_random64();
        for (int i = 0; i < 6; ++i, r /= kTipCodeAlphabet.size()) code += kTipCodeAlphabet[r % kTipCodeAlphabet.size()];
        nlohmann::json j{{"code", code}, {"made_at", format_rfc3339(now())}};
        return write_file_atomic(tips_config_path(dir.path()), j.dump(2) + "\n", kPrivateFileMode);
    });
    if (!st) return fail(st.error());
    return code;
}

const Participant* tip_roster_person(const Roster& roster, const std::string& identity) {
    if (trim(identity).empty()) return nullptr;
    for (const auto& p : roster.people)
        if (!p.email.empty() && equals_folded(p.email, identity)) return &p;
    for (const auto& p : roster.people)
        if (equals_folded(p.name, identity)) return &p;
    return nullptr;
}

std::optional<Challenge> tip_challenge_today(const Event& event, Instant at) {
    auto today = local_date(at, event.timezone);
    if (!today) return std::nullopt;
    for (const auto& c : event.challenges)
        if (c.date == *today && !trim(c.tag).empty()) return c;
    return std::nullopt;
}

// ---- the tip -------------------------------------------------------------------------------------

Result<std::string> submit_tip(const DataDir& dir, State& state, const TipForm& form, Instant at, TipRateLimit* limit,
                               TipRefusal* refusal, const TipLimits& limits) {
    auto refuse = [&](TipRefusal kind, std::string why) -> Result<std::string> {
        if (refusal) *refusal = kind;
        return fail(std::move(why) + " (nothing was stored)");
    };
    if (refusal) *refusal = TipRefusal::none;
    if (auto st = dir.catch_up(state); !st) return refuse(TipRefusal::not_stored, st.error());

    // Who: a trusted identity, or the join code.
    const std::string identity = trim(repair_utf8(form.identity));
    const Participant* person = nullptr;
    if (!identity.empty()) {
        person = tip_roster_person(state.roster, identity);
    } else {
        if (limit)
            if (auto why = limit->code_refusal(form.address, at); !why.empty()) return refuse(TipRefusal::rate_limited, why);
        auto code = tips_join_code(dir);
        if (!code) return refuse(TipRefusal::not_stored, code.error());
        if (code->empty())
            return refuse(TipRefusal::forbidden, "tips are not open yet: the organisers have not made a join code");
        if (trim(form.code).empty()) return refuse(TipRefusal::forbidden, "the join code is missing: it is shown on the screens");
        if (!join_code_matches(*code, form.code)) {
            if (limit) limit->count_wrong_code(form.address, at);
            return refuse(TipRefusal::forbidden, "the join code is wrong: use the code shown on the screens");
        }
    }

    // What: lengths and the challenge.
    std::string author = person ? person->name : trim(repair_utf8(form.author));
    if (author.empty() && !identity.empty()) author = identity;
    if (author.empty()) return refuse(TipRefusal::bad_input, "your name is missing");
    if (tip_chars(author) > limits.max_name_chars)
        return refuse(TipRefusal::bad_input, "the name is longer than " + std::to_string(limits.max_name_chars) + " characters");
    const std::string team = person ? person->team : trim(repair_utf8(form.team));
    if (tip_chars(team) > limits.max_name_chars)
        return refuse(TipRefusal::bad_input, "the team is longer than " + std::to_string(limits.max_name_chars) + " characters");
    std::string text = trim(repair_utf8(form.text));
    if (text.empty()) return refuse(TipRefusal::bad_input, "the tip is empty");
    if (const auto n = tip_chars(text); n > limits.max_text_chars)
        return refuse(TipRefusal::bad_input, "the tip is " + std::to_string(n) + " characters long; at most " +
                                                 std::to_string(limits.max_text_chars) + " fit");
    std::optional<Challenge> challenge;
    if (const std::string want = normalise_tag(trim(form.challenge)); !want.empty()) {
        challenge = tip_challenge_today(state.event, at);
        if (!challenge || ascii_lower(normalise_tag(trim(challenge->tag))) != ascii_lower(want))
            return refuse(TipRefusal::bad_input, "\"" + want + "\" is not today's challenge (reload the page)");
    }

    // How often.
    const std::string identity_key = !identity.empty() ? "id:" + fold_case(identity) : "name:" + fold_case(author);
    if (limit)
        if (auto why = limit->tip_refusal(identity_key, form.address, at); !why.empty())
            return refuse(TipRefusal::rate_limited, why);

    // The photo: sniffed from its bytes, within the caps, then re-encoded.
    std::string jpeg;
    if (!form.photo.empty()) {
        if (form.photo.size() > limits.max_photo_bytes)
            return refuse(TipRefusal::too_large, "the photo is " + format_megabytes(form.photo.size()) + "; at most " +
                                                     format_megabytes(limits.max_photo_bytes) + " fit");
        ImageInfo info = inspect_image(form.photo, ImageLimits{limits.max_photo_bytes, limits.max_photo_pixels});
        if (!info.ok())
            return refuse(info.too_large ? TipRefusal::too_large : TipRefusal::bad_input, "the photo: " + info.problem);
        auto re = tip_reencode_photo(form.photo, info, limits);
        if (!re) return refuse(TipRefusal::bad_input, re.error());
        jpeg = std::move(*re);
    }

    // The post, as every source makes one: the event hashtag and the challenge's tag carried in the
    // text so it scores under the same rules.
    Post p;
    p.source = "form";
    p.author_display_name = author;
    if (!identity.empty()) p.author_handle = normalise_handle(identity);
    auto has_tag = [&](const std::string& tag) {
        const std::string t = ascii_lower(normalise_tag(tag));
        for (const auto& h : extract_hashtags(text))
            if (ascii_lower(h) == t) return true;
        return false;
    };
    if (challenge && !has_tag(challenge->tag)) text += " #" + normalise_tag(trim(challenge->tag));
    if (!state.event.hashtags.empty() &&
        std::none_of(state.event.hashtags.begin(), state.event.hashtags.end(), has_tag))
        text += " #" + normalise_tag(state.event.hashtags.front());
    p.text = text;
    p.hashtags = extract_hashtags(p.text);
    p.created_at = at;

    // The event's own rules at arrival: what they would reject is refused at the door.
    if (RuleVerdict v = evaluate_rules(state.event, p); v.action == "reject")
        return refuse(TipRefusal::bad_input, "the event's rules refuse this tip: " + v.reason);

    std::string upload_path;
    if (!jpeg.empty()) {
        char name[32];
        std::snprintf(name, sizeof name, "%016llx.jpg", static_cast<unsigned long long>(tip_random64()));
        if (auto st = ensure_directory(tip_uploads_dir(dir.path()), 0700); !st) return refuse(TipRefusal::not_stored, st.error());
        upload_path = tip_uploads_dir(dir.path()) + "/" + name;
        if (auto st = write_file_atomic(upload_path, jpeg, kPrivateFileMode); !st)
            return refuse(TipRefusal::not_stored, "the photo could not be saved: " + st.error());
        p.image_urls.push_back(std::string(kTipUploadPrefix) + name);
    }

    std::string id;
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        p.native_id = std::to_string(s.revision + 1);  // unique: assigned under the writers' lock
        while (s.find(p.id())) p.native_id += "x";
        id = p.id();
        JournalEntry e;
        e.kind = JournalEntry::Kind::post_ingested;
        e.by = identity.empty() ? "form" : "form:" + identity;
        e.post = p;
        e.at = at;
        // The team a person outside the roster gave: kept in the audit line for the organisers.
        if (!team.empty()) e.summary = "team: " + team;
        return new_post_change(s, e);
    });
    if (!revs) {
        if (!upload_path.empty()) ::unlink(upload_path.c_str());
        return refuse(TipRefusal::not_stored, revs.error());
    }
    if (limit) limit->count_tip(identity_key, form.address, at);
    return id;
}

}  // namespace lw
