// [Store] Crash safety and concurrency: writers killed with SIGKILL at random instants, and two
// writer processes at once. Every file must load, and no acknowledged change may be lost.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "learnwall/actions/posts.hpp"
#include "learnwall/connectors/ingest.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/store.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {

// A post as a connector would deliver it (the ingest daemon's write path).
Post network_post(const std::string& native_id, const std::string& text) {
    Post p;
    p.source = "mastodon";
    p.native_id = native_id;
    p.author_handle = "ana@example.social";
    p.author_display_name = "Ana";
    p.text = text;
    p.created_at = now();
    return p;
}

std::unique_ptr<connectors::Ingestor> open_ingestor(const std::string& path) {
    connectors::IngestOptions o;
    o.publish = false;
    o.log = [](const std::string&) {};
    auto ing = connectors::Ingestor::open(path, std::move(o));
    if (!ing) return nullptr;
    return std::move(*ing);
}

// Child body: endless changes of every kind, through the paths the real writers use (the admin's
// actions, the ingest daemon's batches, publishing); after each one is durable, report it on the pipe.
[[noreturn]] void write_forever(const std::string& path, int ack_fd, unsigned seed) {
    auto dir = DataDir::open(path);
    if (!dir) _exit(3);
    auto st = dir->load();
    if (!st) _exit(4);
    auto ingestor = open_ingestor(path);
    if (!ingestor) _exit(9);
    // Start the clock in the parent only now, so every kill lands among the writes, not during start-up.
    if (::write(ack_fd, "ready\n", 6) != 6) _exit(8);
    std::mt19937 rng(seed);
    for (int i = 0;; ++i) {
        std::string ack;
        switch (rng() % 4) {
            case 3: {
                connectors::FetchedPage page;
                page.posts.push_back(network_post(std::to_string(seed) + "-" + std::to_string(i), "ingested #NLAWWeek"));
                if (!ingestor->store("crash-test", page, std::nullopt)) _exit(10);
                ack = "post " + page.posts.back().id();
                break;
            }
            case 0: {
                auto id = add_manual_post(*dir, *st, {"Ana", "tip " + std::to_string(i) + " #NLAWWeek", "manual", {}, {}, ""},
                                          "child");
                if (!id) _exit(5);
                ack = "post " + *id;
                break;
            }
            case 1: {
                std::string name = "Week " + std::to_string(i);
                auto r = dir->transact(*st, [&](const State& s) -> Result<DataDir::Change> {
                    Event e = s.event;
                    e.name = name;
                    DataDir::Change c;
                    c.event = e;
                    return c;
                });
                if (!r) _exit(6);
                ack = "event " + name;
                break;
            }
            default: {
                auto w = publish_wall(*dir, *st, now());
                if (!w) _exit(7);
                ack = "wall " + std::to_string(w->revision);
            }
        }
        ack += "\n";
        if (::write(ack_fd, ack.data(), ack.size()) < 0) _exit(8);
    }
}

// Blocks until the child says it is ready (reading byte by byte, so no ack after it is consumed).
bool wait_ready(int fd) {
    std::string got;
    char c;
    while (::read(fd, &c, 1) == 1) {
        if (c == '\n') return got == "ready";
        got += c;
    }
    return false;
}

std::vector<std::string> read_acks(int fd) {
    std::string all;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) all.append(buf, static_cast<size_t>(n));
    std::vector<std::string> lines;
    size_t pos = 0;
    while (true) {
        size_t nl = all.find('\n', pos);
        if (nl == std::string::npos) break;  // a partial ack was not complete: not acknowledged
        lines.push_back(all.substr(pos, nl - pos));
        pos = nl + 1;
    }
    return lines;
}

}  // namespace

TEST_CASE("[Store] SIGKILL at random instants never leaves a half-written file or loses an acknowledged change") {
    test::ScratchDir s("crash");
    auto created = DataDir::create(s.path + "/ev", test::sample_event(), "t");
    REQUIRE(created.ok());
    const std::string path = created->path();
    std::mt19937 rng(20260518);
    std::set<std::string> acknowledged_posts;
    std::string last_event_name = "Learning at Work Week";
    // Issue 7 asks for at least 1,000 kills; the sanitizer configuration of scripts/test asks for
    // fewer through LEARNWALL_CRASH_ROUNDS (ASan triples each round, and it is there for memory errors).
    int rounds = 1000;
    if (const char* env = std::getenv("LEARNWALL_CRASH_ROUNDS"); env && *env) {
        rounds = std::atoi(env);
        REQUIRE_MESSAGE(rounds >= 1, "LEARNWALL_CRASH_ROUNDS must be a whole number above 0, not \"", env, "\"");
    }
    for (int round = 0; round < rounds; ++round) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            write_forever(path, fds[1], static_cast<unsigned>(round));
        }
        ::close(fds[1]);
        REQUIRE_MESSAGE(wait_ready(fds[0]), "round ", round, ": the writer did not start");
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 15000));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK_MESSAGE(WIFSIGNALED(status), "writer exited by itself with status ", WEXITSTATUS(status));
        for (const auto& ack : read_acks(fds[0])) {
            if (ack.rfind("post ", 0) == 0) acknowledged_posts.insert(ack.substr(5));
            if (ack.rfind("event ", 0) == 0) last_event_name = ack.substr(6);
        }
        ::close(fds[0]);

        auto dir = DataDir::open(path);
        REQUIRE(dir.ok());
        auto st = dir->load();
        REQUIRE_MESSAGE(st.ok(), "round ", round, ": ", st.error());
        for (const auto& id : acknowledged_posts) REQUIRE_MESSAGE(st->find(id) != nullptr, "lost ", id);
        // The event is the last acknowledged one, or a newer one whose ack was cut off.
        if (st->event.name != last_event_name) {
            CHECK(st->event.name.rfind("Week ", 0) == 0);
        }
        if (file_exists(dir->wall_path())) {
            auto text = read_file(dir->wall_path());
            REQUIRE(text.ok());
            auto w = parse_wall(*text, dir->wall_path());
            REQUIRE_MESSAGE(w.ok(), w.error());
            CHECK(w->revision <= st->revision);
        }
    }
    MESSAGE(acknowledged_posts.size(), " acknowledged posts survived ", rounds, " kills");
    // Kills land among the writes: most rounds acknowledge something before the kill.
    CHECK(acknowledged_posts.size() > static_cast<size_t>(rounds) / 4);
}

TEST_CASE("[Store] the admin's path and the ingest daemon's path writing at once lose nothing") {
    test::ScratchDir s("twowriters");
    auto created = DataDir::create(s.path + "/ev", test::sample_event(), "t");
    REQUIRE(created.ok());
    const std::string path = created->path();
    const int per_writer = 5000;  // changes per process
    std::vector<pid_t> pids;
    for (int w = 0; w < 2; ++w) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            auto dir = DataDir::open(path);
            if (!dir) _exit(3);
            auto st = dir->load();
            if (!st) _exit(4);
            if (w == 0) {
                // The admin window: a paper tip added, then approved (two changes each).
                for (int i = 0; i < per_writer / 2; ++i) {
                    ManualPost p{"Grace", "paper tip " + std::to_string(i) + " #NLAWWeek", "manual", {}, {}, ""};
                    auto id = add_manual_post(*dir, *st, p, "organiser");
                    if (!id) _exit(2);
                    auto n = moderate_posts(*dir, *st, {*id}, "approve", "organiser", "checked");
                    if (!n || *n != 1) _exit(5);
                }
            } else {
                // The ingest daemon: one batch per change, as a connector delivers it.
                auto ing = open_ingestor(path);
                if (!ing) _exit(6);
                for (int i = 0; i < per_writer; ++i) {
                    connectors::FetchedPage page;
                    page.posts.push_back(network_post(std::to_string(i), "ingested " + std::to_string(i) + " #NLAWWeek"));
                    if (!ing->store("writer-test", page, std::nullopt)) _exit(7);
                }
            }
            _exit(0);
        }
        pids.push_back(pid);
    }
    for (pid_t pid : pids) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto st = DataDir::open(path)->load();
    REQUIRE(st.ok());
    CHECK(st->posts.size() == per_writer / 2 + per_writer);
    CHECK(st->revision == 1 + 2 * per_writer);
    size_t approved_paper = 0, ingested = 0;
    std::set<std::string> texts;
    for (const auto& r : st->posts) {
        texts.insert(r.post.id());
        if (r.post.source == "manual" && r.decided == Moderation::approved) ++approved_paper;
        if (r.post.source == "mastodon") ++ingested;
    }
    CHECK(texts.size() == per_writer / 2 + per_writer);
    CHECK(approved_paper == per_writer / 2);
    CHECK(ingested == per_writer);
}
