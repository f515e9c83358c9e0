// Measured wrapping, ellipsis, colour spans and bidi reordering for kiosk text.
#include "render/text_layout.hpp"

#include <SFML/Graphics/Text.hpp>

#include <cmath>

#include "learnwall/bidi.hpp"
#include "learnwall/utf8.hpp"

namespace lw::kiosk {

namespace {

constexpr char32_t kEllipsis = U'\u2026';

bool invisible(char32_t cp) {
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
           (cp >= 0x1F3FB && cp <= 0x1F3FF);  // skin-tone modifiers draw as boxes after the emoji
}

bool is_combining(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

struct Cell {
    char32_t cp;
    sf::Color colour;
};

// Measures cells, kerning only inside what will become one run (same face, same colour).
class Measurer {
public:
    Measurer(const FontSet& f, unsigned size, bool bold) : fonts_(f), size_(size), bold_(bold) {}
    float advance(const Cell* prev, const Cell& c) const {
        const sf::Font& font = fonts_.pick(c.cp, bold_);
        float w = font.getGlyph(c.cp, size_, fonts_.synthetic_bold(font, bold_)).advance;
        if (prev && &fonts_.pick(prev->cp, bold_) == &font && prev->colour == c.colour)
            w += font.getKerning(prev->cp, c.cp, size_);
        return w;
    }
    float width(const std::vector<Cell>& cells, size_t from, size_t to) const {
        float w = 0;
        for (size_t i = from; i < to; ++i) w += advance(i > from ? &cells[i - 1] : nullptr, cells[i]);
        return w;
    }
    const FontSet& fonts_;
    unsigned size_;
    bool bold_;
};

std::vector<Cell> visual_order(const std::vector<Cell>& line, bool rtl_paragraph) {
    std::u32string logical;
    logical.reserve(line.size());
    for (const Cell& c : line) logical.push_back(c.cp);
    VisualLine v = visual_line(logical, rtl_paragraph);
    std::vector<Cell> out;
    out.reserve(v.text.size());
    for (std::size_t i = 0; i < v.text.size(); ++i) out.push_back({v.text[i], line[v.from[i]].colour});
    return out;
}

}  // namespace

std::u32string to_display_u32(std::string_view utf8) {
    std::u32string in = utf8_to_u32(repair_utf8(utf8));
    std::u32string out;
    out.reserve(in.size());
    for (char32_t cp : in) {
        if (cp == U'\r') continue;
        if (cp == U'\n') {
            out.push_back(cp);
        } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
            out.push_back(U' ');
        } else if (cp == 0x202D || cp == 0x202E) {
            // Left-to-right and right-to-left OVERRIDES are dropped: they make the screen show letters in
            // an order the moderator never saw ("Tip" drawn as "piT"). Hebrew and Arabic still read right
            // to left by the ordinary bidi algorithm; embeddings and isolates are kept.
            continue;
        } else if (!invisible(cp)) {
            out.push_back(cp);
        }
    }
    return out;
}

float measure_line(const FontSet& fonts, const std::u32string& text, unsigned size, bool bold) {
    Measurer m(fonts, size, bold);
    std::vector<Cell> cells;
    for (char32_t cp : place_prebase_vowels(shape_arabic(text))) cells.push_back({cp, sf::Color::White});
    return m.width(cells, 0, cells.size());
}

TextBlock layout_text(const FontSet& fonts, const std::u32string& text, const std::vector<sf::Color>& colours,
                      const TextStyle& style, float max_width, int max_lines) {
    TextBlock block;
    block.box_width = max_width;
    block.rtl = starts_right_to_left(text);
    Measurer m(fonts, style.size, style.bold);
    // Arabic joined (and Devanagari's vowel sign I put before its consonant) before anything is
    // measured: the contextual forms have their own widths, and SFML draws glyph by glyph, so
    // unshaped letters would stand apart.
    std::vector<std::size_t> origin;
    std::u32string shaped = place_prebase_vowels(shape_arabic(text, &origin), &origin);
    std::vector<Cell> cells;
    cells.reserve(shaped.size());
    for (size_t i = 0; i < shaped.size(); ++i) {
        // A combining mark that no face has would draw as a box on top of its letter ("Zalgo" text): drop it.
        if (is_combining(shaped[i]) && !fonts.drawable(shaped[i], style.bold)) continue;
        std::size_t from = origin[i];
        cells.push_back({shaped[i], from < colours.size() ? colours[from] : style.color});
    }

    // Greedy wrap in logical order; break after spaces, or inside a word longer than the line.
    std::vector<std::pair<size_t, size_t>> lines;
    size_t start = 0, last_break = 0;
    float cur = 0;
    auto emit = [&](size_t from, size_t to) {
        while (to > from && cells[to - 1].cp == U' ') --to;
        lines.emplace_back(from, to);
    };
    for (size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].cp == U'\n') {
            emit(start, i);
            start = last_break = i + 1;
            cur = 0;
            continue;
        }
        if (i == start && cells[i].cp == U' ' && !lines.empty()) {  // no leading space after a wrap
            start = last_break = i + 1;
            continue;
        }
        float w = m.advance(i > start ? &cells[i - 1] : nullptr, cells[i]);
        if (cur + w > max_width && i > start && cells[i].cp != U' ') {
            if (last_break > start) {
                emit(start, last_break);
                start = last_break;
            } else {
                emit(start, i);
                start = last_break = i;
            }
            while (start < i && cells[start].cp == U' ') ++start;
            cur = m.width(cells, start, i);
            w = m.advance(i > start ? &cells[i - 1] : nullptr, cells[i]);
        }
        cur += w;
        if (cells[i].cp == U' ') last_break = i + 1;
    }
    if (start < cells.size()) emit(start, cells.size());

    std::vector<std::vector<Cell>> line_cells;
    for (auto [a, b] : lines) line_cells.emplace_back(cells.begin() + static_cast<long>(a), cells.begin() + static_cast<long>(b));
    if (max_lines > 0 && static_cast<int>(line_cells.size()) > max_lines) {
        line_cells.resize(static_cast<size_t>(max_lines));
        auto& last = line_cells.back();
        Cell ell{kEllipsis, last.empty() ? style.color : last.back().colour};
        float ell_w = m.advance(nullptr, ell);
        while (!last.empty() && m.width(last, 0, last.size()) + ell_w > max_width) last.pop_back();
        while (!last.empty() && last.back().cp == U' ') last.pop_back();
        last.push_back(ell);
        block.truncated = true;
    }

    const float line_h = std::round(static_cast<float>(style.size) * style.line_spacing);
    Align align = style.align;
    if (block.rtl && align == Align::left) align = Align::right;
    float y = 0;
    for (const auto& logical_line : line_cells) {
        std::vector<Cell> line = visual_order(logical_line, block.rtl);
        float line_w = m.width(line, 0, line.size());
        block.width = std::max(block.width, line_w);
        float x = align == Align::left ? 0 : align == Align::center ? (max_width - line_w) / 2 : max_width - line_w;
        size_t i = 0;
        while (i < line.size()) {
            const sf::Font* font = &fonts.pick(line[i].cp, style.bold);
            size_t j = i + 1;
            while (j < line.size() && &fonts.pick(line[j].cp, style.bold) == font && line[j].colour == line[i].colour) ++j;
            PlacedRun run;
            run.font = font;
            run.synthetic_bold = fonts.synthetic_bold(*font, style.bold);
            std::u32string s;
            for (size_t k = i; k < j; ++k) s.push_back(line[k].cp);
            run.text = sf::String(reinterpret_cast<const sf::Uint32*>(s.c_str()));
            run.pos = {x, y};
            run.width = m.width(line, i, j);
            run.color = line[i].colour;
            run.size = style.size;
            x += run.width;
            block.runs.push_back(std::move(run));
            i = j;
        }
        y += line_h;
    }
    block.lines = static_cast<int>(line_cells.size());
    block.height = y;
    return block;
}

void draw_text(sf::RenderTarget& target, const TextBlock& block, sf::Vector2f origin, float alpha) {
    sf::Text t;
    for (const PlacedRun& r : block.runs) {
        if (r.text.isEmpty()) continue;
        t.setFont(*r.font);
        t.setString(r.text);
        t.setCharacterSize(r.size);
        t.setStyle(r.synthetic_bold ? sf::Text::Bold : sf::Text::Regular);
        sf::Color c = r.color;
        c.a = static_cast<sf::Uint8>(std::clamp(static_cast<float>(c.a) * alpha, 0.0f, 255.0f));
        t.setFillColor(c);
        t.setPosition(std::round(origin.x + r.pos.x), std::round(origin.y + r.pos.y));
        target.draw(t);
    }
}

}  // namespace lw::kiosk
