// [Media] The hub's media mirror against a fake HttpClient: good images mirrored and wall.json
// pointing at them; HTML, oversized, truncated, 404, dead hosts and timeouts refused with the URL and
// a reason while the original URL stays; backoff; a restart that does not download again; trimming.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "learnwall/connectors/http.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/media.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/text.hpp"
#include "test_util.hpp"

using namespace lw;
using connectors::HttpRequest;
using connectors::HttpResponse;

namespace {

// Bytes that inspect as a whole 1x1 PNG: the signature, IHDR, an IDAT chunk of `body` bytes, IEND
// (the chunk CRCs are not checked by the image module; the mirror never decodes).
std::string png_bytes(size_t body, char fill = 'p') {
    auto be32 = [](std::uint32_t v) {
        return std::string{static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 255), static_cast<char>((v >> 8) & 255),
                           static_cast<char>(v & 255)};
    };
    return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(1) + be32(1) + std::string("\x08\x06\0\0\0", 5) +
           be32(0) + be32(static_cast<std::uint32_t>(body)) + "IDAT" + std::string(body, fill) + be32(0) +
           std::string("\0\0\0\0IEND\xAE\x42\x60\x82", 12);
}

struct Answer {
    long status = 200;
    std::string body;
    std::map<std::string, std::string> headers;
    std::string error;  // a transport failure (no answer)
    bool hang = false;  // never answers until stopped
};

// Serves canned answers by URL and counts requests; the body arrives in 1 KB pieces.
class FakeHttp final : public connectors::HttpClient {
public:
    std::map<std::string, Answer> routes;
    std::map<std::string, int> requests;
    std::map<std::string, size_t> delivered;  // bytes handed to on_data
    std::mutex mu;

    HttpResponse send(const HttpRequest&, const std::atomic<bool>*) override {
        HttpResponse r;
        r.error = "the media mirror must stream";
        return r;
    }
    HttpResponse stream(const HttpRequest& req, const std::function<bool(std::string_view)>& on_data,
                        const std::atomic<bool>& stop) override {
        Answer a;
        {
            std::lock_guard lock(mu);
            ++requests[req.url];
            auto it = routes.find(req.url);
            if (it == routes.end()) a.status = 404, a.body = "<html>not found</html>";
            else a = it->second;
        }
        HttpResponse r;
        if (a.hang) {
            while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return r;  // like libcurl when the progress callback aborts: no status, no error
        }
        if (!a.error.empty()) {
            r.error = a.error;
            return r;
        }
        r.status = a.status;
        r.headers = a.headers;
        if (a.status < 200 || a.status >= 300) {
            r.body = a.body;
            return r;
        }
        for (size_t i = 0; i < a.body.size(); i += 1024) {
            std::string_view piece = std::string_view(a.body).substr(i, 1024);
            {
                std::lock_guard lock(mu);
                delivered[req.url] += piece.size();
            }
            if (!on_data(piece)) break;
        }
        return r;
    }
    int count(const std::string& url) {
        std::lock_guard lock(mu);
        return requests[url];
    }
};

const std::string kGood = "https://cdn.example/media/good.png";
const std::string kAvatar = "https://cdn.example/avatars/ana.png";
const std::string kHtml = "https://cdn.example/media/login.png";
const std::string kHuge = "https://cdn.example/media/huge.png";
const std::string kCut = "https://cdn.example/media/cut.png";
const std::string kShort = "https://cdn.example/media/short.png";
const std::string kGone = "https://cdn.example/media/gone.png";

struct MirroredEvent {
    test::ScratchDir scratch{"media"};
    DataDir dir;
    State state;
    std::shared_ptr<FakeHttp> http = std::make_shared<FakeHttp>();
    Instant t0 = *parse_rfc3339("2026-05-18T10:00:00Z");
    int next_id = 1;

    static DataDir make(const std::string& path) {
        auto d = DataDir::create(path, test::sample_event(), "tester");
        REQUIRE_MESSAGE(d.ok(), d.error());
        return *d;
    }
    MirroredEvent() : dir(make(scratch.path + "/ev")) {
        http->routes[kGood] = {200, png_bytes(3000), {{"content-type", "image/png"}}, "", false};
        http->routes[kAvatar] = {200, png_bytes(500, 'a'), {}, "", false};
        http->routes[kHtml] = {200, "<!DOCTYPE html><html><body>Please log in</body></html>", {{"content-type", "text/html"}}, "", false};
        http->routes[kHuge] = {200, png_bytes(20000), {}, "", false};
        http->routes[kCut] = {200, png_bytes(3000).substr(0, 2000), {}, "", false};
        std::string whole = png_bytes(1500);
        http->routes[kShort] = {200, whole, {{"content-length", std::to_string(whole.size() + 700)}}, "", false};
        http->routes[kGone] = {404, "<html>Not Found</html>", {}, "", false};
    }

    void post(const std::vector<std::string>& images, const std::string& avatar = "") {
        Post p;
        p.source = "mastodon";
        p.native_id = std::to_string(next_id++);
        p.author_handle = "ana@social.example";
        p.author_avatar_url = avatar;
        p.text = "A tip #NLAWWeek";
        p.hashtags = extract_hashtags(p.text);
        p.image_urls = images;
        p.created_at = t0 - std::chrono::minutes(next_id);
        auto r = dir.transact(state, [&](const State&) -> Result<DataDir::Change> {
            DataDir::Change c;
            JournalEntry in;
            in.kind = JournalEntry::Kind::post_ingested;
            in.post = p;
            JournalEntry ok;
            ok.kind = JournalEntry::Kind::moderation;
            ok.decision = ModerationDecision{p.id(), "approve", "mod", now(), ""};
            c.entries = {in, ok};
            return c;
        });
        REQUIRE_MESSAGE(r.ok(), r.error());
    }

    Wall publish() {
        auto w = publish_wall(dir, state, t0);
        REQUIRE_MESSAGE(w.ok(), w.error());
        auto text = read_file(dir.wall_path());
        REQUIRE(text.ok());
        auto parsed = parse_wall(*text, dir.wall_path());
        REQUIRE_MESSAGE(parsed.ok(), parsed.error());
        return *parsed;
    }

    std::unique_ptr<MediaMirror> mirror(MediaOptions opt = {}) {
        auto m = MediaMirror::open(dir.path(), http, opt);
        REQUIRE_MESSAGE(m.ok(), m.error());
        return std::move(*m);
    }
};

std::vector<std::string> all_images(const Wall& w) {
    std::vector<std::string> out;
    for (const auto& p : w.posts) {
        if (!p.author_avatar_url.empty()) out.push_back(p.author_avatar_url);
        for (const auto& u : p.image_urls) out.push_back(u);
    }
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string reason_for(const MediaPassSummary& s, const std::string& url) {
    for (const auto& p : s.problems)
        if (p.url == url) return p.reason;
    return "";
}

}  // namespace

TEST_CASE("[Media] the file name comes from the URL's hash") {
    CHECK(media_hash(kGood).size() == 16);
    CHECK(media_hash(kGood) != media_hash(kAvatar));
    CHECK(media_hash(kGood) == media_hash(std::string(kGood)));
}

TEST_CASE("[Media] a good image is mirrored and the wall points at it; bad answers keep their URL and say why") {
    MirroredEvent ev;
    ev.post({kGood}, kAvatar);
    ev.post({kHtml});
    ev.post({kHuge});
    ev.post({kCut});
    ev.post({kShort});
    ev.post({kGone});
    ev.post({"file:///etc/passwd"});  // never fetched: only http(s)
    Wall before = ev.publish();
    CHECK(contains(all_images(before), kGood));

    MediaOptions opt;
    opt.max_file_bytes = 8000;
    auto m = ev.mirror(opt);
    std::atomic<bool> stop{false};
    MediaPassSummary s = m->run_pass(stop, ev.t0);
    CHECK(s.wanted == 7);
    CHECK(s.downloaded == 2);
    CHECK(s.mirrored == 2);
    CHECK(s.failed == 5);
    CHECK(reason_for(s, kHtml).find("HTML") != std::string::npos);
    CHECK(reason_for(s, kHuge).find("larger than") != std::string::npos);
    CHECK(reason_for(s, kCut).find("truncated") != std::string::npos);
    CHECK(reason_for(s, kShort).find("truncated") != std::string::npos);
    CHECK(reason_for(s, kGone) == "HTTP 404");
    CHECK(ev.http->count("file:///etc/passwd") == 0);
    // The oversized answer was cut off once it passed the cap, not read to the end.
    CHECK(ev.http->delivered[kHuge] < 20000);

    // The file: named by the URL's hash, the exact bytes, readable by the web server.
    const std::string file = media_dir(ev.dir.path()) + "/" + media_hash(kGood) + ".png";
    auto bytes = read_file(file);
    REQUIRE(bytes.ok());
    CHECK(*bytes == ev.http->routes[kGood].body);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);

    // The state file says why each failure happened.
    auto state = load_media_state(ev.dir.path());
    REQUIRE_MESSAGE(state.ok(), state.error());
    CHECK(state->at(kGone).last_error == "HTTP 404");
    CHECK(state->at(kGone).failures == 1);
    CHECK(state->at(kGood).file == media_hash(kGood) + ".png");

    Wall after = ev.publish();
    auto imgs = all_images(after);
    CHECK(contains(imgs, "media/" + media_hash(kGood) + ".png"));
    CHECK(contains(imgs, "media/" + media_hash(kAvatar) + ".png"));
    CHECK_FALSE(contains(imgs, kGood));
    for (const auto& u : {kHtml, kHuge, kCut, kShort, kGone}) CHECK_MESSAGE(contains(imgs, u), u);

    // The next pass reads the rewritten wall and still wants (keeps) the mirrored files.
    MediaPassSummary again = m->run_pass(stop, ev.t0 + std::chrono::seconds(5));
    CHECK(again.wanted == 7);
    CHECK(again.mirrored == 2);
    CHECK(again.downloaded == 0);
    CHECK(again.removed == 0);
    CHECK(ev.http->count(kGood) == 1);
}

TEST_CASE("[Media] failures back off; a host that does not answer is not asked again in the same pass") {
    MirroredEvent ev;
    const std::string dead1 = "https://dead.example/a.png", dead2 = "https://dead.example/b.png";
    ev.http->routes[dead1].error = "Couldn't connect to server (dead.example)";
    ev.http->routes[dead2].error = "Couldn't connect to server (dead.example)";
    MediaOptions opt;
    opt.retry_first = std::chrono::seconds(60);
    auto m = ev.mirror(opt);
    std::atomic<bool> stop{false};
    std::vector<std::string> wanted = {kGone, dead1, dead2};

    MediaPassSummary s = m->run_pass(wanted, stop, ev.t0);
    CHECK(s.failed == 2);
    CHECK(s.waiting == 1);  // dead2: its host already failed
    CHECK(reason_for(s, dead1).find("Couldn't connect") != std::string::npos);
    CHECK(ev.http->count(dead2) == 0);

    // Within the backoff nothing is asked again.
    s = m->run_pass(wanted, stop, ev.t0 + std::chrono::seconds(30));
    CHECK(s.failed == 0);
    CHECK(ev.http->count(kGone) == 1);
    CHECK(ev.http->count(dead1) == 1);

    // After it, each is tried again; the second failure waits twice as long.
    s = m->run_pass(wanted, stop, ev.t0 + std::chrono::seconds(61));
    CHECK(ev.http->count(kGone) == 2);
    auto e = m->entries().at(kGone);
    CHECK(e.failures == 2);
    REQUIRE(e.next_retry);
    CHECK(*e.next_retry == ev.t0 + std::chrono::seconds(61) + std::chrono::seconds(120));

    // The image comes back: mirrored on the next try after the backoff.
    ev.http->routes[kGone] = {200, png_bytes(800), {}, "", false};
    s = m->run_pass(wanted, stop, ev.t0 + std::chrono::seconds(200));
    CHECK(s.downloaded == 1);
    CHECK(m->entries().at(kGone).last_error.empty());
}

TEST_CASE("[Media] the mirror refuses a header claiming 100000x100000 pixels and a cut-off file, with the image module's words") {
    // Issue 12: the mirror read headers its own way (no sizes at all): a tiny PNG claiming 10 gigapixels
    // was mirrored and then refused by every screen.
    MirroredEvent ev;
    std::string bomb = png_bytes(50);
    bomb.replace(16, 8, std::string("\0\x01\x86\xa0\0\x01\x86\xa0", 8));
    const std::string kBomb = "https://cdn.example/media/bomb.png";
    ev.http->routes[kBomb] = {200, bomb, {}, "", false};
    ev.post({kBomb, kGood, kCut});
    ev.publish();
    auto m = ev.mirror();
    std::atomic<bool> stop{false};
    MediaPassSummary s = m->run_pass(stop, ev.t0);
    CHECK(s.downloaded == 1);
    CHECK(reason_for(s, kBomb) == "too large: 100000x100000 pixels (limit 50.0 megapixels; not decoded)");
    CHECK(reason_for(s, kCut) == "truncated: the PNG has no end chunk (IEND)");
    CHECK(m->entries().at(kBomb).file.empty());
}

TEST_CASE("[Media] a download that never finishes ends at the timeout") {
    MirroredEvent ev;
    const std::string slow = "https://slow.example/a.png";
    ev.http->routes[slow].hang = true;
    MediaOptions opt;
    opt.timeout = std::chrono::milliseconds(300);
    auto m = ev.mirror(opt);
    std::atomic<bool> stop{false};
    MediaPassSummary s = m->run_pass(std::vector<std::string>{slow, kGood}, stop, ev.t0);
    CHECK(reason_for(s, slow).find("timeout") != std::string::npos);
    CHECK(s.downloaded == 1);  // the next URL (another host) still came
}

TEST_CASE("[Media] a restart does not download again; a file lost from the folder is fetched again") {
    MirroredEvent ev;
    std::atomic<bool> stop{false};
    std::vector<std::string> wanted = {kGood, kAvatar};
    {
        auto m = ev.mirror();
        CHECK(m->run_pass(wanted, stop, ev.t0).downloaded == 2);
    }
    auto m = ev.mirror();
    MediaPassSummary s = m->run_pass(wanted, stop, ev.t0 + std::chrono::minutes(1));
    CHECK(s.downloaded == 0);
    CHECK(s.mirrored == 2);
    CHECK(ev.http->count(kGood) == 1);

    std::filesystem::remove(media_dir(ev.dir.path()) + "/" + media_hash(kGood) + ".png");
    CHECK(mirrored_media(ev.dir.path()).count(kGood) == 0);  // publishing falls back to the URL at once
    s = m->run_pass(wanted, stop, ev.t0 + std::chrono::minutes(2));
    CHECK(s.downloaded == 1);
    CHECK(ev.http->count(kGood) == 2);
}

TEST_CASE("[Media] files off the wall go after the grace period; the folder stays under its bound") {
    MirroredEvent ev;
    const std::string c = "https://cdn.example/c.png", d = "https://cdn.example/d.png", e = "https://cdn.example/e.png";
    for (const auto& u : {c, d, e}) ev.http->routes[u] = {200, png_bytes(3000, u.back()), {}, "", false};
    MediaOptions opt;
    opt.grace = std::chrono::hours(1);
    opt.max_total_bytes = 3 * 3020 + 100;  // room for three 3,020-byte files
    auto m = ev.mirror(opt);
    std::atomic<bool> stop{false};
    const std::string dir = media_dir(ev.dir.path());
    auto has_file = [&](const std::string& url) { return file_exists(dir + "/" + media_hash(url) + ".png"); };

    CHECK(m->run_pass(std::vector<std::string>{kGood, c}, stop, ev.t0).downloaded == 2);
    // kGood leaves the wall: kept during the grace period (a post hidden by mistake may return).
    MediaPassSummary s = m->run_pass(std::vector<std::string>{c}, stop, ev.t0 + std::chrono::minutes(30));
    CHECK(s.removed == 0);
    CHECK(has_file(kGood));
    s = m->run_pass(std::vector<std::string>{c}, stop, ev.t0 + std::chrono::minutes(61));
    CHECK(s.removed == 1);
    CHECK_FALSE(has_file(kGood));
    CHECK(m->entries().count(kGood) == 0);

    // The bound: d and e arrive while c is off the wall (within grace): the unused file makes room.
    CHECK(m->run_pass(std::vector<std::string>{d}, stop, ev.t0 + std::chrono::minutes(62)).downloaded == 1);
    s = m->run_pass(std::vector<std::string>{d, e, kAvatar}, stop, ev.t0 + std::chrono::minutes(63));
    CHECK(s.downloaded == 2);
    CHECK(s.removed == 1);
    CHECK_FALSE(has_file(c));
    CHECK(s.bytes_total <= opt.max_total_bytes);
    // Everything on the wall and the folder full: the next one is refused with a reason, not squeezed in.
    ev.http->routes[c] = {200, png_bytes(3000, 'z'), {}, "", false};
    s = m->run_pass(std::vector<std::string>{d, e, kAvatar, c}, stop, ev.t0 + std::chrono::minutes(64));
    CHECK(reason_for(s, c).find("bound") != std::string::npos);
    CHECK(s.bytes_total <= opt.max_total_bytes);

    // A stray file nobody names (a crash between the file and the state) goes after the grace period.
    const std::string stray = dir + "/0123456789abcdef.png";
    REQUIRE(write_file_atomic(stray, "x").ok());
    m->run_pass(std::vector<std::string>{d}, stop, now() + std::chrono::minutes(30));
    CHECK(file_exists(stray));
    m->run_pass(std::vector<std::string>{d}, stop, now() + std::chrono::hours(2));
    CHECK_FALSE(file_exists(stray));
}

TEST_CASE("[Media] a damaged state file is an error naming it; publishing then keeps the original URLs") {
    MirroredEvent ev;
    ev.post({kGood});
    REQUIRE(write_file_atomic(media_state_path(ev.dir.path()),
                              R"({"schema_version":1,"entries":[{"url":"https://x.example/a.png","file":"../../secrets.json"}]})")
                .ok());
    auto m = MediaMirror::open(ev.dir.path(), ev.http, {});
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().find("media-state.json") != std::string::npos);
    CHECK(m.error().find("/entries/0/file") != std::string::npos);
    CHECK(mirrored_media(ev.dir.path()).empty());
    CHECK(contains(all_images(ev.publish()), kGood));
}

TEST_CASE("[Media] per-URL backoff: one post naming a dead port does not stop the mirror for its image host") {
    // Issue 10, item 9: the backoff was kept per host with the port dropped, so a single post naming
    // cdn.example:9 stopped every image of cdn.example for hours.
    MirroredEvent ev;
    const std::string dead_port = "https://cdn.example:9/trap.png";
    ev.http->routes[dead_port].error = "Couldn't connect to server (cdn.example)";
    auto m = ev.mirror();
    std::atomic<bool> stop{false};
    MediaPassSummary s = m->run_pass({dead_port, kGood}, stop, ev.t0);
    CHECK(reason_for(s, dead_port).find("Couldn't connect") != std::string::npos);
    CHECK(s.downloaded == 1);
    CHECK(s.waiting == 0);
    CHECK(ev.http->count(kGood) == 1);
    // The next pass, within the dead port's backoff: other images of the host are still fetched.
    ev.http->routes["https://cdn.example/media/next.png"] = {200, png_bytes(100), {}, "", false};
    s = m->run_pass({dead_port, kGood, "https://cdn.example/media/next.png"}, stop, ev.t0 + std::chrono::seconds(5));
    CHECK(s.downloaded == 1);
    CHECK(ev.http->count(dead_port) == 1);  // it waits out its own backoff
}

TEST_CASE("[Media] the mirror refuses file:// and bare paths itself (not only publish)") {
    MirroredEvent ev;
    auto m = ev.mirror();
    std::atomic<bool> stop{false};
    MediaPassSummary s = m->run_pass({"file:///etc/passwd", "/etc/passwd", "ftp://cdn.example/a.png"}, stop, ev.t0);
    CHECK(s.downloaded == 0);
    CHECK(s.failed == 3);
    CHECK(reason_for(s, "file:///etc/passwd").find("refused") == 0);
    CHECK(reason_for(s, "/etc/passwd").find("refused") == 0);
    CHECK(ev.http->count("file:///etc/passwd") == 0);
    CHECK(ev.http->count("/etc/passwd") == 0);
}

TEST_CASE("[Publish] file:// URLs and bare paths in a post's images and avatar never reach wall.json") {
    MirroredEvent ev;
    ev.post({"file:///etc/passwd", "/etc/passwd", "../../secrets.json", kGood, "media/0123456789abcdef.png"},
            "file:///home/organiser/private.png");
    ev.post({"javascript:alert(1)", "https://cdn.example/a\nb.png"}, "/etc/shadow");
    Wall w = ev.publish();
    REQUIRE(w.posts.size() == 2);
    auto imgs = all_images(w);
    CAPTURE(imgs.size());
    CHECK(imgs == std::vector<std::string>{kGood});  // only the web address; a post cannot name the mirror's paths either
    for (const auto& p : w.posts) CHECK(p.author_avatar_url.empty());
    auto text = read_file(ev.dir.wall_path());
    REQUIRE(text.ok());
    CHECK(text->find("passwd") == std::string::npos);
    CHECK(text->find("file:") == std::string::npos);
}
