// The admin window's state: the open data directory, the replayed state, which panel shows, and
// the per-panel UI state. Panels (panels/*.cpp) draw from it and change data only through lw:: actions.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gui/publisher.hpp"
#include "gui/settings.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/fetch_policy.hpp"
#include "learnwall/report.hpp"
#include "learnwall/scoring_simulate.hpp"
#include "learnwall/store.hpp"
#include "learnwall/worker.hpp"

namespace lw::kiosk {
class ImageCache;  // kiosk/render/image_cache.hpp: thumbnails use the kiosk's one image cache
}

namespace lw::admin {

enum class Panel { moderation, rules, challenges, quotes, scoring, roster, sources, display, screens, report };
inline constexpr Panel kAllPanels[] = {Panel::moderation, Panel::rules,   Panel::challenges, Panel::quotes,
                                       Panel::scoring,    Panel::roster,  Panel::sources,    Panel::display,
                                       Panel::screens,    Panel::report};
const char* panel_id(Panel p);     // "moderation" (command line)
const char* panel_title(Panel p);  // "Moderation" (navigation)
std::optional<Panel> panel_from_id(const std::string& id);

class ScreensWatcher;  // gui/screens_watch.hpp

// What the moderation list shows and what is selected in it.
struct ModerationUi {
    using Show = ModerationFilter::Show;
    ModerationFilter filter;  // which posts the list shows (learnwall/actions/posts.hpp does the filtering)
    std::string reason;       // kept with the next decisions

    std::vector<size_t> rows;  // indexes into State::posts, newest first, after filters
    std::uint64_t built_revision = UINT64_MAX;
    bool dirty = true;
    size_t pending = 0, approved = 0, rejected = 0;

    std::string cursor;            // post id of the focused row (keyboard)
    std::set<std::string> selected;  // post ids ticked for bulk decisions
    bool scroll_to_cursor = false;
    float row_h = 0;  // a row's height as measured on screen (0 until two rows were drawn)

    // The last decision, as the actions that undo it (post id -> action).
    std::optional<DecisionUndo> undo;

    std::shared_ptr<kiosk::ImageCache> thumbs;  // post images and avatars (kiosk/render/image_cache.hpp), made on first use
    std::set<std::string> revealed;          // posts whose sensitive images the organiser chose to see
};

// Drafts of the settings panels: edited freely, written only by Save (one transaction each).
// While a draft is untouched it follows the data directory; an edited one waits for Save or Revert.
struct ChallengesUi {
    std::string day;  // the day being edited (YYYY-MM-DD), "" for none
    Challenge draft;
    bool edited = false;
};

struct QuotesUi {
    std::vector<Quote> quotes;
    std::vector<std::string> announcements;
    bool edited = false;
    std::uint64_t loaded_revision = UINT64_MAX;
};

struct DisplayPreview;  // panels/display.cpp: the kiosk renderer and its texture
struct DisplayUi {
    DisplaySettings draft;
    bool edited = false;
    std::uint64_t loaded_revision = UINT64_MAX;
    std::shared_ptr<DisplayPreview> preview;  // kept across data reloads: fonts and texture are costly
};

struct RosterUi {
    std::string filter;
    std::string csv_path;
    std::map<std::string, int> link_choice;  // unknown author key -> roster index picked in its combo
};

// The moderation policy being edited (mode, delay, word list, link and media rules) and the author field.
struct RulesUi {
    ModerationMode mode = ModerationMode::pre;
    ModerationRules draft;
    std::string words;  // the word list, one a line
    bool edited = false;
    std::uint64_t loaded_revision = UINT64_MAX;
    std::string author;  // source:handle typed in to block or trust
};

struct ConnectionTest;  // panels/sources.cpp
struct SourcesCache;    // panels/sources.cpp
struct SourcesUi {
    std::map<std::string, std::string> token_input;  // secret key -> what is being typed (masked)
    std::map<std::string, std::shared_ptr<ConnectionTest>> tests;  // source id -> the last test
    std::shared_ptr<SourcesCache> cache;
    int new_kind = 0;
    std::string new_base_url, new_tags;
    std::string new_channel, new_team, new_token_url;  // slack, teams sources
};

// Which kiosks were seen when (nginx's access log, followed by a worker thread).
struct ScreensUi {
    WindowSettings settings;   // the remembered access-log path
    std::string path_input;    // the path field
    std::shared_ptr<ScreensWatcher> watcher;  // started with the first data directory, kept across reopening
    std::size_t quiet = 0;     // screens quiet now (the navigation shows it on every panel)
    // The data (directory, revision) whose approved posts the watcher joins the shown figures with.
    std::string approved_dir;
    std::uint64_t approved_revision = UINT64_MAX;
};

// The Scoring panel's rule editor and its what-if (issue 14): the rules as JSON (the event's "scoring"
// object), and who would change if they were saved, recomputed when the text or the data changes.
struct ScoringUi {
    std::string text;
    bool edited = false;
    std::uint64_t loaded_revision = UINT64_MAX;
    std::string simulated_text;                      // the text the changes below were computed for
    std::uint64_t simulated_revision = UINT64_MAX;
    std::string error;                               // the parser's message for the text, "" when it reads
    std::vector<ScoreChange> changes;
};

// The report's figures, rebuilt when the data changes (at most every few seconds).
struct ReportUi {
    std::optional<Report> report;
    std::uint64_t built_revision = UINT64_MAX;
    std::chrono::steady_clock::time_point built_at{};
    std::string out_path;
};

class App {
public:
    explicit App(std::string user) : user_(std::move(user)) {}
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Opens a data directory; on failure the previous one (if any) stays open.
    Status open(const std::string& path);
    [[nodiscard]] bool has_data() const { return dir_.has_value(); }
    [[nodiscard]] const DataDir& dir() const { return *dir_; }
    [[nodiscard]] State& state() { return state_; }
    [[nodiscard]] const std::string& user() const { return user_; }

    // Picks up other writers' changes (cheap when nothing changed); call every frame.
    void refresh_if_due();
    // After a change: asks the background publisher to rebuild wall.json, so screens update within
    // seconds and the frame never waits for it.
    void publish();

    // Draws the whole window for one frame.
    void draw();

    // Status line at the bottom: the result of the last action.
    void say(std::string message, bool error = false);

    Panel panel = Panel::moderation;
    // Which image hosts thumbnails may come from (--allow-media-host; null: public addresses only).
    // Kept outside ModerationUi: opening another data directory resets that, not the window's options.
    std::shared_ptr<const FetchPolicy> media_policy;
    ModerationUi moderation;
    ChallengesUi challenges;
    QuotesUi quotes;
    DisplayUi display;
    RosterUi roster;
    RulesUi rules;
    ScoringUi scoring;
    SourcesUi sources;
    ReportUi report;
    ScreensUi screens;
    std::string open_path;  // the path field of the welcome screen

    // Reports an action's outcome in the status line and republishes on success.
    bool apply(const Status& st, const std::string& done);
    // The same for a shared action that says what it did: its sentence is the status line, word for
    // word what the command line prints.
    bool apply_said(const Result<std::string>& done);

    // Records a moderation decision (and what undoes it) off the frame: the posts show the decision at
    // once, the journal append (and its fsync) runs on a worker, and drain_decisions() takes the
    // outcome; a refused decision is then reported and the posts shown as they were. Returns false
    // when nothing was sent (no post named).
    bool moderate(const std::vector<std::string>& ids, const std::string& action, const std::string& reason);
    // Once a frame: the outcomes of decisions that finished (called from refresh_if_due).
    void drain_decisions();
    // Decisions sent and not yet recorded (the window shows them already).
    [[nodiscard]] std::size_t decisions_in_flight() const { return in_flight_.size(); }
    // Blocks until every decision sent is recorded, then takes their outcomes (tests; closing a data directory).
    void finish_decisions();

private:
    void draw_welcome();
    void draw_header();
    void draw_navigation();
    void draw_status_bar();

    std::string user_;
    std::optional<DataDir> dir_;
    std::unique_ptr<BackgroundPublisher> publisher_;  // wall.json is rebuilt off the frame
    State state_;
    std::chrono::steady_clock::time_point last_refresh_{};
    std::chrono::steady_clock::time_point last_rules_check_{};
    std::string status_;
    bool status_error_ = false;

    // Decisions off the frame. The worker owns `worker_state_` (a copy of the state at open, kept up
    // to date by each transaction); the UI thread never touches it. Results come back through the inbox.
    struct DecisionOutcome {
        std::uint64_t ticket = 0;
        std::string error;  // "" when recorded
    };
    struct InFlight {
        std::string action, label, reason;
        std::vector<std::pair<std::string, PostRecord>> before;  // the posts as shown before the preview
        std::size_t entries = 0;  // journal entries it appends (one per distinct known post)
    };
    void start_decider();
    void stop_decider();
    std::map<std::uint64_t, InFlight> in_flight_;
    std::uint64_t next_ticket_ = 1;
    State worker_state_;
    Inbox<DecisionOutcome> decisions_done_;
    // Last member: destroyed first, and its destructor runs every queued decision before the window
    // goes (finish_queue_on_stop), so closing right after a key press loses nothing.
    std::unique_ptr<Worker> decider_;
};

// One function per panel (panels/<name>.cpp).
void draw_moderation_panel(App& app);
void draw_rules_panel(App& app);
void draw_challenges_panel(App& app);
void draw_quotes_panel(App& app);
void draw_scoring_panel(App& app);
void draw_roster_panel(App& app);
void draw_sources_panel(App& app);
void draw_display_panel(App& app);
void draw_screens_panel(App& app);
// Starts following the access log (once) and counts quiet screens; every frame, whatever the panel.
void update_screens(App& app);
void draw_report_panel(App& app);
void panel_title_bar(const char* title, const char* subtitle);

// Small drawing helpers shared by the panels.
std::string local_time_label(const State& s, Instant t);  // "Mon 18 May 09:30" in the event's zone
std::string one_line(const std::string& text, size_t max_bytes = 400);

}  // namespace lw::admin
