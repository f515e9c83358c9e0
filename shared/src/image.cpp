// Image headers and the box shrink (see learnwall/image.hpp). Every read is bounds-checked: the bytes
// come from strangers' posts and from cut-off downloads.
#include "learnwall/image.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace lw {

namespace {

struct Bytes {
    std::string_view b;
    [[nodiscard]] std::size_t size() const { return b.size(); }
    [[nodiscard]] std::uint32_t u8(std::size_t i) const { return static_cast<unsigned char>(b[i]); }
    [[nodiscard]] std::uint32_t be16(std::size_t i) const { return u8(i) << 8 | u8(i + 1); }
    [[nodiscard]] std::uint32_t be32(std::size_t i) const { return be16(i) << 16 | be16(i + 2); }
    [[nodiscard]] std::uint32_t le16(std::size_t i) const { return u8(i) | u8(i + 1) << 8; }
    [[nodiscard]] std::uint32_t le24(std::size_t i) const { return le16(i) | u8(i + 2) << 16; }
    [[nodiscard]] std::uint32_t le32(std::size_t i) const { return le16(i) | le16(i + 2) << 16; }
    [[nodiscard]] bool at(std::size_t i, std::string_view s) const { return b.size() >= i + s.size() && b.substr(i, s.size()) == s; }
};

std::string first_bytes_hex(std::string_view b) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < b.size() && i < 8; ++i) {
        if (i) out += ' ';
        auto c = static_cast<unsigned char>(b[i]);
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

// What each reader reports: the size when the header holds one, and whether the file is whole.
struct Parsed {
    bool have_size = false;
    std::uint32_t w = 0, h = 0;
    bool short_header = false;  // the file ends before the size would be
    std::string truncation;     // "" when the file looks whole
};

// PNG: IHDR first (the size), then chunks walked by their lengths up to IEND.
Parsed read_png(const Bytes& b) {
    Parsed p;
    if (b.size() < 24) {
        p.short_header = true;
        return p;
    }
    if (!b.at(12, "IHDR")) return p;
    p.have_size = true;
    p.w = b.be32(16);
    p.h = b.be32(20);
    std::size_t i = 8;
    while (i + 8 <= b.size()) {
        const std::uint64_t len = b.be32(i);
        if (b.at(i + 4, "IEND")) return p;
        i += static_cast<std::size_t>(std::min<std::uint64_t>(12 + len, b.size()));  // a huge length just ends the walk
    }
    p.truncation = "truncated: the PNG has no end chunk (IEND)";
    return p;
}

// JPEG: the size is in the frame header (SOF0..SOF15 but DHT, JPG and DAC), which may come after
// APPn, DQT and other segments; the file is whole when the end marker follows the start of the scan.
Parsed read_jpeg(const Bytes& b) {
    Parsed p;
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b.u8(i) != 0xFF) return p;  // not a marker where one must be: broken
        const std::uint32_t marker = b.u8(i + 1);
        if (marker == 0xFF) {  // fill byte
            ++i;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {  // markers without a length
            i += 2;
            continue;
        }
        const std::uint32_t len = b.be16(i + 2);
        if (len < 2) return p;
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame && !p.have_size) {
            if (i + 9 > b.size()) break;
            p.have_size = true;
            p.h = b.be16(i + 5);
            p.w = b.be16(i + 7);
        }
        if (marker == 0xDA) {  // start of scan: entropy-coded data follows, in which FF is always escaped
            if (!p.have_size) return p;
            const std::size_t data = i + 2 + len;
            if (data > b.size() || b.b.find(std::string_view("\xFF\xD9", 2), data) == std::string_view::npos)
                p.truncation = "truncated: the JPEG has no end marker (FF D9)";
            return p;
        }
        if (marker == 0xD9) break;  // the end before any scan
        i += 2 + len;
    }
    if (!p.have_size) p.short_header = true;
    else p.truncation = "truncated: the JPEG ends before its image data";
    return p;
}

// GIF: logical screen size in the header; blocks walked (extensions, images, their sub-blocks) to the trailer.
Parsed read_gif(const Bytes& b) {
    Parsed p;
    if (b.size() < 13) {
        p.short_header = b.size() < 10;
        if (b.size() >= 10) p.have_size = true, p.w = b.le16(6), p.h = b.le16(8);
        if (p.have_size) p.truncation = "truncated: the GIF ends inside its header";
        return p;
    }
    p.have_size = true;
    p.w = b.le16(6);
    p.h = b.le16(8);
    const std::string cut = "truncated: the GIF ends before its trailer (3B)";
    std::size_t i = 13;
    if (b.u8(10) & 0x80) i += 3u << ((b.u8(10) & 7) + 1);  // global colour table
    auto skip_sub_blocks = [&]() {
        while (i < b.size()) {
            const std::uint32_t n = b.u8(i);
            i += 1 + n;
            if (n == 0) return true;
        }
        return false;
    };
    while (i < b.size()) {
        const std::uint32_t kind = b.u8(i);
        if (kind == 0x3B) return p;  // trailer
        if (kind == 0x21) {          // extension: label, then sub-blocks
            i += 2;
            if (!skip_sub_blocks()) break;
        } else if (kind == 0x2C) {  // image: descriptor, local colour table, LZW code size, sub-blocks
            if (i + 10 > b.size()) break;
            const std::uint32_t packed = b.u8(i + 9);
            i += 10;
            if (packed & 0x80) i += 3u << ((packed & 7) + 1);
            i += 1;
            if (!skip_sub_blocks()) break;
        } else {
            p.truncation = "broken GIF: an unknown block (" + first_bytes_hex(b.b.substr(i, 1)) + ") where a block must start";
            return p;
        }
    }
    p.truncation = cut;
    return p;
}

// BMP: the DIB header holds the size (negative height: rows top-down); the file header its length.
Parsed read_bmp(const Bytes& b) {
    Parsed p;
    if (b.size() < 26) {
        p.short_header = true;
        return p;
    }
    const std::uint32_t dib = b.le32(14);
    auto magnitude = [](std::uint32_t v) {
        const auto s = static_cast<std::int32_t>(v);
        return static_cast<std::uint32_t>(s < 0 ? -static_cast<std::int64_t>(s) : s);
    };
    p.have_size = true;
    if (dib == 12) {  // OS/2 core header: 16-bit sizes
        p.w = b.le16(18);
        p.h = b.le16(20);
    } else {
        p.w = magnitude(b.le32(18));
        p.h = magnitude(b.le32(22));
    }
    const std::uint64_t declared = b.le32(2), pixels_at = b.le32(10);
    if (declared > b.size())
        p.truncation = "truncated: the BMP says " + std::to_string(declared) + " bytes, " + std::to_string(b.size()) + " arrived";
    else if (pixels_at >= b.size())
        p.truncation = "truncated: the BMP ends before its pixels";
    return p;
}

// WebP: the RIFF length says how long the file is; the size is in the VP8, VP8L or VP8X chunk.
Parsed read_webp(const Bytes& b) {
    Parsed p;
    const std::uint64_t riff = b.le32(4);
    if (b.at(12, "VP8X") && b.size() >= 30) {
        p.have_size = true;
        p.w = b.le24(24) + 1;
        p.h = b.le24(27) + 1;
    } else if (b.at(12, "VP8L") && b.size() >= 25 && b.u8(20) == 0x2F) {
        const std::uint32_t bits = b.le32(21);
        p.have_size = true;
        p.w = (bits & 0x3FFF) + 1;
        p.h = ((bits >> 14) & 0x3FFF) + 1;
    } else if (b.at(12, "VP8 ") && b.size() >= 30 && b.u8(23) == 0x9D && b.u8(24) == 0x01 && b.u8(25) == 0x2A) {
        p.have_size = true;
        p.w = b.le16(26) & 0x3FFF;
        p.h = b.le16(28) & 0x3FFF;
    } else if (b.size() < 30) {
        p.short_header = true;
    }
    if (riff + 8 > b.size())
        p.truncation = "truncated: the WebP says " + std::to_string(riff + 8) + " bytes, " + std::to_string(b.size()) + " arrived";
    return p;
}

}  // namespace

std::string format_megabytes(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

namespace {
// Name, MIME type and the mirror's extension of each format, in the enum's order.
struct FormatNames {
    const char *name, *mime, *ext;
};
constexpr FormatNames kFormats[] = {{"", "", ""},
                                    {"PNG", "image/png", "png"},
                                    {"JPEG", "image/jpeg", "jpg"},
                                    {"GIF", "image/gif", "gif"},
                                    {"BMP", "image/bmp", "bmp"},
                                    {"WebP", "image/webp", "webp"}};
const FormatNames& names_of(ImageFormat f) { return kFormats[static_cast<std::size_t>(f)]; }
}  // namespace

const char* image_format_name(ImageFormat f) { return names_of(f).name; }
const char* image_format_mime(ImageFormat f) { return names_of(f).mime; }
const char* image_format_ext(ImageFormat f) { return names_of(f).ext; }

ImageInfo inspect_image(std::string_view bytes, const ImageLimits& limits) {
    ImageInfo info;
    const Bytes b{bytes};
    Parsed p;
    if (b.at(0, std::string_view("\x89PNG\r\n\x1a\n", 8))) {
        info.format = ImageFormat::png;
        p = read_png(b);
    } else if (b.at(0, std::string_view("\xFF\xD8\xFF", 3))) {
        info.format = ImageFormat::jpeg;
        p = read_jpeg(b);
    } else if (b.at(0, "GIF87a") || b.at(0, "GIF89a")) {
        info.format = ImageFormat::gif;
        p = read_gif(b);
    } else if (b.at(0, "BM") && b.size() >= 14) {
        info.format = ImageFormat::bmp;
        p = read_bmp(b);
    } else if (b.at(0, "RIFF") && b.at(8, "WEBP")) {
        info.format = ImageFormat::webp;
        p = read_webp(b);
    } else {
        std::size_t i = 0;
        while (i < b.size() && i < 512 && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
        if (bytes.empty()) info.problem = "the file is empty";
        else if (i < b.size() && bytes[i] == '<')
            info.problem = "not an image: the answer is an HTML or XML page (a login or error page?)";
        else
            info.problem = "not an image: a PNG, JPEG, GIF, BMP or WebP file was expected (first bytes " + first_bytes_hex(bytes) + ")";
        return info;
    }
    info.width = p.w;
    info.height = p.h;
    const std::string name = image_format_name(info.format);
    if (limits.max_bytes && bytes.size() > limits.max_bytes) {
        info.too_large = true;
        info.problem = "too large: " + format_megabytes(bytes.size()) + " (limit " + format_megabytes(limits.max_bytes) + ")";
        return info;
    }
    if (!p.have_size) {
        info.truncated = p.short_header;
        info.problem = p.short_header ? "truncated: the " + name + " ends inside its header (no size in it)"
                                      : "broken " + name + " header (no size in it)";
        return info;
    }
    if (p.w == 0 || p.h == 0) {
        info.problem = "broken " + name + " header (" + std::to_string(p.w) + "x" + std::to_string(p.h) + " pixels)";
        return info;
    }
    const std::uint64_t pixels = static_cast<std::uint64_t>(p.w) * p.h;
    if (limits.max_pixels && pixels > limits.max_pixels) {
        info.too_large = true;
        char limit[32];
        std::snprintf(limit, sizeof limit, "%.1f", static_cast<double>(limits.max_pixels) / 1e6);
        info.problem = "too large: " + std::to_string(p.w) + "x" + std::to_string(p.h) + " pixels (limit " + limit +
                       " megapixels; not decoded)";
        return info;
    }
    if (!p.truncation.empty()) {
        info.truncated = p.truncation.rfind("truncated", 0) == 0;
        info.problem = p.truncation;
    }
    return info;
}

void shrunk_size(std::uint32_t w, std::uint32_t h, std::uint32_t max_side, std::uint32_t& out_w, std::uint32_t& out_h) {
    out_w = w;
    out_h = h;
    if (w == 0 || h == 0 || max_side == 0 || (w <= max_side && h <= max_side)) return;
    const double scale = static_cast<double>(max_side) / std::max(w, h);
    out_w = std::clamp<std::uint32_t>(static_cast<std::uint32_t>(w * scale + 0.5), 1, w);
    out_h = std::clamp<std::uint32_t>(static_cast<std::uint32_t>(h * scale + 0.5), 1, h);
}

RgbaImage shrink_rgba(const std::uint8_t* px, std::uint32_t in_w, std::uint32_t in_h, std::uint32_t max_side) {
    RgbaImage out;
    shrunk_size(in_w, in_h, max_side, out.width, out.height);
    const std::size_t n = static_cast<std::size_t>(out.width) * out.height * 4;
    if (out.width == in_w && out.height == in_h) {
        out.pixels.assign(px, px + n);
        return out;
    }
    out.pixels.resize(n);
    for (std::uint32_t y = 0; y < out.height; ++y) {
        const auto y0 = static_cast<std::uint32_t>(static_cast<std::uint64_t>(y) * in_h / out.height);
        const auto y1 = std::max(y0 + 1, static_cast<std::uint32_t>(static_cast<std::uint64_t>(y + 1) * in_h / out.height));
        for (std::uint32_t x = 0; x < out.width; ++x) {
            const auto x0 = static_cast<std::uint32_t>(static_cast<std::uint64_t>(x) * in_w / out.width);
            const auto x1 = std::max(x0 + 1, static_cast<std::uint32_t>(static_cast<std::uint64_t>(x + 1) * in_w / out.width));
            std::uint64_t acc[4] = {0, 0, 0, 0};
            for (std::uint32_t yy = y0; yy < y1; ++yy) {
                const std::uint8_t* row = px + (static_cast<std::size_t>(yy) * in_w + x0) * 4;
                for (std::uint32_t xx = x0; xx < x1; ++xx, row += 4)
                    for (int c = 0; c < 4; ++c) acc[c] += row[c];
            }
            const std::uint64_t count = static_cast<std::uint64_t>(y1 - y0) * (x1 - x0);
            std::uint8_t* o = out.pixels.data() + (static_cast<std::size_t>(y) * out.width + x) * 4;
            for (int c = 0; c < 4; ++c) o[c] = static_cast<std::uint8_t>((acc[c] + count / 2) / count);
        }
    }
    return out;
}

}  // namespace lw
