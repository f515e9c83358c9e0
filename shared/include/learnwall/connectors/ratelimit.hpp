// Being a good API citizen: reading each network's rate-limit headers, and backing off after failures.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "learnwall/time.hpp"

namespace lw::connectors {

struct RateLimit {
    std::int64_t limit = -1;      // -1: the server did not say
    std::int64_t remaining = -1;
    std::optional<Instant> reset;  // when the window refills
};

// Mastodon: X-RateLimit-* with an ISO 8601 reset; Bluesky: RateLimit-* with an epoch reset;
// X: x-rate-limit-* with an epoch reset. Header names in `headers` are lower case.
RateLimit parse_rate_limit(const std::string& kind, const std::map<std::string, std::string>& headers);

// Retry-After (seconds or an HTTP date) as an instant, if present and sensible.
std::optional<Instant> parse_retry_after(const std::map<std::string, std::string>& headers, Instant now);

// Exponential backoff with full jitter: failure 1 waits about 2 s, doubling up to `cap`;
// `random01` in [0,1) picks the point in [half, whole] of the step so many hubs never retry in lockstep.
std::chrono::milliseconds backoff_delay(int consecutive_failures, double random01,
                                        std::chrono::milliseconds cap = std::chrono::minutes(5));

// When the next request may go, given the rate-limit headers: if the window is spent, at its reset
// (never more than an hour away, in case a clock is wrong).
std::optional<Instant> wait_for_rate_limit(const RateLimit& r, Instant now);

}  // namespace lw::connectors
