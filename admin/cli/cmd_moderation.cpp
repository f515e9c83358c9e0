// Commands for what only the window could do before issue 12: the moderation policy and automatic
// rules, blocking or trusting an author, linking a social account to a roster person, opt-outs.
// Each calls the shared action (learnwall/actions/posts.hpp, people.hpp) and prints its message, so
// the terminal and the window say the same words; a refusal changes nothing and exits 1.
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <tuple>
#include <iostream>

#include "cli/common.hpp"
#include "learnwall/actions/people.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw::cli {

namespace {

int moderation_usage(CommandIo& io, const std::string& cmd, const std::string& why) {
    io.err << "learnwall-admin " << cmd << ": " << why << " (try --help)\n";
    return kExitUsage;
}

// Prints the action's sentence and republishes; or its refusal, with the window's "(nothing was changed)".
int moderation_done(Opened& o, const ParsedArgs& a, CommandIo& io, const std::string& cmd,
                    const Result<std::string>& done) {
    if (!done) {
        io.err << "learnwall-admin " << cmd << ": " << done.error() << " (nothing was changed)\n";
        return kExitFailure;
    }
    if (!publish_after_change(o, a, io, cmd)) return kExitFailure;
    io.out << *done << "\n";
    return kExitOk;
}

std::vector<OptionSpec> changing(std::vector<OptionSpec> extra) {
    extra.push_back(no_publish_option());
    extra.push_back(by_option());
    return extra;
}

int cmd_policy(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "moderation policy";
    if (a.positionals.size() > 1) return moderation_usage(io, cmd, "expected one mode: pre, post or delay");
    std::optional<ModerationMode> mode;
    if (!a.positionals.empty()) {
        mode = moderation_mode_from_string(a.positionals[0]);
        if (!mode) return moderation_usage(io, cmd, "unknown mode \"" + a.positionals[0] + "\" (expected pre, post or delay)");
    }
    std::optional<int> delay;
    if (auto d = a.get("delay")) {
        char* end = nullptr;
        long n = std::strtol(d->c_str(), &end, 10);
        if (d->empty() || *end || n < -100000 || n > 100000)
            return moderation_usage(io, cmd, "--delay: expected a number of minutes, got \"" + *d + "\"");
        delay = static_cast<int>(n);  // the range (1 to 1440) is the action's to check
        if (!mode) return moderation_usage(io, cmd, "--delay needs the mode: moderation policy delay --delay MIN");
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    if (!mode) {
        io.out << moderation_mode_text(o->state.event) << "\n";
        return kExitOk;
    }
    return moderation_done(*o, a, io, cmd, set_moderation_mode(o->dir, o->state, *mode, delay, acting_user(a)));
}

int cmd_rules_list(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "moderation rules list");
    if (!o) return kExitFailure;
    const Event& e = o->state.event;
    const ModerationRules& r = e.moderation;
    if (a.has("json")) {
        nlohmann::json j{{"mode", to_string(e.moderation_mode)},
                         {"delay_minutes", r.delay_minutes},
                         {"words", r.blocked_words},
                         {"word_action", r.word_action},
                         {"link_policy", r.link_policy},
                         {"hide_sensitive_media", r.hide_sensitive_media},
                         {"blocked_authors", r.blocked_authors},
                         {"trusted_authors", r.trusted_authors}};
        io.out << j.dump(2) << "\n";
        return kExitOk;
    }
    auto list = [&](const std::vector<std::string>& items) {
        std::string s;
        for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
        return s.empty() ? std::string("(none)") : s;
    };
    io.out << "mode:             " << moderation_mode_text(e) << "\n"
           << "word list:        " << list(r.blocked_words) << "\n"
           << "a word matches:   " << (r.word_action == "reject" ? "rejected" : "waits for a person (hold)") << "\n"
           << "links:            " << r.link_policy << "\n"
           << "sensitive media:  " << (r.hide_sensitive_media ? "hidden on screens" : "shown") << "\n"
           << "blocked authors:  " << list(r.blocked_authors) << "\n"
           << "trusted authors:  " << list(r.trusted_authors) << "\n";
    return kExitOk;
}

int rules_words(const ParsedArgs& a, CommandIo& io, bool add) {
    const std::string cmd = std::string("moderation rules ") + (add ? "add" : "remove");
    if (a.positionals.empty()) return moderation_usage(io, cmd, "expected one or more words");
    RulesChange change;
    for (const auto& w : a.positionals) (add ? change.add_words : change.remove_words).push_back(repair_utf8(w));
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return moderation_done(*o, a, io, cmd, change_moderation_rules(o->dir, o->state, change, acting_user(a)));
}

int cmd_rules_set(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "moderation rules set";
    if (!a.positionals.empty()) return moderation_usage(io, cmd, "unexpected argument \"" + a.positionals[0] + "\"");
    RulesChange change;
    change.word_action = a.get("word-action");
    change.link_policy = a.get("links");
    if (auto m = a.get("sensitive-media")) {
        if (*m != "hide" && *m != "show")
            return moderation_usage(io, cmd, "--sensitive-media: expected hide or show, got \"" + *m + "\"");
        change.hide_sensitive_media = *m == "hide";
    }
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return moderation_done(*o, a, io, cmd, change_moderation_rules(o->dir, o->state, change, acting_user(a)));
}

int author_policy(const ParsedArgs& a, CommandIo& io, const std::string& word, const std::string& policy) {
    const std::string cmd = "author " + word;
    if (a.positionals.size() != 1)
        return moderation_usage(io, cmd, "expected one author: HANDLE with --source S, or SOURCE:HANDLE");
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    AuthorPolicyRequest req{repair_utf8(a.positionals[0]), a.get("source").value_or(""), policy,
                            repair_utf8(a.get("reason").value_or(""))};
    return moderation_done(*o, a, io, cmd, set_author(o->dir, o->state, req, acting_user(a)));
}

int cmd_roster_link(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "roster link";
    auto source = a.get("source"), handle = a.get("handle"), person = a.get("person");
    if (!source || !handle || !person) return moderation_usage(io, cmd, "--source, --handle and --person are required");
    if (!a.positionals.empty()) return moderation_usage(io, cmd, "unexpected argument \"" + a.positionals[0] + "\"");
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return moderation_done(*o, a, io, cmd,
                           link_author(o->dir, o->state, *source, repair_utf8(*handle), repair_utf8(*person), acting_user(a)));
}

int cmd_roster_opt_out(const ParsedArgs& a, CommandIo& io) {
    const std::string cmd = "roster opt-out";
    if (a.positionals.size() != 2)
        return moderation_usage(io, cmd, "expected NAME and none, anonymous or hidden (quote a name with spaces)");
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    return moderation_done(*o, a, io, cmd,
                           set_opt_out(o->dir, o->state, repair_utf8(a.positionals[0]), a.positionals[1], acting_user(a)));
}

const char* kAuthorDetails =
    "AUTHOR is SOURCE:HANDLE (mastodon:ana@social.example, bluesky:ana.bsky.social, x:ana,\n"
    "manual:Ana Lima) or a handle with --source. Blocked: every post rejected on arrival, waiting ones\n"
    "too (by \"rules\", in the audit trail). Trusted: approved on arrival (the word list still applies).\n"
    "The same action as the window's Rules panel and the moderation detail pane.";

}  // namespace

std::vector<Command> moderation_commands() {
    std::vector<Command> c;
    c.push_back({{"moderation", "policy"},
                 "print or set the moderation mode (pre, post, delay)",
                 "[pre|post|delay] [--delay MIN]",
                 "pre: nothing shows until approved. post: everything shows unless rejected. delay: a post\n"
                 "shows after MIN minutes (1 to 1440) unless rejected first. Without a mode: prints the mode.\n"
                 "After a change the rules look at the waiting posts again (in post-moderation a held post\n"
                 "is rejected, since undecided posts show).",
                 changing({{"delay", true, false, "--delay MIN         minutes before a post shows (delay mode only)"}}),
                 true,
                 cmd_policy});
    c.push_back({{"moderation", "rules", "list"},
                 "the automatic rules: word list, links, sensitive media, blocked and trusted authors",
                 "[--json]",
                 "--json: {\"mode\",\"delay_minutes\",\"words\",\"word_action\",\"link_policy\",\n"
                 "\"hide_sensitive_media\",\"blocked_authors\",\"trusted_authors\"}",
                 {{"json", false, false, "--json              print JSON"}},
                 true,
                 cmd_rules_list});
    c.push_back({{"moderation", "rules", "add"},
                 "add words to the word list",
                 "WORD...",
                 "A word is matched whole, in any case, in the text, the display name and the handle.\n"
                 "A word already listed is refused (nothing is added).",
                 changing({}),
                 true,
                 [](const ParsedArgs& a, CommandIo& io) { return rules_words(a, io, true); }});
    c.push_back({{"moderation", "rules", "remove"},
                 "remove words from the word list",
                 "WORD...",
                 "",
                 changing({}),
                 true,
                 [](const ParsedArgs& a, CommandIo& io) { return rules_words(a, io, false); }});
    c.push_back({{"moderation", "rules", "set"},
                 "what a word match, a link or a sensitive image does",
                 "[--word-action hold|reject] [--links allow|hold|reject] [--sensitive-media hide|show]",
                 "hold: the post waits for a person, whatever the mode. Options not given keep their value.",
                 changing({{"word-action", true, false, "--word-action A     hold or reject: what a word match does"},
                           {"links", true, false, "--links P           allow, hold or reject: posts with a link"},
                           {"sensitive-media", true, false,
                            "--sensitive-media M hide or show: images of posts marked sensitive on screens"}}),
                 true,
                 cmd_rules_set});
    for (const auto& [word, policy, summary] :
         {std::tuple<const char*, const char*, const char*>{"block", "block", "reject an author's posts, now and on arrival"},
          {"trust", "trust", "approve an author's posts on arrival"},
          {"unblock", "none", "an author neither blocked nor trusted any more"}}) {
        const std::string p = policy, w = word;
        c.push_back({{"author", word},
                     summary,
                     "AUTHOR [--source S] [--reason R]",
                     kAuthorDetails,
                     changing({{"source", true, false, "--source S          mastodon, bluesky, x or manual"},
                               {"reason", true, false, "--reason R          kept in the audit trail"}}),
                     true,
                     [p, w](const ParsedArgs& a, CommandIo& io) { return author_policy(a, io, w, p); }});
    }
    c.push_back({{"roster", "link"},
                 "link a social account to a roster person, so its posts count for them",
                 "--source mastodon|bluesky|x --handle H --person NAME",
                 "NAME as in the roster (any case). Refuses a handle that belongs to somebody else.\n"
                 "See `roster unknown` for the authors not linked yet.",
                 changing({{"source", true, false, "--source S          mastodon, bluesky or x"},
                           {"handle", true, false, "--handle H          the account, e.g. ana@social.example"},
                           {"person", true, false, "--person NAME       the roster person"}}),
                 true,
                 cmd_roster_link});
    c.push_back({{"roster", "opt-out"},
                 "whether a person is shown on screens: none, anonymous or hidden",
                 "NAME none|anonymous|hidden",
                 "none: shown as usual. anonymous: screens say \"a colleague\". hidden: never on screens.\n"
                 "The report's named lists honour it too.",
                 changing({}),
                 true,
                 cmd_roster_opt_out});
    return c;
}

}  // namespace lw::cli
