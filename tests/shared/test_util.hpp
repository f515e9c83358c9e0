// Helpers for core tests: scratch directories and a ready-made event.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "learnwall/store.hpp"

namespace lw::test {

// A fresh directory under $LEARNWALL_TEST_SCRATCH (or the system temp dir), removed at scope exit.
struct ScratchDir {
    std::string path;
    explicit ScratchDir(const std::string& name) {
        static std::atomic<int> counter{0};
        const char* base = std::getenv("LEARNWALL_TEST_SCRATCH");
        std::filesystem::path root = base && *base ? base : std::filesystem::temp_directory_path();
        path = (root / ("lw-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++))).string();
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
};

inline Event sample_event() {
    Event e;
    e.name = "Learning at Work Week";
    e.start = *parse_date("2026-05-18");
    e.end = *parse_date("2026-05-24");
    e.timezone = "Europe/London";
    e.hashtags = {"NLAWWeek", "LearningAtWorkWeek"};
    e.quotes = {{"Tell me and I forget, teach me and I may remember, involve me and I learn.", "Xunzi"}};
    e.challenges = {{*parse_date("2026-05-18"), "Share a tip", "One thing you learned", "tipmonday", 20}};
    return e;
}

}  // namespace lw::test
