// [Tips CLI] issue 13 item 1: `tips code` and the real `tips serve` binary on a free port, posted to
// with curl as a phone would: an accepted tip is pending in the queue; every refusal has its status
// and leaves the journal byte for byte as it was; the identity header counts only from the proxy.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fcntl.h>
#include <thread>

#include "cli_util.hpp"

using namespace lw::test;

namespace {

// The server as a child process; SIGTERM on scope exit if the test did not stop it.
struct TipsServer {
    pid_t pid = -1;
    int port = 0;
    std::string out_path, err_path;

    TipsServer(const ScratchDir& s, const std::vector<std::string>& args, const std::string& name) {
        out_path = s.path + "/" + name + ".out";
        err_path = s.path + "/" + name + ".err";
        pid = ::fork();
        if (pid == 0) {
            int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(o, 1);
            ::dup2(e, 2);
            std::vector<char*> argv;
            std::string bin = LEARNWALL_ADMIN_BIN;
            argv.push_back(bin.data());
            std::vector<std::string> copy = args;
            for (auto& a : copy) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(bin.c_str(), argv.data());
            ::_exit(127);
        }
        // It prints its port once it listens.
        for (int i = 0; i < 200 && port == 0; ++i) {
            std::string out = slurp(out_path);
            if (auto at = out.find("listening on http://127.0.0.1:"); at != std::string::npos)
                port = std::atoi(out.c_str() + at + 30);
            else std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    // Exit status after SIGTERM (-1 when it did not exit within 5 s).
    int stop() {
        if (pid <= 0) return -1;
        ::kill(pid, SIGTERM);
        for (int i = 0; i < 100; ++i) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        pid = -1;
        return -1;
    }
    ~TipsServer() {
        if (pid > 0) stop();
    }
    TipsServer(const TipsServer&) = delete;
    TipsServer& operator=(const TipsServer&) = delete;
};

struct TipsReply {
    int status = 0;
    std::string headers, body;
};

// curl with `args` (form fields, headers) against the server; the status, headers and body.
TipsReply tips_curl(const ScratchDir& s, const std::string& args, const std::string& url) {
    const std::string h = s.path + "/.h", b = s.path + "/.b";
    std::string cmd = "curl -s -o " + shell_quote(b) + " -D " + shell_quote(h) + " " + args + " " + shell_quote(url) +
                      " >/dev/null 2>&1";
    (void)std::system(cmd.c_str());
    TipsReply r;
    r.headers = slurp(h);
    r.body = slurp(b);
    // The last status line: curl sends large bodies with Expect: 100-continue, so "100 Continue" may come first.
    if (auto at = r.headers.rfind("HTTP/"); at != std::string::npos)
        r.status = std::atoi(r.headers.c_str() + r.headers.find(' ', at) + 1);
    return r;
}

std::string tips_init(const ScratchDir& s) {
    const std::string data = s.path + "/ev";
    auto init = admin(s, {"init", "--data", data, "--name", "Acme Week", "--start", "2026-05-18", "--end", "2026-05-24",
                          "--timezone", "Europe/London", "--tag", "#NLAWWeek"});
    REQUIRE_MESSAGE(init.rc == 0, init.err);
    return data;
}

}  // namespace

TEST_CASE("[Tips CLI] tips code prints the join code and keeps it") {
    ScratchDir s("tips-code");
    const std::string data = tips_init(s);
    auto a = admin(s, {"tips", "code", "--data", data});
    REQUIRE_MESSAGE(a.rc == 0, a.err);
    CHECK(a.last_line().size() == 6);
    auto b = admin(s, {"tips", "code", "--data", data});
    CHECK(b.last_line() == a.last_line());
    auto help = admin(s, {"tips", "serve", "--help"});
    CHECK(help.rc == 0);
    CHECK(help.out.find("--trusted-proxy") != std::string::npos);
    auto bad = admin(s, {"tips", "serve", "--data", data, "--listen", "nowhere"});
    CHECK(bad.rc == 2);
    CHECK(bad.err.find("HOST:PORT") != std::string::npos);
}

TEST_CASE("[Tips CLI] tips serve stores an accepted tip as pending, refusals store nothing, SIGTERM stops it") {
    ScratchDir s("tips-serve");
    const std::string data = tips_init(s);
    const std::string code = admin(s, {"tips", "code", "--data", data}).last_line();
    const std::string journal = data + "/journal.jsonl";
    // 192.0.2.1 is the proxy: requests from 127.0.0.1 are not, so their identity header is ignored.
    TipsServer srv(s, {"tips", "serve", "--data", data, "--listen", "127.0.0.1:0", "--trusted-proxy", "192.0.2.1"}, "a");
    REQUIRE_MESSAGE(srv.port > 0, slurp(srv.err_path));
    const std::string base = "http://127.0.0.1:" + std::to_string(srv.port);

    TipsReply page = tips_curl(s, "", base + "/");
    CHECK(page.status == 200);
    CHECK(page.body.find("<label for=\"text\">") != std::string::npos);
    CHECK(page.body.find("name=\"code\"") != std::string::npos);
    CHECK(page.body.find("viewport") != std::string::npos);

    TipsReply ok = tips_curl(s, "--data-urlencode author='Sam Green' --data-urlencode text='Tip: pair on the hard bits' "
                            "--data-urlencode code=" + shell_quote(code), base + "/tips");
    CHECK(ok.status == 303);
    CHECK(ok.headers.find("Location: thanks") != std::string::npos);
    auto queue = admin(s, {"moderate", "list", "--data", data});
    CHECK(queue.out.find("Sam Green") != std::string::npos);
    CHECK(queue.out.find("form:") != std::string::npos);

    const std::string before = slurp(journal);
    SUBCASE("wrong code: 403") {
        TipsReply r = tips_curl(s, "--data-urlencode author=Sam --data-urlencode text=hello --data-urlencode code=WRONG1",
                            base + "/tips");
        CHECK(r.status == 403);
        CHECK(r.body.find("join code is wrong") != std::string::npos);
    }
    SUBCASE("identity header from an address that is not the proxy: ignored, so the missing code is 403") {
        TipsReply r = tips_curl(s, "-H 'X-Remote-User: ana@corp.example' --data-urlencode text=hello", base + "/tips");
        CHECK(r.status == 403);
    }
    SUBCASE("a photo that is not an image: 400 (multipart)") {
        const std::string f = s.path + "/fake.jpg";
        { std::ofstream(f) << "<html>login</html>"; }
        TipsReply r = tips_curl(s, "-F author=Sam -F text=hello -F code=" + shell_quote(code) + " -F photo=@" + shell_quote(f),
                            base + "/tips");
        CHECK(r.status == 400);
        CHECK(r.body.find("not an image") != std::string::npos);
    }
    SUBCASE("a body over the cap: 413 before it is read") {
        const std::string f = s.path + "/big.jpg";
        { std::ofstream(f) << std::string(13u << 20, 'x'); }
        TipsReply r = tips_curl(s, "-F author=Sam -F text=hello -F code=" + shell_quote(code) + " -F photo=@" + shell_quote(f),
                            base + "/tips");
        CHECK(r.status == 413);
    }
    SUBCASE("empty tip: 400") {
        TipsReply r = tips_curl(s, "--data-urlencode author=Sam --data-urlencode text= --data-urlencode code=" + shell_quote(code),
                            base + "/tips");
        CHECK(r.status == 400);
    }
    SUBCASE("too many tips from one person: 429") {
        for (int i = 0; i < 4; ++i)
            REQUIRE(tips_curl(s, "--data-urlencode author='Sam Green' --data-urlencode text='Tip: one more' "
                                 "--data-urlencode code=" + shell_quote(code), base + "/tips").status == 303);
        const std::string five = slurp(journal);
        TipsReply r = tips_curl(s, "--data-urlencode author='Sam Green' --data-urlencode text='Tip: one more' "
                               "--data-urlencode code=" + shell_quote(code), base + "/tips");
        CHECK(r.status == 429);
        CHECK(r.headers.find("Retry-After") != std::string::npos);
        CHECK(slurp(journal) == five);
        return;
    }
    CHECK(slurp(journal) == before);
    CHECK(srv.stop() == 0);
    CHECK(slurp(srv.out_path).find("stopped") != std::string::npos);
}

TEST_CASE("[Tips CLI] tips serve trusts the identity header from the configured proxy") {
    ScratchDir s("tips-proxy");
    const std::string data = tips_init(s);
    (void)admin(s, {"tips", "code", "--data", data});
    TipsServer srv(s, {"tips", "serve", "--data", data, "--listen", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1",
                       "--identity-header", "X-Test-User"}, "b");
    REQUIRE_MESSAGE(srv.port > 0, slurp(srv.err_path));
    const std::string base = "http://127.0.0.1:" + std::to_string(srv.port);
    CHECK(tips_curl(s, "-H 'X-Test-User: ana@corp.example'", base + "/").body.find("Signed in as") != std::string::npos);
    TipsReply r = tips_curl(s, "-H 'X-Test-User: ana@corp.example' --data-urlencode text='Tip: no code needed here'",
                        base + "/tips");
    CHECK(r.status == 303);
    auto queue = admin(s, {"moderate", "list", "--data", data, "--json"});
    CHECK(queue.out.find("ana@corp.example") != std::string::npos);
    CHECK(srv.stop() == 0);
}
