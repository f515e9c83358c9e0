// Escaping text from outside before it reaches a log line (see log_safe.hpp).
#include "learnwall/log_safe.hpp"

#include <algorithm>
#include <cstdio>

namespace lw {

namespace {

void hex_escape(std::string& out, unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
}

// Length of the valid UTF-8 sequence at s[i] (0 when invalid), and its code point.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    unsigned char c = b(0);
    std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(k) & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not text.
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

}  // namespace

std::string log_safe(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        if (out.size() >= max_bytes) {
            out += "... (" + std::to_string(text.size() - i) + " more bytes)";
            break;
        }
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '\\': out += "\\\\"; break;
                default:
                    if (c < 0x20 || c == 0x7F) hex_escape(out, c);
                    else out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        char32_t cp = 0;
        std::size_t n = utf8_sequence(text, i, cp);
        if (n == 0) {
            hex_escape(out, c);
            ++i;
            continue;
        }
        // C1 controls (a terminal reads U+009B as CSI) and the Unicode line and paragraph separators.
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
            char buf[12];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
            out += buf;
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

}  // namespace lw
