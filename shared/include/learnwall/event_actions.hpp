// Organiser actions on the event's settings (screens, challenges, quotes, announcements, display) as
// plain functions: the admin window's panels call them and tests exercise them without a window.
// Each is one locked transaction that replaces event.json and leaves an audit line; all or nothing.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "learnwall/store.hpp"

namespace lw {

// Applies `edit` to a fresh copy of the event under the writers' lock, validates the result and
// writes it with `summary` in the journal. `edit` may refuse with a message; nothing is then written.
Status change_event(const DataDir& dir, State& state, const std::function<Status(Event&)>& edit,
                    const std::string& by, const std::string& summary);

// The "blank all screens" switch: kiosks show a calm holding screen instead of posts.
Status set_screens_blank(const DataDir& dir, State& state, bool blank, const std::string& by);

// Every calendar day of the event, first to last.
std::vector<Date> event_days(const Event& e);

// Checks one challenge against the event: a day inside it, a title, a one-word tag, a sane bonus.
Status check_challenge(const Event& e, const Challenge& c);
// Adds the challenge, or replaces the one already set for its day.
Status set_challenge(const DataDir& dir, State& state, Challenge c, const std::string& by);
// Removes the challenge of a day; refuses a day without one.
Status remove_challenge(const DataDir& dir, State& state, Date day, const std::string& by);

// Quotes: each needs text (at most 400 characters); the author may be empty. Trims both.
Status check_quotes(const std::vector<Quote>& quotes);
Status set_quotes(const DataDir& dir, State& state, std::vector<Quote> quotes, const std::string& by);

// Announcements shown on screens: each non-empty, at most 200 characters. Trims each.
Status check_announcements(const std::vector<std::string>& lines);
Status set_announcements(const DataDir& dir, State& state, std::vector<std::string> lines, const std::string& by);

// Display settings other than the blank switch: playlist scenes and timings, quote time, posts shown,
// call to action, join URL (http or https, for the QR code).
Status check_display(const DisplaySettings& d);
Status set_display(const DataDir& dir, State& state, DisplaySettings d, const std::string& by);

// Stores one secret (x_bearer_token, bluesky_handle, bluesky_app_password, mastodon_token, or
// "mastodon_tokens.HOST") in the data directory's secrets.json, mode 0600, keeping the others.
// An empty value removes it. The value never appears in messages.
Status save_secret(const std::string& data_dir, const std::string& key, const std::string& value);

}  // namespace lw
