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

namespace {

bool email_local_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
           std::string_view("._%+-'!#$&*=?^`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}
bool email_domain_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '.' ||
           c == '-';
}

struct EmailSpan {
    size_t begin = 0, end = 0;
};

// Address spans in `s`, in order. The domain needs a dot and a last label of two letters or more
// (so "a@b" and "5 @ 6pm" are no address); a trailing full stop ends the sentence, not the domain.
std::vector<EmailSpan> email_spans(std::string_view s) {
    std::vector<EmailSpan> out;
    size_t from = 0;
    for (size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
        if (at < from) continue;
        size_t b = at;
        while (b > from && email_local_byte(static_cast<unsigned char>(s[b - 1]))) --b;
        if (b == at) continue;
        if (b > 0 && s[b - 1] == '@') continue;  // @user@instance: a fediverse handle
        size_t e = at + 1;
        while (e < s.size() && email_domain_byte(static_cast<unsigned char>(s[e]))) ++e;
        while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;
        std::string_view domain = s.substr(at + 1, e - at - 1);
        size_t dot = domain.rfind('.');
        if (dot == std::string_view::npos || dot == 0) continue;
        std::string_view tld = domain.substr(dot + 1);
        bool letters = tld.size() >= 2;
        for (char c : tld) letters = letters && (static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
        if (!letters) continue;
        out.push_back({b, e});
        from = e;
    }
    return out;
}

}  // namespace

bool looks_like_email(std::string_view s) {
    std::string t = trim(s);
    auto spans = email_spans(t);
    return spans.size() == 1 && spans[0].begin == 0 && spans[0].end == t.size();
}

std::string mask_emails(std::string_view s, std::string_view keep) {
    auto spans = email_spans(s);
    if (spans.empty()) return std::string(s);
    const std::string kept = ascii_lower(keep);
    std::string out;
    size_t pos = 0;
    for (const auto& sp : spans) {
        out.append(s.substr(pos, sp.begin - pos));
        std::string_view found = s.substr(sp.begin, sp.end - sp.begin);
        if (!kept.empty() && ascii_lower(found) == kept) out.append(found);
        else out += kEmailMask;
        pos = sp.end;
    }
    out.append(s.substr(pos));
    return out;
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

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace lw
