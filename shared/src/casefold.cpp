// Case-insensitive matching keys for names typed by people ("ZOË", "zoë ångström", "Ана"): Unicode
// simple case folding for the scripts staff names come in, without ICU or a locale. Latin letters
// with accents are split into base letter + combining mark, so a name typed precomposed (NFC, what
// keyboards send) matches the same name decomposed (NFD, what some HR exports and macOS file names
// hold).
#include "learnwall/utf8.hpp"

#include <array>
#include <utility>

namespace lw {

namespace {

// Simple case folding (CaseFolding.txt status C and S) for Latin-1, Latin Extended-A, Latin
// Extended Additional, Greek, Cyrillic, Armenian and the fullwidth ASCII forms; other code points
// come back unchanged. ß/ẞ are handled by the caller (full folding: "ss").
char32_t fold_code_point(char32_t c) {
    auto even_to_odd = [](char32_t x) { return (x % 2 == 0) ? x + 1 : x; };
    auto odd_to_even = [](char32_t x) { return (x % 2 == 1) ? x + 1 : x; };
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
    if (c < 0x100) {
        if (c == 0xB5) return 0x3BC;  // micro sign -> Greek mu
        if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
        return c;
    }
    if (c <= 0x17F) {  // Latin Extended-A: upper/lower pairs, with two runs offset by one
        if (c == 0x130) return 'i';    // İ: folded like the dotless-free 'i' (its dot is dropped below)
        if (c == 0x178) return 0xFF;   // Ÿ
        if (c == 0x17F) return 's';    // long s
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return odd_to_even(c);
        if (c == 0x131 || c == 0x138 || c == 0x149) return c;
        return even_to_odd(c);
    }
    if (c >= 0x370 && c <= 0x3FF) {  // Greek
        if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;
        switch (c) {
            case 0x386: return 0x3AC;
            case 0x388: case 0x389: case 0x38A: return c + 0x25;
            case 0x38C: return 0x3CC;
            case 0x38E: case 0x38F: return c + 0x3F;
            case 0x3C2: return 0x3C3;  // final sigma
            case 0x3D0: return 0x3B2;
            case 0x3D1: return 0x3B8;
            case 0x3D5: return 0x3C6;
            case 0x3D6: return 0x3C0;
            case 0x3F0: return 0x3BA;
            case 0x3F1: return 0x3C1;
            case 0x3F4: return 0x3B8;
            case 0x3F5: return 0x3B5;
            case 0x37F: return 0x3F3;
            case 0x3F7: return 0x3F8;
            case 0x3F9: return 0x3F2;
            case 0x3FA: return 0x3FB;
            case 0x3FD: case 0x3FE: case 0x3FF: return c - 0x82;
            default: break;
        }
        if (c >= 0x3D8 && c <= 0x3EF) return even_to_odd(c);
        return c;
    }
    if (c >= 0x400 && c <= 0x52F) {  // Cyrillic and its supplement
        if (c <= 0x40F) return c + 0x50;
        if (c <= 0x42F) return c + 0x20;
        if (c < 0x460) return c;
        if (c <= 0x481) return even_to_odd(c);
        if (c >= 0x48A && c <= 0x4BF) return even_to_odd(c);
        if (c == 0x4C0) return 0x4CF;
        if (c >= 0x4C1 && c <= 0x4CE) return odd_to_even(c);
        if (c >= 0x4D0) return even_to_odd(c);
        return c;
    }
    if (c >= 0x531 && c <= 0x556) return c + 0x30;  // Armenian
    if (c >= 0x1E00 && c <= 0x1EFF) {               // Latin Extended Additional (Vietnamese, Welsh)
        if (c == 0x1E9B) return 0x1E61;
        if (c >= 0x1E96 && c <= 0x1E9F) return c;
        return even_to_odd(c);
    }
    if (c >= 0xFF21 && c <= 0xFF3A) return c + 0x20;  // fullwidth Latin capitals
    return c;
}

// Base letter and combining mark of a lower-case precomposed Latin letter (Latin-1 and Latin
// Extended-A, the letters of European names); {c, 0} when it has no canonical decomposition.
std::pair<char32_t, char32_t> decompose_latin(char32_t c) {
    // Marks: grave, acute, circumflex, tilde, macron, breve, dot above, diaeresis, ring, double acute,
    // caron, cedilla, ogonek.
    static constexpr char32_t kGrave = 0x300, kAcute = 0x301, kCirc = 0x302, kTilde = 0x303, kMacron = 0x304,
                              kBreve = 0x306, kDot = 0x307, kDiaer = 0x308, kRing = 0x30A, kDblAcute = 0x30B,
                              kCaron = 0x30C, kCedilla = 0x327, kOgonek = 0x328;
    struct Entry {
        char base;
        char32_t mark;
    };
    // 0xE0..0xFF
    static constexpr std::array<Entry, 32> latin1{{
        {'a', kGrave}, {'a', kAcute}, {'a', kCirc}, {'a', kTilde}, {'a', kDiaer}, {'a', kRing}, {0, 0}, {'c', kCedilla},
        {'e', kGrave}, {'e', kAcute}, {'e', kCirc}, {'e', kDiaer}, {'i', kGrave}, {'i', kAcute}, {'i', kCirc}, {'i', kDiaer},
        {0, 0}, {'n', kTilde}, {'o', kGrave}, {'o', kAcute}, {'o', kCirc}, {'o', kTilde}, {'o', kDiaer}, {0, 0},
        {0, 0}, {'u', kGrave}, {'u', kAcute}, {'u', kCirc}, {'u', kDiaer}, {'y', kAcute}, {0, 0}, {'y', kDiaer},
    }};
    // 0x100..0x17F, indexed by (c - 0x100) / 2 for the pairs; the lower-case member is looked up.
    static constexpr std::array<Entry, 64> ext_a{{
        {'a', kMacron}, {'a', kBreve}, {'a', kOgonek}, {'c', kAcute}, {'c', kCirc}, {'c', kDot}, {'c', kCaron}, {'d', kCaron},   // 100-10F
        {0, 0}, {'e', kMacron}, {'e', kBreve}, {'e', kDot}, {'e', kOgonek}, {'e', kCaron}, {'g', kCirc}, {'g', kBreve},         // 110-11F
        {'g', kDot}, {'g', kCedilla}, {'h', kCirc}, {0, 0}, {'i', kTilde}, {'i', kMacron}, {'i', kBreve}, {'i', kOgonek},       // 120-12F
        {0, 0}, {0, 0}, {'j', kCirc}, {'k', kCedilla}, {0, 0}, {0, 0}, {0, 0}, {0, 0},                                          // 130-13F (odd run below)
        {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {'o', kMacron}, {'o', kBreve},                                         // 140-14F
        {'o', kDblAcute}, {0, 0}, {'r', kAcute}, {'r', kCedilla}, {'r', kCaron}, {'s', kAcute}, {'s', kCirc}, {'s', kCedilla}, // 150-15F
        {'s', kCaron}, {'t', kCedilla}, {'t', kCaron}, {0, 0}, {'u', kTilde}, {'u', kMacron}, {'u', kBreve}, {'u', kRing},     // 160-16F
        {'u', kDblAcute}, {'u', kOgonek}, {'w', kCirc}, {'y', kCirc}, {0, 0}, {0, 0}, {0, 0}, {0, 0},                          // 170-17F
    }};
    if (c >= 0xE0 && c <= 0xFF) {
        const Entry& e = latin1[c - 0xE0];
        return e.base ? std::pair<char32_t, char32_t>{static_cast<char32_t>(e.base), e.mark} : std::pair<char32_t, char32_t>{c, 0};
    }
    // The runs where the lower-case letter has the even code point (after folding): ĺ ļ ľ ń ņ ň ź ż ž.
    switch (c) {
        case 0x13A: return {'l', kAcute};
        case 0x13C: return {'l', kCedilla};
        case 0x13E: return {'l', kCaron};
        case 0x144: return {'n', kAcute};
        case 0x146: return {'n', kCedilla};
        case 0x148: return {'n', kCaron};
        case 0x17A: return {'z', kAcute};
        case 0x17C: return {'z', kDot};
        case 0x17E: return {'z', kCaron};
        default: break;
    }
    if (c >= 0x100 && c <= 0x17F && c % 2 == 1) {
        const Entry& e = ext_a[(c - 0x100) / 2];
        if (e.base) return {static_cast<char32_t>(e.base), e.mark};
    }
    return {c, 0};
}

}  // namespace

std::string fold_case(std::string_view in) {
    std::u32string out;
    out.reserve(in.size());
    for (char32_t c : utf8_to_u32(in)) {
        if (c == 0xDF || c == 0x1E9E) {  // ß, ẞ: full folding, so "Strasse" and "Straße" match
            out += U"ss";
            continue;
        }
        const bool dotted_capital_i = c == 0x130;
        char32_t f = fold_code_point(c);
        auto [base, mark] = decompose_latin(f);
        out.push_back(base);
        if (mark && !dotted_capital_i) out.push_back(mark);
    }
    return u32_to_utf8(out);
}

bool equals_folded(std::string_view a, std::string_view b) {
    if (a == b) return true;
    return fold_case(a) == fold_case(b);
}

}  // namespace lw
