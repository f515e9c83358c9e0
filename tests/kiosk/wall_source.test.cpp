// [kiosk] The wall source on lw::Worker: stop() is prompt while a request hangs, and the periodic
// tick picks a local wall.json up again after a stop and a start.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "file_server.hpp"
#include "kiosk_helpers.hpp"
#include "wall_source.hpp"

using namespace kiosk_test;
using namespace std::chrono_literals;

namespace {

// A TCP port on loopback that accepts connections (the kernel completes them) and never answers.
struct SilentServer {
    int fd = -1;
    int port = 0;
    SilentServer() {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd, 8) == 0);
        socklen_t len = sizeof a;
        REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port = ntohs(a.sin_port);
    }
    ~SilentServer() { ::close(fd); }
};

}  // namespace

TEST_CASE("[kiosk] wall source: stop returns promptly while a request hangs against a server that never answers") {
    SilentServer silent;
    lw::kiosk::SourceOptions so;
    so.url_timeout = std::chrono::seconds(30);  // far longer than stop() may take
    lw::kiosk::WallSource source("http://127.0.0.1:" + std::to_string(silent.port) + "/wall.json", so);
    source.start();
    std::this_thread::sleep_for(400ms);  // the first poll is in flight, waiting for an answer
    CHECK(source.state().attempts == 0);
    const auto t0 = std::chrono::steady_clock::now();
    source.stop();
    const auto took = std::chrono::steady_clock::now() - t0;
    CHECK(took < 2s);
}

TEST_CASE("[kiosk] wall source: a local wall.json is polled again after stop() and start()") {
    auto dir = scratch_dir("source-restart");
    const std::string path = dir + "/wall.json";
    std::filesystem::copy_file(data_file("wall-rich.json"), path, std::filesystem::copy_options::overwrite_existing);
    lw::kiosk::SourceOptions so;
    so.file_poll = std::chrono::milliseconds(20);
    lw::kiosk::WallSource source(path, so);
    auto wait_loads = [&](std::uint64_t n) {
        for (int i = 0; i < 300 && source.state().loads < n; ++i) std::this_thread::sleep_for(10ms);
        return source.state().loads;
    };
    source.start();
    CHECK(wait_loads(1) == 1);
    source.stop();
    // Replaced while stopped (a new inode and size): seen once polling starts again.
    std::ofstream(path + ".new") << std::ifstream(data_file("wall-rich.json")).rdbuf() << "\n\n";
    std::filesystem::rename(path + ".new", path);
    std::this_thread::sleep_for(100ms);
    CHECK(source.state().loads == 1);
    source.start();
    CHECK(wait_loads(2) == 2);
}

TEST_CASE("[kiosk] wall source: the poll announces the project's User-Agent with its purpose") {
    // Issue 12: the kiosk said "learnwall-kiosk/VERSION", unlike every other request of the project.
    auto dir = scratch_dir("source-agent");
    std::filesystem::copy_file(data_file("wall-rich.json"), dir + "/wall.json");
    lw::test::FileServer server(dir);
    lw::kiosk::WallSource source(server.url("wall.json"), lw::kiosk::SourceOptions{});
    source.load_now();
    CHECK_MESSAGE(source.state().loads == 1, source.state().error);
    const std::string ua = server.last_user_agent();
    CHECK(ua.rfind("learnwall/", 0) == 0);
    CHECK(ua.find(" (event wall screen; +") != std::string::npos);
}
