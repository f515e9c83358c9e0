// [ModerationCli] issue 12 item 1: the commands for what only the window could do (moderation policy
// and rules, author block/trust/unblock, roster link and opt-out), run as the real binary. Each works,
// refuses bad input with the very message of the shared action the window calls, and changes nothing
// when it refuses (event.json, roster.json and the journal byte for byte).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>

#include "cli_util.hpp"
#include "learnwall/actions/people.hpp"
#include "learnwall/actions/posts.hpp"

namespace moderation_cli {

using lw::test::admin;
using lw::test::CliResult;
using lw::test::ScratchDir;
using lw::test::slurp;

struct ModerationEvent {
    ScratchDir scratch{"moderation-cli"};
    std::string data = scratch.path + "/ev";

    ModerationEvent() {
        auto r = admin(scratch, {"init", "--data", data, "--start", "2026-05-18", "--end", "2026-05-22", "--by", "tester"});
        REQUIRE_MESSAGE(r.rc == 0, r.err);
        const std::string csv = scratch.path + "/staff.csv";
        std::ofstream(csv) << "name,team,mastodon\nAna Lima,Finance,\nBen Ode,Sales,ben@social.example\n";
        r = admin(scratch, {"roster", "import", "--data", data, csv, "--no-publish"});
        REQUIRE_MESSAGE(r.rc == 0, r.err);
    }
    // Runs "WORDS... --data DIR REST..." (the data option right after the command words).
    CliResult operator()(std::vector<std::string> words, const std::vector<std::string>& rest = {}) const {
        words.push_back("--data");
        words.push_back(data);
        words.insert(words.end(), rest.begin(), rest.end());
        return admin(scratch, words);
    }
    [[nodiscard]] std::string files() const {
        return slurp(data + "/event.json") + "\n--\n" + slurp(data + "/roster.json") + "\n--\n" + slurp(data + "/journal.jsonl");
    }
    [[nodiscard]] nlohmann::json event() const { return nlohmann::json::parse(slurp(data + "/event.json")); }
    [[nodiscard]] nlohmann::json roster() const { return nlohmann::json::parse(slurp(data + "/roster.json")); }

    // What the shared action says about the same request, run on a copy of the directory (the window
    // calls this action and shows this message).
    [[nodiscard]] std::string action_error(
        const std::function<lw::Result<std::string>(const lw::DataDir&, lw::State&)>& action) const {
        const std::string copy = scratch.path + "/copy";
        std::filesystem::remove_all(copy);
        std::filesystem::copy(data, copy, std::filesystem::copy_options::recursive);
        auto dir = lw::DataDir::open(copy);
        REQUIRE(dir.ok());
        auto st = dir->load();
        REQUIRE(st.ok());
        auto r = action(*dir, *st);
        REQUIRE_MESSAGE(!r.ok(), "the action accepted what the command refused");
        return r.error();
    }
};

// The command refused with exit 1, printed exactly the action's message, and changed nothing.
void refused_like_action(const ModerationEvent& ev, const std::vector<std::string>& words, const std::vector<std::string>& rest,
                         const std::string& cmd, const std::string& action_message) {
    const std::string before = ev.files();
    auto r = ev(words, rest);
    CHECK(r.rc == 1);
    CHECK(r.err == "learnwall-admin " + cmd + ": " + action_message + " (nothing was changed)\n");
    CHECK(ev.files() == before);
}

std::string json_text(const nlohmann::json& j) { return j.dump(); }

}  // namespace moderation_cli

using namespace moderation_cli;

TEST_CASE("[ModerationCli] issue 12: moderation policy prints and sets the mode; a bad delay is refused as the window refuses it") {
    ModerationEvent ev;
    auto r = ev({"moderation", "policy"});
    REQUIRE(r.rc == 0);
    CHECK(r.out == "pre-moderation: posts wait for approval\n");
    r = ev({"moderation", "policy"}, {"post", "--by", "moira"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.out == "moderation mode set: post-moderation: posts show unless rejected\n");
    CHECK(ev.event().at("moderation").at("mode") == "post");
    r = ev({"moderation", "policy"}, {"delay", "--delay", "15"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.out == "moderation mode set: delay mode: posts show after 15 minutes unless rejected\n");

    const auto bad_delay = ev.action_error([](const lw::DataDir& d, lw::State& s) {
        return lw::set_moderation_mode(d, s, lw::ModerationMode::delay, 5000, "t");
    });
    CHECK(bad_delay == "the delay must be 1 to 1440 minutes, got 5000");
    refused_like_action(ev, {"moderation", "policy"}, {"delay", "--delay", "5000"}, "moderation policy", bad_delay);
    refused_like_action(ev, {"moderation", "policy"}, {"pre", "--delay", "5"}, "moderation policy",
                        "a delay applies to delay mode only (got pre)");

    const std::string before = ev.files();
    r = ev({"moderation", "policy"}, {"sometimes"});
    CHECK(r.rc == 2);
    CHECK(r.err.find("unknown mode \"sometimes\" (expected pre, post or delay)") != std::string::npos);
    CHECK(ev({"moderation", "policy"}, {"delay", "--delay", "soon"}).rc == 2);
    CHECK(ev.files() == before);
}

TEST_CASE("[ModerationCli] issue 12: moderation rules add, remove, set and list; refusals match the action") {
    ModerationEvent ev;
    auto r = ev({"moderation", "rules", "add"}, {"Scam", "crypto"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.out.find("moderation rules saved: 2 words") == 0);
    CHECK(json_text(ev.event().at("moderation").at("blocked_words")) == R"(["Scam","crypto"])");

    refused_like_action(ev, {"moderation", "rules", "add"}, {"scam"}, "moderation rules add",
                        ev.action_error([](const lw::DataDir& d, lw::State& s) {
                            lw::RulesChange c;
                            c.add_words = {"scam"};
                            return lw::change_moderation_rules(d, s, c, "t");
                        }));
    refused_like_action(ev, {"moderation", "rules", "remove"}, {"spam"}, "moderation rules remove",
                        "the word list has no \"spam\"");
    refused_like_action(ev, {"moderation", "rules", "set"}, {"--links", "maybe"}, "moderation rules set",
                        ev.action_error([](const lw::DataDir& d, lw::State& s) {
                            lw::RulesChange c;
                            c.link_policy = "maybe";
                            return lw::change_moderation_rules(d, s, c, "t");
                        }));
    refused_like_action(ev, {"moderation", "rules", "set"}, {}, "moderation rules set", "nothing to change");

    r = ev({"moderation", "rules", "set"}, {"--links", "hold", "--word-action", "reject", "--sensitive-media", "show"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto m = ev.event().at("moderation");
    CHECK(m.at("link_policy") == "hold");
    CHECK(m.at("word_action") == "reject");
    CHECK(m.at("hide_sensitive_media") == false);
    r = ev({"moderation", "rules", "remove"}, {"SCAM"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    r = ev({"moderation", "rules", "list"}, {"--json"});
    REQUIRE(r.rc == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(json_text(j.at("words")) == R"(["crypto"])");
    CHECK(j.at("link_policy") == "hold");
    CHECK(j.at("mode") == "pre");
    r = ev({"moderation", "rules", "list"});
    CHECK(r.out.find("word list:        crypto\n") != std::string::npos);
    CHECK(ev({"moderation", "rules", "add"}).rc == 2);
    CHECK(ev({"moderation", "rules", "set"}, {"--sensitive-media", "blur"}).rc == 2);
}

TEST_CASE("[ModerationCli] issue 12: author block, trust and unblock; a waiting post of a blocked author is rejected") {
    ModerationEvent ev;
    auto post = ev({"post", "add"}, {"--author", "@Troll@Bad.Example", "--source", "mastodon", "--text", "Buy now #NLAWWeek"});
    REQUIRE_MESSAGE(post.rc == 0, post.err);
    const std::string id = post.last_line();

    auto r = ev({"author", "block"}, {"@Troll@Bad.Example", "--source", "mastodon", "--reason", "spam", "--by", "moira"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.out == "blocked mastodon:troll@bad.example: their posts are rejected (the rules decided 1 waiting post)\n");
    CHECK(json_text(ev.event().at("moderation").at("blocked_authors")) == R"(["mastodon:troll@bad.example"])");
    auto exported = ev({"export", "posts"}, {"--state", "rejected"});
    CHECK(exported.out.find("Buy now") != std::string::npos);
    CHECK(slurp(ev.data + "/journal.jsonl").find("blocked author mastodon:troll@bad.example: spam") != std::string::npos);

    refused_like_action(ev, {"author", "block"}, {"mastodon:troll@bad.example"}, "author block",
                        ev.action_error([](const lw::DataDir& d, lw::State& s) {
                            return lw::set_author(d, s, {"mastodon:troll@bad.example", "", "block", ""}, "t");
                        }));
    refused_like_action(ev, {"author", "unblock"}, {"x:nobody"}, "author unblock",
                        "x:nobody is neither blocked nor trusted");
    refused_like_action(ev, {"author", "trust"}, {"troll"}, "author trust",
                        ev.action_error([](const lw::DataDir& d, lw::State& s) {
                            return lw::set_author(d, s, {"troll", "", "trust", ""}, "t");
                        }));
    refused_like_action(ev, {"author", "trust"}, {"troll", "--source", "myspace"}, "author trust",
                        "unknown source \"myspace\" (expected mastodon, bluesky, x or manual)");

    r = ev({"author", "trust"}, {"mastodon:troll@bad.example"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.out == "trusted mastodon:troll@bad.example: their posts are approved on arrival\n");
    r = ev({"author", "unblock"}, {"mastodon:troll@bad.example"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(ev.event().at("moderation").at("trusted_authors").empty());
    CHECK(ev({"author", "block"}).rc == 2);
}

TEST_CASE("[ModerationCli] issue 12: roster link and roster opt-out; refusals match the action and change nothing") {
    ModerationEvent ev;
    auto r = ev({"roster", "link"}, {"--source", "mastodon", "--handle", "@Ana@Social.example", "--person", "ana lima"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.out == "linked mastodon @ana@social.example to Ana Lima\n");
    const auto people = ev.roster().at("people");
    bool linked = false;
    for (const auto& p : people)
        if (p.at("name") == "Ana Lima") linked = p.value("mastodon", std::string()) == "ana@social.example";
    CHECK_MESSAGE(linked, people.dump());

    refused_like_action(ev, {"roster", "link"}, {"--source", "mastodon", "--handle", "ben@social.example", "--person", "Ana Lima"},
                        "roster link", ev.action_error([](const lw::DataDir& d, lw::State& s) {
                            return lw::link_author(d, s, "mastodon", "ben@social.example", "Ana Lima", "t");
                        }));
    refused_like_action(ev, {"roster", "link"}, {"--source", "manual", "--handle", "ana", "--person", "Ana Lima"},
                        "roster link", ev.action_error([](const lw::DataDir& d, lw::State& s) {
                            return lw::link_author(d, s, "manual", "ana", "Ana Lima", "t");
                        }));
    refused_like_action(ev, {"roster", "link"}, {"--source", "x", "--handle", "ana", "--person", "Nobody"}, "roster link",
                        "nobody called \"Nobody\" in the roster");

    r = ev({"roster", "opt-out"}, {"Ben Ode", "hidden"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.out == "Ben Ode opted out: never shown on screens\n");
    refused_like_action(ev, {"roster", "opt-out"}, {"Ben Ode", "sometimes"}, "roster opt-out",
                        ev.action_error([](const lw::DataDir& d, lw::State& s) {
                            return lw::set_opt_out(d, s, "Ben Ode", "sometimes", "t");
                        }));
    refused_like_action(ev, {"roster", "opt-out"}, {"Nobody", "hidden"}, "roster opt-out",
                        "nobody called \"Nobody\" in the roster");
    r = ev({"roster", "opt-out"}, {"ben ode", "none"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(r.out == "Ben Ode is shown on screens\n");
    CHECK(ev({"roster", "opt-out"}, {"Ben Ode"}).rc == 2);
    CHECK(ev({"roster", "link"}, {"--source", "x"}).rc == 2);
}

TEST_CASE("[ModerationCli] issue 12: every new command has --help and is listed in the overview") {
    ScratchDir s("moderation-cli-help");
    for (const auto& words : std::vector<std::vector<std::string>>{{"moderation", "policy"},
                                                                   {"moderation", "rules", "list"},
                                                                   {"moderation", "rules", "add"},
                                                                   {"moderation", "rules", "remove"},
                                                                   {"moderation", "rules", "set"},
                                                                   {"author", "block"},
                                                                   {"author", "trust"},
                                                                   {"author", "unblock"},
                                                                   {"roster", "link"},
                                                                   {"roster", "opt-out"}}) {
        auto args = words;
        args.push_back("--help");
        auto r = admin(s, args);
        CHECK(r.rc == 0);
        std::string joined;
        for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
        CHECK_MESSAGE(r.out.rfind("usage: learnwall-admin " + joined + " --data DIR", 0) == 0, r.out);
        CHECK(admin(s, {"--help"}).out.find("  " + joined + " ") != std::string::npos);
    }
}
