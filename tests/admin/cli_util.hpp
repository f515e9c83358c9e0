// Runs the learnwall-admin binary the way a script would, capturing exit status and output.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../shared/test_util.hpp"

namespace lw::test {

struct CliResult {
    int rc = -1;
    std::string out, err;
    [[nodiscard]] std::string last_line() const {
        std::string s = out;
        while (!s.empty() && s.back() == '\n') s.pop_back();
        auto nl = s.rfind('\n');
        return nl == std::string::npos ? s : s.substr(nl + 1);
    }
};

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs learnwall-admin with args; scratch holds the captured streams.
inline CliResult admin(const ScratchDir& scratch, const std::vector<std::string>& args) {
    std::string cmd = shell_quote(LEARNWALL_ADMIN_BIN);
    for (const auto& a : args) cmd += " " + shell_quote(a);
    const std::string out = scratch.path + "/.out", err = scratch.path + "/.err";
    cmd += " >" + shell_quote(out) + " 2>" + shell_quote(err) + " </dev/null";
    int status = std::system(cmd.c_str());
    CliResult r;
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

}  // namespace lw::test
