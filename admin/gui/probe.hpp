// Where named widgets were drawn in the last frame, so a test script can click them by name
// through the real input path (the platform layer), never by calling the action directly.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace lw::admin {

struct ProbeRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Records the last ImGui item under `name` (call right after the widget). Cheap; always on.
void probe_last_item(const std::string& name);
// Called once a frame: the names recorded this frame become the ones scripts see.
void probe_end_frame();
std::optional<ProbeRect> probe_find(const std::string& name);
// Every name of the last frame with its rectangle, as JSON {"name": [x0, y0, x1, y1], ...}: a test
// script's "shot" writes it beside the screenshot so tests can look for ink where an item was drawn.
std::string probe_json();
// Every name seen last frame (for error messages when a script names one that does not exist).
std::string probe_names(size_t max_names = 40);

}  // namespace lw::admin
