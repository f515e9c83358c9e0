// Reading a text file an organiser hands in (a roster CSV, a quotes list): the message says what is
// really wrong when it is not a UTF-8 text file at all.
#pragma once

#include <string>
#include <string_view>

#include "learnwall/result.hpp"

namespace lw {

// The file's bytes, or why not, naming the path: "is a directory", "cannot open: Permission denied",
// "no such file", "looks like UTF-16 text; save it as UTF-8" (a BOM, or NUL bytes between ASCII
// letters, as spreadsheet tools save "Unicode text"). A UTF-8 BOM is kept for the parser.
Result<std::string> read_text_file(const std::string& path);

// True for UTF-16 text of either byte order: a BOM, or NUL bytes between ASCII characters.
bool looks_like_utf16(std::string_view bytes);

}  // namespace lw
