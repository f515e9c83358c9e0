// Starts the stand-in (python3 tests/standin/run, as scripts/demo does) on a free 127.0.0.1 port for one test, and talks to its control endpoint.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "learnwall/connectors/http.hpp"
#include "shared/test_util.hpp"

namespace lw::test {

class StandIn {
public:
    explicit StandIn(std::vector<std::string> extra = {}) : dir_("standin") {
        std::string port_file = dir_.path + "/port";
        std::vector<std::string> args = {"python3", LEARNWALL_STANDIN, "--port", "0", "--port-file", port_file,
                                         "--heartbeat", "1"};
        for (auto& e : extra) args.push_back(e);
        pid_ = ::fork();
        if (pid_ == 0) {
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            std::string log = dir_.path + "/standin.log";
            FILE* f = std::freopen(log.c_str(), "w", stdout);
            (void)f;
            ::dup2(STDOUT_FILENO, STDERR_FILENO);
            ::execvp("python3", argv.data());
            ::_exit(127);
        }
        for (int i = 0; i < 200 && port_ == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
            std::ifstream f(port_file);
            f >> port_;
        }
        http_ = connectors::make_curl_client("learnwall-tests");
    }
    ~StandIn() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int st = 0;
            ::waitpid(pid_, &st, 0);
        }
    }
    StandIn(const StandIn&) = delete;
    StandIn& operator=(const StandIn&) = delete;

    [[nodiscard]] bool running() const { return port_ != 0; }
    [[nodiscard]] std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

    nlohmann::json control(const std::string& what, const nlohmann::json& body = nlohmann::json::object()) {
        connectors::HttpRequest req;
        req.method = "POST";
        req.url = base() + "/control/" + what;
        req.body = body.dump();
        req.headers.emplace_back("Content-Type", "application/json");
        auto r = http_->send(req);
        return nlohmann::json::parse(r.body, nullptr, false);
    }
    nlohmann::json stats() {
        connectors::HttpRequest req;
        req.url = base() + "/control/stats";
        auto r = http_->send(req);
        return nlohmann::json::parse(r.body, nullptr, false);
    }

private:
    ScratchDir dir_;
    pid_t pid_ = -1;
    int port_ = 0;
    std::unique_ptr<connectors::HttpClient> http_;
};

}  // namespace lw::test
