// End-to-end: Slack and Microsoft Teams channels through the ingest against the stand-in's documented
// formats (paging, threads, names, reactions, files, edits, deletions, faults, tokens).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "learnwall/connectors/ingest.hpp"
#include "learnwall/fetch_policy.hpp"
#include "learnwall/publish.hpp"
#include "standin.hpp"

using namespace lw;
using namespace lw::connectors;
using lw::test::ScratchDir;
using lw::test::StandIn;

namespace {

const char* kChatSlackToken = "xoxb-slack-CCCC-never-show-me";
const char* kChatTeamsSecret = "teams-secret-DDDD-never-show-me";

struct ChatSecretEnv {
    ChatSecretEnv() {
        ::setenv("LEARNWALL_SLACK_TOKEN", kChatSlackToken, 1);
        ::setenv("LEARNWALL_TEAMS_TENANT", "contoso-tenant", 1);
        ::setenv("LEARNWALL_TEAMS_CLIENT_ID", "standin-client", 1);
        ::setenv("LEARNWALL_TEAMS_CLIENT_SECRET", kChatTeamsSecret, 1);
    }
    ~ChatSecretEnv() {
        for (const char* n : {"LEARNWALL_SLACK_TOKEN", "LEARNWALL_TEAMS_TENANT", "LEARNWALL_TEAMS_CLIENT_ID",
                              "LEARNWALL_TEAMS_CLIENT_SECRET"})
            ::unsetenv(n);
    }
};

// An event that started two days ago, post-moderated so ingested posts reach the wall at once, with
// one chat source of `kind` on the stand-in.
DataDir chat_event(const std::string& dir, const std::string& base, const std::string& kind,
                   std::vector<std::string> tags = {}) {
    Event e = lw::test::sample_event();
    auto today = *local_date(now(), e.timezone);
    e.start = Date{std::chrono::sys_days{today} - std::chrono::days{2}};
    e.end = Date{std::chrono::sys_days{today} + std::chrono::days{4}};
    e.challenges.clear();
    e.moderation_mode = ModerationMode::post;
    SourceConfig s;
    s.id = kind + "-standin";
    s.kind = kind;
    s.base_url = kind == "teams" ? base + "/graph/v1.0" : base;
    s.tags = std::move(tags);
    s.channel = kind == "teams" ? "19:standin@thread.tacv2" : "C0STANDIN1";
    if (kind == "teams") {
        s.team = "00000000-0000-0000-0000-00000000aaaa";
        s.token_url = base + "/{tenant}/oauth2/v2.0/token";
    }
    e.sources.push_back(s);
    auto d = DataDir::create(dir, e, "test");
    REQUIRE(d.ok());
    return *d;
}

IngestOptions chat_quiet_options() {
    IngestOptions o;
    o.poll_interval = std::chrono::milliseconds(200);
    o.mirror_media = false;
    return o;
}

std::string chat_slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

const PostRecord* chat_find_text(const State& s, const std::string& needle) {
    for (const auto& r : s.posts)
        if (!r.deleted && r.post.text.find(needle) != std::string::npos) return &r;
    return nullptr;
}

IngestSummary chat_run_once(const std::string& dir) {
    auto ing = Ingestor::open(dir, chat_quiet_options());
    REQUIRE(ing.ok());
    auto sum = (*ing)->run_once();
    REQUIRE(sum.ok());
    return *sum;
}

}  // namespace

TEST_CASE("[ingest] Slack: a channel's messages, thread replies, names, reactions and files land once; a restart adds nothing") {
    StandIn standin({"--empty", "--slack-token", kChatSlackToken});
    REQUIRE(standin.running());
    ChatSecretEnv env;
    ScratchDir dir("chat-slack");
    DataDir d = chat_event(dir.path, standin.base(), "slack");
    auto tip = standin.control("post", {{"network", "slack"}, {"text", "Tip: explain it to a rubber duck"}, {"author", "Ana Lee"},
                                        {"image", true}});
    standin.control("post", {{"network", "slack"}, {"text", "Thanks, trying it today"}, {"author", "Bo Chen"}, {"reply_to", tip["id"]}});
    standin.control("counts", {{"network", "slack"}, {"id", tip["native_id"]}, {"likes", 4}});
    auto sum = chat_run_once(dir.path);
    CHECK(sum.failed == 0);
    CHECK(sum.posts_new == 2);
    // users.info once per person in a run (its answers are cached for the source's life).
    CHECK(standin.stats()["requests"].value("/api/users.info", 0) == 2);
    auto state = d.load();
    REQUIRE(state.ok());
    const PostRecord* t = chat_find_text(*state, "rubber duck");
    REQUIRE(t);
    CHECK(t->post.source == "slack");
    CHECK(t->post.id() == "slack:" + tip["native_id"].get<std::string>());
    CHECK(t->post.author_display_name == "Ana");  // users.info's display name
    CHECK(t->post.author_handle.rfind("U", 0) == 0);
    CHECK(t->post.like_count == 4);
    REQUIRE(t->post.image_urls.size() == 1);
    CHECK(t->post.image_urls[0] == standin.base() + "/slack-files/1.png");
    const PostRecord* reply = chat_find_text(*state, "trying it today");
    REQUIRE(reply);
    CHECK(reply->post.is_reply);
    CHECK(reply->post.in_reply_to_id == t->post.id());
    // The wall names the source, and carries no token.
    std::string wall = chat_slurp(d.wall_path());
    CHECK(wall.find("\"slack\"") != std::string::npos);
    CHECK(wall.find(kChatSlackToken) == std::string::npos);
    // A later reply in the same thread is found by following the thread; nothing else twice.
    standin.control("post", {{"network", "slack"}, {"text", "Late reply in the thread"}, {"author", "Cy Dee"}, {"reply_to", tip["id"]}});
    auto again = chat_run_once(dir.path);
    CHECK(again.failed == 0);
    CHECK(again.posts_new == 1);
    CHECK(chat_run_once(dir.path).posts_new == 0);
    for (const auto* f : {"sources-state.json", "sources-status.json", "event.json", "journal.jsonl"})
        CHECK(chat_slurp(dir.path + "/" + f).find(kChatSlackToken) == std::string::npos);
}

TEST_CASE("[ingest] Slack: a tag filters the channel; without one every message counts") {
    StandIn standin({"--empty"});
    REQUIRE(standin.running());
    ChatSecretEnv env;
    ScratchDir dir("chat-slack-tag");
    DataDir d = chat_event(dir.path, standin.base(), "slack", {"NLAWWeek"});
    standin.control("post", {{"network", "slack"}, {"text", "Lunch is at noon"}, {"author", "Ana Lee"}, {"tags", {"lunch"}}});
    standin.control("post", {{"network", "slack"}, {"text", "Tip for the week"}, {"author", "Ana Lee"}, {"tags", {"NLAWWeek"}}});
    auto sum = chat_run_once(dir.path);
    CHECK(sum.posts_new == 1);
    auto state = d.load();
    REQUIRE(state.ok());
    CHECK(chat_find_text(*state, "Tip for the week"));
    CHECK_FALSE(chat_find_text(*state, "Lunch is at noon"));
}

TEST_CASE("[ingest] Slack: an edit and a deletion upstream take the normal update and delete paths") {
    StandIn standin({"--empty"});
    REQUIRE(standin.running());
    ChatSecretEnv env;
    ScratchDir dir("chat-slack-edit");
    DataDir d = chat_event(dir.path, standin.base(), "slack");
    auto edited = standin.control("post", {{"network", "slack"}, {"text", "Original wording"}, {"author", "Ana Lee"}});
    auto gone = standin.control("post", {{"network", "slack"}, {"text", "Soon deleted"}, {"author", "Ana Lee"}});
    standin.control("post", {{"network", "slack"}, {"text", "Stays as it is"}, {"author", "Ana Lee"}});
    CHECK(chat_run_once(dir.path).posts_new == 3);
    standin.control("edit", {{"network", "slack"}, {"id", edited["native_id"]}, {"text", "Better wording #NLAWWeek"}});
    standin.control("delete", {{"network", "slack"}, {"id", gone["native_id"]}});
    standin.control("counts", {{"network", "slack"}, {"id", "C0STANDIN1/" + std::string(edited["id"])}, {"likes", 2}});
    auto sum = chat_run_once(dir.path);
    CHECK(sum.failed == 0);
    CHECK(sum.posts_deleted == 1);
    // The recheck's edit is counted on the source (the run's summary counts its polls).
    auto status = load_source_status(dir.path);
    REQUIRE(status.ok());
    CHECK(status->at("slack-standin").posts_updated == 1);
    CHECK(status->at("slack-standin").posts_deleted == 1);
    auto state = d.load();
    REQUIRE(state.ok());
    const PostRecord* r = state->find("slack:" + edited["native_id"].get<std::string>());
    REQUIRE(r);
    CHECK(r->post.text == "Better wording #NLAWWeek");
    CHECK(r->post.like_count == 2);
    CHECK_FALSE(chat_find_text(*state, "Soon deleted"));
    CHECK(chat_find_text(*state, "Stays as it is"));
}

TEST_CASE("[ingest] Slack faults: a 429 waits for Retry-After; ok:false, a wrong token and malformed JSON are clear errors; nothing lost") {
    StandIn standin({"--empty", "--slack-token", kChatSlackToken});
    REQUIRE(standin.running());
    ChatSecretEnv env;
    ScratchDir dir("chat-slack-faults");
    DataDir d = chat_event(dir.path, standin.base(), "slack");
    standin.control("post", {{"network", "slack"}, {"text", "Tip that must not be lost"}, {"author", "Ana Lee"}});
    auto status_error = [&] {
        auto st = load_source_status(dir.path);
        REQUIRE(st.ok());
        return st->at("slack-standin");
    };
    standin.control("fault", {{"path", "/api/conversations.history"}, {"kind", "429"}, {"retry_after", 30}});
    Instant before = now();
    CHECK(chat_run_once(dir.path).failed == 1);
    auto st = status_error();
    CHECK(st.last_error.find("HTTP 429") != std::string::npos);
    REQUIRE(st.next_attempt.has_value());
    CHECK(*st.next_attempt >= before + std::chrono::seconds(29));
    standin.control("fault", {{"path", "/api/conversations.history"}, {"kind", "ok-false"}});
    CHECK(chat_run_once(dir.path).failed == 1);
    CHECK(status_error().last_error.find("Slack says \"internal_error\"") != std::string::npos);
    standin.control("fault", {{"path", "/api/conversations.history"}, {"kind", "malformed"}});
    CHECK(chat_run_once(dir.path).failed == 1);
    CHECK(status_error().last_error.find("not valid JSON") != std::string::npos);
    {
        ::setenv("LEARNWALL_SLACK_TOKEN", "xoxb-wrong-token", 1);
        CHECK(chat_run_once(dir.path).failed == 1);
        CHECK(status_error().last_error.find("Slack says \"invalid_auth\"") != std::string::npos);
        ::setenv("LEARNWALL_SLACK_TOKEN", kChatSlackToken, 1);
    }
    auto state = d.load();
    REQUIRE(state.ok());
    CHECK(state->posts.empty());
    auto sum = chat_run_once(dir.path);
    CHECK(sum.failed == 0);
    CHECK(sum.posts_new == 1);
}

TEST_CASE("[ingest] Slack files: the hub's mirror fetches url_private with the token, screens get the mirrored copy") {
    StandIn standin({"--empty", "--slack-token", kChatSlackToken});
    REQUIRE(standin.running());
    ChatSecretEnv env;
    ScratchDir dir("chat-slack-files");
    DataDir d = chat_event(dir.path, standin.base(), "slack");
    standin.control("post", {{"network", "slack"}, {"text", "Our whiteboard"}, {"author", "Ana Lee"}, {"image", true}});
    IngestOptions o = chat_quiet_options();
    o.mirror_media = true;
    o.media_interval = std::chrono::milliseconds(200);
    auto policy = std::make_shared<FetchPolicy>();
    REQUIRE(policy->allow("127.0.0.1"));
    o.media.policy = policy;
    auto ing = Ingestor::open(dir.path, o);
    REQUIRE(ing.ok());
    std::atomic<bool> stop{false};
    std::thread t([&] { (void)(*ing)->run(stop); });
    bool mirrored = false;
    for (int i = 0; i < 150 && !mirrored; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        auto w = parse_wall(chat_slurp(d.wall_path()), d.wall_path());
        if (w && !w->posts.empty() && !w->posts[0].image_urls.empty() && w->posts[0].image_urls[0].rfind("media/", 0) == 0)
            mirrored = true;
    }
    stop = true;
    t.join();
    CHECK(mirrored);
    // Without the token the file server sends people to a login page: the mirror must have sent it.
    HttpRequest bare;
    bare.url = standin.base() + "/slack-files/1.png";
    bare.max_redirects = 0;
    auto anon = make_curl_client("learnwall-tests")->send(bare);
    CHECK(anon.status == 302);
}

TEST_CASE("[ingest] Teams: channel messages by delta, replies, HTML to text, reactions, hosted images; edits and deletions follow") {
    StandIn standin({"--empty", "--teams-client-secret", kChatTeamsSecret});
    REQUIRE(standin.running());
    ChatSecretEnv env;
    ScratchDir dir("chat-teams");
    DataDir d = chat_event(dir.path, standin.base(), "teams");
    auto tip = standin.control("post", {{"network", "teams"}, {"text", "Tip: <b> & write it down"}, {"author", "Ana Lee"}, {"image", true}});
    standin.control("post", {{"network", "teams"}, {"text", "Noted!"}, {"author", "Bo Chen"}, {"reply_to", tip["id"]}});
    auto gone = standin.control("post", {{"network", "teams"}, {"text", "Posted by mistake"}, {"author", "Bo Chen"}});
    standin.control("counts", {{"network", "teams"}, {"id", tip["id"]}, {"likes", 3}});
    auto sum = chat_run_once(dir.path);
    CHECK(sum.failed == 0);
    CHECK(sum.posts_new == 3);
    auto state = d.load();
    REQUIRE(state.ok());
    const PostRecord* t = state->find("teams:" + tip["native_id"].get<std::string>());
    REQUIRE(t);
    CHECK(t->post.text == "Tip: <b> & write it down #NLAWWeek");
    CHECK(t->post.author_display_name == "Ana Lee");
    CHECK(t->post.like_count == 3);
    REQUIRE(t->post.image_urls.size() == 1);
    CHECK(t->post.image_urls[0].find("/hostedContents/") != std::string::npos);
    const PostRecord* reply = chat_find_text(*state, "Noted!");
    REQUIRE(reply);
    CHECK(reply->post.is_reply);
    CHECK(reply->post.in_reply_to_id == t->post.id());
    // One token for the whole run (cached until it expires), the secret in no file.
    CHECK(standin.stats()["requests"].value("/contoso-tenant/oauth2/v2.0/token", 0) == 1);
    for (const auto* f : {"sources-state.json", "sources-status.json", "event.json", "journal.jsonl"})
        CHECK(chat_slurp(dir.path + "/" + f).find(kChatTeamsSecret) == std::string::npos);
    CHECK(chat_slurp(d.wall_path()).find(kChatTeamsSecret) == std::string::npos);

    standin.control("edit", {{"network", "teams"}, {"id", tip["id"]}, {"text", "Tip: write it down, then teach it #NLAWWeek"}});
    standin.control("delete", {{"network", "teams"}, {"id", gone["id"]}});
    standin.control("post", {{"network", "teams"}, {"text", "A new tip arrives"}, {"author", "Cy Dee"}});
    auto again = chat_run_once(dir.path);
    CHECK(again.failed == 0);
    CHECK(again.posts_new == 1);
    CHECK(again.posts_updated == 1);
    CHECK(again.posts_deleted == 1);
    state = d.load();
    REQUIRE(state.ok());
    CHECK(chat_find_text(*state, "then teach it"));
    CHECK_FALSE(chat_find_text(*state, "Posted by mistake"));
    CHECK(chat_find_text(*state, "A new tip arrives"));
}

TEST_CASE("[ingest] Teams: a refused client secret and a 429 are clear errors that never show the secret") {
    StandIn standin({"--empty", "--teams-client-secret", "the-right-one"});
    REQUIRE(standin.running());
    ChatSecretEnv env;
    ScratchDir dir("chat-teams-faults");
    DataDir d = chat_event(dir.path, standin.base(), "teams");
    standin.control("post", {{"network", "teams"}, {"text", "Tip kept for later"}, {"author", "Ana Lee"}});
    CHECK(chat_run_once(dir.path).failed == 1);
    auto st = load_source_status(dir.path);
    REQUIRE(st.ok());
    const std::string err = st->at("teams-standin").last_error;
    CHECK(err.find("invalid_client") != std::string::npos);
    CHECK(err.find(kChatTeamsSecret) == std::string::npos);
    ::setenv("LEARNWALL_TEAMS_CLIENT_SECRET", "the-right-one", 1);
    standin.control("fault", {{"path", "/graph/v1.0/teams/"}, {"kind", "429"}, {"retry_after", 30}});
    Instant before = now();
    CHECK(chat_run_once(dir.path).failed == 1);
    st = load_source_status(dir.path);
    REQUIRE(st.ok());
    CHECK(st->at("teams-standin").last_error.find("HTTP 429") != std::string::npos);
    REQUIRE(st->at("teams-standin").next_attempt.has_value());
    CHECK(*st->at("teams-standin").next_attempt >= before + std::chrono::seconds(29));
    auto sum = chat_run_once(dir.path);
    CHECK(sum.failed == 0);
    CHECK(sum.posts_new == 1);
}
