// Frame digests and the watchdog's verdict (learnwall/frame_check.hpp).
#include "learnwall/frame_check.hpp"

#include <algorithm>
#include <cstdlib>

namespace lw {

FrameDigest digest_frame(const std::uint8_t* rgba, unsigned width, unsigned height, unsigned cols, unsigned rows) {
    FrameDigest d;
    if (!rgba || width == 0 || height == 0 || cols == 0 || rows == 0) {
        d.blank = true;  // nothing to look at is as bad as black
        return d;
    }
    cols = std::min(cols, width);
    rows = std::min(rows, height);
    d.cells.reserve(static_cast<std::size_t>(cols) * rows * 3);
    for (unsigned cy = 0; cy < rows; ++cy) {
        const unsigned y0 = cy * height / rows, y1 = (cy + 1) * height / rows;
        for (unsigned cx = 0; cx < cols; ++cx) {
            const unsigned x0 = cx * width / cols, x1 = (cx + 1) * width / cols;
            std::uint64_t sum[3] = {0, 0, 0};
            for (unsigned y = y0; y < y1; ++y) {
                const std::uint8_t* p = rgba + (static_cast<std::size_t>(y) * width + x0) * 4;
                for (unsigned x = x0; x < x1; ++x, p += 4) {
                    sum[0] += p[0];
                    sum[1] += p[1];
                    sum[2] += p[2];
                }
            }
            const std::uint64_t n = static_cast<std::uint64_t>(x1 - x0) * (y1 - y0);
            for (auto s : sum) d.cells.push_back(static_cast<std::uint8_t>(s / std::max<std::uint64_t>(n, 1)));
        }
    }
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a: enough to tell two pictures apart, no library needed
    for (auto c : d.cells) h = (h ^ c) * 1099511628211ull;
    d.hash = h;
    d.blank = true;
    for (std::size_t i = 3; i < d.cells.size() && d.blank; ++i)
        if (std::abs(static_cast<int>(d.cells[i]) - static_cast<int>(d.cells[i % 3])) > kFrameBlankTolerance) d.blank = false;
    return d;
}

const char* to_string(FrameVerdict v) {
    switch (v) {
        case FrameVerdict::ok: return "ok";
        case FrameVerdict::frozen: return "frozen";
        case FrameVerdict::blank: return "blank";
    }
    return "ok";
}

FrameVerdict FrameWatchdog::check(std::uint64_t expected, const FrameDigest& frame, bool blank_allowed) {
    if (frame.blank && !blank_allowed) return FrameVerdict::blank;
    const bool should_change = last_expected_ && *last_expected_ != expected;
    const bool changed = !last_expected_ || frame.hash != last_hash_;
    last_expected_ = expected;
    last_hash_ = frame.hash;
    return should_change && !changed ? FrameVerdict::frozen : FrameVerdict::ok;
}

}  // namespace lw
