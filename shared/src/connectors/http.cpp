// The libcurl transport behind HttpClient: timeouts, gzip, TLS verification, header capture, streaming.
#include "learnwall/connectors/http.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "learnwall/log_safe.hpp"
#include "learnwall/text.hpp"

#ifndef LEARNWALL_VERSION_STRING
#error "LEARNWALL_VERSION_STRING comes from CMake (PROJECT_VERSION): see shared/CMakeLists.txt"
#endif

namespace lw::connectors {

namespace {

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
    HttpResponse* resp = nullptr;
    const std::function<bool(std::string_view)>* on_data = nullptr;  // streaming only
    const std::atomic<bool>* stop = nullptr;
    bool cancelled = false;
    std::uint64_t cap = 0;  // send(): decoded bytes kept at most (0: no bound, streams)
    bool too_large = false;
    const FetchPolicy* policy = nullptr;
    std::string host;     // the current hop's host, for the policy's host allowances
    std::string refusal;  // why the policy refused an address ("" when it did not)
};

std::string mebibytes(std::uint64_t b) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(b) / (1024.0 * 1024.0));
    return buf;
}

size_t on_body(char* ptr, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t len = size * n;
    if (t->on_data) {
        // Only hand over a successful stream's body; an error body is kept for the message.
        if (t->resp->status >= 200 && t->resp->status < 300) {
            if (!(*t->on_data)(std::string_view(ptr, len))) {
                t->cancelled = true;
                return 0;  // aborts the transfer
            }
            return len;
        }
        if (t->resp->body.size() < 64 * 1024) t->resp->body.append(ptr, len);
        return len;
    }
    // libcurl hands this callback decoded bytes: the cap bounds what a gzip bomb expands to.
    if (t->cap && t->resp->body.size() + len > t->cap) {
        t->too_large = true;
        return 0;
    }
    t->resp->body.append(ptr, len);
    return len;
}

size_t on_header(char* ptr, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t len = size * n;
    std::string_view line(ptr, len);
    if (line.rfind("HTTP/", 0) == 0) {
        // A new response (after a redirect or 100-continue): forget the previous headers.
        t->resp->headers.clear();
        auto sp = line.find(' ');
        if (sp != std::string_view::npos) t->resp->status = std::strtol(std::string(line.substr(sp + 1, 3)).c_str(), nullptr, 10);
        return len;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        std::string name = ascii_lower(trim(line.substr(0, colon)));
        t->resp->headers[name] = trim(line.substr(colon + 1));
    }
    return len;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (t->stop && t->stop->load()) {
        t->cancelled = true;
        return 1;
    }
    return 0;
}

// Every connection libcurl opens passes here with the address it resolved, redirects and every
// address of a name included: the policy sees what the socket will really reach (no DNS rebinding gap).
curl_socket_t on_open_socket(void* user, curlsocktype purpose, struct curl_sockaddr* a) {
    auto* t = static_cast<Transfer*>(user);
    if (t->policy && purpose == CURLSOCKTYPE_IPCXN) {
        char ip[INET6_ADDRSTRLEN] = {0};
        sockaddr_storage ss{};
        std::memcpy(&ss, &a->addr, std::min<std::size_t>(a->addrlen, sizeof ss));
        const char* text = nullptr;
        if (a->family == AF_INET) text = inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, ip, sizeof ip);
        else if (a->family == AF_INET6) text = inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, ip, sizeof ip);
        if (!text) {
            t->refusal = "refused: not an internet address";
            return CURL_SOCKET_BAD;
        }
        if (auto st = t->policy->check_address(t->host, ip); !st) {
            t->refusal = st.error();
            return CURL_SOCKET_BAD;
        }
    }
    return ::socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

// "https://a.example:8443/x" -> "https://a.example:8443": credentials are only sent within one origin.
std::string origin_of(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return ascii_lower(url);
    auto end = url.find_first_of("/?#", scheme + 3);
    return ascii_lower(url.substr(0, end));
}

bool is_redirect(long status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

class CurlClient final : public HttpClient {
public:
    explicit CurlClient(std::string ua) : ua_(std::move(ua)) { global_init_once(); }

    HttpResponse send(const HttpRequest& req, const std::atomic<bool>* cancel) override {
        HttpResponse r = perform(req, nullptr, cancel);
        if (cancel && cancel->load() && r.error.empty() && r.status == 0) r.error = "cancelled (shutting down)";
        return r;
    }

    HttpResponse stream(const HttpRequest& req, const std::function<bool(std::string_view)>& on_data,
                        const std::atomic<bool>& stop) override {
        return perform(req, &on_data, &stop);
    }

private:
    HttpResponse perform(const HttpRequest& req, const std::function<bool(std::string_view)>* on_data,
                         const std::atomic<bool>* stop) {
        HttpResponse resp;
        resp.final_url = req.url;
        CURL* c = curl_easy_init();
        if (!c) {
            resp.error = "cannot start an HTTP transfer (curl_easy_init failed)";
            return resp;
        }
        Transfer t{&resp, on_data, stop, false, on_data ? 0 : req.max_body_bytes, false, req.policy.get(), "", ""};
        curl_slist* resolve = nullptr;
        for (const auto& r : req.resolve) resolve = curl_slist_append(resolve, r.c_str());
        const std::string first_origin = origin_of(req.url);
        curl_easy_setopt(c, CURLOPT_USERAGENT, ua_.c_str());
        // Exactly the encodings named: each is decoded before the body cap counts it.
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // followed below, one checked hop at a time
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: never use signals for timeouts
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(req.connect_timeout.count()));
        if (resolve) curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
        if (req.policy) {
            curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
            curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
        }
        if (on_data) {
            // A stream has no total limit, but a silent one (no bytes, not even heartbeats) is dead.
            curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
            curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 90L);
        } else {
            curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(req.total_timeout.count()));
            // A declared length over the cap is refused before any byte is read.
            if (req.max_body_bytes) curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(req.max_body_bytes));
        }
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
        if (stop) {
            curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
            curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
            curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        }

        std::string url = req.url, method = req.method;
        bool send_body = true;
        curl_slist* headers = nullptr;
        CURLcode rc = CURLE_OK;
        for (int hop = 0;; ++hop) {
            if (req.policy) {
                if (auto st = req.policy->check_url(url); !st) {
                    t.refusal = st.error();
                    break;
                }
            }
            t.host = url_host_name(url);
            // Authorization and Cookie headers stay with the origin they were meant for.
            const bool same_origin = origin_of(url) == first_origin;
            curl_slist_free_all(headers);
            headers = nullptr;
            for (const auto& [k, v] : req.headers) {
                const std::string name = ascii_lower(k);
                if (!same_origin && (name == "authorization" || name == "cookie")) continue;
                headers = curl_slist_append(headers, (k + ": " + v).c_str());
            }
            curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
            curl_easy_setopt(c, CURLOPT_URL, url.c_str());
            if (method == "POST" && send_body) {
                curl_easy_setopt(c, CURLOPT_POST, 1L);
                curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.c_str());
                curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
            } else if (method == "GET") {
                curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
            } else {
                curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
            }
            resp.status = 0;
            resp.final_url = url;
            rc = curl_easy_perform(c);
            long code = 0;
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
            if (code) resp.status = code;
            curl_off_t connect_us = 0;
            curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_us);
            resp.connected = resp.connected || code != 0 || connect_us > 0;
            if (rc != CURLE_OK || !is_redirect(resp.status) || !t.refusal.empty()) break;
            char* next = nullptr;
            curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &next);
            if (!next) break;  // a redirect status without a Location: that is the answer
            if (hop >= req.max_redirects) {
                resp.error = "more than " + std::to_string(req.max_redirects) + " redirects (last to " +
                             log_safe(url_host_name(next), 200) + ")";
                break;
            }
            url = next;
            // 303, and 301/302 after a POST, continue as GET without the body (what browsers do).
            if (resp.status == 303 || ((resp.status == 301 || resp.status == 302) && method == "POST")) {
                method = "GET";
                send_body = false;
            }
            resp.body.clear();
            resp.headers.clear();
        }
        if (!t.refusal.empty()) {
            resp.refused = true;
            resp.status = 0;
            resp.body.clear();
            resp.error = t.refusal;
        } else if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
            resp.too_large = true;
            resp.body.clear();
            resp.error = "the answer is larger than " + mebibytes(req.max_body_bytes) + " (after decoding; refused, not read further) (" +
                         log_safe(url_host_name(url), 200) + ")";
        } else if (!resp.error.empty()) {
            // set above (too many redirects)
        } else if (rc != CURLE_OK && t.cancelled && !on_data) {
            resp.error = "cancelled (shutting down)";
        } else if (rc != CURLE_OK && !t.cancelled) {
            resp.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
            // The message names the host, never the query (which could carry a token).
            resp.error = std::string(curl_easy_strerror(rc)) + " (" + log_safe(url_host(url), 200) + ")";
        }
        curl_slist_free_all(headers);
        curl_slist_free_all(resolve);
        curl_easy_cleanup(c);
        return resp;
    }

    std::string ua_;
};

}  // namespace

std::unique_ptr<HttpClient> make_curl_client(const std::string& user_agent) {
    return std::make_unique<CurlClient>(user_agent);
}

HttpRequest post_media_request(std::string url, std::shared_ptr<const FetchPolicy> policy) {
    HttpRequest req;
    req.url = std::move(url);
    req.connect_timeout = policy->connect_timeout;
    req.total_timeout = policy->total_timeout;
    req.max_body_bytes = policy->max_bytes;
    req.max_redirects = policy->max_redirects;
    req.headers.emplace_back("Accept", "image/png,image/jpeg,image/gif,image/webp;q=0.9,image/*;q=0.5");
    req.policy = std::move(policy);
    return req;
}

std::string user_agent(std::string_view purpose) {
    std::string ua = "learnwall/";
    ua += LEARNWALL_VERSION_STRING;
    ua += " (";
    ua += purpose;
    ua += "; +https://github.com/learnwall/learnwall)";
    return ua;
}

std::string default_user_agent() { return user_agent("event wall for Learning at Work Week"); }

std::string url_encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string url_host(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
    auto end = url.find_first_of("/?#");
    if (end != std::string_view::npos) url = url.substr(0, end);
    if (auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
    if (!url.empty() && url.front() != '[')
        if (auto colon = url.rfind(':'); colon != std::string_view::npos) url = url.substr(0, colon);
    return ascii_lower(url);
}

std::string trim_base_url(std::string_view url) {
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    return std::string(url);
}

}  // namespace lw::connectors
