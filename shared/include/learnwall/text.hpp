// Small text helpers shared by ingest, scoring and publishing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lw {

// Hashtags in a text, without '#', in order of first appearance, each once (case-insensitive).
std::vector<std::string> extract_hashtags(std::string_view text);
// ASCII lower case (non-ASCII bytes unchanged).
std::string ascii_lower(std::string_view s);
// Trims ASCII whitespace at both ends.
std::string trim(std::string_view s);

// Text for an HTML page (the report, the share-a-tip page): & < > " ' as entities, nothing else changed.
std::string html_escape(std::string_view s);
// E-mail addresses never reach screens (wall.json is public). An address is local@domain.tld; a
// fediverse mention (@ana@example.social, the '@' before the local part) is not one.
// True when the whole of `s` (trimmed) is one e-mail address.
bool looks_like_email(std::string_view s);
// `s` with every e-mail address in it replaced by kEmailMask, except `keep` (compared without case):
// a Mastodon author's own handle (user@instance) is published as the handle anyway.
inline constexpr const char* kEmailMask = "[e-mail]";
std::string mask_emails(std::string_view s, std::string_view keep = {});
// A byte that belongs to a word: ASCII letters and digits, '_', and every byte of a non-ASCII
// character (so words in any script stay whole).
inline bool is_word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

}  // namespace lw
