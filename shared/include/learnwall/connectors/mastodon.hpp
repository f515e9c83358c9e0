// Mastodon's REST format (Status entities, the hashtag timeline, Link paging) and its streaming events.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

#include "learnwall/connectors/page.hpp"
#include "learnwall/result.hpp"

namespace lw::connectors {

// Status HTML to plain text: <p> becomes a blank line, <br> a line break, list items a line each,
// tags dropped, entities decoded; "invisible"/"ellipsis" spans are kept so links come back whole.
std::string mastodon_html_to_text(std::string_view html);

// One Status entity to a Post (a boost yields the boosted status). `instance_host` completes a local
// acct when the account's own URL does not name its host. Throws JsonFieldError naming the field.
Post mastodon_status_to_post(const nlohmann::json& status, std::string_view instance_host);

// The native id of a status: its ActivityPub URI without the scheme, unique across instances, so the
// same post seen through two instances is stored once.
std::string mastodon_native_id(const nlohmann::json& status, std::string_view instance_host);

// A JSON array of statuses (a timeline page). Malformed items are skipped and named in `problems`;
// a body that is not a JSON array is an error.
Result<FetchedPage> parse_mastodon_statuses(std::string_view body, std::string_view instance_host);

// RFC 8288 Link header: the URLs with rel="next" (older) and rel="prev" (newer).
struct LinkHeader {
    std::string next, prev;
};
LinkHeader parse_link_header(std::string_view value);

// True when Mastodon snowflake id `a` is newer than `b` (longer is newer, then lexicographic).
bool mastodon_id_newer(std::string_view a, std::string_view b);

// One server-sent event from /api/v1/streaming: its name and data.
struct SseEvent {
    std::string event;  // "update", "status.update", "delete", ... ("message" when unnamed)
    std::string data;
};

// Incremental server-sent events parser: feed bytes as they arrive, get whole events back.
// Comment lines (heartbeats such as ":thump") are ignored.
class SseParser {
public:
    template <class F>
    void feed(std::string_view bytes, F&& on_event) {
        buf_.append(bytes);
        size_t pos = 0;
        while (true) {
            size_t nl = buf_.find('\n', pos);
            if (nl == std::string::npos) break;
            std::string_view line(buf_.data() + pos, nl - pos);
            pos = nl + 1;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty()) {
                if (has_data_) on_event(SseEvent{event_.empty() ? "message" : event_, data_});
                event_.clear();
                data_.clear();
                has_data_ = false;
                continue;
            }
            if (line.front() == ':') continue;
            auto colon = line.find(':');
            std::string_view field = line.substr(0, colon);
            std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
            if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            if (field == "event") event_ = value;
            else if (field == "data") {
                if (has_data_) data_ += '\n';
                data_ += value;
                has_data_ = true;
            }
        }
        buf_.erase(0, pos);
    }
    [[nodiscard]] size_t pending_bytes() const { return buf_.size(); }

private:
    std::string buf_, event_, data_;
    bool has_data_ = false;
};

// Turns one streaming event into page contents: update/status.update give a post, delete a deletion
// (of "mastodon-local:HOST/ID", resolved by the ingest against what it stored). Other events are ignored.
Status apply_mastodon_stream_event(const SseEvent& ev, std::string_view instance_host, FetchedPage& into);

}  // namespace lw::connectors
