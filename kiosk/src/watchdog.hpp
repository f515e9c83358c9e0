// The kiosk's frozen-frame and black-screen watchdog (issue 15 item 3, docs/proof-of-display.md): after each
// new static layer has faded in, the frame about to be shown is read back, shrunk and judged
// (learnwall/frame_check.hpp). On failure the kiosk leaves a note for its next start (sent to the hub with
// the polls as X-Learnwall-Health) and exits non-zero so systemd restarts it.
#pragma once

#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Graphics/Texture.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "learnwall/frame_check.hpp"
#include "learnwall/result.hpp"
#include "render/layout_log.hpp"

namespace lw::kiosk {

// The exit status after a watchdog failure: neither 0 (stay stopped) nor 2 (bad command line, never restarted).
inline constexpr int kWatchdogExitStatus = 3;

// The signature on_layout compares: the scene and the kinds and ids of what the static layer drew (post
// cards, leader and team rows, the quote, panels). Equal signatures: no change of picture is expected.
std::uint64_t watchdog_signature(const LayoutLog& log, const std::string& scene);

class KioskWatchdog {
public:
    // `test_mode` ("", "stuck", "black"): the hidden --watchdog-test option, which makes the window show a
    // stuck or a black picture so tests can see the restart. `note_path` "" = no note kept.
    KioskWatchdog(std::string note_path, std::string test_mode);

    // After a static redraw: what the layer should show; the check waits for the cross-fade to end.
    void on_layout(const LayoutLog& log, const std::string& scene, std::int64_t now_us);
    [[nodiscard]] bool check_due(std::int64_t now_us) const { return due_us_ && now_us >= *due_us_; }
    // Tampers with the frame drawn into `window` as the test mode asks (before check()); true when it drew.
    bool apply_test_mode(sf::RenderWindow& window);
    // Reads back the frame drawn into `window` (before display()) and judges it.
    FrameVerdict check(sf::RenderWindow& window);

    // The note left for the next start ("frozen@1779094800"); Status failure says why it could not be written.
    [[nodiscard]] std::string failure_token(FrameVerdict v) const;
    Status leave_note(const std::string& token) const;
    // The note a previous run left ("" when none or not ours), and removing it once the hub has it.
    [[nodiscard]] std::string read_note() const;
    void clear_note() const;

    static constexpr std::int64_t kSettleUs = 1'000'000;  // the 0.7 s cross-fade, and a little more

private:
    std::string note_path_, test_mode_;
    FrameWatchdog judge_;
    std::uint64_t expected_ = 0;
    bool blank_allowed_ = false;
    std::optional<std::int64_t> due_us_;
    std::uint64_t checks_ = 0;
    sf::Texture held_;  // test mode "stuck": the first checked picture, shown for ever after
    bool holding_ = false;
};

}  // namespace lw::kiosk
