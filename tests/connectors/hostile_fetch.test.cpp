// [Fetch policy] [HTTP] The real libcurl client against a loopback "internal" server (issue 10, items
// 1, 4 and 9): a direct URL to it, a DNS name resolving to it and a public-looking host redirecting to
// it are refused before connecting; an allowance lets the stand-in through; a gzip bomb and an endless
// body end one request with an error; the media mirror applies the same policy.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>

#include "learnwall/connectors/http.hpp"
#include "learnwall/media.hpp"
#include "shared/file_server.hpp"
#include "standin.hpp"

using namespace lw;
using namespace lw::connectors;
using lw::test::FileServer;
using lw::test::ScratchDir;
using lw::test::StandIn;

namespace {

std::string tiny_png() {
    // A 1x1 PNG as the image module reads it (signature, IHDR, IDAT, IEND; CRCs unchecked).
    return std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\0\0\0\0", 33) +
           std::string("\0\0\0\x40IDAT", 8) + std::string(64, 'p') + std::string(4, '\0') +
           std::string("\0\0\0\0IEND\xAE\x42\x60\x82", 12);
}

struct Internal {
    ScratchDir dir{"internal"};
    std::unique_ptr<FileServer> server;
    std::unique_ptr<HttpClient> http = make_curl_client(default_user_agent());
    Internal() {
        std::ofstream(dir.path + "/secret.png", std::ios::binary) << tiny_png();
        server = std::make_unique<FileServer>(dir.path);
        REQUIRE(server->port() != 0);
    }
    HttpResponse get(const std::string& url, std::shared_ptr<FetchPolicy> policy, std::vector<std::string> resolve = {}) {
        HttpRequest req = post_media_request(url, std::move(policy));
        req.resolve = std::move(resolve);
        return http->send(req);
    }
};

}  // namespace

TEST_CASE("[Fetch policy] a post URL to a loopback server is refused before connecting; an allowance lets it through") {
    Internal in;
    auto strict = std::make_shared<FetchPolicy>();
    HttpResponse r = in.get(in.server->url("secret.png"), strict);
    CHECK(r.refused);
    CHECK(r.status == 0);
    CHECK(r.body.empty());
    CHECK(r.error.find("127.0.0.1 is a loopback address") != std::string::npos);
    CHECK(in.server->requests() == 0);  // not even a connection: no port scan either

    auto allowed = std::make_shared<FetchPolicy>();
    REQUIRE(allowed->allow("127.0.0.1"));
    r = in.get(in.server->url("secret.png"), allowed);
    CHECK_MESSAGE(r.ok(), r.error);
    CHECK(r.body == tiny_png());
    CHECK(in.server->requests() == 1);
}

TEST_CASE("[Fetch policy] a DNS name resolving to 127.0.0.1 is refused (localhost, and a public-looking name)") {
    Internal in;
    auto strict = std::make_shared<FetchPolicy>();
    const std::string port = std::to_string(in.server->port());
    HttpResponse r = in.get("http://localhost:" + port + "/secret.png", strict);
    CHECK(r.refused);
    CHECK(r.error.find("loopback") != std::string::npos);
    // A name on the internet that answers with 127.0.0.1 (DNS rebinding): the resolved address counts.
    r = in.get("http://images.example.com:" + port + "/secret.png", strict, {"images.example.com:" + port + ":127.0.0.1"});
    CHECK(r.refused);
    CHECK(r.error.find("images.example.com (127.0.0.1) is a loopback address") != std::string::npos);
    CHECK(in.server->requests() == 0);
    // The organiser may allow an internal image host by name.
    auto by_name = std::make_shared<FetchPolicy>();
    REQUIRE(by_name->allow("images.example.com"));
    r = in.get("http://images.example.com:" + port + "/secret.png", by_name, {"images.example.com:" + port + ":127.0.0.1"});
    CHECK_MESSAGE(r.ok(), r.error);
}

TEST_CASE("[Fetch policy] a public-looking host that redirects to a loopback address is refused at the second hop") {
    StandIn standin;
    REQUIRE(standin.running());
    Internal in;
    const std::string sport = standin.base().substr(standin.base().rfind(':') + 1);
    // cdn.allowed.test stands for a public image host: allowed by name, mapped to the stand-in.
    auto policy = std::make_shared<FetchPolicy>();
    REQUIRE(policy->allow("cdn.allowed.test"));
    const std::string inward = in.server->url("secret.png");
    const std::string first = "http://cdn.allowed.test:" + sport + "/hostile/redirect?to=" + url_encode(inward);
    HttpResponse r = in.get(first, policy, {"cdn.allowed.test:" + sport + ":127.0.0.1"});
    CHECK(r.refused);
    CHECK(r.error.find("127.0.0.1 is a loopback address") != std::string::npos);
    CHECK(r.final_url == inward);
    CHECK(in.server->requests() == 0);
    // Redirected to file:// or a bare path: refused by the scheme rule.
    r = in.get("http://cdn.allowed.test:" + sport + "/hostile/redirect?to=" + url_encode("file:///etc/passwd"), policy,
               {"cdn.allowed.test:" + sport + ":127.0.0.1"});
    CHECK_FALSE(r.ok());
    CHECK(r.body.find("root:") == std::string::npos);
    // An allowed target after the redirect: followed, and the final URL says where the bytes came from.
    REQUIRE(policy->allow("127.0.0.1"));
    r = in.get(first, policy, {"cdn.allowed.test:" + sport + ":127.0.0.1"});
    CHECK_MESSAGE(r.ok(), r.error);
    CHECK(r.final_url == inward);
    CHECK(r.body == tiny_png());
}

TEST_CASE("[Fetch policy] file:// and bare paths are refused by the client") {
    auto http = make_curl_client("learnwall-tests");
    auto policy = std::make_shared<FetchPolicy>();
    for (const char* u : {"file:///etc/passwd", "/etc/passwd", "ftp://127.0.0.1/x"}) {
        CAPTURE(u);
        HttpResponse r = http->send(post_media_request(u, policy));
        CHECK(r.refused);
        CHECK(r.body.empty());
    }
}

TEST_CASE("[HTTP] bounded client: a gzip bomb and an endless body end one request with an error, never the process") {
    StandIn standin;
    REQUIRE(standin.running());
    auto http = make_curl_client(default_user_agent());
    HttpRequest req;
    req.url = standin.base() + "/hostile/bomb?mb=64";  // about 64 KB on the wire, 64 MiB decoded
    req.max_body_bytes = 4ull << 20;
    HttpResponse r = http->send(req);
    CHECK(r.too_large);
    CHECK(r.body.empty());
    CHECK(r.error.find("larger than 4.0 MB (after decoding") != std::string::npos);

    req.url = standin.base() + "/hostile/endless";
    req.total_timeout = std::chrono::seconds(20);
    auto t0 = std::chrono::steady_clock::now();
    r = http->send(req);
    CHECK(r.too_large);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(15));

    // The API default cap holds too, and what was asked for is exactly "gzip, deflate".
    HttpRequest api;
    api.url = standin.base() + "/hostile/bomb?mb=40";
    r = http->send(api);
    CHECK(r.too_large);
    CHECK(kApiBodyCap < (40ull << 20));
    HttpRequest page;
    page.url = standin.base() + "/api/v1/timelines/tag/NLAWWeek";
    r = http->send(page);
    CHECK_MESSAGE(r.ok(), r.error);
    auto stats = standin.stats();
    CHECK(stats["accept_encodings"].dump().find("gzip, deflate") != std::string::npos);
    CHECK(stats["user_agents"].dump().find(std::string("learnwall/") + LEARNWALL_PROJECT_VERSION + " ") != std::string::npos);
}

TEST_CASE("[HTTP] redirects are limited and the final URL is reported") {
    StandIn standin;
    REQUIRE(standin.running());
    auto http = make_curl_client("learnwall-tests");
    std::string url = standin.base() + "/media/3.png";
    for (int i = 0; i < 4; ++i) url = standin.base() + "/hostile/redirect?to=" + url_encode(url);
    HttpRequest req;
    req.url = url;
    req.max_redirects = 3;
    HttpResponse r = http->send(req);
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("more than 3 redirects") != std::string::npos);
    req.max_redirects = 4;
    r = http->send(req);
    CHECK_MESSAGE(r.ok(), r.error);
    CHECK(r.final_url == standin.base() + "/media/3.png");
}

TEST_CASE("[Media] the hub's mirror refuses a loopback image named by a post, and mirrors it when the organiser allows it") {
    StandIn standin;
    REQUIRE(standin.running());
    ScratchDir dir("mirror-policy");
    std::shared_ptr<HttpClient> http = make_curl_client(default_user_agent());
    const std::string img = standin.base() + "/media/7.png", bomb = standin.base() + "/hostile/bomb?mb=64";
    std::atomic<bool> stop{false};
    {
        auto m = MediaMirror::open(dir.path, http, {});
        REQUIRE(m.ok());
        MediaPassSummary s = (*m)->run_pass({img}, stop, now());
        CHECK(s.downloaded == 0);
        REQUIRE(s.problems.size() == 1);
        CHECK(s.problems[0].reason.find("loopback") != std::string::npos);
    }
    MediaOptions opt;
    auto policy = std::make_shared<FetchPolicy>();
    REQUIRE(policy->allow("127.0.0.1"));
    opt.policy = policy;
    opt.max_file_bytes = 2ull << 20;
    auto m = MediaMirror::open(dir.path, http, opt);
    REQUIRE(m.ok());
    // A fresh mirror (no backoff state in memory): the image comes, the bomb ends with a reason.
    MediaPassSummary s = (*m)->run_pass({img, bomb}, stop, now() + std::chrono::hours(24));
    CHECK(s.downloaded == 1);
    std::string why;
    for (const auto& p : s.problems)
        if (p.url == bomb) why = p.reason;
    CHECK(why.find("larger than 2.0 MB") != std::string::npos);
}
