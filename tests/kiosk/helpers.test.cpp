// Helpers for the kiosk tests (no test cases here): processes, scratch files, image inspection.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>

#include "render/fonts.hpp"
#include "kiosk_helpers.hpp"

extern char** environ;

namespace kiosk_test {

std::shared_ptr<lw::kiosk::FontSet> fonts() {
    static auto f = lw::kiosk::FontSet::load();
    REQUIRE_MESSAGE(f.ok(), (f.ok() ? "" : f.error()));
    return *f;
}

std::string scratch_dir(const std::string& name) {
    const char* base = std::getenv("LEARNWALL_TEST_SCRATCH");
    std::filesystem::path root = base && *base ? base : std::filesystem::temp_directory_path() / "learnwall-kiosk-tests";
    auto dir = root / (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::string data_file(const std::string& name) { return std::string(LEARNWALL_KIOSK_TEST_DATA) + "/" + name; }

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int spawn_kiosk(const std::vector<std::string>& args, const std::string& stderr_path) {
    std::vector<std::string> all = {LEARNWALL_KIOSK_BIN};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
}

RunResult run_kiosk(const std::vector<std::string>& args) {
    auto dir = std::filesystem::temp_directory_path() / ("kiosk-stderr-" + std::to_string(::getpid()));
    int pid = spawn_kiosk(args, dir.string());
    RunResult r;
    if (pid < 0) return r;
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.err = read_text(dir.string());
    std::filesystem::remove(dir);
    return r;
}

int stop_kiosk(int pid) {
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 100; ++i) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return -1;
}

std::size_t distinct_colours(const sf::Image& img, unsigned step) {
    std::vector<sf::Uint32> seen;
    auto size = img.getSize();
    for (unsigned y = 0; y < size.y; y += step)
        for (unsigned x = 0; x < size.x; x += step) seen.push_back(img.getPixel(x, y).toInteger());
    std::sort(seen.begin(), seen.end());
    return static_cast<std::size_t>(std::unique(seen.begin(), seen.end()) - seen.begin());
}

std::size_t pixels_differing(const sf::Image& img, int x, int y, int w, int h, sf::Color ref) {
    std::size_t n = 0;
    auto size = img.getSize();
    for (int yy = std::max(0, y); yy < std::min<int>(static_cast<int>(size.y), y + h); ++yy)
        for (int xx = std::max(0, x); xx < std::min<int>(static_cast<int>(size.x), x + w); ++xx) {
            sf::Color c = img.getPixel(static_cast<unsigned>(xx), static_cast<unsigned>(yy));
            int d = std::abs(c.r - ref.r) + std::abs(c.g - ref.g) + std::abs(c.b - ref.b);
            if (d > 60) ++n;
        }
    return n;
}

nlohmann::json find_item(const nlohmann::json& layout, const std::string& kind, const std::string& id) {
    for (const auto& it : layout.at("items"))
        if (it.at("kind") == kind && (id.empty() || it.at("id") == id)) return it;
    return nullptr;
}

}  // namespace kiosk_test
