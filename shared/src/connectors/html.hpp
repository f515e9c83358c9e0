// HTML entity decoding shared by the Mastodon and X normalisers. Private to the connectors.
#pragma once

#include <string>
#include <string_view>

namespace lw::connectors::detail {

// Appends the UTF-8 for a code point (invalid ones become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

// Decodes one entity starting at s[i] == '&'; on success appends it, advances i past ';' and returns true.
bool decode_entity_at(std::string_view s, size_t& i, std::string& out);

// Decodes every entity in s (named ones HTML uses in posts, and numeric ones).
std::string decode_entities(std::string_view s);

// Decodes only &amp; &lt; &gt; (what X escapes in tweet text).
std::string decode_x_entities(std::string_view s);

}  // namespace lw::connectors::detail
