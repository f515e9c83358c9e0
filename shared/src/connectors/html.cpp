// HTML entity decoding for post text.
#include "html.hpp"

#include <cstdlib>

#include "json_get.hpp"

namespace lw::connectors::detail {

void append_utf8(std::string& out, char32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {
struct Named {
    std::string_view name;
    char32_t cp;
};
// The entities that turn up in federated post HTML; anything else is left as written.
constexpr Named kNamed[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},        {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"hellip", 0x2026}, {"mdash", 0x2014},  {"ndash", 0x2013},  {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"copy", 0xA9},     {"reg", 0xAE},
    {"trade", 0x2122}, {"euro", 0x20AC},   {"pound", 0xA3},    {"eacute", 0xE9},   {"egrave", 0xE8},
    {"aacute", 0xE1},  {"uuml", 0xFC},     {"ouml", 0xF6},     {"auml", 0xE4},     {"szlig", 0xDF},
    {"middot", 0xB7},  {"bull", 0x2022},   {"times", 0xD7},    {"deg", 0xB0},      {"zwj", 0x200D},
};
}  // namespace

bool decode_entity_at(std::string_view s, size_t& i, std::string& out) {
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) return false;
    std::string_view body = s.substr(i + 1, semi - i - 1);
    if (body.empty()) return false;
    if (body[0] == '#') {
        std::string digits(body.substr(1));
        int base = 10;
        if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
            base = 16;
            digits.erase(0, 1);
        }
        if (digits.empty()) return false;
        char* end = nullptr;
        unsigned long v = std::strtoul(digits.c_str(), &end, base);
        if (*end != '\0') return false;
        append_utf8(out, static_cast<char32_t>(v > 0x10FFFF ? 0xFFFD : v));
        i = semi + 1;
        return true;
    }
    for (const auto& n : kNamed) {
        if (n.name == body) {
            append_utf8(out, n.cp);
            i = semi + 1;
            return true;
        }
    }
    return false;
}

std::string decode_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '&' && decode_entity_at(s, i, out)) continue;
        out += s[i++];
    }
    return out;
}

std::string decode_x_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '&') {
            if (s.substr(i, 5) == "&amp;") { out += '&'; i += 5; continue; }
            if (s.substr(i, 4) == "&lt;") { out += '<'; i += 4; continue; }
            if (s.substr(i, 4) == "&gt;") { out += '>'; i += 4; continue; }
        }
        out += s[i++];
    }
    return out;
}

std::string repair_json_text(std::string_view body) {
    std::string in = repair_utf8(body);
    std::string out;
    out.reserve(in.size());
    auto hex4 = [&](size_t at, unsigned& v) {
        if (at + 6 > in.size() || in[at] != '\\' || in[at + 1] != 'u') return false;
        v = 0;
        for (size_t k = at + 2; k < at + 6; ++k) {
            char c = in[k];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
            else return false;
        }
        return true;
    };
    for (size_t i = 0; i < in.size();) {
        if (in[i] == '\\' && i + 1 < in.size()) {
            unsigned v = 0, w = 0;
            if (hex4(i, v) && v >= 0xD800 && v <= 0xDFFF) {
                if (v <= 0xDBFF && hex4(i + 6, w) && w >= 0xDC00 && w <= 0xDFFF) {
                    out.append(in, i, 12);
                    i += 12;
                } else {
                    out += "\\uFFFD";
                    i += 6;
                }
                continue;
            }
            out.append(in, i, 2);  // any other escape, including "\\\\"
            i += 2;
            continue;
        }
        out += in[i++];
    }
    return out;
}

}  // namespace lw::connectors::detail
