// Arabic shaping and per-line visual order with FriBidi, for renderers without a shaper.
#include "learnwall/bidi.hpp"

#include <fribidi.h>

#include <algorithm>

#include "learnwall/utf8.hpp"

namespace lw {

namespace {

// FriBidi marks the place of the second letter of a lam-alef ligature with this (ZWNBSP); it has no ink.
constexpr char32_t kLigatureFill = 0xFEFF;

bool is_arabic_letter_block(char32_t cp) {
    return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0x08A0 && cp <= 0x08FF);
}

bool is_bidi_control(char32_t cp) {
    return (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool strong_rtl(char32_t cp) {
    FriBidiCharType t = fribidi_get_bidi_type(static_cast<FriBidiChar>(cp));
    return t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL;
}

// Shapes one paragraph (no '\n') in place; fills are removed afterwards by the caller.
void shape_paragraph(std::vector<FriBidiChar>& s) {
    if (s.empty()) return;
    auto n = static_cast<FriBidiStrIndex>(s.size());
    std::vector<FriBidiCharType> types(s.size());
    std::vector<FriBidiBracketType> brackets(s.size());
    std::vector<FriBidiLevel> levels(s.size());
    std::vector<FriBidiArabicProp> props(s.size());
    fribidi_get_bidi_types(s.data(), n, types.data());
    fribidi_get_bracket_types(s.data(), n, types.data(), brackets.data());
    FriBidiParType base = FRIBIDI_PAR_ON;
    if (!fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &base, levels.data())) return;
    fribidi_get_joining_types(s.data(), n, props.data());
    fribidi_join_arabic(types.data(), n, levels.data(), props.data());
    // Arabic only: mirroring belongs to the line's visual order (visual_line), not to logical text.
    fribidi_shape(FRIBIDI_FLAGS_ARABIC, levels.data(), n, props.data(), s.data());
}

}  // namespace

std::u32string shape_arabic(std::u32string_view logical, std::vector<std::size_t>* origin) {
    bool any = false;
    for (char32_t cp : logical) any = any || is_arabic_letter_block(cp);
    if (!any) {
        if (origin) {
            origin->resize(logical.size());
            for (std::size_t i = 0; i < logical.size(); ++i) (*origin)[i] = i;
        }
        return std::u32string(logical);
    }
    std::u32string out;
    out.reserve(logical.size());
    if (origin) origin->clear();
    std::size_t start = 0;
    while (start <= logical.size()) {
        std::size_t end = logical.find(U'\n', start);
        if (end == std::u32string_view::npos) end = logical.size();
        std::vector<FriBidiChar> para(logical.begin() + static_cast<long>(start), logical.begin() + static_cast<long>(end));
        shape_paragraph(para);
        for (std::size_t i = 0; i < para.size(); ++i) {
            // A fill stands for the second letter of a ligature; an original U+FEFF has no ink either.
            if (static_cast<char32_t>(para[i]) == kLigatureFill) continue;
            out.push_back(static_cast<char32_t>(para[i]));
            if (origin) origin->push_back(start + i);
        }
        if (end == logical.size()) break;
        out.push_back(U'\n');
        if (origin) origin->push_back(end);
        start = end + 1;
    }
    return out;
}

namespace {
bool devanagari_consonant(char32_t cp) { return (cp >= 0x0915 && cp <= 0x0939) || (cp >= 0x0958 && cp <= 0x095F); }
constexpr char32_t kVirama = 0x094D, kVowelSignI = 0x093F, kNukta = 0x093C;
}  // namespace

std::u32string place_prebase_vowels(std::u32string_view logical, std::vector<std::size_t>* origin) {
    std::u32string out(logical);
    if (out.find(kVowelSignI) == std::u32string::npos) return out;
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i] != kVowelSignI) continue;
        // Walk back over the cluster: C (nukta) (virama C (nukta))*
        std::size_t start = i;
        if (start > 0 && out[start - 1] == kNukta) --start;
        if (start == 0 || !devanagari_consonant(out[start - 1])) continue;
        --start;
        while (start >= 2 && out[start - 1] == kVirama) {
            std::size_t k = start - 2;
            if (out[k] == kNukta && k > 0) --k;
            if (!devanagari_consonant(out[k])) break;
            start = k;
        }
        std::rotate(out.begin() + static_cast<long>(start), out.begin() + static_cast<long>(i),
                    out.begin() + static_cast<long>(i) + 1);
        if (origin && origin->size() == out.size())
            std::rotate(origin->begin() + static_cast<long>(start), origin->begin() + static_cast<long>(i),
                        origin->begin() + static_cast<long>(i) + 1);
    }
    return out;
}

bool starts_right_to_left(std::u32string_view text) {
    for (char32_t cp : text) {
        FriBidiCharType t = fribidi_get_bidi_type(static_cast<FriBidiChar>(cp));
        if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) return true;
        if (t == FRIBIDI_TYPE_LTR) return false;
    }
    return false;
}

bool has_right_to_left(std::u32string_view text) {
    for (char32_t cp : text)
        if (strong_rtl(cp)) return true;
    return false;
}

VisualLine visual_line(std::u32string_view line, bool rtl_paragraph) {
    VisualLine out;
    out.text.reserve(line.size());
    out.from.reserve(line.size());
    auto identity = [&] {
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (is_bidi_control(line[i])) continue;
            out.text.push_back(line[i]);
            out.from.push_back(i);
        }
        return out;
    };
    if (line.empty() || (!rtl_paragraph && !has_right_to_left(line))) return identity();
    std::vector<FriBidiChar> logical(line.begin(), line.end()), visual(line.size() + 1);
    std::vector<FriBidiStrIndex> v2l(line.size() + 1);
    FriBidiParType base = rtl_paragraph ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    auto n = static_cast<FriBidiStrIndex>(line.size());
    if (!fribidi_log2vis(logical.data(), n, &base, visual.data(), nullptr, v2l.data(), nullptr)) return identity();
    for (FriBidiStrIndex v = 0; v < n; ++v) {
        auto cp = static_cast<char32_t>(visual[static_cast<std::size_t>(v)]);
        // log2vis also shapes: on text shape_arabic has not seen, a ligature leaves a fill behind.
        if (is_bidi_control(cp) || cp == kLigatureFill) continue;
        out.text.push_back(cp);
        out.from.push_back(static_cast<std::size_t>(v2l[static_cast<std::size_t>(v)]));
    }
    return out;
}

std::string visual_utf8(std::string_view utf8) {
    std::u32string shaped = place_prebase_vowels(shape_arabic(utf8_to_u32(repair_utf8(utf8))));
    std::u32string out;
    out.reserve(shaped.size());
    std::size_t start = 0;
    while (true) {
        std::size_t end = shaped.find(U'\n', start);
        std::u32string_view line(shaped.data() + start, (end == std::u32string::npos ? shaped.size() : end) - start);
        out += visual_line(line, starts_right_to_left(line)).text;
        if (end == std::u32string::npos) break;
        out.push_back(U'\n');
        start = end + 1;
    }
    return u32_to_utf8(out);
}

}  // namespace lw
