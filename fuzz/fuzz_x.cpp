// Fuzzes X API v2 recent search results (tweets, includes.users, includes.media, note_tweet, entities).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "learnwall/connectors/x.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)lw::connectors::parse_x_search(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
