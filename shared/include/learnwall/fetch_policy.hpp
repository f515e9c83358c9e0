// The one outbound-fetch policy for every download of a URL that came from a post (the hub's media
// mirror, the kiosk's images, the admin's thumbnails): which schemes, which resolved addresses, how
// many bytes and how long. A post is written by a stranger: its URLs must never reach the hub's own
// services, the LAN or a local file. The HTTP client applies the address rule to every connection
// it opens, redirects included (learnwall/connectors/http.hpp); no curl types here.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/result.hpp"

namespace lw {

// Why an address must not be fetched from ("loopback", "private", "link-local", ...), or "" for a
// public address. Takes the textual form libc prints (inet_ntop), IPv4 or IPv6; IPv4-mapped and
// IPv4-compatible IPv6 forms are judged by their IPv4 address. Text that is no address is "not an IP address".
std::string internal_address_kind(std::string_view ip);

// Redirects followed at most, by every request (API polls, wall.json, images): one limit everywhere.
inline constexpr int kRedirectLimit = 3;

class FetchPolicy {
public:
    std::uint64_t max_bytes = 8ull << 20;  // decoded bytes of one image; a bigger answer is refused, never truncated
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds total_timeout{20'000};
    int max_redirects = kRedirectLimit;  // each hop is checked like the first

    // Adds one organiser allowance: a host name ("images.intranet.example", any port, exact and
    // case-insensitive), one address ("127.0.0.1", "::1") or a range ("10.20.0.0/16", "fd00::/8").
    // An entry that is none of these is an error saying what was expected.
    Status allow(std::string_view entry);
    // The allowances in the order given, as given (for logs and --help output).
    [[nodiscard]] const std::vector<std::string>& allowances() const { return entries_; }

    // The URL itself: http or https with a host. file://, ftp://, bare paths and the like are refused.
    [[nodiscard]] Status check_url(std::string_view url) const;
    // An address about to be connected to for `host` (the URL's host, lower case): internal
    // addresses are refused unless the host name or the address is allowed.
    [[nodiscard]] Status check_address(std::string_view host, std::string_view ip) const;

private:
    struct Range {
        std::array<unsigned char, 16> net{};  // IPv4 as IPv4-mapped IPv6
        int prefix = 128;
    };
    std::vector<std::string> entries_;
    std::vector<std::string> hosts_;  // lower case
    std::vector<Range> ranges_;
};

// True for "http://..." and "https://..." (scheme case-insensitive).
bool is_http_url(std::string_view url);
// What publishing keeps of a post's image or avatar URL: an http(s) URL without control characters
// or spaces ("" is not kept either). file://, bare paths and other schemes are dropped.
bool is_publishable_media_url(std::string_view url);
// The host of a URL as the policy sees it: lower case, without user info, port or IPv6 brackets
// ("http://[::1]:8080/x" -> "::1"); "" when there is none.
std::string url_host_name(std::string_view url);
// True for a path the hub's media mirror writes into wall.json: "media/<16 hex>.<png|jpg|gif|webp>".
bool is_mirrored_media_path(std::string_view path);

}  // namespace lw
