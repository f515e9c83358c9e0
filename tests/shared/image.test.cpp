// [Image] The one image module without a display: formats and sizes from headers (a JPEG's frame
// header after other segments), cut-off files, limits checked before decoding, garbage explained,
// and the box shrink over RGBA bytes.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "learnwall/image.hpp"

using namespace lw;

namespace {

std::string be32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 255), static_cast<char>((v >> 8) & 255), static_cast<char>(v & 255)};
}
std::string be16(std::uint32_t v) { return {static_cast<char>((v >> 8) & 255), static_cast<char>(v & 255)}; }
std::string le16(std::uint32_t v) { return {static_cast<char>(v & 255), static_cast<char>((v >> 8) & 255)}; }
std::string le32(std::uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

std::string png_chunk(const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(0);  // CRCs are not checked
}

// A whole PNG as far as the header reader can tell: IHDR with the size, an IDAT, IEND.
std::string png(std::uint32_t w, std::uint32_t h, std::size_t data = 100) {
    return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", be32(w) + be32(h) + std::string("\x08\x06\0\0\0", 5)) +
           png_chunk("IDAT", std::string(data, 'd')) + png_chunk("IEND", "");
}

std::string jpeg_segment(unsigned marker, const std::string& body) {
    return std::string{'\xFF', static_cast<char>(marker)} + be16(static_cast<std::uint32_t>(body.size() + 2)) + body;
}

// A JPEG whose frame header (SOF0) comes after APP0, an APP1 holding an embedded 16x16 thumbnail
// (whose own SOF must not be taken for the picture's), and DQT; then DHT, the scan and the end.
std::string jpeg(std::uint32_t w, std::uint32_t h, bool whole = true) {
    const std::string thumb = std::string("\xFF\xD8", 2) + jpeg_segment(0xC0, std::string("\x08", 1) + be16(16) + be16(16) +
                                                                               std::string("\x01\x01\x11\x00", 4)) +
                              std::string("\xFF\xD9", 2);
    std::string j = std::string("\xFF\xD8", 2);
    j += jpeg_segment(0xE0, std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14));
    j += jpeg_segment(0xE1, std::string("Exif\0\0", 6) + thumb);
    j += jpeg_segment(0xDB, std::string(65, '\x01'));
    j += jpeg_segment(0xC0, std::string("\x08", 1) + be16(h) + be16(w) + std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10));
    j += jpeg_segment(0xC4, std::string(30, '\x02'));
    j += jpeg_segment(0xDA, std::string("\x03\x01\x00\x02\x11\x03\x11\x00\x3F\x00", 10));
    j += std::string("\x12\x34\xFF\x00\x56\xFF\xD0\x78\x9A", 9);  // entropy-coded data: a stuffed FF and a restart marker
    if (whole) j += std::string("\xFF\xD9", 2);
    return j;
}

// A 3x2 GIF89a with a two-colour global table, a graphic control extension, one image and the trailer.
std::string gif(bool whole = true) {
    std::string g = "GIF89a" + le16(3) + le16(2) + std::string("\x80\x00\x00", 3) + std::string("\x00\x00\x00\xFF\xFF\xFF", 6);
    g += std::string("\x21\xF9\x04\x00\x00\x00\x00\x00", 8);                                     // graphic control extension
    g += std::string("\x2C", 1) + le16(0) + le16(0) + le16(3) + le16(2) + std::string("\x00", 1);  // image descriptor
    g += std::string("\x02\x03\x84\x1D\x05\x00", 6);  // LZW minimum code size 2, one 3-byte sub-block, end
    if (whole) g += ";";
    return g;
}

// A 24-bit BMP of w x h (negative h: rows top-down) with its pixels.
std::string bmp(std::int32_t w, std::int32_t h, std::int32_t declared_extra = 0) {
    const std::uint32_t rows = static_cast<std::uint32_t>(h < 0 ? -h : h);
    const std::uint32_t row_bytes = (static_cast<std::uint32_t>(w) * 3 + 3) / 4 * 4;
    const std::uint32_t size = 54 + row_bytes * rows;
    std::string b = "BM" + le32(size + static_cast<std::uint32_t>(declared_extra)) + le32(0) + le32(54);
    b += le32(40) + le32(static_cast<std::uint32_t>(w)) + le32(static_cast<std::uint32_t>(h)) + le16(1) + le16(24) + le32(0) +
         le32(row_bytes * rows) + le32(2835) + le32(2835) + le32(0) + le32(0);
    b += std::string(row_bytes * rows, '\x7F');
    return b;
}

}  // namespace

TEST_CASE("[Image] a whole PNG gives its size; a truncated PNG is refused as cut off") {
    ImageInfo i = inspect_image(png(321, 123));
    CHECK(i.ok());
    CHECK(i.format == ImageFormat::png);
    CHECK(i.width == 321);
    CHECK(i.height == 123);
    CHECK(std::string(image_format_name(i.format)) == "PNG");

    const std::string whole = png(321, 123, 400);
    ImageInfo cut = inspect_image(whole.substr(0, 200));  // inside the IDAT chunk
    CHECK_FALSE(cut.ok());
    CHECK(cut.truncated);
    CHECK(cut.width == 321);  // the header was there
    CHECK(cut.problem == "truncated: the PNG has no end chunk (IEND)");
    ImageInfo stub = inspect_image(whole.substr(0, 12));  // inside the header
    CHECK(stub.truncated);
    CHECK(stub.problem.find("ends inside its header") != std::string::npos);
    // A chunk length pointing far past the end ends the walk instead of reading out of bounds.
    std::string lying = whole;
    lying.replace(33, 4, be32(0xFFFFFFF0u));
    CHECK(inspect_image(lying).truncated);
}

TEST_CASE("[Image] a header claiming 100000x100000 pixels is refused before decoding") {
    const std::string bomb = png(100000, 100000);
    ImageInfo unlimited = inspect_image(bomb);
    CHECK(unlimited.ok());  // the module itself has no opinion without limits
    CHECK(unlimited.width == 100000);
    ImageInfo limited = inspect_image(bomb, ImageLimits{0, 40'000'000});
    CHECK_FALSE(limited.ok());
    CHECK(limited.too_large);
    CHECK(limited.problem == "too large: 100000x100000 pixels (limit 40.0 megapixels; not decoded)");
    // Over the byte limit: said before anything else.
    ImageInfo heavy = inspect_image(png(10, 10, 5000), ImageLimits{1000, 0});
    CHECK(heavy.too_large);
    CHECK(heavy.problem.find("too large: 0.0 MB") == 0);
    // Just within the limit is fine.
    CHECK(inspect_image(png(8000, 5000), ImageLimits{0, 40'000'000}).ok());
}

TEST_CASE("[Image] a JPEG with its SOF after other segments (and a thumbnail in APP1) gives the picture's size") {
    ImageInfo i = inspect_image(jpeg(640, 480));
    CHECK_MESSAGE(i.ok(), i.problem);
    CHECK(i.format == ImageFormat::jpeg);
    CHECK(i.width == 640);
    CHECK(i.height == 480);
    ImageInfo cut = inspect_image(jpeg(640, 480, false));
    CHECK(cut.truncated);
    CHECK(cut.problem == "truncated: the JPEG has no end marker (FF D9)");
    CHECK(cut.width == 640);
    // Cut before the frame header: no size, said so.
    ImageInfo head = inspect_image(jpeg(640, 480).substr(0, 30));
    CHECK_FALSE(head.ok());
    CHECK(head.problem.find("JPEG ends inside its header") != std::string::npos);
    CHECK_FALSE(inspect_image(std::string("\xFF\xD8\xFF", 3)).ok());
    // Trailing data after the end marker (phones append video to photos) is still a whole JPEG.
    CHECK(inspect_image(jpeg(640, 480) + std::string(5000, 'v')).ok());
}

TEST_CASE("[Image] a GIF is walked block by block to its trailer") {
    ImageInfo i = inspect_image(gif());
    CHECK_MESSAGE(i.ok(), i.problem);
    CHECK(i.format == ImageFormat::gif);
    CHECK(i.width == 3);
    CHECK(i.height == 2);
    ImageInfo cut = inspect_image(gif(false));
    CHECK(cut.truncated);
    CHECK(cut.problem.find("truncated: the GIF") == 0);
    std::string junk_block = gif(false) + "Z";
    CHECK(inspect_image(junk_block).problem.find("broken GIF") == 0);
}

TEST_CASE("[Image] a BMP gives its size (rows top-down too); a short one is cut off") {
    ImageInfo i = inspect_image(bmp(5, 3));
    CHECK_MESSAGE(i.ok(), i.problem);
    CHECK(i.format == ImageFormat::bmp);
    CHECK(i.width == 5);
    CHECK(i.height == 3);
    ImageInfo down = inspect_image(bmp(5, -3));
    CHECK(down.ok());
    CHECK(down.height == 3);
    ImageInfo cut = inspect_image(bmp(5, 3, 100));
    CHECK(cut.truncated);
    CHECK(cut.problem.find("the BMP says") != std::string::npos);
}

TEST_CASE("[Image] WebP: the size from VP8X; the RIFF length says when it is cut off") {
    std::string body = std::string("VP8X") + le32(10) + std::string(4, '\0') + std::string("\x3F\x01\x00", 3) + std::string("\xEF\x00\x00", 3);
    std::string webp = "RIFF" + le32(static_cast<std::uint32_t>(4 + body.size())) + "WEBP" + body;
    ImageInfo i = inspect_image(webp);
    CHECK_MESSAGE(i.ok(), i.problem);
    CHECK(i.format == ImageFormat::webp);
    CHECK(i.width == 320);
    CHECK(i.height == 240);
    CHECK(inspect_image(webp.substr(0, webp.size() - 1)).truncated);
}

TEST_CASE("[Image] garbage is no image, and says what it is") {
    CHECK(inspect_image("").problem == "the file is empty");
    CHECK(inspect_image("  <!DOCTYPE html><p>log in</p>").problem.find("HTML") != std::string::npos);
    ImageInfo junk = inspect_image(std::string("\x00\x01\x02garbage", 10));
    CHECK(junk.format == ImageFormat::unknown);
    CHECK(junk.problem.find("not an image") == 0);
    CHECK(junk.problem.find("00 01 02") != std::string::npos);
    CHECK(inspect_image("GIF? no.").problem.find("not an image") == 0);
    CHECK(inspect_image(png(0, 10)).problem == "broken PNG header (0x10 pixels)");
    // Random bytes after a real signature never read out of bounds (each reader checks lengths).
    std::string state = "\x89PNG\r\n\x1a\n";
    for (int n = 0; n < 300; ++n) {
        std::uint32_t x = 2463534242u + static_cast<std::uint32_t>(n);
        std::string b = n % 3 == 0 ? std::string("\xFF\xD8\xFF", 3) : n % 3 == 1 ? std::string("GIF89a") : state;
        for (int k = 0; k < n; ++k) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            b.push_back(static_cast<char>(x & 255));
        }
        (void)inspect_image(b, ImageLimits{1u << 20, 1u << 20});
    }
}

TEST_CASE("[Image] the box shrink keeps the aspect ratio and averages colours") {
    const std::uint32_t w = 2000, h = 1000;
    std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 4, 0);
    for (std::uint32_t y = 0; y < h; ++y)
        for (std::uint32_t x = 0; x < w; x += 2)  // fine white stripes on black
            for (int c = 0; c < 4; ++c) px[(static_cast<std::size_t>(y) * w + x) * 4 + c] = 255;
    RgbaImage small = shrink_rgba(px.data(), w, h, 500);
    CHECK(small.width == 500);
    CHECK(small.height == 250);
    REQUIRE(small.pixels.size() == 500u * 250u * 4u);
    const std::uint8_t mid = small.pixels[(125u * 500u + 250u) * 4u];
    CHECK(mid > 100);  // grey, not aliased to black or white
    CHECK(mid < 155);
    RgbaImage same = shrink_rgba(px.data(), w, h, 4000);
    CHECK(same.width == w);
    CHECK(same.pixels == px);
    std::uint32_t ow = 0, oh = 0;
    shrunk_size(700, 30, 320, ow, oh);
    CHECK(ow == 320);
    CHECK(oh == 14);
    shrunk_size(5000, 2, 8, ow, oh);
    CHECK(ow == 8);
    CHECK(oh == 1);  // never 0
}
