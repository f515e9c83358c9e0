// [Tips] issue 13 item 1: the "share a tip" action without HTTP. Every refusal stores nothing (the
// journal byte for byte, no photo file); an accepted tip is a pending post with source "form".
#include <doctest/doctest.h>

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "learnwall/actions/posts.hpp"
#include "learnwall/connectors/http.hpp"
#include "learnwall/media.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/actions/tips.hpp"
#include "learnwall/moderation_rules.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {

const Instant kTipMonday = *parse_rfc3339("2026-05-18T10:00:00Z");  // the sample event's challenge day

std::string tips_slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void tips_png_sink(void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

// A real, decodable image: w x h, red on the left half, blue on the right.
std::string tips_image(int w, int h, bool jpeg) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w * h * 4));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &px[static_cast<std::size_t>((y * w + x) * 4)];
            p[0] = x < w / 2 ? 255 : 0, p[1] = 0, p[2] = x < w / 2 ? 0 : 255, p[3] = 255;
        }
    std::string out;
    if (jpeg) stbi_write_jpg_to_func(tips_png_sink, &out, w, h, 4, px.data(), 95);
    else stbi_write_png_to_func(tips_png_sink, &out, w, h, 4, px.data(), w * 4);
    return out;
}

struct TipsEvent {
    test::ScratchDir scratch{"tips"};
    DataDir dir = make();
    State state;
    std::string code;

    DataDir make() {
        auto d = DataDir::create(scratch.path + "/ev", test::sample_event(), "tester");
        REQUIRE_MESSAGE(d.ok(), (d.ok() ? "" : d.error()));
        return *d;
    }
    TipsEvent() {
        auto s = dir.load();
        REQUIRE(s.ok());
        state = *s;
        auto r = dir.transact(state, [](const State&) -> Result<DataDir::Change> {
            DataDir::Change c;
            Roster roster;
            roster.people = {{"Ana Lima", "Finance", "", "", "", "ana@corp.example"}};
            c.roster = roster;
            return c;
        });
        REQUIRE_MESSAGE(r.ok(), r.error());
        auto c = ensure_tips_join_code(dir);
        REQUIRE_MESSAGE(c.ok(), c.error());
        code = *c;
    }
    TipForm form(const std::string& text = "Tip: write the question down before the meeting") const {
        TipForm f;
        f.author = "Sam Green";
        f.team = "Design";
        f.text = text;
        f.code = code;
        f.address = "192.0.2.7";
        return f;
    }
    [[nodiscard]] std::string journal() const { return tips_slurp(dir.journal_path()); }
    [[nodiscard]] std::size_t uploads() const {
        std::error_code ec;
        std::size_t n = 0;
        for (auto it = std::filesystem::directory_iterator(tip_uploads_dir(dir.path()), ec);
             !ec && it != std::filesystem::directory_iterator(); ++it)
            ++n;
        return n;
    }
    // Submits and expects a refusal of `kind` that changed nothing on disk; returns the message.
    std::string refused(const TipForm& f, TipRefusal kind, TipRateLimit* limit = nullptr) {
        const std::string before = journal();
        const std::size_t files = uploads();
        TipRefusal why = TipRefusal::none;
        auto r = submit_tip(dir, state, f, kTipMonday, limit, &why);
        REQUIRE_FALSE(r.ok());
        CHECK(why == kind);
        CHECK(journal() == before);
        CHECK(uploads() == files);
        CHECK(r.error().find("nothing was stored") != std::string::npos);
        return r.error();
    }
};

}  // namespace

TEST_CASE("[Tips] accepted tip waits in the moderation queue with source form and carries the event hashtag") {
    TipsEvent ev;
    TipForm f = ev.form();
    f.challenge = "#TipMonday";
    TipRefusal why = TipRefusal::bad_input;
    auto id = submit_tip(ev.dir, ev.state, f, kTipMonday, nullptr, &why);
    REQUIRE_MESSAGE(id.ok(), id.error());
    CHECK(why == TipRefusal::none);
    CHECK(id->rfind("form:", 0) == 0);
    auto fresh = ev.dir.load();
    REQUIRE(fresh.ok());
    const PostRecord* r = fresh->find(*id);
    REQUIRE(r);
    CHECK(r->post.source == "form");
    CHECK(r->post.author_display_name == "Sam Green");
    CHECK(author_key(r->post) == "form:Sam Green");
    CHECK(r->post.text.find("#tipmonday") != std::string::npos);  // answers today's challenge
    CHECK(r->post.text.find("#NLAWWeek") != std::string::npos);   // counts as an event post
    CHECK(pending_post_ids(*fresh) == std::vector<std::string>{*id});
    CHECK(ev.journal().find("\"summary\":\"team: Design\"") != std::string::npos);
}

TEST_CASE("[Tips] wrong or missing join code: refused as forbidden and nothing stored") {
    TipsEvent ev;
    TipForm f = ev.form();
    f.code = "";
    CHECK(ev.refused(f, TipRefusal::forbidden).find("missing") != std::string::npos);
    f.code = ev.code == "AAAAAA" ? "BBBBBB" : "AAAAAA";
    CHECK(ev.refused(f, TipRefusal::forbidden).find("wrong") != std::string::npos);
    // Case, spaces and dashes do not matter.
    std::string loose = ev.code.substr(0, 3) + "-" + ev.code.substr(3);
    for (auto& c : loose) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    f.code = loose;
    CHECK(submit_tip(ev.dir, ev.state, f, kTipMonday).ok());
}

TEST_CASE("[Tips] no join code made yet: refused and nothing stored") {
    TipsEvent ev;
    std::filesystem::remove(tips_config_path(ev.dir.path()));
    ev.refused(ev.form(), TipRefusal::forbidden);
}

TEST_CASE("[Tips] join code is made once and kept in a private file") {
    TipsEvent ev;
    CHECK(ev.code.size() == 6);
    CHECK(ev.code.find_first_of("01OIL") == std::string::npos);
    auto again = ensure_tips_join_code(ev.dir);
    REQUIRE(again.ok());
    CHECK(*again == ev.code);
    CHECK((std::filesystem::status(tips_config_path(ev.dir.path())).permissions() & std::filesystem::perms::others_read) ==
          std::filesystem::perms::none);
    CHECK(join_code_matches("K7PM4Q", "k7p m4q"));
    CHECK_FALSE(join_code_matches("K7PM4Q", "K7PM4"));
    CHECK_FALSE(join_code_matches("", ""));
}

TEST_CASE("[Tips] too long tip, name or team: refused as bad input and nothing stored") {
    TipsEvent ev;
    CHECK(ev.refused(ev.form(std::string(1001, 'a')), TipRefusal::bad_input).find("1001 characters") != std::string::npos);
    TipForm f = ev.form();
    f.author = std::string(81, 'n');
    ev.refused(f, TipRefusal::bad_input);
    f = ev.form();
    f.team = std::string(81, 't');
    ev.refused(f, TipRefusal::bad_input);
    f = ev.form("   ");
    ev.refused(f, TipRefusal::bad_input);
    f = ev.form();
    f.author = "";
    ev.refused(f, TipRefusal::bad_input);
    f = ev.form();
    f.challenge = "yesterdays-challenge";
    ev.refused(f, TipRefusal::bad_input);
    // 1000 characters of two-byte letters fit: the cap counts characters, not bytes.
    std::string accents;
    for (int i = 0; i < 1000; ++i) accents += "\xC3\xA9";
    CHECK(submit_tip(ev.dir, ev.state, ev.form(accents), kTipMonday).ok());
}

TEST_CASE("[Tips] banned word: refused when the word action is reject, held for a person when it is hold") {
    TipsEvent ev;
    RulesChange rc;
    rc.add_words = {"crypto"};
    rc.word_action = "reject";
    REQUIRE(change_moderation_rules(ev.dir, ev.state, rc, "tester").ok());
    CHECK(ev.refused(ev.form("Tip: buy crypto now"), TipRefusal::bad_input).find("crypto") != std::string::npos);

    RulesChange hold;
    hold.word_action = "hold";
    REQUIRE(change_moderation_rules(ev.dir, ev.state, hold, "tester").ok());
    auto id = submit_tip(ev.dir, ev.state, ev.form("Tip: buy crypto now"), kTipMonday);
    REQUIRE_MESSAGE(id.ok(), id.error());
    CHECK(pending_post_ids(ev.state) == std::vector<std::string>{*id});  // waits for a person
}

TEST_CASE("[Tips] link with link policy reject: refused and nothing stored") {
    TipsEvent ev;
    RulesChange rc;
    rc.link_policy = "reject";
    REQUIRE(change_moderation_rules(ev.dir, ev.state, rc, "tester").ok());
    ev.refused(ev.form("Tip: read https://spam.example/now"), TipRefusal::bad_input);
}

TEST_CASE("[Tips] photo that is not an image: refused and nothing stored") {
    TipsEvent ev;
    TipForm f = ev.form();
    f.photo = "<html><body>login</body></html>";
    CHECK(ev.refused(f, TipRefusal::bad_input).find("not an image") != std::string::npos);
    f.photo = tips_image(40, 20, false).substr(0, 60);  // a PNG cut off
    ev.refused(f, TipRefusal::bad_input);
}

TEST_CASE("[Tips] oversized photo: refused as too large and nothing stored") {
    TipsEvent ev;
    TipForm f = ev.form();
    f.photo = tips_image(40, 20, false);
    f.photo.resize((8u << 20) + 1, '\0');
    ev.refused(f, TipRefusal::too_large);
    // A small file claiming too many pixels (a decompression bomb) is refused before decoding.
    TipLimits small;
    small.max_photo_pixels = 100;
    f.photo = tips_image(40, 20, false);
    const std::string before = ev.journal();
    TipRefusal why = TipRefusal::none;
    auto r = submit_tip(ev.dir, ev.state, f, kTipMonday, nullptr, &why, small);
    CHECK_FALSE(r.ok());
    CHECK(why == TipRefusal::too_large);
    CHECK(ev.journal() == before);
}

TEST_CASE("[Tips] photo is re-encoded as JPEG, shrunk, stripped of metadata and turned upright") {
    TipsEvent ev;
    TipForm f = ev.form();
    // A JPEG whose EXIF says "turn 90 degrees clockwise" (how phones store portrait photos).
    std::string jpeg = tips_image(64, 32, true);
    const std::string exif("\xFF\xE1\x00\x22" "Exif\0\0" "MM\x00\x2A\x00\x00\x00\x08" "\x00\x01"
                           "\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00" "\x00\x00\x00\x00", 36);
    f.photo = jpeg.substr(0, 2) + exif + jpeg.substr(2);
    TipLimits limits;
    limits.photo_max_side = 32;
    auto id = submit_tip(ev.dir, ev.state, f, kTipMonday, nullptr, nullptr, limits);
    REQUIRE_MESSAGE(id.ok(), id.error());
    const PostRecord* r = ev.state.find(*id);
    REQUIRE(r);
    REQUIRE(r->post.image_urls.size() == 1);
    const std::string path = tip_upload_path(ev.dir.path(), r->post.image_urls[0]);
    REQUIRE_FALSE(path.empty());
    const std::string stored = tips_slurp(path);
    int w = 0, h = 0, comp = 0;
    REQUIRE(stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(stored.data()), static_cast<int>(stored.size()), &w, &h, &comp));
    CHECK(w == 16);  // 64x32 shrunk to 32x16, then turned upright: 16x32
    CHECK(h == 32);
    CHECK(stored.find("Exif") == std::string::npos);
    CHECK(static_cast<unsigned char>(stored[0]) == 0xFF);
    CHECK(static_cast<unsigned char>(stored[1]) == 0xD8);
    CHECK(tip_upload_path(ev.dir.path(), "upload:../../etc/passwd").empty());
}

TEST_CASE("[Tips] rate limit per identity, per address and for wrong codes") {
    TipsEvent ev;
    TipLimits limits;
    limits.tips_per_identity = 2;
    limits.tips_per_address = 3;
    limits.wrong_codes_per_address = 2;
    TipRateLimit limit(limits);
    for (int i = 0; i < 2; ++i) REQUIRE(submit_tip(ev.dir, ev.state, ev.form(), kTipMonday, &limit).ok());
    CHECK(ev.refused(ev.form(), TipRefusal::rate_limited, &limit).find("too many tips from you") != std::string::npos);
    TipForm other = ev.form();
    other.author = "Kim Lee";
    REQUIRE(submit_tip(ev.dir, ev.state, other, kTipMonday, &limit).ok());
    other.author = "Lou Ray";
    CHECK(ev.refused(other, TipRefusal::rate_limited, &limit).find("network address") != std::string::npos);
    // The window slides: ten minutes later the same person may post again.
    CHECK(limit.tip_refusal("name:sam green", "192.0.2.7", kTipMonday + std::chrono::minutes(10)).empty());

    TipForm guess = ev.form();
    guess.address = "198.51.100.9";
    guess.code = "ZZZZZZ" == ev.code ? "YYYYYY" : "ZZZZZZ";
    ev.refused(guess, TipRefusal::forbidden, &limit);
    ev.refused(guess, TipRefusal::forbidden, &limit);
    guess.code = ev.code;  // even the right code waits after too many wrong ones
    ev.refused(guess, TipRefusal::rate_limited, &limit);
}

TEST_CASE("[Tips] trusted identity needs no code and is the roster person") {
    TipsEvent ev;
    TipForm f = ev.form();
    f.code = "";
    f.author = "Someone Else";
    f.identity = "ANA@corp.example";
    auto id = submit_tip(ev.dir, ev.state, f, kTipMonday);
    REQUIRE_MESSAGE(id.ok(), id.error());
    const PostRecord* r = ev.state.find(*id);
    REQUIRE(r);
    CHECK(r->post.author_display_name == "Ana Lima");
    CHECK(r->post.author_handle == "ana@corp.example");
    CHECK(ev.journal().find("\"summary\":\"team: Finance\"") != std::string::npos);
}

TEST_CASE("[Tips] a tip's photo reaches publish/media through the mirror only once the post is approved") {
    TipsEvent ev;
    TipForm f = ev.form();
    f.photo = tips_image(40, 20, false);
    auto id = submit_tip(ev.dir, ev.state, f, kTipMonday);
    REQUIRE_MESSAGE(id.ok(), id.error());
    const std::string upload = ev.state.find(*id)->post.image_urls.at(0);
    std::shared_ptr<connectors::HttpClient> http = connectors::make_curl_client("learnwall-test");
    auto mirror = MediaMirror::open(ev.dir.path(), http, {});
    REQUIRE_MESSAGE(mirror.ok(), mirror.error());
    std::atomic<bool> stop{false};
    REQUIRE(publish_wall(ev.dir, ev.state, now()).ok());
    CHECK((*mirror)->run_pass(stop, now()).wanted == 0);  // pending: not on the wall, not copied

    REQUIRE(moderate_posts(ev.dir, ev.state, {*id}, "approve", "tester", "").ok());
    REQUIRE(publish_wall(ev.dir, ev.state, now()).ok());
    MediaPassSummary sum = (*mirror)->run_pass(stop, now());
    INFO(tips_slurp(ev.dir.wall_path()));
    CHECK(sum.wanted == 1);
    CHECK(sum.downloaded == 1);
    CHECK(sum.problems.empty());
    auto mirrored = mirrored_media(ev.dir.path());
    REQUIRE(mirrored.count(upload) == 1);
    CHECK(mirrored[upload].rfind("media/", 0) == 0);
}

TEST_CASE("[Tips] the join code reaches wall.json once tips are open, and not before") {
    TipsEvent ev;
    auto w = publish_wall(ev.dir, ev.state, now());
    REQUIRE(w.ok());
    CHECK(w->join_code == ev.code);
    auto back = parse_wall(tips_slurp(ev.dir.wall_path()), "wall.json");
    REQUIRE(back.ok());
    CHECK(back->join_code == ev.code);
    std::filesystem::remove(tips_config_path(ev.dir.path()));
    auto closed = publish_wall(ev.dir, ev.state, now());
    REQUIRE(closed.ok());
    CHECK(closed->join_code.empty());
    CHECK(tips_slurp(ev.dir.wall_path()).find("join_code") == std::string::npos);
}
