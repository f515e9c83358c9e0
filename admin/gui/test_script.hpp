// The --test-script hook: replays synthetic input (clicks on named widgets, keys, text) through the
// platform layer, one step a frame, so GUI tests drive the window the way an organiser does.
//
// Script lines (blank lines and lines starting with '#' are ignored):
//   frames N          let N frames pass without input
//   move NAME         move the mouse to the centre of the widget NAME (see probe.hpp)
//   click NAME        move there, press and release the left button within one frame
//   key KEY           press and release KEY: A..Z, 0..9, Up, Down, Left, Right, Space, Enter,
//                     Escape, Tab, Delete, Backspace, Home, End, PageUp, PageDown; prefixes ctrl+, shift+
//   type TEXT         type the rest of the line (UTF-8) as text input
//   shot PATH         save a screenshot of the next frame (and PATH.probes.json: where each named item was)
#pragma once

#include <SFML/Window/Event.hpp>

#include <string>
#include <vector>

#include "learnwall/result.hpp"

namespace lw::admin {

struct ScriptStep {
    enum class Kind { frames, move, click, key, type, shot };
    Kind kind = Kind::frames;
    std::string arg;  // widget name, text or path
    int count = 1;    // frames
    sf::Keyboard::Key key = sf::Keyboard::Unknown;
    bool ctrl = false, shift = false;
    int line = 0;
};

// Parses a script file; the error names the file and line.
Result<std::vector<ScriptStep>> load_test_script(const std::string& path);

// Plays a script one step a frame.
class ScriptPlayer {
public:
    explicit ScriptPlayer(std::vector<ScriptStep> steps, std::string path)
        : steps_(std::move(steps)), path_(std::move(path)) {}
    // The events to feed before the next frame; sets `shot_path` when the next frame is to be saved.
    // Fails (naming the script line) when a step names a widget that was not drawn.
    Result<std::vector<sf::Event>> next_frame_events(std::string& shot_path);
    [[nodiscard]] bool done() const { return pos_ >= steps_.size() && wait_ == 0; }

private:
    std::vector<ScriptStep> steps_;
    std::string path_;
    size_t pos_ = 0;
    int wait_ = 0;
};

}  // namespace lw::admin
