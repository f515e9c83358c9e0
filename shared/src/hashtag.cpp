// Hashtag validation: one rule for every place a tag enters (see hashtag.hpp).
#include "learnwall/hashtag.hpp"

#include <map>

#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

namespace {

// Letters and marks of any script, as far as this can be told without the Unicode database: every
// code point above ASCII except spaces, controls, punctuation and symbol blocks, emoji, private use
// and specials. The networks' own rules (letters, marks, digits, '_') agree on every real tag.
bool hashtag_letter(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (c <= 0xBF) return c == 0xAA || c == 0xB5 || c == 0xBA;  // C1 controls, Latin-1 punctuation
    if (c == 0xD7 || c == 0xF7) return false;                     // × ÷
    if (c >= 0x2000 && c <= 0x2BFF) return false;  // spaces, punctuation, symbols, arrows, maths, box drawing
    if (c >= 0x2E00 && c <= 0x2E7F) return false;  // supplemental punctuation
    if (c >= 0x3000 && c <= 0x303F) return false;  // CJK spaces and punctuation
    if (c >= 0xD800 && c <= 0xF8FF) return false;  // surrogates, private use
    if (c >= 0xFE00 && c <= 0xFE0F) return false;  // variation selectors
    if (c >= 0xFE30 && c <= 0xFE6F) return false;  // CJK compatibility forms, small forms
    if (c >= 0xFF00 && c <= 0xFF0F) return false;  // fullwidth punctuation
    if (c >= 0xFF1A && c <= 0xFF20) return false;
    if (c >= 0xFF3B && c <= 0xFF40) return false;
    if (c >= 0xFF5B && c <= 0xFF65) return false;
    if (c >= 0xFFF0) return c >= 0x10000 && !(c >= 0x1F000 && c <= 0x1FAFF) && c < 0xE0000;  // emoji, tags, specials
    if (c == 0x1680 || c == 0x180E || c == 0xFEFF) return false;  // spaces, BOM
    return true;
}

// The tag as it goes into a message: control characters shown as \n, \t or \xNN, so a newline in a
// tag cannot break the message (or a log line) in two.
std::string hashtag_shown(std::string_view s) {
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7F) {
            static const char* hex = "0123456789ABCDEF";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else out += ch;
    }
    return "\"" + out + "\"";
}

}  // namespace

Result<std::string> check_hashtag(std::string_view raw) {
    std::string tag = trim(raw);
    if (!tag.empty() && tag.front() == '#') tag.erase(0, 1);
    if (tag.empty()) return fail("the hashtag " + hashtag_shown(raw) + " is empty");
    if (!is_valid_utf8(tag)) return fail("the hashtag " + hashtag_shown(raw) + " is not valid UTF-8");
    std::u32string cps = utf8_to_u32(tag);
    if (cps.size() > kHashtagMaxChars)
        return fail("the hashtag " + hashtag_shown(tag) + " is longer than " + std::to_string(kHashtagMaxChars) + " characters");
    bool all_digits = true;
    for (char32_t c : cps) {
        if (!hashtag_letter(c)) {
            std::string what = c == ' ' ? "a space" : c == '#' ? "a second '#'" : c < 0x20 || c == 0x7F ? "a control character"
                                                                                : "\"" + u32_to_utf8(std::u32string(1, c)) + "\"";
            return fail("the hashtag " + hashtag_shown(tag) + " contains " + what +
                        " (a hashtag is letters, digits and '_' only, one word)");
        }
        all_digits = all_digits && c >= '0' && c <= '9';
    }
    if (all_digits) return fail("the hashtag " + hashtag_shown(tag) + " is only digits (networks do not link such a tag)");
    return tag;
}

Result<std::vector<std::string>> check_hashtags(const std::vector<std::string>& raw, const std::string& what) {
    std::vector<std::string> out;
    std::map<std::string, std::string> seen;  // folded -> as given
    for (const auto& r : raw) {
        auto tag = check_hashtag(r);
        if (!tag) return fail(what + ": " + tag.error());
        auto [it, fresh] = seen.emplace(fold_case(*tag), *tag);
        if (!fresh)
            return fail(what + ": #" + *tag + " repeats #" + it->second +
                        " (hashtags are the same on every network whatever their case)");
        out.push_back(*tag);
    }
    return out;
}

}  // namespace lw
