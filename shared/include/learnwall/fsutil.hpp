// Crash-safe file writes and the advisory lock that lets several writers share a data directory.
#pragma once

#include <functional>
#include <string>

#include "learnwall/result.hpp"

namespace lw {

// Who may read what in a data directory (docs/deploy.md, "The hub"): the web server's user is in the
// directory's group; it may pass through the directory to publish/ but not list it, and reads only
// what is published. Everything else (roster: personal data; journal; tokens) is the owner's alone.
inline constexpr unsigned kDataDirMode = 0710;
inline constexpr unsigned kPrivateFileMode = 0600;
inline constexpr unsigned kPublishDirMode = 0750;
inline constexpr unsigned kPublishedFileMode = 0644;

// For tests: a fault injected into file writes. The hook sees each write, fsync and rename the
// store and write_file_atomic make, with the path; an errno it returns makes that step fail as if
// the system had refused (0 lets it run). An empty hook removes it.
enum class FsOp { write, fsync, rename };
using FsFaultHook = std::function<int(FsOp op, const std::string& path)>;
void set_fs_fault_hook(FsFaultHook hook);
// The errno to fail with for this step (0 when no fault is injected); sets errno when non-zero.
int injected_fs_fault(FsOp op, const std::string& path);

// Writes a file so that a crash at any instant leaves either the old or the new contents:
// a temporary file beside it, fsync, rename over the target, fsync of the directory.
Status write_file_atomic(const std::string& path, const std::string& contents, unsigned mode = 0644);

Result<std::string> read_file(const std::string& path);
bool file_exists(const std::string& path);
Status ensure_directory(const std::string& path, unsigned mode = 0755);
Status fsync_directory(const std::string& dir);

// An exclusive advisory lock (flock) on a file, held for the object's lifetime.
class FileLock {
public:
    static Result<FileLock> acquire(const std::string& path);
    FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

private:
    explicit FileLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

// Identity of a file's current contents, cheap to compare (inode, size, mtime in ns).
struct FileStamp {
    unsigned long long inode = 0, size = 0, mtime_ns = 0;
    bool exists = false;
    bool operator==(const FileStamp&) const = default;
};
FileStamp stamp_of(const std::string& path);

}  // namespace lw
