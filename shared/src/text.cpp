// Small text helpers: hashtag extraction, case folding, trimming.
#include "learnwall/text.hpp"

#include <set>

namespace lw {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string trim(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string> extract_hashtags(std::string_view text) {
    // A tag character: ASCII letter, digit, underscore, or any byte of a non-ASCII UTF-8 sequence
    // (letters in other scripts). Punctuation ends a tag.
    auto tag_char = [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
    };
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '#') continue;
        if (i > 0 && tag_char(static_cast<unsigned char>(text[i - 1]))) continue;  // "C#" or "a#b" is no tag
        size_t j = i + 1;
        while (j < text.size() && tag_char(static_cast<unsigned char>(text[j]))) ++j;
        if (j == i + 1) continue;
        std::string tag(text.substr(i + 1, j - i - 1));
        bool all_digits = true;
        for (char c : tag) all_digits = all_digits && c >= '0' && c <= '9';
        if (!all_digits && seen.insert(ascii_lower(tag)).second) out.push_back(tag);
        i = j - 1;
    }
    return out;
}

}  // namespace lw
