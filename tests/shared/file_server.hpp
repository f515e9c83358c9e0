// A tiny HTTP/1.0 file server on a free 127.0.0.1 port, in the test's own process: serves the files of
// one folder, so image tests go through the real client and the fetch policy (a post's local path is
// never opened any more). Only GET, no keep-alive, ".." refused.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

namespace lw::test {

class FileServer {
public:
    explicit FileServer(std::string root) : root_(std::move(root)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        int one = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 16) != 0) return;
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~FileServer() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        if (fd_ >= 0) ::close(fd_);
    }
    FileServer(const FileServer&) = delete;
    FileServer& operator=(const FileServer&) = delete;

    [[nodiscard]] int port() const { return port_; }
    // "http://127.0.0.1:PORT/name"
    [[nodiscard]] std::string url(const std::string& name) const {
        return "http://127.0.0.1:" + std::to_string(port_) + "/" + name;
    }
    [[nodiscard]] int requests() const { return requests_.load(); }
    // A header of the latest request, by exact name ("" when absent or before any request).
    [[nodiscard]] std::string last_header(const std::string& name) const {
        std::lock_guard<std::mutex> lock(mu_);
        auto at = last_request_.find("\r\n" + name + ": ");
        if (at == std::string::npos) return {};
        at += 4 + name.size();
        return last_request_.substr(at, last_request_.find("\r\n", at) - at);
    }
    // The User-Agent of the latest request ("" before any).
    [[nodiscard]] std::string last_user_agent() const {
        std::lock_guard<std::mutex> lock(mu_);
        return user_agent_;
    }

private:
    void serve() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) continue;
            ++requests_;
            std::string req;
            char buf[4096];
            while (req.find("\r\n\r\n") == std::string::npos && req.size() < 65536) {
                pollfd q{c, POLLIN, 0};
                if (::poll(&q, 1, 2000) <= 0) break;
                ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                req.append(buf, static_cast<std::size_t>(n));
            }
            {
                std::lock_guard<std::mutex> lock(mu_);
                last_request_ = req;
            }
            std::string path;
            std::istringstream line(req);
            std::string method;
            line >> method >> path;
            if (auto ua = req.find("\r\nUser-Agent: "); ua != std::string::npos) {
                auto end = req.find("\r\n", ua + 2);
                std::lock_guard<std::mutex> lock(mu_);
                user_agent_ = req.substr(ua + 14, end == std::string::npos ? std::string::npos : end - ua - 14);
            }
            std::string body, status = "404 Not Found";
            if (method == "GET" && path.size() > 1 && path.find("..") == std::string::npos) {
                std::ifstream f(root_ + path, std::ios::binary);
                if (f) {
                    std::ostringstream all;
                    all << f.rdbuf();
                    body = all.str();
                    status = "200 OK";
                }
            }
            std::string head = "HTTP/1.0 " + status + "\r\nContent-Length: " + std::to_string(body.size()) +
                               "\r\nConnection: close\r\n\r\n";
            std::string out = head + body;
            std::size_t sent = 0;
            while (sent < out.size()) {
                ssize_t n = ::send(c, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
                if (n <= 0) break;
                sent += static_cast<std::size_t>(n);
            }
            ::close(c);
        }
    }

    std::string root_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> requests_{0};
    mutable std::mutex mu_;
    std::string user_agent_;  // guarded by mu_
    std::string last_request_;  // guarded by mu_: request line and headers
    std::thread thread_;
};

}  // namespace lw::test
