// UTF-8 validation and repair (RFC 3629), without locale dependence.
#include "learnwall/utf8.hpp"

namespace lw {

namespace {

// Length of the valid sequence at s[i], or 0 when it is invalid.
size_t valid_sequence(std::string_view s, size_t i) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t n;
    char32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
    return n;
}

}  // namespace

bool is_valid_utf8(std::string_view in) {
    for (size_t i = 0; i < in.size();) {
        size_t n = valid_sequence(in, i);
        if (n == 0 || in[i] == '\0') return false;
        i += n;
    }
    return true;
}

std::string repair_utf8(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size();) {
        size_t n = valid_sequence(in, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
            // One replacement per maximal bad run of continuation bytes.
            while (i < in.size() && (static_cast<unsigned char>(in[i]) & 0xC0) == 0x80) ++i;
        } else {
            if (!(n == 1 && in[i] == '\0')) out.append(in.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::u32string utf8_to_u32(std::string_view in) {
    std::u32string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size();) {
        size_t n = valid_sequence(in, i);
        if (n == 0) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        auto c = static_cast<unsigned char>(in[i]);
        char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(in[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

std::string u32_to_utf8(std::u32string_view in) {
    std::string out;
    for (char32_t cp : in) {
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

}  // namespace lw
