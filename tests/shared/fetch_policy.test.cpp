// [Fetch policy] The one rule for URLs that came from a post (issue 10, items 1, 2 and 11): which
// schemes, which resolved addresses, the organiser's allowances; and log_safe for text from outside.
#include <doctest/doctest.h>

#include "learnwall/fetch_policy.hpp"
#include "learnwall/log_safe.hpp"

using namespace lw;

TEST_CASE("[Fetch policy] loopback, link-local, private, unique-local, 0/8, multicast and their IPv4-mapped forms are internal") {
    for (const char* ip : {"127.0.0.1", "127.255.0.9", "::1", "169.254.169.254", "fe80::1", "febf::1", "10.0.0.1",
                           "172.16.0.1", "172.31.255.255", "192.168.1.10", "fc00::1", "fd12:3456::1", "0.0.0.0", "0.1.2.3",
                           "::", "224.0.0.1", "239.1.1.1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
                           "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "100.64.0.1",
                           "255.255.255.255", "[::1]", "fe80::1%eth0"}) {
        CAPTURE(ip);
        CHECK_FALSE(internal_address_kind(ip).empty());
    }
    CHECK(internal_address_kind("127.0.0.1") == "loopback");
    CHECK(internal_address_kind("::ffff:127.0.0.1") == "loopback");
    CHECK(internal_address_kind("10.9.8.7") == "private");
    CHECK(internal_address_kind("fe80::1") == "link-local");
    for (const char* ip : {"93.184.216.34", "1.1.1.1", "172.32.0.1", "172.15.255.255", "192.169.0.1", "2606:4700::1111",
                           "::ffff:93.184.216.34", "100.128.0.1", "11.0.0.1"}) {
        CAPTURE(ip);
        CHECK(internal_address_kind(ip).empty());
    }
    CHECK(internal_address_kind("localhost") == "not an IP address");
    CHECK(internal_address_kind("") == "not an IP address");
}

TEST_CASE("[Fetch policy] internal addresses are refused unless the organiser allows the host or range") {
    FetchPolicy p;
    auto refused = p.check_address("images.example.com", "127.0.0.1");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("images.example.com (127.0.0.1) is a loopback address") != std::string::npos);
    CHECK_FALSE(p.check_address("localhost", "::1"));
    CHECK_FALSE(p.check_address("metadata", "169.254.169.254"));
    CHECK(p.check_address("cdn.example", "93.184.216.34"));

    REQUIRE(p.allow("127.0.0.1"));
    REQUIRE(p.allow("10.20.0.0/16"));
    REQUIRE(p.allow("Images.Intranet.Example"));
    REQUIRE(p.allow("fd00::/8"));
    CHECK(p.check_address("anything", "127.0.0.1"));
    CHECK(p.check_address("anything", "::ffff:127.0.0.1"));
    CHECK_FALSE(p.check_address("anything", "127.0.0.2"));
    CHECK(p.check_address("x", "10.20.255.1"));
    CHECK_FALSE(p.check_address("x", "10.21.0.1"));
    CHECK(p.check_address("images.intranet.example", "192.168.5.5"));  // by name, whatever it resolves to
    CHECK_FALSE(p.check_address("other.intranet.example", "192.168.5.5"));
    CHECK(p.check_address("y", "fd12::1"));
    CHECK_FALSE(p.check_address("y", "fc12::1"));
    CHECK(p.allowances().size() == 4);

    FetchPolicy bad;
    for (const char* e : {"", "10.0.0.0/33", "::1/129", "10.0.0.0/", "a b", "host/8", "-x", "http://x/"}) {
        CAPTURE(e);
        auto st = bad.allow(e);
        REQUIRE_FALSE(st);
        const bool says_what = st.error().find("expected") != std::string::npos || st.error().find("prefix length") != std::string::npos;
        CHECK(says_what);
    }
    CHECK(bad.allowances().empty());
}

TEST_CASE("[Fetch policy] only http and https URLs; file://, bare paths and other schemes are refused") {
    FetchPolicy p;
    CHECK(p.check_url("https://cdn.example/a.png"));
    CHECK(p.check_url("HTTP://cdn.example:8080/a.png"));
    auto file = p.check_url("file:///etc/passwd");
    REQUIRE_FALSE(file);
    CHECK(file.error().find("not file:") != std::string::npos);
    auto bare = p.check_url("/etc/passwd");
    REQUIRE_FALSE(bare);
    CHECK(bare.error().find("local path") != std::string::npos);
    for (const char* u : {"ftp://x/y.png", "gopher://x/", "data:image/png;base64,AAAA", "http://", "https:///a.png",
                          "http://cdn.example/a\nb.png", "../media/x.png", "media/0123456789abcdef.png", ""}) {
        CAPTURE(u);
        CHECK_FALSE(p.check_url(u));
    }
    CHECK(is_publishable_media_url("https://cdn.example/a.png"));
    CHECK_FALSE(is_publishable_media_url("file:///etc/passwd"));
    CHECK_FALSE(is_publishable_media_url("https://cdn.example/a b.png"));
    CHECK(is_mirrored_media_path("media/0123456789abcdef.png"));
    CHECK_FALSE(is_mirrored_media_path("media/../../etc/passwd"));
    CHECK_FALSE(is_mirrored_media_path("media/0123456789ABCDEF.png"));
    CHECK(url_host_name("http://user@[::1]:8080/x") == "::1");
    CHECK(url_host_name("https://CDN.example:443/x?y#z") == "cdn.example");
}

TEST_CASE("[Log injection] log_safe escapes control characters, invalid UTF-8 and C1 controls, and bounds the length") {
    CHECK(log_safe("https://cdn.example/a.png") == "https://cdn.example/a.png");
    CHECK(log_safe("a\nb\r\tc\\") == "a\\nb\\r\\tc\\\\");
    CHECK(log_safe("x\x1b[31mred") == "x\\x1b[31mred");
    CHECK(log_safe(std::string("nul\0byte", 8)) == "nul\\x00byte");
    CHECK(log_safe("del\x7f") == "del\\x7f");
    CHECK(log_safe("bad\xff\xfe") == "bad\\xff\\xfe");
    CHECK(log_safe("\xc2\x9b" "31m") == "\\u009b31m");             // C1 CSI
    CHECK(log_safe("line\xe2\x80\xa8sep") == "line\\u2028sep");     // Unicode line separator
    CHECK(log_safe("Zoë 日本 🎉") == "Zoë 日本 🎉");                   // text passes as it is
    std::string forged = "https://x.example/a.png\n2026-05-18T10:00:00Z ingest: mastodon: 0 new";
    CHECK(log_safe(forged).find('\n') == std::string::npos);
    std::string big(10000, 'a');
    std::string cut = log_safe(big, 100);
    CHECK(cut.size() < 140);
    CHECK(cut.find("9900 more bytes") != std::string::npos);
}
