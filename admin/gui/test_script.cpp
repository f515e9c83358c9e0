// Parses and plays --test-script files (see test_script.hpp for the format).
#include "gui/test_script.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include "gui/probe.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::admin {

namespace {

std::optional<sf::Keyboard::Key> key_from_name(const std::string& name) {
    if (name.size() == 1) {
        char c = name[0];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c >= 'A' && c <= 'Z') return static_cast<sf::Keyboard::Key>(sf::Keyboard::A + (c - 'A'));
        if (c >= '0' && c <= '9') return static_cast<sf::Keyboard::Key>(sf::Keyboard::Num0 + (c - '0'));
    }
    static const std::map<std::string, sf::Keyboard::Key> named{
        {"up", sf::Keyboard::Up},         {"down", sf::Keyboard::Down},       {"left", sf::Keyboard::Left},
        {"right", sf::Keyboard::Right},   {"space", sf::Keyboard::Space},     {"enter", sf::Keyboard::Return},
        {"escape", sf::Keyboard::Escape}, {"tab", sf::Keyboard::Tab},         {"delete", sf::Keyboard::Delete},
        {"backspace", sf::Keyboard::BackSpace}, {"home", sf::Keyboard::Home}, {"end", sf::Keyboard::End},
        {"pageup", sf::Keyboard::PageUp}, {"pagedown", sf::Keyboard::PageDown},
    };
    auto it = named.find(ascii_lower(name));
    if (it == named.end()) return std::nullopt;
    return it->second;
}

sf::Event mouse_move(int x, int y) {
    sf::Event e;
    e.type = sf::Event::MouseMoved;
    e.mouseMove.x = x;
    e.mouseMove.y = y;
    return e;
}

sf::Event mouse_button(bool press, int x, int y) {
    sf::Event e;
    e.type = press ? sf::Event::MouseButtonPressed : sf::Event::MouseButtonReleased;
    e.mouseButton.button = sf::Mouse::Left;
    e.mouseButton.x = x;
    e.mouseButton.y = y;
    return e;
}

sf::Event key_event(bool press, sf::Keyboard::Key k, bool ctrl, bool shift) {
    sf::Event e;
    e.type = press ? sf::Event::KeyPressed : sf::Event::KeyReleased;
    e.key.code = k;
    e.key.control = ctrl;
    e.key.shift = shift;
    e.key.alt = false;
    e.key.system = false;
    return e;
}

}  // namespace

Result<std::vector<ScriptStep>> load_test_script(const std::string& path) {
    std::ifstream in(path);
    if (!in) return fail(path + ": cannot open the test script");
    std::vector<ScriptStep> steps;
    std::string raw;
    int line_no = 0;
    while (std::getline(in, raw)) {
        ++line_no;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto where = path + ":" + std::to_string(line_no) + ": ";
        auto space = line.find(' ');
        std::string cmd = line.substr(0, space);
        std::string arg = space == std::string::npos ? "" : trim(line.substr(space + 1));
        ScriptStep s;
        s.line = line_no;
        s.arg = arg;
        if (cmd == "frames") {
            s.kind = ScriptStep::Kind::frames;
            try {
                size_t used = 0;
                s.count = std::stoi(arg, &used);
                if (used != arg.size() || s.count < 1 || s.count > 100000) throw std::invalid_argument("range");
            } catch (const std::exception&) {
                return fail(where + "frames: expected a count from 1 to 100000, got \"" + arg + "\"");
            }
        } else if (cmd == "move" || cmd == "click" || cmd == "shot") {
            if (arg.empty()) return fail(where + cmd + ": expected " + (cmd == "shot" ? "a file path" : "a widget name"));
            s.kind = cmd == "move" ? ScriptStep::Kind::move : cmd == "click" ? ScriptStep::Kind::click : ScriptStep::Kind::shot;
        } else if (cmd == "key") {
            s.kind = ScriptStep::Kind::key;
            std::string k = arg;
            for (;;) {
                std::string low = ascii_lower(k);
                if (low.rfind("ctrl+", 0) == 0) { s.ctrl = true; k = k.substr(5); }
                else if (low.rfind("shift+", 0) == 0) { s.shift = true; k = k.substr(6); }
                else break;
            }
            auto key = key_from_name(k);
            if (!key) return fail(where + "key: unknown key \"" + arg + "\" (expected A..Z, 0..9, Up, Down, Space, Enter, ...)");
            s.key = *key;
        } else if (cmd == "type") {
            if (arg.empty()) return fail(where + "type: expected some text");
            s.kind = ScriptStep::Kind::type;
            s.arg = repair_utf8(arg);
        } else {
            return fail(where + "unknown command \"" + cmd + "\" (expected frames, move, click, key, type or shot)");
        }
        steps.push_back(s);
    }
    return steps;
}

Result<std::vector<sf::Event>> ScriptPlayer::next_frame_events(std::string& shot_path) {
    std::vector<sf::Event> events;
    if (wait_ > 0) {
        --wait_;
        return events;
    }
    if (pos_ >= steps_.size()) return events;
    const ScriptStep& s = steps_[pos_++];
    auto where = path_ + ":" + std::to_string(s.line) + ": ";
    auto centre = [&](int& x, int& y) -> Status {
        auto r = probe_find(s.arg);
        if (!r) return fail(where + "no widget named \"" + s.arg + "\" on screen; visible: " + probe_names());
        x = static_cast<int>((r->x0 + r->x1) / 2);
        y = static_cast<int>((r->y0 + r->y1) / 2);
        return {};
    };
    switch (s.kind) {
        case ScriptStep::Kind::frames:
            wait_ = s.count - 1;
            break;
        case ScriptStep::Kind::move:
        case ScriptStep::Kind::click: {
            int x = 0, y = 0;
            if (auto st = centre(x, y); !st) return fail(st.error());
            events.push_back(mouse_move(x, y));
            if (s.kind == ScriptStep::Kind::click) {
                // Pressed and released before the frame: the platform layer must latch it.
                events.push_back(mouse_button(true, x, y));
                events.push_back(mouse_button(false, x, y));
            }
            wait_ = 1;  // let the result of the click show before the next step looks for widgets
            break;
        }
        case ScriptStep::Kind::key: {
            auto mod = [&](bool press) {
                if (s.ctrl) events.push_back(key_event(press, sf::Keyboard::LControl, s.ctrl, s.shift));
                if (s.shift) events.push_back(key_event(press, sf::Keyboard::LShift, s.ctrl, s.shift));
            };
            mod(true);
            events.push_back(key_event(true, s.key, s.ctrl, s.shift));
            events.push_back(key_event(false, s.key, s.ctrl, s.shift));
            mod(false);
            wait_ = 1;
            break;
        }
        case ScriptStep::Kind::type:
            for (char32_t c : utf8_to_u32(s.arg)) {
                sf::Event e;
                e.type = sf::Event::TextEntered;
                e.text.unicode = static_cast<sf::Uint32>(c);
                events.push_back(e);
            }
            wait_ = 1;
            break;
        case ScriptStep::Kind::shot:
            shot_path = s.arg;
            break;
    }
    return events;
}

}  // namespace lw::admin
