// Reading organisers' text files with messages that name the real problem (see text_file.hpp).
#include "learnwall/text_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "learnwall/fsutil.hpp"

namespace lw {

// UTF-16 (either byte order) without a BOM: ASCII text shows as every other byte NUL.
bool looks_like_utf16(std::string_view b) {
    if (b.size() >= 2 && ((b[0] == '\xFF' && b[1] == '\xFE') || (b[0] == '\xFE' && b[1] == '\xFF'))) return true;
    size_t n = std::min<size_t>(b.size(), 512), nul_even = 0, nul_odd = 0;
    for (size_t i = 0; i < n; ++i)
        if (b[i] == '\0') ++(i % 2 ? nul_odd : nul_even);
    return n >= 4 && (nul_even * 4 >= n || nul_odd * 4 >= n);
}

Result<std::string> read_text_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return fail(path + ": no such file");
        return fail(path + ": cannot open: " + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return fail(path + ": is a directory (expected a file)");
    if (!S_ISREG(st.st_mode)) return fail(path + ": not a regular file");
    if (::access(path.c_str(), R_OK) != 0) return fail(path + ": cannot open: " + std::strerror(errno));
    auto text = read_file(path);
    if (!text) return text;
    if (looks_like_utf16(*text))
        return fail(path + ": looks like UTF-16 text; save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\")");
    return text;
}

}  // namespace lw
