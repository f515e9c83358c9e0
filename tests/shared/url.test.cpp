// Media paths of a wall.json made fetchable (learnwall/url.hpp): RFC 3986 resolution against an http(s)
// source, a local wall.json's folder, and what a post may never make a screen open. No display needed
// (before issue 12 these lived in the kiosk and ran only under Xvfb).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "learnwall/url.hpp"

using lw::resolve_url_reference;
using lw::resolve_wall_media;

TEST_CASE("[url] relative references resolve against the wall.json URL (RFC 3986 5.4)") {
    const std::string base = "http://a/b/c/d;p?q";
    CHECK(resolve_url_reference(base, "g") == "http://a/b/c/g");
    CHECK(resolve_url_reference(base, "./g") == "http://a/b/c/g");
    CHECK(resolve_url_reference(base, "g/") == "http://a/b/c/g/");
    CHECK(resolve_url_reference(base, "/g") == "http://a/g");
    CHECK(resolve_url_reference(base, "//g") == "http://g");
    CHECK(resolve_url_reference(base, "?y") == "http://a/b/c/d;p?y");
    CHECK(resolve_url_reference(base, "g?y") == "http://a/b/c/g?y");
    CHECK(resolve_url_reference(base, "#s") == "http://a/b/c/d;p?q#s");
    CHECK(resolve_url_reference(base, "g#s") == "http://a/b/c/g#s");
    CHECK(resolve_url_reference(base, "..") == "http://a/b/");
    CHECK(resolve_url_reference(base, "../g") == "http://a/b/g");
    CHECK(resolve_url_reference(base, "../../g") == "http://a/g");
    CHECK(resolve_url_reference(base, "../../../g") == "http://a/g");
    CHECK(resolve_url_reference(base, "/./g") == "http://a/g");
    CHECK(resolve_url_reference(base, "g;x=1/../y") == "http://a/b/c/y");
    CHECK(resolve_url_reference(base, "") == "http://a/b/c/d;p?q");
    CHECK(resolve_url_reference(base, "https://cdn.example/x.png") == "https://cdn.example/x.png");
    // The hub's case: wall.json at the site root or below it, with or without a port and a query.
    CHECK(resolve_url_reference("http://hub.local:8080/wall.json", "media/0123456789abcdef.png") ==
          "http://hub.local:8080/media/0123456789abcdef.png");
    CHECK(resolve_url_reference("https://hub/event/wall.json?screen=3", "media/a.jpg") == "https://hub/event/media/a.jpg");
    CHECK(resolve_url_reference("http://hub", "media/a.jpg") == "http://hub/media/a.jpg");
}

TEST_CASE("[url] a wall's relative image paths resolve against its source; absolute ones stay") {
    lw::Wall w;
    lw::WallPost p;
    p.author_avatar_url = "media/av.png";
    p.image_urls = {"media/pic.jpg", "https://cdn.example/x.png", "/srv/pics/y.png", ""};
    w.posts = {p};

    lw::Wall local = w;
    resolve_wall_media(local, "/var/lib/learnwall/event/publish/wall.json");
    CHECK(local.posts[0].author_avatar_url == "/var/lib/learnwall/event/publish/media/av.png");
    // A post's absolute path (and file://, ../) is dropped: the kiosk opens no local file a post names.
    CHECK(local.posts[0].image_urls ==
          std::vector<std::string>{"/var/lib/learnwall/event/publish/media/pic.jpg", "https://cdn.example/x.png"});

    lw::Wall file_url = w;
    resolve_wall_media(file_url, "file:///data/publish/wall.json");
    CHECK(file_url.posts[0].image_urls[0] == "/data/publish/media/pic.jpg");

    lw::Wall remote = w;
    resolve_wall_media(remote, "http://hub:8080/wall.json");
    CHECK(remote.posts[0].author_avatar_url == "http://hub:8080/media/av.png");
    CHECK(remote.posts[0].image_urls ==
          std::vector<std::string>{"http://hub:8080/media/pic.jpg", "https://cdn.example/x.png"});
}

TEST_CASE("[url] file:// URLs and bare paths in a post's images and avatar are dropped, never resolved") {
    lw::Wall w;
    lw::WallPost p;
    p.author_avatar_url = "file:///home/organiser/private.png";
    p.image_urls = {"/etc/passwd", "file:///etc/passwd", "media/../../secrets.json", "../media/x.png", "data:image/png;base64,AA",
                    "media/0123456789abcdef.png"};
    w.posts = {p};
    for (const std::string src : {"/data/publish/wall.json", "http://hub/wall.json", "file:///data/publish/wall.json"}) {
        CAPTURE(src);
        lw::Wall r = w;
        resolve_wall_media(r, src);
        CHECK(r.posts[0].author_avatar_url.empty());
        REQUIRE(r.posts[0].image_urls.size() == 1);
        CHECK(r.posts[0].image_urls[0].find("media/0123456789abcdef.png") != std::string::npos);
    }
}

TEST_CASE("[url] URL resolution testable only under Xvfb: .. segments, absolute references, other hosts") {
    const std::string base = "https://hub.example/events/2026/wall.json";
    // .. climbs from the wall's folder and never above the root.
    CHECK(resolve_url_reference(base, "../media/a.png") == "https://hub.example/events/media/a.png");
    CHECK(resolve_url_reference(base, "../../../../../a.png") == "https://hub.example/a.png");
    CHECK(resolve_url_reference(base, "media/x/../a.png") == "https://hub.example/events/2026/media/a.png");
    // An absolute path keeps the host; a network-path reference or a full URL names another host.
    CHECK(resolve_url_reference(base, "/media/a.png") == "https://hub.example/media/a.png");
    CHECK(resolve_url_reference(base, "//cdn.example/a.png") == "https://cdn.example/a.png");
    CHECK(resolve_url_reference(base, "http://other.example:81/a.png") == "http://other.example:81/a.png");
    // The mirror's references are media/... only: .., a query, a fragment, a space or a backslash are not.
    CHECK(lw::is_wall_media_reference("media/0123456789abcdef.png"));
    CHECK_FALSE(lw::is_wall_media_reference("media/../wall.json"));
    CHECK_FALSE(lw::is_wall_media_reference("media/a.png?x=1"));
    CHECK_FALSE(lw::is_wall_media_reference("media/a.png#f"));
    CHECK_FALSE(lw::is_wall_media_reference("media/a b.png"));
    CHECK_FALSE(lw::is_wall_media_reference("media\\a.png"));
    CHECK_FALSE(lw::is_wall_media_reference("/media/a.png"));
    CHECK_FALSE(lw::is_wall_media_reference(""));
    // Which sources are URLs (resolved by RFC 3986) and which local paths (resolved by folder).
    CHECK(lw::is_url_source("http://hub/wall.json"));
    CHECK(lw::is_url_source("https://hub/wall.json"));
    CHECK(lw::is_url_source("file:///data/wall.json"));
    CHECK_FALSE(lw::is_url_source("/data/wall.json"));
    CHECK_FALSE(lw::is_url_source("wall.json"));
    // A local wall.json given without a folder: media/ next to it, in the working directory.
    lw::Wall w;
    lw::WallPost p;
    p.image_urls = {"media/a.png"};
    w.posts = {p};
    resolve_wall_media(w, "wall.json");
    CHECK(w.posts[0].image_urls == std::vector<std::string>{"media/a.png"});
}
