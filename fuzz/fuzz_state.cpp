// Fuzzes every loader of the data directory and the published snapshot: event.json, roster.json, a
// journal line, wall.json and a roster CSV. The first byte picks the loader. A loader may refuse the
// input (that is its job); it must never crash, hang, or let an unexpected exception escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "learnwall/json_read.hpp"
#include "learnwall/model.hpp"
#include "learnwall/roster_csv.hpp"
#include "learnwall/store.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"
#include "learnwall/wall.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 6) {
        case 0:
        case 1: {
            auto doc = lw::parse_json_text(text, "fuzz.json");
            if (!doc) return 0;
            try {
                if (data[0] % 6 == 0) {
                    lw::Event e = lw::event_from_json(lw::JsonIn(*doc));
                    (void)lw::validate_event(e);
                    (void)lw::to_json(e).dump();
                } else {
                    lw::Roster r = lw::roster_from_json(lw::JsonIn(*doc));
                    (void)lw::to_json(r).dump();
                }
            } catch (const lw::JsonFieldError&) {
                // refused with a pointer and an expectation: fine
            }
            break;
        }
        case 2:
            (void)lw::parse_journal_line(text, "journal.jsonl:1");
            break;
        case 3:
            (void)lw::parse_wall(text, "wall.json");
            break;
        case 4:
            (void)lw::parse_roster_csv(text, "roster.csv");
            break;
        default: {
            std::string fixed = lw::repair_utf8(text);
            (void)lw::extract_hashtags(fixed);
        }
    }
    return 0;
}
