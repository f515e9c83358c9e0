// The data directory: event.json, roster.json, the append-only journal, and the state replayed from them.
// Writers serialise through an advisory lock; readers never lock and see a change by the revision.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "learnwall/fsutil.hpp"
#include "learnwall/model.hpp"
#include "learnwall/result.hpp"

namespace lw {

// One line of journal.jsonl.
struct JournalEntry {
    // post_counts: only the counts changed upstream. Counts are not content: such an entry never
    // touches the text, the moderation decision or a deletion, and never sends a post back for review.
    enum class Kind { event_created, event_changed, roster_changed, post_ingested, post_updated, post_deleted, moderation, award,
                      post_counts };
    Kind kind = Kind::event_changed;
    std::uint64_t rev = 0;  // assigned on append
    Instant at{};
    std::string by;                             // who: an organiser, "ingest", "cli"
    std::optional<Post> post;                   // post_ingested, post_updated
    std::string post_id;                        // post_deleted, post_counts
    std::optional<PostCounts> counts;           // post_counts
    std::optional<ModerationDecision> decision; // moderation
    std::optional<Award> award;                 // award
    std::string summary;                        // event_changed, roster_changed: what changed, for the audit trail
    // event_changed, roster_changed: a digest of the event.json / roster.json this change wrote. The
    // journal line is written first; the digest tells the next writer whether a file left pending by
    // an interrupted change belongs to a recorded change (install it) or not (drop it).
    std::string digest;
};

// The digest journal entries record for a derived file's contents (64-bit FNV-1a, hex).
std::string content_digest(const std::string& contents);
std::string to_string(JournalEntry::Kind k);

// A post and everything decided about it.
struct PostRecord {
    Post post;
    std::optional<Moderation> decided;  // last approve/reject, if any
    bool pinned = false;
    bool featured = false;
    bool deleted = false;  // deleted upstream or by an organiser
    Instant ingested_at{};
    std::uint64_t ingested_rev = 0;
    // Edited upstream after it was approved: since then the post is back in review (the rules run
    // on it again, and a person decides again). Cleared by the next approve/reject/reset.
    std::optional<Instant> review_since;
};

// Everything the journal and the two config files say, replayed in order.
struct State {
    Event event;
    Roster roster;
    std::uint64_t revision = 0;
    std::vector<PostRecord> posts;  // ingest order
    std::unordered_map<std::string, size_t> post_index;
    std::vector<ModerationDecision> decisions;  // audit trail, in order
    std::vector<Award> awards;
    std::vector<JournalEntry> audit;  // event/roster changes, in order
    std::string warning;              // e.g. an incomplete last journal line was ignored
    std::string event_digest, roster_digest;  // of the last recorded event / roster change (may be empty)

    // Bookkeeping for cheap incremental catch-up.
    std::uint64_t journal_offset = 0;
    std::uint64_t journal_lines = 0;  // lines consumed, so a bad line is named by its number
    FileStamp event_stamp, roster_stamp;

    [[nodiscard]] const PostRecord* find(const std::string& post_id) const;
    // The moderation state screens obey: a decision if one was made, else the event's mode.
    [[nodiscard]] Moderation moderation_of(const PostRecord& r) const;
    [[nodiscard]] bool visible_on_screens(const PostRecord& r) const;
};

// The private data directory of one event.
class DataDir {
public:
    static Result<DataDir> open(const std::string& dir);
    static Result<DataDir> create(const std::string& dir, const Event& event, const std::string& by);

    [[nodiscard]] const std::string& path() const { return dir_; }
    [[nodiscard]] std::string event_path() const { return dir_ + "/event.json"; }
    [[nodiscard]] std::string roster_path() const { return dir_ + "/roster.json"; }
    [[nodiscard]] std::string journal_path() const { return dir_ + "/journal.jsonl"; }
    [[nodiscard]] std::string lock_path() const { return dir_ + "/.lock"; }
    [[nodiscard]] std::string publish_dir() const { return dir_ + "/publish"; }
    [[nodiscard]] std::string wall_path() const { return dir_ + "/publish/wall.json"; }
    // A derived file written before its journal line and installed after it (see transact).
    [[nodiscard]] static std::string pending_path(const std::string& path) { return path + ".pending"; }

    // Reads everything from scratch.
    [[nodiscard]] Result<State> load() const;
    // Brings a state up to date with what other writers appended since; cheap when nothing changed.
    [[nodiscard]] Status catch_up(State& state) const;

    // What a transaction wants to do; applied atomically under the lock.
    struct Change {
        std::vector<JournalEntry> entries;
        std::optional<Event> event;    // replaces event.json
        std::optional<Roster> roster;  // replaces roster.json
    };
    using Planner = std::function<Result<Change>(const State&)>;
    // Locks, catches `state` up, asks `plan` what to do given the fresh state, validates and writes it,
    // then applies it to `state`. Returns the revisions appended. Nothing is written when plan fails.
    // Journal first: new event.json / roster.json contents are staged beside the files, the journal
    // lines are appended and fsynced, and only then are the staged files renamed into place. A
    // failure at any step leaves neither (the journal is cut back to where it was), and a change
    // interrupted by a crash after its journal line is completed by the next writer.
    Result<std::vector<std::uint64_t>> transact(State& state, const Planner& plan) const;

    // Runs f while holding the writers' lock (publish uses it so two publishers never race).
    Status with_lock(const std::function<Status()>& f) const;

private:
    // Under the lock: installs or drops files staged by a change that was interrupted (see transact).
    Status finish_interrupted(State& state) const;
    explicit DataDir(std::string dir) : dir_(std::move(dir)) {}
    std::string dir_;
};

// Applies one entry to a state (pure; used by replay and by tests).
void apply_entry(State& state, const JournalEntry& e);
std::string journal_line(const JournalEntry& e);  // one JSON line, no newline
// Parses one journal line; the error names the line number.
Result<JournalEntry> parse_journal_line(const std::string& line, const std::string& where);

}  // namespace lw
