// Fuzzes Mastodon's formats: a page of statuses (HTML content, boosts, media), the Link header, and
// the streaming endpoint's server-sent events fed in arbitrary chunks.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "learnwall/connectors/mastodon.hpp"

using namespace lw::connectors;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            (void)parse_mastodon_statuses(body, "social.example");
            break;
        case 1:
            (void)parse_link_header(body);
            break;
        default: {
            // Chunk sizes come from the data so splits land everywhere.
            SseParser parser;
            FetchedPage page;
            size_t chunk = 1 + data[0] % 17;
            for (size_t pos = 0; pos < body.size(); pos += chunk)
                parser.feed(body.substr(pos, chunk),
                            [&](const SseEvent& ev) { (void)apply_mastodon_stream_event(ev, "social.example", page); });
        }
    }
    return 0;
}
