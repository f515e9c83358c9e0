// The outbound-fetch policy (see fetch_policy.hpp): address classification and the organiser's allowances.
#include "learnwall/fetch_policy.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

#include "learnwall/log_safe.hpp"
#include "learnwall/text.hpp"

namespace lw {

namespace {

using Addr = std::array<unsigned char, 16>;

// Textual IPv4 or IPv6 (brackets and an IPv6 zone allowed) as 16 bytes, IPv4 as ::ffff:a.b.c.d.
std::optional<Addr> parse_ip(std::string_view text) {
    std::string s(text);
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    if (auto pct = s.find('%'); pct != std::string::npos) s.resize(pct);
    Addr a{};
    unsigned char v4[4];
    if (s.find(':') == std::string::npos) {
        if (inet_pton(AF_INET, s.c_str(), v4) != 1) return std::nullopt;
        a[10] = a[11] = 0xFF;
        std::memcpy(a.data() + 12, v4, 4);
        return a;
    }
    if (inet_pton(AF_INET6, s.c_str(), a.data()) != 1) return std::nullopt;
    return a;
}

std::string ipv4_kind(const unsigned char* b) {
    const unsigned a0 = b[0], a1 = b[1];
    if (a0 == 0) return "unspecified (0.0.0.0/8)";
    if (a0 == 127) return "loopback";
    if (a0 == 10 || (a0 == 172 && (a1 & 0xF0) == 16) || (a0 == 192 && a1 == 168)) return "private";
    if (a0 == 169 && a1 == 254) return "link-local";
    if (a0 == 100 && (a1 & 0xC0) == 64) return "shared (carrier-grade NAT)";
    if (a0 >= 224 && a0 <= 239) return "multicast";
    if (a0 >= 240) return "reserved";
    if ((a0 == 192 && a1 == 0 && b[2] == 0) || (a0 == 198 && (a1 & 0xFE) == 18)) return "reserved";
    return "";
}

std::string address_kind(const Addr& a) {
    auto zeros = [&](int from, int to) {
        for (int i = from; i < to; ++i)
            if (a[static_cast<std::size_t>(i)] != 0) return false;
        return true;
    };
    // IPv4-mapped (::ffff:a.b.c.d): what the socket really reaches is the IPv4 address.
    if (zeros(0, 10) && a[10] == 0xFF && a[11] == 0xFF) return ipv4_kind(a.data() + 12);
    if (zeros(0, 16)) return "unspecified (::)";
    if (zeros(0, 15) && a[15] == 1) return "loopback";
    // IPv4-compatible (::a.b.c.d, deprecated) and the NAT64 well-known prefix embed an IPv4 address.
    if (zeros(0, 12)) return ipv4_kind(a.data() + 12);
    if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B && zeros(4, 12)) return ipv4_kind(a.data() + 12);
    // 6to4 (2002:AABB:CCDD::/48) carries the IPv4 address of its relay.
    if (a[0] == 0x20 && a[1] == 0x02) {
        std::string k = ipv4_kind(a.data() + 2);
        if (!k.empty()) return k + " (6to4)";
    }
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return "link-local";
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) return "private (site-local)";
    if ((a[0] & 0xFE) == 0xFC) return "unique-local (private)";
    if (a[0] == 0xFF) return "multicast";
    if (a[0] == 0x01 && a[1] == 0x00 && zeros(2, 8)) return "reserved (discard)";
    return "";
}

bool in_range(const Addr& a, const Addr& net, int prefix) {
    for (int bit = 0; bit < prefix; bit += 8) {
        const int take = std::min(8, prefix - bit);
        const unsigned mask = (0xFFu << (8 - take)) & 0xFFu;
        const auto i = static_cast<std::size_t>(bit / 8);
        if ((a[i] & mask) != (net[i] & mask)) return false;
    }
    return true;
}

bool valid_host_name(std::string_view h) {
    if (h.empty() || h.size() > 253) return false;
    for (char c : h)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) return false;
    return h.front() != '.' && h.front() != '-';
}

}  // namespace

std::string url_host_name(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return "";
    url.remove_prefix(scheme + 3);
    auto end = url.find_first_of("/?#");
    if (end != std::string_view::npos) url = url.substr(0, end);
    if (auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
    if (!url.empty() && url.front() == '[') {
        auto close = url.find(']');
        return close == std::string_view::npos ? "" : ascii_lower(url.substr(1, close - 1));
    }
    if (auto colon = url.rfind(':'); colon != std::string_view::npos) url = url.substr(0, colon);
    return ascii_lower(url);
}

std::string internal_address_kind(std::string_view ip) {
    auto a = parse_ip(ip);
    if (!a) return "not an IP address";
    return address_kind(*a);
}

bool is_http_url(std::string_view url) {
    std::string head = ascii_lower(url.substr(0, 8));
    return head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
}

bool is_publishable_media_url(std::string_view url) {
    if (!is_http_url(url)) return false;
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
    return !url_host_name(url).empty();
}

bool is_mirrored_media_path(std::string_view p) {
    constexpr std::string_view prefix = "media/";
    if (p.substr(0, prefix.size()) != prefix) return false;
    p.remove_prefix(prefix.size());
    if (p.size() < 18 || p[16] != '.') return false;
    for (std::size_t i = 0; i < 16; ++i) {
        const char c = p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    const auto ext = p.substr(17);
    return ext == "png" || ext == "jpg" || ext == "gif" || ext == "webp";
}

Status FetchPolicy::allow(std::string_view entry_in) {
    std::string entry = ascii_lower(trim(entry_in));
    const std::string expected =
        "a host name (images.intranet.example), an address (127.0.0.1, ::1) or a range (10.20.0.0/16, fd00::/8)";
    if (entry.empty()) return fail("an empty allowance: expected " + expected);
    std::string addr = entry;
    std::optional<int> prefix;
    if (auto slash = entry.find('/'); slash != std::string::npos) {
        addr = entry.substr(0, slash);
        const std::string bits = entry.substr(slash + 1);
        if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos)
            return fail("\"" + log_safe(entry_in, 200) + "\": the part after / is not a prefix length; expected " + expected);
        prefix = std::stoi(bits);
    }
    if (auto a = parse_ip(addr)) {
        const bool v4 = addr.find(':') == std::string::npos;
        const int max = v4 ? 32 : 128;
        const int p = prefix.value_or(max);
        if (p < 0 || p > max)
            return fail("\"" + log_safe(entry_in, 200) + "\": a prefix length of " + std::to_string(p) + " (0.." +
                        std::to_string(max) + " for " + (v4 ? "IPv4" : "IPv6") + ")");
        ranges_.push_back({*a, v4 ? p + 96 : p});
        entries_.push_back(entry);
        return {};
    }
    if (prefix || !valid_host_name(entry))
        return fail("\"" + log_safe(entry_in, 200) + "\" is not an allowance: expected " + expected);
    hosts_.push_back(entry);
    entries_.push_back(entry);
    return {};
}

Status FetchPolicy::check_url(std::string_view url) const {
    for (char c : url)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == ' ')
            return fail("refused: the URL has spaces or control characters");
    if (!is_http_url(url)) {
        auto colon = url.find(':');
        const bool scheme = colon != std::string_view::npos && colon > 0 && url.substr(0, colon).find('/') == std::string_view::npos;
        return fail(scheme ? "refused: only http and https are fetched (not " + log_safe(ascii_lower(url.substr(0, colon)), 20) + ":)"
                           : std::string("refused: not an http(s) URL (a local path is never opened for a post)"));
    }
    if (url_host_name(url).empty()) return fail("refused: the URL names no host");
    return {};
}

Status FetchPolicy::check_address(std::string_view host_in, std::string_view ip) const {
    const auto a = parse_ip(ip);
    if (!a) return fail("refused: \"" + log_safe(ip, 60) + "\" is not an IP address");
    const std::string kind = address_kind(*a);
    if (kind.empty()) return {};
    const std::string host = ascii_lower(host_in);
    for (const auto& h : hosts_)
        if (h == host) return {};
    for (const auto& r : ranges_)
        if (in_range(*a, r.net, r.prefix)) return {};
    std::string who = host.empty() || host == ip ? std::string(ip) : log_safe(host, 200) + " (" + std::string(ip) + ")";
    const bool vowel = kind.rfind("unspecified", 0) == 0 || kind[0] == 'a' || kind[0] == 'o' || kind[0] == 'i' || kind[0] == 'e';
    return fail("refused: " + who + " is " + (vowel ? "an " : "a ") + kind +
                " address; a post's URL may not reach the hub's own network (an organiser can allow a host or range)");
}

}  // namespace lw
