// Helpers for the kiosk tests: scratch directories, running the kiosk binary, reading its outputs.
#pragma once

#include <SFML/Graphics/Image.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace lw::kiosk {
class FontSet;
}

namespace kiosk_test {

// The kiosk's fonts, loaded once for the whole test binary (fails the test when they are missing).
std::shared_ptr<lw::kiosk::FontSet> fonts();

std::string scratch_dir(const std::string& name);  // a fresh, empty directory for one test
std::string data_file(const std::string& name);
std::string read_text(const std::string& path);

struct RunResult {
    int rc = -1;
    std::string err;
};
// Runs learnwall-kiosk with args to completion (stderr captured).
RunResult run_kiosk(const std::vector<std::string>& args);
// Starts learnwall-kiosk in the background; returns its pid.
int spawn_kiosk(const std::vector<std::string>& args, const std::string& stderr_path);
// Sends SIGTERM and waits; returns the exit status (or -1 after a timeout, having killed it).
int stop_kiosk(int pid);

// Distinct colours in an image, counted on a sampling grid (a blank frame has 1 or 2).
std::size_t distinct_colours(const sf::Image& img, unsigned step = 4);
// Pixels inside a rectangle that differ clearly from a reference colour.
std::size_t pixels_differing(const sf::Image& img, int x, int y, int w, int h, sf::Color ref);
// The first layout item of a kind (and id, when not empty); null json when absent.
nlohmann::json find_item(const nlohmann::json& layout, const std::string& kind, const std::string& id = "");

}  // namespace kiosk_test
