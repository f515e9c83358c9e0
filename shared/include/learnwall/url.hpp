// Media paths of a wall.json made fetchable by a screen: RFC 3986 reference resolution against the URL
// wall.json came from, or the folder of a local wall.json. Pure text work, testable without a display.
#pragma once

#include <string>

#include "learnwall/wall.hpp"

namespace lw {

// True for an http://, https:// or file:// wall source (anything else is a local path).
bool is_url_source(const std::string& source);

// RFC 3986 section 5.2: `ref` resolved against the absolute URL `base` ("media/a.png" against
// "http://hub/event/wall.json" is "http://hub/event/media/a.png"). A ref with a scheme is returned as is.
std::string resolve_url_reference(const std::string& base, const std::string& ref);
// True for a reference the hub's mirror writes: "media/..." without "..", spaces, a query or a fragment.
bool is_wall_media_reference(const std::string& ref);
// Image and avatar paths relative to wall.json (the hub's mirrored media, "media/ab12.jpg") made
// fetchable: against the URL wall.json came from, or the folder of a local wall.json. http(s) URLs
// stay; anything else (file://, a bare or absolute path from a post) is dropped.
void resolve_wall_media(Wall& wall, const std::string& wall_source);

}  // namespace lw
