// HTTP for the connectors: one request/response shape and a client interface, so tests and the
// benchmark can swap the transport. The libcurl implementation lives in http.cpp (no curl types here).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "learnwall/fetch_policy.hpp"

namespace lw::connectors {

// The most decoded bytes one API answer may have (a page of posts is tens of KB; a few MiB is plenty).
inline constexpr std::uint64_t kApiBodyCap = 8ull << 20;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;  // name, value
    std::string body;
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds total_timeout{30'000};  // ignored by stream(): a stream may last for hours
    // send() only: the most bytes kept after decoding (gzip, deflate); a bigger answer ends the transfer
    // with too_large set and no body. stream() hands every piece to on_data, which keeps its own bound.
    std::uint64_t max_body_bytes = kApiBodyCap;
    int max_redirects = kRedirectLimit;  // followed one by one: each hop's URL and address pass `policy` again
    // For URLs that came from a post (images, avatars): the scheme and every resolved address are
    // checked before connecting. Null for the organiser's own sources (their base URL is trusted).
    std::shared_ptr<const FetchPolicy> policy;
    // Tests only: "host:port:address" entries that replace DNS for this request (curl's --resolve).
    std::vector<std::string> resolve;
};

struct HttpResponse {
    long status = 0;                            // 0 when no response arrived
    std::map<std::string, std::string> headers; // names in lower case; the last value wins
    std::string body;
    std::string error;       // transport failure ("" when a response arrived)
    bool timed_out = false;  // the connect or total timeout fired
    bool too_large = false;  // more than max_body_bytes after decoding (the body is dropped)
    bool refused = false;    // the fetch policy refused the URL or an address (nothing was sent)
    bool connected = false;  // a connection was made (a server is there, whatever it answered)
    std::string final_url;   // the URL of the last hop, after redirects
    [[nodiscard]] bool ok() const { return error.empty() && status >= 200 && status < 300; }
    [[nodiscard]] std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    // `cancel`, when given, aborts the transfer soon after it turns true (the response then has an error).
    virtual HttpResponse send(const HttpRequest& req, const std::atomic<bool>* cancel = nullptr) = 0;
    // A long-lived response (server-sent events): on_data gets each piece as it arrives and returns
    // false to stop; `stop` is checked at least once a second. The body is not kept.
    virtual HttpResponse stream(const HttpRequest& req, const std::function<bool(std::string_view)>& on_data,
                                const std::atomic<bool>& stop) = 0;
};

// libcurl with TLS verification on, exactly "gzip, deflate" accepted, redirects followed by hand (each
// hop checked; Authorization and Cookie headers never sent to another origin), the given User-Agent.
std::unique_ptr<HttpClient> make_curl_client(const std::string& user_agent);

// The User-Agent every learnwall program announces itself with: "learnwall/<version from CMake>
// (<purpose>; +<project URL>)". One format, so a server's log tells the programs apart by the note only.
std::string user_agent(std::string_view purpose);
// user_agent() of the hub's connectors.
std::string default_user_agent();

// A GET for an image or avatar URL that came from a post, under `policy` (its caps, timeouts and
// redirect limit; the address rule applied by the client). `policy` must not be null.
HttpRequest post_media_request(std::string url, std::shared_ptr<const FetchPolicy> policy);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string url_encode(std::string_view s);
// "https://mastodon.social/api/..." -> "mastodon.social" (lower case, without port or user info).
std::string url_host(std::string_view url);
// Drops a trailing '/'.
std::string trim_base_url(std::string_view url);

}  // namespace lw::connectors
