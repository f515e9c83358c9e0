// [Store] Crash safety and concurrency: writers killed with SIGKILL at random instants, and two
// writer processes at once. Every file must load, and no acknowledged change may be lost.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "learnwall/actions.hpp"
#include "learnwall/publish.hpp"
#include "learnwall/store.hpp"
#include "test_util.hpp"

using namespace lw;

namespace {

// Child body: endless changes of every kind; after each one is durable, report its id on the pipe.
[[noreturn]] void write_forever(const std::string& path, int ack_fd, unsigned seed) {
    auto dir = DataDir::open(path);
    if (!dir) _exit(3);
    auto st = dir->load();
    if (!st) _exit(4);
    std::mt19937 rng(seed);
    for (int i = 0;; ++i) {
        std::string ack;
        switch (rng() % 3) {
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
    const int rounds = 300;
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
    CHECK(acknowledged_posts.size() > 0);
}

TEST_CASE("[Store] two writer processes lose nothing") {
    test::ScratchDir s("twowriters");
    auto created = DataDir::create(s.path + "/ev", test::sample_event(), "t");
    REQUIRE(created.ok());
    const std::string path = created->path();
    const int per_writer = 2000;
    std::vector<pid_t> pids;
    for (int w = 0; w < 2; ++w) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            auto dir = DataDir::open(path);
            auto st = dir->load();
            for (int i = 0; i < per_writer; ++i) {
                ManualPost p{"writer" + std::to_string(w), "change " + std::to_string(i) + " #NLAWWeek", "manual", {}, {}, ""};
                if (!add_manual_post(*dir, *st, p, "writer" + std::to_string(w))) _exit(2);
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
    CHECK(st->posts.size() == 2 * per_writer);
    CHECK(st->revision == 1 + 2 * per_writer);
    std::set<std::string> texts;
    for (const auto& r : st->posts) texts.insert(r.post.author_handle + "|" + r.post.text);
    CHECK(texts.size() == 2 * per_writer);
}
