// Frame readback, the watchdog's verdict, and the note a failed run leaves for the next (watchdog.hpp).
#include "watchdog.hpp"

#include <SFML/Graphics/Image.hpp>
#include <SFML/Graphics/Sprite.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "learnwall/fsutil.hpp"
#include "learnwall/time.hpp"

namespace lw::kiosk {

// What the layer should show, as the watchdog sees it: the scene and the things that make a picture
// different from the last one (posts, leaders, teams, quotes, panels), never positions or times, so a
// minute's redraw of the same page expects no change. A quote counts by its id (lw::quote_id: its words).
std::uint64_t watchdog_signature(const LayoutLog& log, const std::string& scene) {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const std::string& s) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        h = (h ^ 0xffu) * 1099511628211ull;
    };
    mix(scene);
    for (const auto& it : log.items)
        if (it.kind == "post_card" || it.kind == "leader_row" || it.kind == "team_row" || it.kind == "quote" ||
            it.kind == "challenge_panel" || it.kind == "empty_wall" || it.kind == "blank" || it.kind == "waiting") {
            mix(it.kind);
            mix(it.id);
        }
    return h;
}

KioskWatchdog::KioskWatchdog(std::string note_path, std::string test_mode)
    : note_path_(std::move(note_path)), test_mode_(std::move(test_mode)) {}

void KioskWatchdog::on_layout(const LayoutLog& log, const std::string& scene, std::int64_t now_us) {
    expected_ = watchdog_signature(log, scene);
    blank_allowed_ = false;
    for (const auto& it : log.items) blank_allowed_ = blank_allowed_ || it.kind == "blank";
    due_us_ = now_us + kSettleUs;
}

bool KioskWatchdog::apply_test_mode(sf::RenderWindow& window) {
    if (test_mode_ == "black") {
        if (checks_ > 0) window.clear(sf::Color::Black);  // the first picture is fine; then the screen goes black
        return checks_ > 0;
    }
    if (test_mode_ == "stuck" && holding_) {
        window.draw(sf::Sprite(held_));  // the picture no longer follows the playlist
        return true;
    }
    return false;
}

FrameVerdict KioskWatchdog::check(sf::RenderWindow& window) {
    due_us_.reset();
    const sf::Vector2u size = window.getSize();
    sf::Texture frame;
    if (!frame.create(size.x, size.y)) return FrameVerdict::ok;  // cannot look: no verdict rather than a false one
    frame.update(window);
    const sf::Image img = frame.copyToImage();
    const FrameDigest d = digest_frame(img.getPixelsPtr(), img.getSize().x, img.getSize().y, size.x >= size.y ? 32 : 18,
                                       size.x >= size.y ? 18 : 32);
    if (test_mode_ == "stuck" && !holding_) {
        held_ = frame;
        holding_ = true;
    }
    ++checks_;
    return judge_.check(expected_, d, blank_allowed_);
}

std::string KioskWatchdog::failure_token(FrameVerdict v) const {
    const auto unix_s = std::chrono::duration_cast<std::chrono::seconds>(lw::now().time_since_epoch()).count();
    return std::string(to_string(v)) + "@" + std::to_string(unix_s);
}

Status KioskWatchdog::leave_note(const std::string& token) const {
    if (note_path_.empty()) return {};
    const std::string folder = std::filesystem::path(note_path_).parent_path().string();
    if (!folder.empty())
        if (auto st = ensure_directory(folder); !st) return st;
    return write_file_atomic(note_path_, token + "\n");
}

std::string KioskWatchdog::read_note() const {
    if (note_path_.empty() || !file_exists(note_path_)) return {};
    auto text = read_file(note_path_);
    if (!text) return {};
    std::string t = text->substr(0, text->find('\n'));
    // Only our own form goes on the wire: a damaged note is dropped, never sent as a header.
    auto at = t.find('@');
    if (at == std::string::npos || (t.substr(0, at) != "frozen" && t.substr(0, at) != "blank") || at + 1 >= t.size() ||
        t.size() - at - 1 > 12 || t.find_first_not_of("0123456789", at + 1) != std::string::npos)
        return {};
    return t;
}

void KioskWatchdog::clear_note() const {
    if (!note_path_.empty()) std::remove(note_path_.c_str());
}

}  // namespace lw::kiosk
