// POSIX file plumbing: atomic replace, directory fsync, flock.
#include "learnwall/fsutil.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>

namespace lw {

namespace {
std::mutex g_fault_mutex;
FsFaultHook g_fault_hook;
std::atomic<bool> g_fault_set{false};  // the usual case (no hook) takes no lock
}  // namespace

void set_fs_fault_hook(FsFaultHook hook) {
    std::lock_guard<std::mutex> lock(g_fault_mutex);
    g_fault_hook = std::move(hook);
    g_fault_set = static_cast<bool>(g_fault_hook);
}

int injected_fs_fault(FsOp op, const std::string& path) {
    if (!g_fault_set.load()) return 0;
    std::lock_guard<std::mutex> lock(g_fault_mutex);
    int e = g_fault_hook ? g_fault_hook(op, path) : 0;
    if (e != 0) errno = e;
    return e;
}

namespace {
std::string errno_text() { return std::strerror(errno); }

std::string parent_of(const std::string& path) {
    auto p = std::filesystem::path(path).parent_path();
    return p.empty() ? "." : p.string();
}

bool write_all(int fd, const char* data, size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}
}  // namespace

Status fsync_directory(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(dir + ": cannot open directory to sync: " + errno_text());
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return fail(dir + ": fsync failed: " + errno_text());
    return {};
}

Status write_file_atomic(const std::string& path, const std::string& contents, unsigned mode) {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++) + "." +
                      std::to_string(rd() % 100000);
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return fail(path + ": cannot create temporary file: " + errno_text());
    ::fchmod(fd, mode);  // umask must not widen or narrow what the caller asked for
    bool ok = injected_fs_fault(FsOp::write, path) == 0 && write_all(fd, contents.data(), contents.size()) &&
              injected_fs_fault(FsOp::fsync, path) == 0 && ::fsync(fd) == 0;
    std::string why = ok ? "" : errno_text();
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        return fail(path + ": write failed: " + why);
    }
    if (injected_fs_fault(FsOp::rename, path) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
        why = errno_text();
        ::unlink(tmp.c_str());
        return fail(path + ": cannot replace: " + why);
    }
    return fsync_directory(parent_of(path));
}

Result<std::string> read_file(const std::string& path) {
    // A directory opens as an empty stream: say what it is rather than parse nothing.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return fail(path + ": is a directory, expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path + ": cannot open for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return fail(path + ": read error");
    return ss.str();
}

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

Status ensure_directory(const std::string& path, unsigned mode) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return {};
    std::filesystem::create_directories(path, ec);
    if (ec) return fail(path + ": cannot create directory: " + ec.message());
    ::chmod(path.c_str(), mode);
    return {};
}

Result<FileLock> FileLock::acquire(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kPrivateFileMode);
    if (fd < 0) return fail(path + ": cannot open lock file: " + errno_text());
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        std::string why = errno_text();
        ::close(fd);
        return fail(path + ": cannot lock: " + why);
    }
    return FileLock(fd);
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

FileStamp stamp_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    FileStamp s;
    s.exists = true;
    s.inode = st.st_ino;
    s.size = static_cast<unsigned long long>(st.st_size);
    s.mtime_ns = static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ULL + st.st_mtim.tv_nsec;
    return s;
}

}  // namespace lw
