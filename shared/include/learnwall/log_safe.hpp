// Text from outside (URLs, server answers, error messages that quote them) made safe for a log line
// or a status file read by people: a raw newline in a post's URL must not forge a log line, and an
// escape sequence must not repaint the organiser's terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lw {

// Control characters escaped (\n, \r, \t, \\ and \xHH for the others, DEL and the C1 range of
// UTF-8 included), invalid UTF-8 bytes as \xHH, and the result cut at about max_bytes with "..." and
// the number of bytes left out. Printable UTF-8 passes unchanged.
std::string log_safe(std::string_view text, std::size_t max_bytes = 2000);

}  // namespace lw
