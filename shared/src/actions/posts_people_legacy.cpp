// LEFTOVER: posts/people actions from the deleted event_actions/organiser_actions (see the header).
#include "learnwall/actions/posts_people_legacy.hpp"

#include <functional>

#include "learnwall/actions.hpp"
#include "learnwall/scoring.hpp"

namespace lw {

namespace {

Status change_roster(const DataDir& dir, State& state, const std::function<Result<std::string>(Roster&)>& edit,
                     const std::string& by) {
    auto revs = dir.transact(state, [&](const State& s) -> Result<DataDir::Change> {
        Roster r = s.roster;  // the latest, so a concurrent import is not undone
        auto summary = edit(r);
        if (!summary) return fail(summary.error());
        JournalEntry j;
        j.kind = JournalEntry::Kind::roster_changed;
        j.by = by;
        j.summary = *summary;
        return DataDir::Change{{j}, {}, r};
    });
    if (!revs) return fail(revs.error());
    return {};
}

}  // namespace

Status link_author(const DataDir& dir, State& state, const std::string& source, const std::string& handle_in,
                   const std::string& person, const std::string& by) {
    if (source != "mastodon" && source != "bluesky" && source != "x")
        return fail("only mastodon, bluesky and x accounts can be linked (posts typed in by hand count for the "
                    "roster name given as their author), got \"" + source + "\"");
    const std::string handle = normalise_handle(handle_in);
    if (handle.empty()) return fail("link: the handle is empty");
    return change_roster(
        dir, state,
        [&](Roster& r) -> Result<std::string> {
            Participant* target = nullptr;
            for (auto& p : r.people) {
                std::string& field = source == "mastodon" ? p.mastodon : source == "bluesky" ? p.bluesky : p.x;
                if (field == handle && p.name != person)
                    return fail("@" + handle + " on " + source + " already belongs to " + p.name);
                if (p.name == person) target = &p;
            }
            if (!target) return fail("nobody called \"" + person + "\" in the roster");
            std::string& field = source == "mastodon" ? target->mastodon : source == "bluesky" ? target->bluesky : target->x;
            std::string was = field;
            field = handle;
            return "linked " + source + " @" + handle + " to " + person + (was.empty() || was == handle ? "" : " (was @" + was + ")");
        },
        by);
}

Status set_opt_out(const DataDir& dir, State& state, const std::string& person, const std::string& opt_out,
                   const std::string& by) {
    if (!opt_out.empty() && opt_out != "anonymous" && opt_out != "hidden")
        return fail("opt-out must be empty, anonymous or hidden, got \"" + opt_out + "\"");
    return change_roster(
        dir, state,
        [&](Roster& r) -> Result<std::string> {
            for (auto& p : r.people)
                if (p.name == person) {
                    p.opt_out = opt_out;
                    return person + (opt_out.empty()       ? " is shown on screens again"
                                     : opt_out == "hidden" ? " opted out: never shown on screens"
                                                           : " opted out: shown as \"a colleague\"");
                }
            return fail("nobody called \"" + person + "\" in the roster");
        },
        by);
}

std::vector<PendingRow> pending_queue(const State& state) {
    std::vector<PendingRow> rows;
    for (const auto& id : pending_post_ids(state)) {
        const PostRecord* r = state.find(id);
        if (!r) continue;
        PendingRow row;
        row.id = id;
        row.created_at = r->post.created_at;
        row.author = person_name_for(state, r->post);
        row.handle = r->post.author_handle;
        for (char c : r->post.text) {
            if (c == '\n') row.text += " / ";
            else if (c == '\r' || c == '\t') row.text += ' ';
            else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) row.text += c;
        }
        row.images = r->post.image_urls.size();
        row.has_link = r->post.text.find("http://") != std::string::npos || r->post.text.find("https://") != std::string::npos;
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace lw
