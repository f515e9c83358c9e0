// The frozen-frame and black-screen watchdog's pure half (docs/proof-of-display.md, "The watchdog"): a small
// digest of a frame read back from the window, and the verdict at a scene change. No graphics: the kiosk
// hands in RGBA bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw {

struct FrameDigest {
    std::vector<std::uint8_t> cells;  // average R, G, B of each cell, row by row
    std::uint64_t hash = 0;           // of the cells: equal pictures, equal hashes
    bool blank = false;               // every cell within a few levels of one colour
};

// Shrinks an RGBA frame to cols x rows cells of average colour. A frame of one colour (within
// kBlankTolerance levels per channel in every cell) is blank: our scenes always draw text on a background.
inline constexpr int kFrameBlankTolerance = 3;
FrameDigest digest_frame(const std::uint8_t* rgba, unsigned width, unsigned height, unsigned cols = 32, unsigned rows = 18);

enum class FrameVerdict { ok, frozen, blank };
const char* to_string(FrameVerdict v);

// Judges each checked frame against the previous one. `expected` is a signature of what the frame should
// show (the kinds and ids the static layer drew): when it differs from the last checked frame's, the picture
// must differ too; when it is the same (a one-scene playlist, a single post, the minute's redraw) an
// unchanged picture is right. `blank_allowed`: the organisers blanked the screens on purpose.
class FrameWatchdog {
public:
    FrameVerdict check(std::uint64_t expected, const FrameDigest& frame, bool blank_allowed);

private:
    std::optional<std::uint64_t> last_expected_;
    std::uint64_t last_hash_ = 0;
};

}  // namespace lw
