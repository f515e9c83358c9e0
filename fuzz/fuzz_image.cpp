// Fuzzes the one image module (issue 12): the header reader every image from a post passes before any
// decoder (the hub's mirror, the kiosk, the admin's thumbnails) and the box shrink, with the
// invariants that must hold for any bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "learnwall/image.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const lw::ImageInfo info = lw::inspect_image(in, lw::ImageLimits{1u << 16, 1u << 20});
    // A usable image has a format and a size within the limits; an unusable one says why.
    if (info.ok() && (info.format == lw::ImageFormat::unknown || info.width == 0 || info.height == 0 ||
                      static_cast<std::uint64_t>(info.width) * info.height > (1u << 20)))
        std::abort();
    if (!info.ok() && info.problem.empty()) std::abort();
    // The shrink of a small image built from the bytes: the output size is what shrunk_size says.
    if (size >= 2) {
        const std::uint32_t w = 1 + data[0] % 40, h = 1 + data[1] % 40, side = 1 + (size % 48);
        std::uint8_t px[40 * 40 * 4] = {};
        for (std::size_t i = 0; i < sizeof px && i < size; ++i) px[i] = data[i];
        const lw::RgbaImage out = lw::shrink_rgba(px, w, h, side);
        std::uint32_t ew = 0, eh = 0;
        lw::shrunk_size(w, h, side, ew, eh);
        if (out.width != ew || out.height != eh || out.pixels.size() != static_cast<std::size_t>(ew) * eh * 4) std::abort();
        if (out.width > w || out.height > h || (out.width > side && w > side) || out.width == 0 || out.height == 0) std::abort();
    }
    return 0;
}
