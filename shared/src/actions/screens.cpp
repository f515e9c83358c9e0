// The blank switch, display settings, the playlist and the screens' invitation (see actions/screens.hpp).
#include "learnwall/actions/screens.hpp"

#include <set>

#include "action_text.hpp"
#include "learnwall/actions/event.hpp"

namespace lw {


Status set_screens_blank(const DataDir& dir, State& state, bool blank, const std::string& by) {
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            e.display.blank = blank;
            return {};
        },
        by, blank ? "blanked all screens" : "screens back on");
}

Status check_display(const DisplaySettings& d) {
    static const std::set<std::string> scenes{"wall", "leaderboard", "challenge", "quote", "connections"};
    for (size_t i = 0; i < d.playlist.size(); ++i) {
        const std::string where = "playlist item " + std::to_string(i + 1);
        if (!scenes.count(d.playlist[i].scene))
            return fail(where + ": unknown scene \"" + d.playlist[i].scene + "\" (expected wall, leaderboard, challenge, quote or connections)");
        if (d.playlist[i].seconds < 3 || d.playlist[i].seconds > 3600)
            return fail(where + ": show it for 3 to 3600 seconds");
    }
    if (d.quote_seconds < 3 || d.quote_seconds > 3600) return fail("quote time: 3 to 3600 seconds");
    if (d.max_posts < 1 || d.max_posts > 1000) return fail("posts on screens: 1 to 1000");
    if (d.page_seconds < 5 || d.page_seconds > 600) return fail("seconds per page of posts: 5 to 600");
    if (action_text::chars(d.call_to_action) > 120) return fail("call to action: longer than 120 characters");
    std::string url = trim(d.join_url);
    if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
        return fail("join URL: expected an address starting with https:// or http://, got \"" + url + "\"");
    if (url.find_first_of(" \t\n") != std::string::npos) return fail("join URL: contains spaces");
    return {};
}

Status set_display(const DataDir& dir, State& state, DisplaySettings d, const std::string& by) {
    d.call_to_action = action_text::clean(d.call_to_action);
    d.join_url = trim(d.join_url);
    if (auto st = check_display(d); !st) return st;
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            // The blank switch and announcements have their own actions; keep what is on disk.
            d.blank = e.display.blank;
            d.announcements = e.display.announcements;
            e.display = d;
            return {};
        },
        by, "display settings changed");
}

Status set_screen_invite(const DataDir& dir, State& state, const ScreenInvite& in, const std::string& by) {
    if (!in.join_url && !in.call_to_action && !in.quote_seconds && !in.max_posts && !in.page_seconds)
        return fail("nothing to change");
    if (in.call_to_action && action_text::has_control(*in.call_to_action)) return fail("call to action: must be one line");
    std::string summary;
    auto note = [&](const std::string& s) { summary += (summary.empty() ? "" : ", ") + s; };
    if (in.join_url) note("join URL \"" + trim(*in.join_url) + "\"");
    if (in.call_to_action) note("call to action \"" + trim(*in.call_to_action) + "\"");
    if (in.quote_seconds) note(std::to_string(*in.quote_seconds) + " s a quote");
    if (in.max_posts) note(std::to_string(*in.max_posts) + " posts on screens");
    if (in.page_seconds) note(std::to_string(*in.page_seconds) + " s a page of posts");
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            DisplaySettings d = e.display;
            if (in.join_url) d.join_url = trim(*in.join_url);
            if (in.call_to_action) d.call_to_action = trim(*in.call_to_action);
            if (in.quote_seconds) d.quote_seconds = *in.quote_seconds;
            if (in.max_posts) d.max_posts = *in.max_posts;
            if (in.page_seconds) d.page_seconds = *in.page_seconds;
            if (auto st = check_display(d); !st) return st;  // the Display panel's rules
            e.display = d;
            return {};
        },
        by, "screens: " + summary);
}

Result<std::vector<PlaylistItem>> parse_playlist(const std::vector<std::string>& items) {
    std::vector<PlaylistItem> out;
    for (const auto& raw : items) {
        std::string item = trim(raw);
        auto colon = item.find(':');
        PlaylistItem p;
        p.scene = trim(item.substr(0, colon));
        if (colon != std::string::npos) {
            std::string secs = trim(item.substr(colon + 1));
            if (secs.empty() || secs.size() > 5 || secs.find_first_not_of("0123456789") != std::string::npos)
                return fail("playlist item \"" + item + "\": expected SCENE:SECONDS such as wall:30");
            p.seconds = std::stoi(secs);
        }
        out.push_back(p);
    }
    DisplaySettings probe;
    probe.playlist = out;
    if (auto st = check_display(probe); !st) return fail(st.error());
    return out;
}

Status set_playlist(const DataDir& dir, State& state, std::vector<PlaylistItem> playlist, const std::string& by) {
    std::string summary;
    for (const auto& p : playlist) summary += (summary.empty() ? "" : " ") + p.scene + ":" + std::to_string(p.seconds);
    return change_event(
        dir, state,
        [&](Event& e) -> Status {
            DisplaySettings d = e.display;
            d.playlist = playlist;
            if (auto st = check_display(d); !st) return st;
            e.display = d;
            return {};
        },
        by, playlist.empty() ? std::string("playlist back to the screens' default") : "playlist set: " + summary);
}

bool screen_is_quiet(const ScreenSeen& screen, Instant at, std::chrono::minutes after) {
    return at - screen.last_seen > after;
}

size_t count_quiet_screens(const std::vector<ScreenSeen>& screens, Instant at, std::chrono::minutes after) {
    size_t n = 0;
    for (const auto& s : screens) n += screen_is_quiet(s, at, after) ? 1 : 0;
    return n;
}

}  // namespace lw
