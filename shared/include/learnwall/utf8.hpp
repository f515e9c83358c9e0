// UTF-8 hygiene: every text from outside is repaired before it is stored or drawn.
#pragma once

#include <string>
#include <string_view>

namespace lw {

// Replaces each invalid byte sequence (bad lead, truncated, overlong, surrogate, > U+10FFFF)
// with U+FFFD, and drops NUL bytes; valid input comes back unchanged.
std::string repair_utf8(std::string_view in);
bool is_valid_utf8(std::string_view in);

// Decodes valid UTF-8 into code points (call repair_utf8 first on untrusted text).
std::u32string utf8_to_u32(std::string_view in);
std::string u32_to_utf8(std::u32string_view in);

}  // namespace lw
