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
        // The watchdog's notes: a screen already seen that reports one in a later piece of the log must
        // show it (it was lost before: only a screen's first piece carried its notes). A note is sent
        // until answered, so the one that ended the previous piece may open this one: counted once.
        if (!m.last_problem.empty()) {
            const bool same_note = m.last_problem == it->last_problem && m.last_problem_at == it->last_problem_at;
            it->problems += same_note ? std::max<std::int64_t>(0, m.problems - 1) : m.problems;
            if (it->last_problem.empty() || m.last_problem_at >= it->last_problem_at) {
                it->last_problem = m.last_problem;
                it->last_problem_at = m.last_problem_at;
            }
        }
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

void ScreensWatcher::set_approved(std::vector<ApprovedPost> approved) {
    {
        std::lock_guard lock(mu_);
        approved_ = std::make_shared<const std::vector<ApprovedPost>>(std::move(approved));
    }
    poke();
}

void ScreensWatcher::poke() {
    std::lock_guard lock(mu_);
    if (worker_) worker_->wake();
}

void ScreensWatcher::read_lines(const std::string& text, const std::string& where, std::int64_t lines_before) {
    ScreensReport rep = read_screens_log(text, where);
    merge_screens(acc_.screens, rep.screens);
    acc_.lines += rep.lines;
    acc_.anonymous += rep.anonymous;
    acc_.bad_lines += rep.bad_lines;
    for (const auto& p : rep.problems) acc_.problems.push_back(renumber(p, where, lines_before));
    if (acc_.problems.size() > kProblemsKept)  // the latest ones matter on a live log
        acc_.problems.erase(acc_.problems.begin(), acc_.problems.end() - static_cast<std::ptrdiff_t>(kProblemsKept));
    // The same lines for proof of display: the shared reader of `learnwall-admin shown`, added to.
    add_shown_log(shown_, text, where, lines_before);
    shown_changed_ = true;
}

void ScreensWatcher::look() {
    std::shared_ptr<const std::vector<ApprovedPost>> approved;
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
            shown_ = ShownLog{};
            shown_changed_ = true;
            joined_with_.reset();
            head_at_ = head_end_ = 0;
            head_lines_ = 0;
            tail_where_.clear();
        }
        approved = approved_;
    }
    auto publish = [&] {
        acc_.read_once = true;
        acc_.read_at = now();
        acc_.head_bytes = head_end_;
        acc_.head_read = head_at_;
        if (head_end_ > 0) ++acc_.partial_looks;
        if (approved && (shown_changed_ || approved != joined_with_)) {
            // The join is a few milliseconds for a week's posts: here, never in a frame.
            acc_.seen = std::make_shared<const SeenOnScreen>(seen_on_screen(*approved, shown_));
            joined_with_ = approved;
            shown_changed_ = false;
        }
        acc_.shown_records = shown_.records;
        acc_.shown_refused = shown_.bad_records;
        acc_.shown_problems = shown_.problems;
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
        head_at_ = head_end_ = 0;  // an older part not read yet is gone with the old file (skipped_head stays)
        tail_where_.clear();
    }
    inode_ = st.st_ino;
    bool skip_to_newline = false;
    if (first && size > kFirstReadBytes) {
        offset_ = size - kFirstReadBytes;
        acc_.skipped_head = true;
        skip_to_newline = true;  // the cut lands inside a line
    }
    auto read_at = [&](unsigned long long from, unsigned long long want) {
        std::string chunk(want, '\0');
        std::size_t got = 0;
        while (got < want) {
            ssize_t n = ::pread(fd, chunk.data() + got, want - got, static_cast<off_t>(from + got));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        chunk.resize(got);
        return chunk;
    };
    bool more_left = false;
    if (size > offset_) {
        const auto want = std::min<unsigned long long>(size - offset_, kMostPerLook);
        std::string chunk = read_at(offset_, want);
        const unsigned long long chunk_at = offset_;
        offset_ += chunk.size();
        more_left = offset_ < size;
        if (skip_to_newline) {
            auto nl = chunk.find('\n');
            const std::size_t cut = nl == std::string::npos ? chunk.size() : nl + 1;
            chunk.erase(0, cut);
            // The older part, up to the first whole line read here, is read on the next looks.
            head_at_ = 0;
            head_end_ = chunk_at + cut;
            head_lines_ = 0;
            tail_where_ = file_ + " (from byte " + std::to_string(head_end_) + ")";
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
            // While the older part is unread, lines here are numbered from where reading began, and say so.
            read_lines(text, head_at_ < head_end_ ? tail_where_ : file_, line_base_);
            line_base_ += std::count(text.begin(), text.end(), '\n');
        }
    }
    if (head_at_ < head_end_) {
        // One piece of the older part a look, whole lines only (head_end_ follows a newline).
        std::string chunk = read_at(head_at_, std::min<unsigned long long>(head_end_ - head_at_, kMostPerLook));
        auto last_nl = chunk.rfind('\n');
        if (chunk.empty()) {
            head_at_ = head_end_;  // the file shrank under us without a new inode: give up on the older part
        } else {
            if (last_nl != std::string::npos) chunk.resize(last_nl + 1);
            else chunk += '\n';  // a "line" of kMostPerLook bytes: parsed as is, as for the tail
            head_at_ += last_nl != std::string::npos ? last_nl + 1 : chunk.size() - 1;
            read_lines(chunk, file_, head_lines_);
            head_lines_ += std::count(chunk.begin(), chunk.end(), '\n');
        }
        if (head_at_ >= head_end_) {
            // The whole log is read: lines appended from now on are numbered from the file's start.
            line_base_ += head_lines_;
            head_at_ = head_end_ = 0;
            acc_.skipped_head = false;
        } else {
            more_left = true;
        }
    }
    ::close(fd);
    acc_.error.clear();
    publish();
    if (more_left) poke();
}

}  // namespace lw::admin
