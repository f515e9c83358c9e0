// Fuzzes Bluesky's formats: searchPosts results and a createSession answer (with its DID document).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "learnwall/connectors/bluesky.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] % 2 == 0)
        (void)lw::connectors::parse_bluesky_search(body);
    else
        (void)lw::connectors::parse_bluesky_session(body);
    return 0;
}
