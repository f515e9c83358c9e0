// [Admin CLI] Issue 10 at the command line: post ids printed whatever publishing does, `source add
// --no-publish`, validate checking secrets.json, a directory in place of event.json.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "cli_util.hpp"

using namespace lw::test;

namespace state_cli {
std::string make_event(const ScratchDir& s) {
    const std::string data = s.path + "/ev";
    auto init = admin(s, {"init", "--data", data, "--start", "2026-05-18", "--end", "2026-05-24"});
    REQUIRE_MESSAGE(init.rc == 0, init.err);
    return data;
}
}  // namespace state_cli

TEST_CASE("[Admin CLI] post add prints its post id as soon as it is stored, even when publishing fails") {
    ScratchDir s("cli-postid");
    const std::string data = state_cli::make_event(s);
    // Publishing cannot replace wall.json: a directory stands in its place.
    std::filesystem::remove(data + "/publish/wall.json");
    std::filesystem::create_directories(data + "/publish/wall.json");
    auto added = admin(s, {"post", "add", "--data", data, "--author", "Ana Lima", "--text", "Tip: rubber duck #NLAWWeek"});
    CHECK(added.rc == 1);
    CHECK(added.err.find("publishing failed") != std::string::npos);
    const std::string id = added.last_line();
    CHECK(id.rfind("manual:", 0) == 0);
    // The id names the stored post, so a script retries the publish, not the post.
    auto exported = admin(s, {"export", "posts", "--data", data});
    REQUIRE(exported.rc == 0);
    CHECK(exported.out.find(id.substr(id.find(':') + 1)) != std::string::npos);
}

TEST_CASE("[Admin CLI] source add --no-publish works as docs/cli.md says") {
    ScratchDir s("cli-source-nopub");
    const std::string data = state_cli::make_event(s);
    const std::string wall_before = slurp(data + "/publish/wall.json");
    auto quiet = admin(s, {"source", "add", "mastodon", "--data", data, "--base-url", "https://social.example",
                           "--no-publish"});
    REQUIRE_MESSAGE(quiet.rc == 0, quiet.err);
    CHECK(slurp(data + "/publish/wall.json") == wall_before);  // not republished
    auto loud = admin(s, {"source", "disable", "mastodon-social.example", "--data", data});
    REQUIRE_MESSAGE(loud.rc == 0, loud.err);
    CHECK(slurp(data + "/publish/wall.json") != wall_before);  // republished at the new revision
    auto off = admin(s, {"source", "enable", "mastodon-social.example", "--data", data, "--no-publish"});
    CHECK_MESSAGE(off.rc == 0, off.err);
}

TEST_CASE("[Admin CLI] validate checks secrets.json: mode and syntax, never printing a token") {
    ScratchDir s("cli-validate-secrets");
    const std::string data = state_cli::make_event(s);
    const std::string path = data + "/secrets.json";
    std::ofstream(path) << "{\"x_bearer_token\": \"tok-SUPER-secret-42\"}\n";
    ::chmod(path.c_str(), 0600);
    auto good = admin(s, {"validate", "--data", data});
    CHECK_MESSAGE(good.rc == 0, good.err);

    ::chmod(path.c_str(), 0644);
    auto open_mode = admin(s, {"validate", "--data", data});
    CHECK(open_mode.rc == 1);
    CHECK(open_mode.err.find("chmod 600") != std::string::npos);

    std::ofstream(path) << "{\"x_bearer_token\": \"tok-SUPER-secret-42\" \"oops\"}\n";
    ::chmod(path.c_str(), 0600);
    auto broken = admin(s, {"validate", "--data", data});
    CHECK(broken.rc == 1);
    CHECK(broken.err.find("secrets.json:1:") != std::string::npos);
    CHECK(broken.err.find("SUPER") == std::string::npos);
    CHECK(broken.out.find("SUPER") == std::string::npos);

    std::filesystem::remove(path);
    std::filesystem::create_directories(path);
    auto dir = admin(s, {"validate", "--data", data});
    CHECK(dir.rc == 1);
    CHECK(dir.err.find("is a directory") != std::string::npos);
}

TEST_CASE("[Admin CLI] a directory in place of event.json says it is a directory") {
    ScratchDir s("cli-dir-event");
    const std::string data = state_cli::make_event(s);
    std::filesystem::remove(data + "/event.json");
    std::filesystem::create_directories(data + "/event.json");
    auto listed = admin(s, {"export", "posts", "--data", data});
    CHECK(listed.rc == 1);
    CHECK(listed.err.find("event.json: is a directory") != std::string::npos);
    CHECK(listed.err.find("end of input") == std::string::npos);
}
