// The data directory: journal replay, incremental catch-up and locked transactions.
#include "learnwall/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace lw {

using nlohmann::json;

namespace {
struct JournalKindName {
    JournalEntry::Kind kind;
    const char* name;
};
constexpr JournalKindName kJournalKinds[] = {
    {JournalEntry::Kind::event_created, "event_created"},
    {JournalEntry::Kind::event_changed, "event_changed"},
    {JournalEntry::Kind::roster_changed, "roster_changed"},
    {JournalEntry::Kind::post_ingested, "post_ingested"},
    {JournalEntry::Kind::post_updated, "post_updated"},
    {JournalEntry::Kind::post_deleted, "post_deleted"},
    {JournalEntry::Kind::moderation, "moderation"},
    {JournalEntry::Kind::award, "award"},
    {JournalEntry::Kind::post_counts, "post_counts"},
};
}  // namespace

std::string to_string(JournalEntry::Kind k) {
    for (const auto& kn : kJournalKinds)
        if (kn.kind == k) return kn.name;
    return "unknown";
}

std::string journal_line(const JournalEntry& e) {
    json j = {{"v", kJournalSchemaVersion},
              {"rev", e.rev},
              {"type", to_string(e.kind)},
              {"at", format_rfc3339(e.at)},
              {"by", e.by}};
    if (e.post) j["post"] = to_json(*e.post);
    if (!e.post_id.empty()) j["post_id"] = e.post_id;
    if (e.decision) j["decision"] = to_json(*e.decision);
    if (e.award) j["award"] = to_json(*e.award);
    if (e.counts) j["counts"] = {{"likes", e.counts->likes}, {"reposts", e.counts->reposts}, {"replies", e.counts->replies}};
    if (!e.summary.empty()) j["summary"] = e.summary;
    if (!e.digest.empty()) j["digest"] = e.digest;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<JournalEntry> parse_journal_line(const std::string& line, const std::string& where) {
    auto parsed = parse_json_text(line, where);
    if (!parsed) return fail(parsed.error());
    try {
        JsonIn in(*parsed);
        in.require_object();
        auto v = in.integer("v");
        if (v < 1 || v > kJournalSchemaVersion)
            in.fail("v", "expected journal schema version 1 to " + std::to_string(kJournalSchemaVersion));
        JournalEntry e;
        auto rev = in.integer("rev");
        if (rev < 1) in.fail("rev", "expected a revision of 1 or more");
        e.rev = static_cast<std::uint64_t>(rev);
        std::string type = in.str("type");
        bool known = false;
        for (const auto& kn : kJournalKinds)
            if (type == kn.name) {
                e.kind = kn.kind;
                known = true;
            }
        if (!known) in.fail("type", "expected a known entry type, got \"" + type + "\"");
        e.at = in.instant("at");
        e.by = in.str("by");
        using K = JournalEntry::Kind;
        if (e.kind == K::post_ingested || e.kind == K::post_updated) e.post = post_from_json(in.at("post"));
        if (e.kind == K::post_deleted || e.kind == K::post_counts) e.post_id = in.nonempty_str("post_id");
        if (e.kind == K::post_counts) {
            JsonIn c = in.at("counts");
            c.require_object();
            e.counts = PostCounts{c.integer("likes"), c.integer("reposts"), c.integer("replies")};
        }
        if (e.kind == K::moderation) e.decision = decision_from_json(in.at("decision"));
        if (e.kind == K::award) e.award = award_from_json(in.at("award"));
        e.summary = in.str_or("summary", "");
        e.digest = in.str_or("digest", "");
        return e;
    } catch (const JsonFieldError& err) {
        return fail(where + ": " + err.pointer + ": " + err.expected);
    }
}

std::string content_digest(const std::string& contents) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : contents) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

const PostRecord* State::find(const std::string& post_id) const {
    auto it = post_index.find(post_id);
    return it == post_index.end() ? nullptr : &posts[it->second];
}

Moderation State::moderation_of(const PostRecord& r) const {
    if (r.decided) return *r.decided;
    return event.moderation_mode == ModerationMode::post ? Moderation::approved : Moderation::pending;
}

bool State::visible_on_screens(const PostRecord& r) const {
    return !r.deleted && moderation_of(r) == Moderation::approved;
}

void apply_entry(State& s, const JournalEntry& e) {
    using K = JournalEntry::Kind;
    s.revision = std::max(s.revision, e.rev);
    switch (e.kind) {
        case K::event_created:
        case K::event_changed:
        case K::roster_changed:
            if (!e.digest.empty()) (e.kind == K::roster_changed ? s.roster_digest : s.event_digest) = e.digest;
            s.audit.push_back(e);
            break;
        case K::post_ingested:
        case K::post_updated: {
            const std::string id = e.post->id();
            auto it = s.post_index.find(id);
            if (it == s.post_index.end()) {
                PostRecord r;
                r.post = *e.post;
                clamp_future_post(r.post, e.at);  // dated ahead of the hub's clock: it arrived now
                r.ingested_at = e.at;
                r.ingested_rev = e.rev;
                s.post_index.emplace(id, s.posts.size());
                s.posts.push_back(std::move(r));
            } else {
                // An edit upstream replaces the content; the decision about it changes only through a
                // moderation entry (an edit after approval is followed by a "review" one).
                PostRecord& r = s.posts[it->second];
                r.post = *e.post;
                clamp_future_post(r.post, r.ingested_at);
                r.deleted = false;
            }
            break;
        }
        case K::post_deleted: {
            auto it = s.post_index.find(e.post_id);
            if (it != s.post_index.end()) s.posts[it->second].deleted = true;
            break;
        }
        case K::moderation: {
            const auto& d = *e.decision;
            s.decisions.push_back(d);
            auto it = s.post_index.find(d.post_id);
            if (it == s.post_index.end()) break;
            PostRecord& r = s.posts[it->second];
            if (d.action == "approve" || d.action == "reject" || d.action == "reset") r.review_since.reset();
            if (d.action == "approve") r.decided = Moderation::approved;
            else if (d.action == "reject") r.decided = Moderation::rejected;
            else if (d.action == "reset") r.decided.reset();  // undo: back to undecided
            else if (d.action == "review") {
                // Edited after approval: undecided again (off screens in pre-moderation, shown with
                // the new text in post-moderation), and the rules look at it again.
                r.decided.reset();
                r.review_since = d.at;
            }
            else if (d.action == "pin") r.pinned = true;
            else if (d.action == "unpin") r.pinned = false;
            else if (d.action == "feature") r.featured = true;
            else if (d.action == "unfeature") r.featured = false;
            break;
        }
        case K::award: s.awards.push_back(*e.award); break;
        case K::post_counts: {
            auto it = s.post_index.find(e.post_id);
            if (it == s.post_index.end() || !e.counts) break;
            Post& p = s.posts[it->second].post;
            p.like_count = e.counts->likes;
            p.repost_count = e.counts->reposts;
            p.reply_count = e.counts->replies;
            break;
        }
    }
}

Result<DataDir> DataDir::open(const std::string& dir) {
    std::error_code ec;
    // "Missing" only when it is: a directory or event.json this user may not read is a permissions
    // problem, and "create one with init" would be the wrong advice.
    auto why_not = [](const std::string& path) -> std::string {
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0 || errno == ENOENT || errno == ENOTDIR) return "";
        return std::strerror(errno);
    };
    if (!std::filesystem::is_directory(dir, ec)) {
        if (auto why = why_not(dir); !why.empty())
            return fail(dir + ": cannot read the data directory: " + why + " (run as its owner, or ask for access)");
        return fail(dir + ": not a data directory (create one with: learnwall-admin init --data " + dir + ")");
    }
    DataDir d(dir);
    if (!file_exists(d.event_path())) {
        if (auto why = why_not(d.event_path()); !why.empty())
            return fail(d.event_path() + ": cannot read: " + why + " (run as the data directory's owner, or ask for access)");
        return fail(d.event_path() + ": missing (create one with: learnwall-admin init --data " + dir + ")");
    }
    return d;
}

Result<DataDir> DataDir::create(const std::string& dir, const Event& event, const std::string& by) {
    if (auto v = validate_event(event); !v) return fail("event: " + v.error());
    if (auto s = ensure_directory(dir, kDataDirMode); !s) return fail(s.error());
    DataDir d(dir);
    auto lock = FileLock::acquire(d.lock_path());
    if (!lock) return fail(lock.error());
    if (file_exists(d.event_path())) return fail(d.event_path() + ": already exists; refusing to overwrite an event");
    if (auto s = ensure_directory(d.publish_dir(), kPublishDirMode); !s) return fail(s.error());
    // Journal first, event.json last: the directory counts as an event only once event.json exists,
    // so a create that failed half-way can simply be run again.
    const std::string event_text = to_json(event).dump(2) + "\n";
    JournalEntry e;
    e.kind = JournalEntry::Kind::event_created;
    e.rev = 1;
    e.at = now();
    e.by = by;
    e.summary = "created event \"" + event.name + "\"";
    e.digest = content_digest(event_text);
    if (auto s = write_file_atomic(d.journal_path(), journal_line(e) + "\n", kPrivateFileMode); !s) return fail(s.error());
    if (auto s = write_file_atomic(d.roster_path(), to_json(Roster{}).dump(2) + "\n", kPrivateFileMode); !s)
        return fail(s.error());
    if (auto s = write_file_atomic(d.event_path(), event_text, kPrivateFileMode); !s) return fail(s.error());
    return d;
}

Result<State> DataDir::load() const {
    State s;
    if (auto st = catch_up(s); !st) return fail(st.error());
    return s;
}

Status DataDir::catch_up(State& s) const {
    // Config files: reload when their identity changed (they are replaced by rename).
    FileStamp es = stamp_of(event_path());
    if (!(es == s.event_stamp) || !es.exists) {
        auto ev = load_event_file(event_path());
        if (!ev) return fail(ev.error());
        s.event = std::move(*ev);
        s.event_stamp = es;
    }
    FileStamp rs = stamp_of(roster_path());
    if (!(rs == s.roster_stamp)) {
        if (rs.exists) {
            auto r = load_roster_file(roster_path());
            if (!r) return fail(r.error());
            s.roster = std::move(*r);
        } else {
            s.roster = Roster{};
        }
        s.roster_stamp = rs;
    }

    int fd = ::open(journal_path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(journal_path() + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    ::fstat(fd, &st);
    auto size = static_cast<std::uint64_t>(st.st_size);
    if (size < s.journal_offset) {
        ::close(fd);
        return fail(journal_path() + ": shrank from " + std::to_string(s.journal_offset) + " to " +
                    std::to_string(size) + " bytes; the journal is append-only (restored from a backup?)");
    }
    std::string buf(size - s.journal_offset, '\0');
    size_t got = 0;
    while (got < buf.size()) {
        ssize_t r = ::pread(fd, buf.data() + got, buf.size() - got, static_cast<off_t>(s.journal_offset + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += static_cast<size_t>(r);
    }
    ::close(fd);
    buf.resize(got);

    // Count lines already consumed so messages can name the line number.
    size_t pos = 0;
    s.warning.clear();
    while (pos < buf.size()) {
        size_t nl = buf.find('\n', pos);
        if (nl == std::string::npos) {
            // A line without its newline was never acknowledged (a writer died mid-append): ignore it;
            // the next writer truncates it before appending.
            s.warning = journal_path() + ": ignored an incomplete last line (" + std::to_string(buf.size() - pos) +
                        " bytes) left by an interrupted write";
            break;
        }
        std::string line = buf.substr(pos, nl - pos);
        if (!line.empty()) {
            // Line numbers for people (an editor jumps to them), the byte offset for tools.
            auto e = parse_journal_line(line, journal_path() + " at byte " + std::to_string(s.journal_offset + pos) +
                                                  " (line " + std::to_string(s.journal_lines + 1) + ")");
            if (!e) return fail(e.error());
            apply_entry(s, *e);
        }
        ++s.journal_lines;
        pos = nl + 1;
    }
    s.journal_offset += pos;
    return {};
}
Status DataDir::with_lock(const std::function<Status()>& f) const {
    auto lock = FileLock::acquire(lock_path());
    if (!lock) return fail(lock.error());
    State probe;  // a cheap check first: nothing is staged in the usual case
    if (file_exists(pending_path(event_path())) || file_exists(pending_path(roster_path()))) {
        if (auto st = catch_up(probe); !st) return st;
        if (auto st = finish_interrupted(probe); !st) return st;
    }
    return f();
}

Status DataDir::finish_interrupted(State& state) const {
    bool installed = false;
    for (auto [path, digest] : {std::pair{event_path(), &state.event_digest}, std::pair{roster_path(), &state.roster_digest}}) {
        const std::string staged = pending_path(path);
        if (!file_exists(staged)) continue;
        auto text = read_file(staged);
        if (text && !digest->empty() && content_digest(*text) == *digest) {
            // The journal has the change: finish it.
            if (injected_fs_fault(FsOp::rename, path) != 0 || ::rename(staged.c_str(), path.c_str()) != 0)
                return fail(path + ": cannot install the change recorded in the journal: " + std::strerror(errno));
            if (auto st = fsync_directory(dir_); !st) return st;
            installed = true;
        } else {
            ::unlink(staged.c_str());  // never recorded: the change it belonged to was reported as failed
        }
    }
    if (installed) return catch_up(state);
    return {};
}

Result<std::vector<std::uint64_t>> DataDir::transact(State& state, const Planner& plan) const {
    auto lock = FileLock::acquire(lock_path());
    if (!lock) return fail(lock.error());
    if (auto st = catch_up(state); !st) return fail(st.error());
    if (auto st = finish_interrupted(state); !st) return fail(st.error());
    auto change = plan(state);
    if (!change) return fail(change.error());
    Change& c = *change;
    // Every change bumps the revision and leaves an audit line, config changes included.
    auto has_kind = [&](JournalEntry::Kind k) {
        for (const auto& e : c.entries)
            if (e.kind == k) return true;
        return false;
    };
    if (c.event && !has_kind(JournalEntry::Kind::event_changed)) {
        JournalEntry e;
        e.kind = JournalEntry::Kind::event_changed;
        e.by = "unknown";
        e.summary = "event settings changed";
        c.entries.push_back(e);
    }
    if (c.roster && !has_kind(JournalEntry::Kind::roster_changed)) {
        JournalEntry e;
        e.kind = JournalEntry::Kind::roster_changed;
        e.by = "unknown";
        e.summary = "roster changed";
        c.entries.push_back(e);
    }

    if (c.event) {
        if (auto v = validate_event(*c.event); !v) return fail("event: " + v.error());
    }

    // Journal first. 1: stage the derived files beside their targets (nothing visible changes yet).
    struct Staged {
        std::string path, staged;
    };
    std::vector<Staged> staged;
    auto drop_staged = [&] {
        for (const auto& f : staged) ::unlink(f.staged.c_str());
    };
    auto stage = [&](const std::string& path, const std::string& text, unsigned mode, JournalEntry::Kind kind) -> Status {
        for (auto& e : c.entries)
            if (e.kind == kind) {
                e.digest = content_digest(text);  // the change's own line says which file it wrote
                break;
            }
        Staged f{path, pending_path(path)};
        staged.push_back(f);
        return write_file_atomic(f.staged, text, mode);
    };
    if (c.roster) {
        if (auto s = stage(roster_path(), to_json(*c.roster).dump(2) + "\n", kPrivateFileMode, JournalEntry::Kind::roster_changed); !s) {
            drop_staged();
            return fail(roster_path() + ": " + s.error() + " (nothing was changed)");
        }
    }
    if (c.event) {
        if (auto s = stage(event_path(), to_json(*c.event).dump(2) + "\n", kPrivateFileMode, JournalEntry::Kind::event_changed); !s) {
            drop_staged();
            return fail(event_path() + ": " + s.error() + " (nothing was changed)");
        }
    }

    // 2: append the journal lines and fsync them; on any failure cut the journal back to where it was.
    std::vector<std::uint64_t> revs;
    const std::uint64_t before = state.journal_offset;
    std::string text;
    if (!c.entries.empty()) {
        int fd = ::open(journal_path().c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            std::string why = std::strerror(errno);
            drop_staged();
            return fail(journal_path() + ": cannot open for append: " + why);
        }
        // Drop an incomplete last line left by a writer that died mid-append (never acknowledged).
        if (before < static_cast<std::uint64_t>(::lseek(fd, 0, SEEK_END))) {
            if (::ftruncate(fd, static_cast<off_t>(before)) != 0) {
                std::string why = std::strerror(errno);
                ::close(fd);
                drop_staged();
                return fail(journal_path() + ": cannot drop incomplete last line: " + why);
            }
            state.warning.clear();
        }
        std::uint64_t rev = state.revision;
        for (auto& e : c.entries) {
            e.rev = ++rev;
            if (e.at == Instant{}) e.at = now();
            text += journal_line(e);
            text += '\n';
        }
        auto undo = [&](const std::string& what) -> Error {
            std::string why = std::strerror(errno);
            // The change is reported as failed, so its lines must not stay: a retry would record it twice.
            bool cut = ::ftruncate(fd, static_cast<off_t>(before)) == 0 && ::fsync(fd) == 0;
            ::close(fd);
            drop_staged();
            return fail(journal_path() + ": " + what + ": " + why +
                        (cut ? " (nothing was changed)" : " (and cutting the journal back failed too)"));
        };
        ::lseek(fd, static_cast<off_t>(before), SEEK_SET);
        const char* p = text.data();
        size_t left = text.size();
        while (left > 0) {
            if (injected_fs_fault(FsOp::write, journal_path()) != 0) return undo("append failed");
            ssize_t w = ::write(fd, p, left);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                if (w == 0) errno = ENOSPC;
                return undo("append failed");
            }
            p += w;
            left -= static_cast<size_t>(w);
        }
        if (injected_fs_fault(FsOp::fsync, journal_path()) != 0 || ::fsync(fd) != 0) return undo("fsync failed");
        ::close(fd);
    }

    // 3: install the staged files. A failure here takes the journal lines back out.
    for (const auto& f : staged) {
        if (injected_fs_fault(FsOp::rename, f.path) != 0 || ::rename(f.staged.c_str(), f.path.c_str()) != 0) {
            std::string why = std::strerror(errno);
            bool cut = true;
            if (!text.empty()) {
                int fd = ::open(journal_path().c_str(), O_RDWR | O_CLOEXEC);
                cut = fd >= 0 && ::ftruncate(fd, static_cast<off_t>(before)) == 0 && ::fsync(fd) == 0;
                if (fd >= 0) ::close(fd);
            }
            if (!cut)  // the line stays: leave the staged file for the next writer to install
                return fail(f.path + ": cannot replace: " + why +
                            " (the change is in the journal; the next change completes it)");
            drop_staged();
            return fail(f.path + ": cannot replace: " + why + " (nothing was changed)");
        }
    }
    if (!staged.empty()) {
        if (auto st = fsync_directory(dir_); !st) return fail(st.error());
    }
    for (const auto& e : c.entries) {
        apply_entry(state, e);
        revs.push_back(e.rev);
    }
    state.journal_offset += text.size();
    state.journal_lines += c.entries.size();  // one line each
    // Pick up the replaced config files (and their stamps) so the next catch-up is cheap.
    if (c.event || c.roster) {
        if (auto st = catch_up(state); !st) return fail(st.error());
    }
    return revs;
}

}  // namespace lw
