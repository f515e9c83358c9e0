// Follows the hub's access log on an lw::Worker (see screens_watch.hpp).
#include "gui/screens_watch.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace lw::admin {

namespace {

constexpr std::uint64_t kMostPerLook = 16u << 20;  // bytes read in one look; the rest follows at once
constexpr std::size_t kLongestLine = 64u << 10;    // an unfinished "line" longer than this is parsed as is
constexpr std::size_t kProblemsKept = 10;

std::string why_unreadable(const std::string& path, int err) {
    std::string msg = "cannot read " + path + ": " + std::strerror(err);
    if (err == ENOENT)
        msg += " (no kiosk has polled through nginx on this computer yet, or the path is wrong; see docs/deploy.md)";
    else if (err == EACCES)
        msg += " (nginx's logs are readable by the adm group on Debian: add this user to it, or point to a copy)";
    return msg;
}

// read_screens_log numbers lines from the start of the text it was given; make them count from the file's start.
std::string renumber(const std::string& problem, const std::string& where, std::int64_t base) {
    const std::string prefix = where + ": line ";
    if (base == 0 || problem.rfind(prefix, 0) != 0) return problem;
    std::size_t i = prefix.size(), j = i;
    while (j < problem.size() && problem[j] >= '0' && problem[j] <= '9') ++j;
    if (j == i) return problem;
    return prefix + std::to_string(std::stoll(problem.substr(i, j - i)) + base) + problem.substr(j);
}

}  // namespace

void merge_screens(std::vector<ScreenSeen>& into, const std::vector<ScreenSeen>& more) {
    for (const ScreenSeen& m : more) {
        auto it = std::find_if(into.begin(), into.end(), [&](const ScreenSeen& s) { return s.id == m.id; });
        if (it == into.end()) {
            into.push_back(m);
            continue;
        }
        it->first_seen = std::min(it->first_seen, m.first_seen);
        if (m.last_seen >= it->last_seen) {
            it->last_seen = m.last_seen;
            it->address = m.address;
            it->last_status = m.last_status;
        }
        it->requests += m.requests;
        it->not_modified += m.not_modified;
    }
    std::sort(into.begin(), into.end(), [](const ScreenSeen& a, const ScreenSeen& b) {
        return a.last_seen != b.last_seen ? a.last_seen > b.last_seen : a.id < b.id;
    });
}

ScreensWatcher::ScreensWatcher(std::string path, std::chrono::milliseconds every)
    : path_(std::move(path)), path_changed_(true) {
    auto first = std::make_shared<ScreensSnapshot>();
    first->path = path_;
    snap_ = first;
    WorkerOptions o;
    o.every = every;                 // the periodic look; poke() and set_path() ask for one at once
    o.finish_queue_on_stop = false;  // closing the window does not wait for one more look
    // The first look may start before the assignment below: look() reads worker_ under mu_.
    auto worker = std::make_unique<Worker>(o, [this] { look(); });
    std::lock_guard lock(mu_);
    worker_ = std::move(worker);
}

ScreensWatcher::~ScreensWatcher() { worker_->stop(); }

std::shared_ptr<const ScreensSnapshot> ScreensWatcher::snapshot() const {
    std::lock_guard lock(mu_);
    return snap_;
}

void ScreensWatcher::set_path(const std::string& path) {
    {
        std::lock_guard lock(mu_);
        path_ = path;
        path_changed_ = true;
        auto fresh = std::make_shared<ScreensSnapshot>();
        fresh->path = path;
        snap_ = fresh;  // the old file's screens must not show under the new path
    }
    poke();
}

void ScreensWatcher::poke() {
    std::lock_guard lock(mu_);
    if (worker_) worker_->wake();
}

void ScreensWatcher::look() {
    {
        std::lock_guard lock(mu_);
        if (path_changed_) {
            path_changed_ = false;
            file_ = path_;
            inode_ = offset_ = 0;
            line_base_ = 0;
            partial_.clear();
            acc_ = ScreensSnapshot{};
            acc_.path = file_;
        }
    }
    auto publish = [&] {
        acc_.read_once = true;
        acc_.read_at = now();
        auto snap = std::make_shared<ScreensSnapshot>(acc_);
        std::lock_guard lock(mu_);
        if (!path_changed_) snap_ = std::move(snap);  // a path changed meanwhile: this look is stale
    };

    int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        acc_.error = why_unreadable(file_, errno);
        publish();
        return;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        acc_.error = file_ + " is not a regular file (expected nginx's access log)";
        ::close(fd);
        publish();
        return;
    }
    const auto size = static_cast<unsigned long long>(st.st_size);
    const bool first = inode_ == 0;
    if (!first && (st.st_ino != inode_ || size < offset_)) {
        // Rotated (a new file) or truncated (copytruncate): read the new one from its start, keep what was seen.
        offset_ = 0;
        line_base_ = 0;
        partial_.clear();
    }
    inode_ = st.st_ino;
    bool skip_to_newline = false;
    if (first && size > kFirstReadBytes) {
        offset_ = size - kFirstReadBytes;
        acc_.skipped_head = true;
        skip_to_newline = true;  // the cut lands inside a line
    }
    bool more_left = false;
    if (size > offset_) {
        const auto want = std::min<unsigned long long>(size - offset_, kMostPerLook);
        std::string chunk(want, '\0');
        std::size_t got = 0;
        while (got < want) {
            ssize_t n = ::pread(fd, chunk.data() + got, want - got, static_cast<off_t>(offset_ + got));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        chunk.resize(got);
        offset_ += got;
        more_left = offset_ < size;
        if (skip_to_newline) {
            auto nl = chunk.find('\n');
            chunk.erase(0, nl == std::string::npos ? chunk.size() : nl + 1);
        }
        std::string text = std::move(partial_);
        partial_.clear();
        text += chunk;
        auto last_nl = text.rfind('\n');
        if (last_nl == std::string::npos) {
            partial_ = std::move(text);
            text.clear();
        } else {
            partial_ = text.substr(last_nl + 1);
            text.resize(last_nl + 1);
        }
        if (partial_.size() > kLongestLine) {  // no newline in sight: parse it rather than hold it forever
            text += partial_ + "\n";
            partial_.clear();
        }
        if (!text.empty()) {
            ScreensReport rep = read_screens_log(text, file_);
            merge_screens(acc_.screens, rep.screens);
            acc_.lines += rep.lines;
            acc_.anonymous += rep.anonymous;
            acc_.bad_lines += rep.bad_lines;
            for (const auto& p : rep.problems) acc_.problems.push_back(renumber(p, file_, line_base_));
            if (acc_.problems.size() > kProblemsKept)  // the latest ones matter on a live log
                acc_.problems.erase(acc_.problems.begin(),
                                    acc_.problems.end() - static_cast<std::ptrdiff_t>(kProblemsKept));
            line_base_ += std::count(text.begin(), text.end(), '\n');
        }
    }
    ::close(fd);
    acc_.error.clear();
    publish();
    if (more_left) poke();
}

}  // namespace lw::admin
