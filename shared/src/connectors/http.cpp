// The libcurl transport behind HttpClient: timeouts, gzip, TLS verification, header capture, streaming.
#include "learnwall/connectors/http.hpp"

#include <curl/curl.h>

#include <mutex>

#include "learnwall/text.hpp"

#ifndef LEARNWALL_VERSION_STRING
#define LEARNWALL_VERSION_STRING "0.1"
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
};

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
        CURL* c = curl_easy_init();
        if (!c) {
            resp.error = "cannot start an HTTP transfer (curl_easy_init failed)";
            return resp;
        }
        Transfer t{&resp, on_data, stop, false};
        curl_slist* headers = nullptr;
        for (const auto& [k, v] : req.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
        curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(c, CURLOPT_USERAGENT, ua_.c_str());
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl can decode (gzip, deflate, ...)
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: never use signals for timeouts
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(req.connect_timeout.count()));
        if (on_data) {
            // A stream has no total limit, but a silent one (no bytes, not even heartbeats) is dead.
            curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
            curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 90L);
        } else {
            curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(req.total_timeout.count()));
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
        if (req.method == "POST") {
            curl_easy_setopt(c, CURLOPT_POST, 1L);
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.c_str());
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
        } else if (req.method != "GET") {
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        }
        CURLcode rc = curl_easy_perform(c);
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        if (code) resp.status = code;
        if (rc != CURLE_OK && t.cancelled && !on_data) {
            resp.error = "cancelled (shutting down)";
        } else if (rc != CURLE_OK && !t.cancelled) {
            resp.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
            // The message names the host, never the query (which could carry a token).
            resp.error = std::string(curl_easy_strerror(rc)) + " (" + url_host(req.url) + ")";
        }
        curl_slist_free_all(headers);
        curl_easy_cleanup(c);
        return resp;
    }

    std::string ua_;
};

}  // namespace

std::unique_ptr<HttpClient> make_curl_client(const std::string& user_agent) {
    return std::make_unique<CurlClient>(user_agent);
}

std::string default_user_agent() {
    // One literal: GCC 12 at -O2 warns falsely (-Warray-bounds) on string + literal + literal.
    return "learnwall/" LEARNWALL_VERSION_STRING
           " (event wall for Learning at Work Week; +https://github.com/learnwall/learnwall)";
}

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
