// Rate-limit headers of the three networks, Retry-After, and jittered exponential backoff.
#include "learnwall/connectors/ratelimit.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace lw::connectors {

namespace {

std::optional<std::int64_t> to_int(const std::map<std::string, std::string>& h, const std::string& name) {
    auto it = h.find(name);
    if (it == h.end()) return std::nullopt;
    std::int64_t v = 0;
    const std::string& s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<Instant> epoch_seconds(const std::map<std::string, std::string>& h, const std::string& name) {
    auto v = to_int(h, name);
    if (!v || *v <= 0) return std::nullopt;
    return Instant{std::chrono::seconds(*v)};
}

}  // namespace

RateLimit parse_rate_limit(const std::string& kind, const std::map<std::string, std::string>& h) {
    RateLimit r;
    std::string prefix = kind == "mastodon" ? "x-ratelimit-" : kind == "bluesky" ? "ratelimit-" : "x-rate-limit-";
    if (auto v = to_int(h, prefix + "limit")) r.limit = *v;
    if (auto v = to_int(h, prefix + "remaining")) r.remaining = *v;
    if (kind == "mastodon") {
        auto it = h.find(prefix + "reset");
        if (it != h.end()) r.reset = parse_rfc3339(it->second);
    } else {
        r.reset = epoch_seconds(h, prefix + "reset");
    }
    return r;
}

std::optional<Instant> parse_retry_after(const std::map<std::string, std::string>& h, Instant now) {
    if (auto v = to_int(h, "retry-after"); v && *v >= 0 && *v <= 24 * 3600) return now + std::chrono::seconds(*v);
    return std::nullopt;
}

std::chrono::milliseconds backoff_delay(int failures, double random01, std::chrono::milliseconds cap) {
    if (failures < 1) return std::chrono::milliseconds(0);
    double step = 2000.0 * std::pow(2.0, std::min(failures - 1, 20));
    step = std::min(step, static_cast<double>(cap.count()));
    random01 = std::clamp(random01, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(step * (0.5 + 0.5 * random01)));
}

std::optional<Instant> wait_for_rate_limit(const RateLimit& r, Instant now) {
    if (r.remaining != 0 || !r.reset) return std::nullopt;
    if (*r.reset <= now) return std::nullopt;
    return std::min(*r.reset, now + std::chrono::hours(1));
}

}  // namespace lw::connectors
