// Small text helpers shared by ingest, scoring and publishing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lw {

// Hashtags in a text, without '#', in order of first appearance, each once (case-insensitive).
std::vector<std::string> extract_hashtags(std::string_view text);
// ASCII lower case (non-ASCII bytes unchanged).
std::string ascii_lower(std::string_view s);
// Trims ASCII whitespace at both ends.
std::string trim(std::string_view s);

}  // namespace lw
