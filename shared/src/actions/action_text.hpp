// Text checks the organiser actions share (private to shared/src/actions). Named with a prefix, not in
// an anonymous namespace: the unity build compiles several action files as one.
#pragma once

#include <string>

#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::action_text {

// Characters as people count them (code points), after repairing bad UTF-8.
inline size_t chars(const std::string& s) { return utf8_to_u32(repair_utf8(s)).size(); }

// Trimmed and UTF-8-repaired: what is stored.
inline std::string clean(const std::string& s) { return trim(repair_utf8(s)); }

// A control character (newline, tab, escape...): not allowed in one-line fields.
inline bool has_control(const std::string& s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
    return false;
}

}  // namespace lw::action_text
