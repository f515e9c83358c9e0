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

// A key for case-insensitive matching of names and e-mail addresses typed by people: Unicode
// simple case folding for Latin (Latin-1, Extended-A, Extended Additional), Greek, Cyrillic and
// Armenian, plus ß -> "ss"; accented Latin letters are split into letter + combining mark so NFC and
// NFD spellings give the same key ("ZOË", "zoë", "zoe\u0308" -> one key). Not for display.
std::string fold_case(std::string_view in);
// fold_case(a) == fold_case(b), without folding when the bytes already agree.
bool equals_folded(std::string_view a, std::string_view b);

}  // namespace lw
