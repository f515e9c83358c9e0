// The one image module (no graphics library): what the first bytes of a file say it is (format,
// width and height, whether it is cut off, whether it is within the limits), checked before any
// decoder sees it; and the one shrink (a box filter over RGBA bytes). Used by the hub's media mirror,
// the kiosk's images and the admin's thumbnails, so all three accept, refuse and explain the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw {

enum class ImageFormat { unknown, png, jpeg, gif, bmp, webp };

// "PNG", "JPEG", "GIF", "BMP", "WebP"; "" for unknown.
const char* image_format_name(ImageFormat f);
// "image/png" ...; "" for unknown.
const char* image_format_mime(ImageFormat f);
// The file extension the mirror writes: "png", "jpg", "gif", "bmp", "webp"; "" for unknown.
const char* image_format_ext(ImageFormat f);

struct ImageLimits {
    std::uint64_t max_bytes = 0;   // 0: no bound on the file's size
    std::uint64_t max_pixels = 0;  // 0: no bound on width x height (the decoded size is 4 bytes a pixel)
};

struct ImageInfo {
    ImageFormat format = ImageFormat::unknown;
    std::uint32_t width = 0, height = 0;
    bool truncated = false;  // the file ends before its format's end (a cut-off download)
    bool too_large = false;  // over a limit (bytes or pixels)
    // "" when the bytes are a whole image within the limits; otherwise why not, in words an organiser
    // can act on ("not an image: the answer is an HTML or XML page (a login or error page?)").
    std::string problem;
    [[nodiscard]] bool ok() const { return problem.empty(); }
};

// Reads the header only (never decodes pixels): the format from the magic bytes, the size from the
// header (for JPEG, the frame header after any other segments), and whether the file is whole (PNG
// chunks walked to IEND, JPEG scanned for its end marker after the scan starts, GIF trailer, BMP and
// WebP declared sizes). The problem names the first thing wrong, in this order: not an image, over
// the byte limit, no size in the header (or a zero one), over the pixel limit, cut off or broken.
ImageInfo inspect_image(std::string_view bytes, const ImageLimits& limits = {});

// "1.5 MB" (MiB, one decimal): how the image limits and the mirror's bounds are worded.
std::string format_megabytes(std::uint64_t bytes);

// RGBA pixels, 4 bytes each, rows top to bottom.
struct RgbaImage {
    std::uint32_t width = 0, height = 0;
    std::vector<std::uint8_t> pixels;
};

// The size an image of w x h has after shrinking so its longest side is at most max_side (aspect
// kept, rounded, at least 1x1); w x h itself when already that small.
void shrunk_size(std::uint32_t w, std::uint32_t h, std::uint32_t max_side, std::uint32_t& out_w, std::uint32_t& out_h);
// Box filter: each output pixel is the average of the source pixels its box covers (no aliasing on
// big shrinks, fine stripes become their mean). `pixels` holds width x height x 4 bytes. An image
// already within max_side comes back as a copy.
RgbaImage shrink_rgba(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t height, std::uint32_t max_side);

}  // namespace lw
