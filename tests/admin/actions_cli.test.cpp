// [Admin CLI] Issue 12 item 1: the command line refuses what the admin window refuses, with the same
// words, and changes nothing. Each test runs the shared action (what the window's panel calls) on a
// copy of the data directory to learn its message, then the real learnwall-admin binary on the
// original, and byte-compares event.json and the journal before and after.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_util.hpp"
#include "learnwall/actions/challenges.hpp"
#include "learnwall/actions/quotes.hpp"
#include "learnwall/actions/sources.hpp"
#include "learnwall/store.hpp"

using namespace lw::test;

namespace actions_cli {

struct Event12 {
    ScratchDir scratch;
    std::string data = scratch.path + "/ev";

    explicit Event12(const std::string& name) : scratch(name) {
        auto init = admin(scratch, {"init", "--data", data, "--start", "2026-05-18", "--end", "2026-05-24", "--tag",
                                    "NLAWWeek", "--by", "tester"});
        REQUIRE_MESSAGE(init.rc == 0, init.err);
    }
    // event.json and the journal, byte for byte.
    [[nodiscard]] std::string files() const { return slurp(data + "/event.json") + "\n--journal--\n" + slurp(data + "/journal.jsonl"); }

    // Runs `action` as the window would, on a copy of the data directory; returns its outcome.
    template <class F>
    auto in_copy(F action) const {
        const std::string copy = scratch.path + "/copy-" + std::to_string(copies_++);
        std::filesystem::copy(data, copy, std::filesystem::copy_options::recursive);
        auto dir = lw::DataDir::open(copy);
        REQUIRE_MESSAGE(dir.ok(), dir.error());
        auto state = dir->load();
        REQUIRE_MESSAGE(state.ok(), state.error());
        return action(*dir, *state);
    }

    CliResult operator()(std::vector<std::string> args) const {
        args.push_back("--data");
        args.push_back(data);
        return admin(scratch, args);
    }

private:
    mutable int copies_ = 0;
};

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// The CLI refused (exit `rc`) with exactly the action's words and left the files as they were.
void refused_like_the_window(const Event12& ev, const std::string& before, const CliResult& r, int rc,
                             const std::string& cmd, const std::string& window_message) {
    CHECK_MESSAGE(r.rc == rc, r.err);
    CHECK(first_line(r.err) == "learnwall-admin " + cmd + ": " + window_message);
    CHECK(ev.files() == before);
}

lw::Challenge challenge(const std::string& title, const std::string& tag) {
    lw::Challenge c;
    c.date = *lw::parse_date("2026-05-19");
    c.title = title;
    c.tag = tag;
    c.bonus = 20;
    return c;
}

}  // namespace actions_cli

using actions_cli::Event12;

TEST_CASE("[Admin CLI] challenge add refuses a 300-character title like the window") {
    Event12 ev("i12-challenge-title");
    const std::string before = ev.files();
    const std::string title(300, 'a');
    auto window = ev.in_copy([&](const lw::DataDir& d, lw::State& s) {
        return lw::set_challenge(d, s, actions_cli::challenge(title, "TeachBack"), "organiser");
    });
    REQUIRE_FALSE(window.ok());
    CHECK(window.error().find("longer than 120 characters") != std::string::npos);
    auto r = ev({"challenge", "add", "--date", "2026-05-19", "--title", title, "--tag", "TeachBack"});
    actions_cli::refused_like_the_window(ev, before, r, 1, "challenge add", window.error());
}

TEST_CASE("[Admin CLI] challenge add refuses the tag \"two words\" like the window") {
    Event12 ev("i12-challenge-tag");
    const std::string before = ev.files();
    auto window = ev.in_copy([&](const lw::DataDir& d, lw::State& s) {
        return lw::set_challenge(d, s, actions_cli::challenge("Teach a colleague", "two words"), "organiser");
    });
    REQUIRE_FALSE(window.ok());
    CHECK(window.error().find("contains a space") != std::string::npos);
    auto r = ev({"challenge", "add", "--date", "2026-05-19", "--title", "Teach a colleague", "--tag", "two words"});
    actions_cli::refused_like_the_window(ev, before, r, 1, "challenge add", window.error());
}

TEST_CASE("[Admin CLI] quote add refuses 900 characters (the Quotes panel could never save again)") {
    Event12 ev("i12-quote");
    const std::string before = ev.files();
    const std::string text(900, 'q');
    // The panel saves the whole list: the event's quotes plus this one.
    auto window = ev.in_copy([&](const lw::DataDir& d, lw::State& s) {
        auto quotes = s.event.quotes;
        quotes.push_back(lw::Quote{text, "Someone"});
        return lw::set_quotes(d, s, quotes, "organiser");
    });
    REQUIRE_FALSE(window.ok());
    CHECK(window.error().find("longer than 400 characters") != std::string::npos);
    auto r = ev({"quote", "add", "--text", text, "--author", "Someone"});
    actions_cli::refused_like_the_window(ev, before, r, 1, "quote add", window.error());
    // What the CLI does add, the panel can save again.
    REQUIRE(ev({"quote", "add", "--text", "Teach to learn", "--author", "Seneca"}).rc == 0);
    auto saved = ev.in_copy([](const lw::DataDir& d, lw::State& s) { return lw::set_quotes(d, s, s.event.quotes, "o"); });
    CHECK_MESSAGE(saved.ok(), saved.error());
}

TEST_CASE("[Admin CLI] quote import refuses a file whose quote the window would refuse") {
    Event12 ev("i12-quote-import");
    const std::string file = ev.scratch.path + "/quotes.txt";
    std::ofstream(file) << "Teach to learn \xE2\x80\x94 Seneca\n" << std::string(500, 'x') << "\n";
    const std::string before = ev.files();
    auto r = ev({"quote", "import", file});
    CHECK(r.rc == 1);
    CHECK(r.err.find("the text is longer than 400 characters") != std::string::npos);
    CHECK(ev.files() == before);
}

TEST_CASE("[Admin CLI] source add: duplicate refused by the CLI and the window alike") {
    Event12 ev("i12-source-dup");
    auto first = ev({"source", "add", "mastodon", "--base-url", "https://social.example", "--tag", "NLAWWeek"});
    REQUIRE_MESSAGE(first.rc == 0, first.err);
    const std::string before = ev.files();
    // The window types the same tag in another case and with its '#': still the same source.
    auto window = ev.in_copy([](const lw::DataDir& d, lw::State& s) {
        lw::SourceRequest r;
        r.kind = "mastodon";
        r.base_url = "https://social.example/";
        r.tags = {"#nlawweek"};
        return lw::add_source(d, s, r, "organiser");
    });
    REQUIRE_FALSE(window.ok());
    CHECK(window.error().find("already follows the same tags") != std::string::npos);
    auto r = ev({"source", "add", "mastodon", "--base-url", "https://social.example", "--tag", "NLAWWeek"});
    actions_cli::refused_like_the_window(ev, before, r, 1, "source add", window.error());
}

TEST_CASE("[Admin CLI] source add: [::1] accepted by both (loopback by the fetch policy's rule); a LAN address over http refused by both") {
    Event12 ev("i12-source-loopback");
    auto window = ev.in_copy([](const lw::DataDir& d, lw::State& s) {
        lw::SourceRequest r;
        r.kind = "mastodon";
        r.base_url = "http://[::1]:8080";
        return lw::add_source(d, s, r, "organiser");
    });
    REQUIRE_MESSAGE(window.ok(), window.error());
    auto r = ev({"source", "add", "mastodon", "--base-url", "http://[::1]:8080", "--no-publish"});
    CHECK_MESSAGE(r.rc == 0, r.err);
    CHECK(actions_cli::first_line(r.out) == *window);  // the same words in the window's status line
    const auto ev_json = nlohmann::json::parse(slurp(ev.data + "/event.json"));
    CHECK(ev_json.at("sources").at(0).at("base_url") == "http://[::1]:8080");

    const std::string before = ev.files();
    auto lan = ev.in_copy([](const lw::DataDir& d, lw::State& s) {
        lw::SourceRequest rq;
        rq.kind = "mastodon";
        rq.base_url = "http://192.168.1.20";
        return lw::add_source(d, s, rq, "organiser");
    });
    REQUIRE_FALSE(lan.ok());
    CHECK(lan.error().find("plain http:// is only allowed") != std::string::npos);
    auto refused = ev({"source", "add", "mastodon", "--base-url", "http://192.168.1.20"});
    actions_cli::refused_like_the_window(ev, before, refused, 2, "source add", lan.error());
}

TEST_CASE("[Admin CLI] source add: tags split the same way as the window splits them") {
    Event12 ev("i12-source-tags");
    // The window's field holds one line; `--tag` takes the same line, and repeated --tag values add up.
    const std::string typed = "#NLAWWeek, TeachBack #LearningAtWorkWeek";
    CHECK(lw::split_source_tags(typed) == std::vector<std::string>{"#NLAWWeek", "TeachBack", "#LearningAtWorkWeek"});
    auto r = ev({"source", "add", "bluesky", "--tag", typed, "--no-publish"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const auto ev_json = nlohmann::json::parse(slurp(ev.data + "/event.json"));
    CHECK(ev_json.at("sources").at(0).at("tags") ==
          nlohmann::json::array({"NLAWWeek", "TeachBack", "LearningAtWorkWeek"}));
    // A space inside a word is no separator in either: "x OR y" would have followed #OR.
    const std::string before = ev.files();
    auto window = ev.in_copy([](const lw::DataDir& d, lw::State& s) {
        lw::SourceRequest rq;
        rq.kind = "x";
        rq.tags = {"x OR y"};
        return lw::add_source(d, s, rq, "organiser");
    });
    REQUIRE_FALSE(window.ok());
    auto refused = ev({"source", "add", "x", "--tag", "x OR y"});
    actions_cli::refused_like_the_window(ev, before, refused, 2, "source add", window.error());
}

TEST_CASE("[Admin CLI] source test reports an unreachable server and changes nothing") {
    Event12 ev("i12-source-test");
    // Port 9 on loopback (discard): nothing listens in the test environment, so the connection is refused.
    REQUIRE(ev({"source", "add", "mastodon", "--base-url", "http://127.0.0.1:9", "--no-publish"}).rc == 0);
    const std::string before = ev.files();
    auto r = ev({"source", "test", "mastodon-127.0.0.1"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("learnwall-admin source test: mastodon-127.0.0.1: ") == 0);
    CHECK(ev.files() == before);
    auto unknown = ev({"source", "test", "nope"});
    CHECK(unknown.rc == 1);
    CHECK(unknown.err.find("no source with id \"nope\"") != std::string::npos);
}

TEST_CASE("[Admin CLI] challenge set and remove print the sentence the Challenges panel shows") {
    Event12 ev("i12-challenge-said");
    const auto c = actions_cli::challenge("Teach back", "TeachBack");
    auto window = ev.in_copy([&](const lw::DataDir& d, lw::State& s) { return lw::set_challenge(d, s, c, "organiser"); });
    REQUIRE_MESSAGE(window.ok(), window.error());
    CHECK(*window == "challenge of 2026-05-19: Teach back");
    auto r = ev({"challenge", "set", "--date", "2026-05-19", "--title", "Teach back", "--tag", "TeachBack"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(actions_cli::first_line(r.out) == *window);
    auto removed = ev.in_copy([&](const lw::DataDir& d, lw::State& s) {
        return lw::remove_challenge(d, s, c.date, "organiser");
    });
    REQUIRE_MESSAGE(removed.ok(), removed.error());
    r = ev({"challenge", "remove", "--date", "2026-05-19"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(actions_cli::first_line(r.out) == *removed);
}
