// Fuzzes what a post's URL meets before any byte is fetched (issue 10): the outbound-fetch policy
// (scheme, host, address classification, the organiser's allowances), publishing's URL filter and
// log_safe, with the invariants that must hold for any input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "learnwall/fetch_policy.hpp"
#include "learnwall/log_safe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    // log_safe: never a control byte, a newline above all, and bounded.
    const std::string safe = lw::log_safe(in, 256);
    for (unsigned char c : safe)
        if (c < 0x20 || c == 0x7F) std::abort();
    if (safe.size() > 256 + 64) std::abort();

    lw::FetchPolicy policy;
    const auto nl = in.find('\n');
    const std::string_view first = in.substr(0, nl), rest = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    (void)policy.allow(first);
    (void)lw::internal_address_kind(first);
    (void)policy.check_address(lw::url_host_name(rest), first);
    const bool url_ok = policy.check_url(rest).ok();
    // What publishing keeps is a URL the policy would at least try; never a local path.
    if (lw::is_publishable_media_url(rest) && !url_ok) std::abort();
    if (url_ok && !lw::is_http_url(rest)) std::abort();
    (void)lw::is_mirrored_media_path(rest);
    // Loopback is never public, whatever was allowed before it.
    if (lw::internal_address_kind("127.0.0.1").empty() || lw::internal_address_kind("::ffff:127.0.0.1").empty()) std::abort();
    return 0;
}
