// [PeopleCli] issue 11 (items 1, 4, 7, 8, 9) and issue 10 (items 10, 12) as organisers meet them on
// the command line: who a post is credited to and shown as, the roster import, the report's CSV,
// hashtags, and the smaller refusals. Runs the commands in-process through the dispatcher.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "../shared/test_util.hpp"
#include "cli/commands.hpp"
#include "learnwall/wall.hpp"

using nlohmann::json;

namespace people_cli {

struct Ran {
    int rc = -1;
    std::string out, err;
};

Ran run_admin(std::vector<std::string> args) {
    std::ostringstream out, err;
    lw::cli::CommandIo io{out, err};
    bool matched = false;
    Ran r;
    r.rc = lw::cli::dispatch(args, io, matched);
    r.out = out.str();
    r.err = err.str();
    REQUIRE_MESSAGE(matched, "no command for the arguments");
    return r;
}

std::string slurp_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The last line of a command's output (post add prints the post id there).
std::string last_out_line(const Ran& r) {
    std::string s = r.out;
    while (!s.empty() && s.back() == '\n') s.pop_back();
    auto nl = s.rfind('\n');
    return nl == std::string::npos ? s : s.substr(nl + 1);
}

struct Week {
    lw::test::ScratchDir scratch{"people-cli"};
    std::string data = scratch.path + "/ev";

    explicit Week(std::vector<std::string> init_extra = {}) {
        std::vector<std::string> init{"init", "--data", data, "--start", "2026-05-18", "--end", "2026-05-22",
                                      "--moderation", "post", "--by", "tester", "--tag", "NLAWWeek"};
        init.insert(init.end(), init_extra.begin(), init_extra.end());
        Ran r = run_admin(init);
        REQUIRE_MESSAGE(r.rc == 0, r.err);
    }
    Ran operator()(std::vector<std::string> args) const {
        size_t words = command_words(args);
        args.insert(args.begin() + static_cast<long>(std::min(args.size(), words)), {"--data", data});
        return run_admin(args);
    }
    static size_t command_words(const std::vector<std::string>& a) {
        static const std::vector<std::string> two{"challenge", "roster", "post",  "scoring",
                                                  "quote",     "source", "export", "event", "announcement"};
        if ((a.at(0) == "award" || a.at(0) == "moderate") && a.size() > 1 &&
            (a[1] == "list" || a[1] == "remove" || a[1] == "correct"))
            return 2;
        return std::find(two.begin(), two.end(), a.at(0)) != two.end() ? 2 : 1;
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::string path = scratch.path + "/" + name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    [[nodiscard]] std::string wall_text() const { return slurp_file(data + "/publish/wall.json"); }
    [[nodiscard]] json wall() const { return json::parse(wall_text()); }
    std::string add_post(const std::string& author, const std::string& text, const std::string& at) const {
        Ran r = (*this)({"post", "add", "--author", author, "--text", text, "--at", at});
        REQUIRE_MESSAGE(r.rc == 0, r.err);
        return last_out_line(r);
    }
};

const json* wall_post(const json& wall, const std::string& id) {
    for (const auto& p : wall["posts"])
        if (p["id"] == id) return &p;
    return nullptr;
}

bool has_email(const std::string& s) {
    static const std::regex address(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]*example\.com)");
    return std::regex_search(s, address);
}

const char* kRosterCsv =
    "name,team,mastodon,bluesky,x,email\n"
    "Ana Lima,Finance,@ana@social.example,,,ana.lima@example.com\n"
    "Zoë Ångström,IT,,zoe.bsky.social,,zoe@example.com\n";

}  // namespace people_cli

using namespace people_cli;

TEST_CASE("[PeopleCli] issue 11 item 1: no e-mail on the public screens") {
    Week w;
    REQUIRE(w({"roster", "import", w.write("staff.csv", kRosterCsv)}).rc == 0);
    // Credited by e-mail to a roster member: the board and the card both say "Ana Lima".
    std::string by_mail = w.add_post("ana.lima@example.com", "Tip: teach it back #NLAWWeek", "2026-05-18T09:00:00Z");
    // Credited by e-mail to somebody outside the roster, with an address in the text as well.
    std::string outsider = w.add_post("Kim.Doe@Example.com", "Ask me, kim.doe@example.com, about pivots #NLAWWeek",
                                      "2026-05-18T10:00:00Z");
    REQUIRE(w({"publish"}).rc == 0);
    const std::string text = w.wall_text();
    CHECK_MESSAGE(!has_email(text), text);
    json wall = json::parse(text);
    const json* ana = wall_post(wall, by_mail);
    REQUIRE(ana);
    CHECK((*ana)["author_name"] == "Ana Lima");
    CHECK((*ana)["author_handle"] == "");
    CHECK((*ana)["team"] == "Finance");
    const json* kim = wall_post(wall, outsider);
    REQUIRE(kim);
    CHECK((*kim)["author_name"] == "kim.doe");
    CHECK((*kim)["text"] == "Ask me, [e-mail], about pivots #NLAWWeek");
    bool ana_on_board = false;
    for (const auto& l : wall["leaderboard"]) ana_on_board = ana_on_board || l["name"] == "Ana Lima";
    CHECK(ana_on_board);
    // A Mastodon handle (user@instance) is a handle, not an address: it stays.
    std::string masto = last_out_line(w({"post", "add", "--author", "@ana@social.example", "--source", "mastodon",
                                         "--text", "Mentoring beats training #NLAWWeek", "--at",
                                         "2026-05-18T11:00:00Z"}));
    REQUIRE(w({"publish"}).rc == 0);
    const json after = w.wall();
    const json* m = wall_post(after, masto);
    REQUIRE(m);
    CHECK((*m)["author_handle"] == "ana@social.example");
}

TEST_CASE("[PeopleCli] issue 11 item 4: one person, one name") {
    Week w;
    REQUIRE(w({"roster", "import", w.write("staff.csv", kRosterCsv)}).rc == 0);
    // The social post shows the roster name, the handle as the second line.
    std::string social = last_out_line(w({"post", "add", "--author", "zoe.bsky.social", "--source", "bluesky",
                                          "--text", "Tip: one new shortcut a day #NLAWWeek", "--at",
                                          "2026-05-18T09:00:00Z"}));
    // Typed by hand in other cases and spellings (ZOË, NFD ë), and a one-word name: all one person.
    std::string upper = w.add_post("ZOË ÅNGSTRÖM", "Tip: pair on a review #NLAWWeek", "2026-05-18T10:00:00Z");
    std::string nfd = w.add_post("zoe\xCC\x88 a\xCC\x8Angstro\xCC\x88m", "Tip: teach it back #NLAWWeek",
                                 "2026-05-19T10:00:00Z");
    std::string one_word = w.add_post("Ana", "Tip: write it down #NLAWWeek", "2026-05-18T12:00:00Z");
    REQUIRE(w({"publish"}).rc == 0);
    json wall = w.wall();
    for (const auto& id : {social, upper, nfd}) {
        const json* p = wall_post(wall, id);
        REQUIRE(p);
        CHECK((*p)["author_name"] == "Zoë Ångström");
        CHECK((*p)["team"] == "IT");
    }
    CHECK((*wall_post(wall, social))["author_handle"] == "zoe.bsky.social");
    // "Ana" is not in the roster by that name: shown as typed, not as "ana @ana".
    const json* ana = wall_post(wall, one_word);
    REQUIRE(ana);
    CHECK((*ana)["author_name"] == "Ana");
    CHECK((*ana)["author_handle"] == "");
    // The board has one Zoë with all three posts, and the award finds her by a folded spelling.
    Ran award = w({"award", "--person", "ZOË ÅNGSTRÖM", "--points", "5", "--reason", "ran the session"});
    REQUIRE_MESSAGE(award.rc == 0, award.err);
    Ran board = w({"leaderboard", "--json", "--all"});
    REQUIRE(board.rc == 0);
    int zoes = 0;
    for (const auto& row : json::parse(board.out))
        if (row["name"].get<std::string>().find("Zo") == 0) ++zoes;
    CHECK(zoes == 1);
}

TEST_CASE("[PeopleCli] issue 11 item 7: roster re-import, renames and a deleted roster.json") {
    Week w;
    REQUIRE(w({"roster", "import", w.write("staff.csv", kRosterCsv)}).rc == 0);
    REQUIRE(w({"award", "--person", "Ana Lima", "--points", "10", "--reason", "ran the quiz"}).rc == 0);
    // A re-import that renames Ana: her award would reach nobody. --dry-run says so and changes nothing.
    const std::string renamed = w.write("renamed.csv",
                                        "name,team,mastodon,email\n"
                                        "Ana Lima-Souza,Finance,@ana@social.example,ana.lima@example.com\n"
                                        "zoë ångström,IT,,zoe@example.com\n");
    const std::string before = slurp_file(w.data + "/roster.json");
    Ran dry = w({"roster", "import", renamed, "--dry-run"});
    REQUIRE_MESSAGE(dry.rc == 0, dry.err);
    CHECK_MESSAGE(dry.err.find("1 award (10 points) to \"Ana Lima\" would reach nobody") != std::string::npos, dry.err);
    // A respelling in another case is the same person, said as such.
    CHECK_MESSAGE(dry.err.find("\"Zoë Ångström\" is now spelled \"zoë ångström\" (the same person") != std::string::npos,
                  dry.err);
    CHECK(dry.out.find("dry run") != std::string::npos);
    CHECK(slurp_file(w.data + "/roster.json") == before);
    Ran real = w({"roster", "import", renamed});
    REQUIRE(real.rc == 0);
    CHECK(real.err.find("would reach nobody") != std::string::npos);

    // roster.json deleted: validate notices instead of calling the directory ok.
    REQUIRE(w({"validate"}).rc == 0);
    REQUIRE(std::remove((w.data + "/roster.json").c_str()) == 0);
    Ran v = w({"validate"});
    CHECK(v.rc == 1);
    CHECK_MESSAGE(v.err.find("roster.json: missing, but the journal records 2 roster imports and 1 award") !=
                      std::string::npos,
                  v.err);
}

TEST_CASE("[PeopleCli] issue 10 item 12: hashtags validated where they enter") {
    lw::test::ScratchDir s("people-tags");
    for (const char* bad : {"../../etc", "a b", "a\nb", "2027", "-from:someone"}) {
        CAPTURE(bad);
        Ran r = run_admin({"init", "--data", s.path + "/bad", "--tag", bad});
        CHECK(r.rc == 2);
        CHECK(r.err.find("--tag: the hashtag") != std::string::npos);
        CHECK(r.err.find('\n') == r.err.size() - 1);  // a newline in the tag is shown escaped, one line
        struct stat st {};
        CHECK(::stat((s.path + "/bad").c_str(), &st) != 0);  // nothing created
    }
    Ran dup = run_admin({"init", "--data", s.path + "/dup", "--tag", "NLAWWeek", "--tag", "#nlawweek"});
    CHECK(dup.rc == 2);
    CHECK(dup.err.find("repeats #NLAWWeek") != std::string::npos);

    Week w;
    CHECK(json::parse(slurp_file(w.data + "/event.json"))["event"]["hashtags"].size() == 1);
    Ran ch = w({"challenge", "add", "--date", "2026-05-19", "--title", "Teach", "--tag", "teach back"});
    CHECK(ch.rc != 0);
    CHECK(ch.err.find("contains a space") != std::string::npos);
    Ran src = w({"source", "add", "mastodon", "--base-url", "https://mastodon.example", "--tag", "x OR y"});
    CHECK(src.rc == 2);
    CHECK(src.err.find("tags: the hashtag \"x OR y\" contains a space") != std::string::npos);  // the words the Sources panel shows
    // An event.json edited by hand with a bad tag is refused with its JSON pointer.
    std::string ev = slurp_file(w.data + "/event.json");
    auto j = json::parse(ev);
    j["event"]["hashtags"].push_back("../../etc");
    std::ofstream(w.data + "/event.json") << j.dump(2);
    Ran v = w({"validate"});
    CHECK(v.rc == 1);
    CHECK_MESSAGE(v.err.find("/hashtags") != std::string::npos, v.err);
    CHECK(v.err.find("contains \".\"") != std::string::npos);
}

namespace people_cli {
size_t count_in(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}
std::string utf16le(const std::string& ascii) {
    std::string out = "\xFF\xFE";
    for (char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}
}  // namespace people_cli

TEST_CASE("[PeopleCli] issue 11 item 8: moderation refusals and one decision per post") {
    Week w;
    std::string id = w.add_post("Ana Lima", "Tip: teach it back #NLAWWeek", "2026-05-18T09:00:00Z");
    const std::string journal = w.data + "/journal.jsonl";
    size_t before = count_in(slurp_file(journal), "\"moderation\"");
    Ran twice = w({"moderate", "approve", id, id});
    REQUIRE_MESSAGE(twice.rc == 0, twice.err);
    CHECK(twice.out.find("approve: 1 post\n") != std::string::npos);
    CHECK(count_in(slurp_file(journal), "\"moderation\"") == before + 1);

    REQUIRE(w({"moderate", "reject", id}).rc == 0);
    Ran pin = w({"moderate", "pin", id});
    CHECK(pin.rc == 1);
    CHECK_MESSAGE(pin.err.find("is rejected: it cannot be pinned (approve it first)") != std::string::npos, pin.err);
    CHECK(w({"moderate", "feature", id}).rc == 1);
}

TEST_CASE("[PeopleCli] issue 11 item 8: quotes imported twice are added once") {
    Week w;
    const std::string file = w.write("quotes.txt", "Teach to learn \xE2\x80\x94 Seneca\nPractice beats theory\n");
    Ran first = w({"quote", "import", file});
    REQUIRE_MESSAGE(first.rc == 0, first.err);
    size_t after_first = json::parse(slurp_file(w.data + "/event.json"))["quotes"].size();
    Ran second = w({"quote", "import", file});
    REQUIRE_MESSAGE(second.rc == 0, second.err);
    CHECK(second.out.find("imported 0 quotes") != std::string::npos);
    CHECK(second.out.find("2 already there, skipped") != std::string::npos);
    CHECK(json::parse(slurp_file(w.data + "/event.json"))["quotes"].size() == after_first);
}

TEST_CASE("[PeopleCli] issue 11 item 8: a directory or UTF-16 file in place of a CSV, quotes or JSON file") {
    Week w;
    const std::string folder = w.scratch.path + "/staff.csv";
    std::filesystem::create_directories(folder);
    Ran dir_csv = w({"roster", "import", folder});
    CHECK(dir_csv.rc == 1);
    CHECK_MESSAGE(dir_csv.err.find("staff.csv: is a directory") != std::string::npos, dir_csv.err);
    Ran dir_quotes = w({"quote", "import", folder});
    CHECK(dir_quotes.rc == 1);
    CHECK(dir_quotes.err.find("is a directory") != std::string::npos);
    const std::string wide = w.write("wide.csv", utf16le("name,team\r\nAna Lima,Finance\r\n"));
    Ran utf16 = w({"roster", "import", wide});
    CHECK(utf16.rc == 1);
    CHECK_MESSAGE(utf16.err.find("wide.csv: looks like UTF-16 text; save it as UTF-8") != std::string::npos, utf16.err);
    Ran utf16_quotes = w({"quote", "import", w.write("wide.txt", utf16le("Teach to learn\r\n"))});
    CHECK(utf16_quotes.rc == 1);
    CHECK(utf16_quotes.err.find("looks like UTF-16") != std::string::npos);
    // A JSON file saved as UTF-16 (event.json re-saved by Notepad).
    std::string ev = slurp_file(w.data + "/event.json");
    std::ofstream(w.data + "/event.json", std::ios::binary) << utf16le(ev);
    Ran v = w({"validate"});
    CHECK(v.rc == 1);
    CHECK_MESSAGE(v.err.find("event.json: looks like UTF-16 text; save it as UTF-8") != std::string::npos, v.err);
}

TEST_CASE("[PeopleCli] issue 11 item 8: journal errors give a line number, validate lists every bad field") {
    Week w;
    w.add_post("Ana Lima", "Tip: teach it back #NLAWWeek", "2026-05-18T09:00:00Z");
    REQUIRE(w({"challenge", "add", "--date", "2026-05-19", "--title", "Teach", "--tag", "teachback"}).rc == 0);
    // Three bad fields in three places of event.json.
    auto j = json::parse(slurp_file(w.data + "/event.json"));
    j["challenges"][0]["date"] = "someday";
    j["quotes"] = json::array({json{{"text", 42}}});
    j["display"]["max_posts"] = 0;
    std::ofstream(w.data + "/event.json") << j.dump(2);
    Ran v = w({"validate"});
    CHECK(v.rc == 1);
    CAPTURE(v.err);
    CHECK(v.err.find("/challenges/0/date") != std::string::npos);
    CHECK(v.err.find("/quotes/0/text") != std::string::npos);
    CHECK(v.err.find("/display/max_posts") != std::string::npos);
    CHECK(v.err.find(": 3 problems") != std::string::npos);

    Week k;
    k.add_post("Ana Lima", "Tip: teach it back #NLAWWeek", "2026-05-18T09:00:00Z");
    std::string text = slurp_file(k.data + "/journal.jsonl");
    text.insert(text.find('\n') + 1, "{\"v\":1,\"rev\":\"two\"}\n");
    std::ofstream(k.data + "/journal.jsonl", std::ios::binary) << text;
    Ran bad = k({"export", "posts"});
    CHECK(bad.rc == 1);
    CHECK_MESSAGE(bad.err.find("journal.jsonl at byte") != std::string::npos, bad.err);
    CHECK_MESSAGE(bad.err.find("(line 2)") != std::string::npos, bad.err);
}

TEST_CASE("[PeopleCli] issue 11 item 8: permission denied is not \"missing\"") {
    Week w;
    // Root reads everything: the check runs as nobody where runuser can switch to it.
    REQUIRE(::chmod(w.scratch.path.c_str(), 0755) == 0);
    const std::string probe = std::string("runuser -u nobody -- test -x ") + LEARNWALL_ADMIN_BIN +
                              " >/dev/null 2>&1 && runuser -u nobody -- test -x '" + w.scratch.path + "'";
    if (std::system(probe.c_str()) != 0) {
        MESSAGE("skipped: user nobody cannot run the binary or reach the scratch directory here");
        return;
    }
    REQUIRE(::chmod(w.data.c_str(), 0700) == 0);
    const std::string err = w.scratch.path + "/nobody.err";
    std::string cmd = std::string("runuser -u nobody -- ") + LEARNWALL_ADMIN_BIN + " validate --data '" + w.data +
                      "' 2>'" + err + "' >/dev/null";
    int status = std::system(cmd.c_str());
    std::string msg = slurp_file(err);
    CHECK(WEXITSTATUS(status) == 1);
    CHECK_MESSAGE(msg.find("Permission denied") != std::string::npos, msg);
    CHECK(msg.find("create one with") == std::string::npos);
}

TEST_CASE("[PeopleCli] issue 11 item 8: the admin window without a display exits 1 with a message") {
    lw::test::ScratchDir s("people-nodisplay");
    const std::string err = s.path + "/err";
    for (const char* env : {"env -u DISPLAY ", "env DISPLAY=:97 "}) {
        std::string cmd = std::string(env) + LEARNWALL_ADMIN_BIN + " --data " + s.path + "/none 2>'" + err + "' >/dev/null";
        int status = std::system(cmd.c_str());
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 1);
        std::string msg = slurp_file(err);
        CHECK_MESSAGE(msg.find("learnwall-admin: ") == 0, msg);
        CHECK(msg.find("display") != std::string::npos);
    }
}

TEST_CASE("[PeopleCli] issue 11 item 9: every new command has --help") {
    for (auto cmd : std::vector<std::vector<std::string>>{{"event", "screens"},   {"event", "theme"},
                                                           {"announcement", "add"}, {"announcement", "list"},
                                                           {"announcement", "remove"}, {"playlist"},
                                                           {"challenge", "set"},   {"challenge", "remove"},
                                                           {"award", "list"},      {"award", "remove"},
                                                           {"award", "correct"},   {"moderate", "list"}}) {
        cmd.push_back("--help");
        Ran r = run_admin(cmd);
        CHECK(r.rc == 0);
        CHECK_MESSAGE(r.out.find("usage: learnwall-admin " + cmd[0]) == 0, r.out);
    }
}

TEST_CASE("[PeopleCli] issue 11 item 9: join URL, call to action, theme, announcements and playlist") {
    Week w;
    Ran bad = w({"event", "screens", "--join-url", "javascript:alert(1)"});
    CHECK(bad.rc == 1);
    CHECK(bad.err.find("join URL") != std::string::npos);
    Ran set = w({"event", "screens", "--join-url", "https://learn.example.org/week", "--call-to-action",
                 "Scan to share a tip"});
    REQUIRE_MESSAGE(set.rc == 0, set.err);
    REQUIRE(w({"event", "theme", "Learning together"}).rc == 0);
    CHECK(w({"event", "theme", "two\nlines"}).rc == 1);
    REQUIRE(w({"announcement", "add", "--text", "Lunch and learn at 12:30"}).rc == 0);
    REQUIRE(w({"announcement", "add", "--text", "Coding club at 16:00"}).rc == 0);
    REQUIRE(w({"announcement", "remove", "1"}).rc == 0);
    CHECK(w({"announcement", "remove", "5"}).rc == 1);
    Ran list = w({"announcement", "list"});
    CHECK(list.out == "1\tCoding club at 16:00\n");
    Ran pl_bad = w({"playlist", "wall:30", "dance:5"});
    CHECK(pl_bad.rc == 2);
    CHECK(pl_bad.err.find("unknown scene \"dance\"") != std::string::npos);
    REQUIRE(w({"playlist", "wall:40", "quote:15", "challenge"}).rc == 0);
    json wall = w.wall();
    CHECK(wall["display"]["join_url"] == "https://learn.example.org/week");
    CHECK(wall["display"]["call_to_action"] == "Scan to share a tip");
    CHECK(wall["event"]["theme"] == "Learning together");
    CHECK(wall["display"]["announcements"] == json::array({"Coding club at 16:00"}));
    REQUIRE(wall["display"]["playlist"].size() == 3);
    CHECK(wall["display"]["playlist"][0]["scene"] == "wall");
    CHECK(wall["display"]["playlist"][0]["seconds"] == 40);
    CHECK(wall["display"]["playlist"][2]["seconds"] == 30);
    REQUIRE(w({"playlist", "--default"}).rc == 0);
    CHECK(w.wall()["display"]["playlist"].empty());
}

TEST_CASE("[PeopleCli] issue 11 item 9: edit and remove a challenge") {
    Week w;
    REQUIRE(w({"challenge", "add", "--date", "2026-05-19", "--title", "Teach", "--tag", "teachback"}).rc == 0);
    Ran edit = w({"challenge", "set", "--date", "2026-05-19", "--title", "Teach a shortcut", "--bonus", "0"});
    REQUIRE_MESSAGE(edit.rc == 0, edit.err);
    auto ev = json::parse(slurp_file(w.data + "/event.json"));
    REQUIRE(ev["challenges"].size() == 1);
    CHECK(ev["challenges"][0]["title"] == "Teach a shortcut");
    CHECK(ev["challenges"][0]["tag"] == "teachback");  // kept
    CHECK(ev["challenges"][0]["bonus"] == 0);
    CHECK(w({"challenge", "set", "--date", "2026-05-19", "--tag", "a b"}).rc == 1);
    REQUIRE(w({"challenge", "remove", "--date", "2026-05-19"}).rc == 0);
    CHECK(json::parse(slurp_file(w.data + "/event.json"))["challenges"].empty());
    CHECK(w({"challenge", "remove", "--date", "2026-05-19"}).rc == 1);
}

TEST_CASE("[PeopleCli] issue 11 item 9: correct or remove an award, a visitor, a time") {
    Week w;
    REQUIRE(w({"roster", "import", w.write("staff.csv", kRosterCsv)}).rc == 0);
    REQUIRE(w({"award", "--person", "Ana Lima", "--points", "10", "--reason", "ran the quiz"}).rc == 0);
    Ran refused = w({"award", "--person", "Guest Speaker", "--points", "5", "--reason", "talk"});
    CHECK(refused.rc == 1);
    CHECK(refused.err.find("--visitor") != std::string::npos);
    Ran visitor = w({"award", "--person", "Guest Speaker", "--points", "5", "--reason", "talk", "--visitor", "--at",
                     "2026-05-19T15:00:00+01:00"});
    REQUIRE_MESSAGE(visitor.rc == 0, visitor.err);
    CHECK(w({"award", "--person", "Ana Lima", "--points", "5", "--reason", "x", "--at", "2027-01-01T00:00:00Z"}).rc == 1);
    REQUIRE(w({"award", "correct", "1", "--points", "15", "--reason", "two quizzes"}).rc == 0);
    Ran list = w({"award", "list"});
    CAPTURE(list.out);
    CHECK(list.out.find("  1. ") != std::string::npos);
    CHECK(list.out.find("[withdrawn]") != std::string::npos);
    CHECK(list.out.find("Tue 19 May 15:00  Guest Speaker  +5") != std::string::npos);
    auto total_of = [&](const std::string& name) {
        for (const auto& row : json::parse(w({"leaderboard", "--json", "--all"}).out))
            if (row["name"] == name) return row["points"].get<long>();
        return -1L;
    };
    CHECK(total_of("Ana Lima") == 15);
    CHECK(total_of("Guest Speaker") == 5);
    CHECK(w({"award", "remove", "1", "--reason", "again"}).rc == 1);  // already withdrawn
    REQUIRE(w({"award", "remove", "4", "--reason", "no quiz after all"}).rc == 0);
    CHECK(total_of("Ana Lima") <= 0);  // nothing left
}

TEST_CASE("[PeopleCli] issue 11 item 9: moderate list and explain with day, time and the missing bonus") {
    lw::test::ScratchDir s("people-queue");
    const std::string data = s.path + "/ev";
    REQUIRE(run_admin({"init", "--data", data, "--start", "2026-05-18", "--end", "2026-05-22", "--tag", "NLAWWeek"}).rc == 0);
    auto in = [&](std::vector<std::string> args) {
        args.insert(args.begin() + (args[0] == "post" || args[0] == "challenge" || args[0] == "roster" ||
                                            (args[0] == "moderate" && args[1] == "list")
                                        ? 2
                                        : 1),
                    {"--data", data});
        return run_admin(args);
    };
    REQUIRE(in({"challenge", "add", "--date", "2026-05-19", "--title", "Teach", "--tag", "teachback"}).rc == 0);
    Ran p1 = in({"post", "add", "--author", "Ana Lima", "--text", "Tip: pair on a review\nthen swap #NLAWWeek",
                 "--at", "2026-05-19T08:30:00Z", "--image", "https://img.example/a.png"});
    REQUIRE(p1.rc == 0);
    Ran queue = in({"moderate", "list"});
    REQUIRE_MESSAGE(queue.rc == 0, queue.err);
    CAPTURE(queue.out);
    CHECK(queue.out.find(last_out_line(p1) + "  Tue 19 May 09:30  Ana Lima  [1 image]") != std::string::npos);
    CHECK(queue.out.find("    Tip: pair on a review / then swap #NLAWWeek") != std::string::npos);
    CHECK(queue.out.find("1 pending") != std::string::npos);
    REQUIRE(in({"moderate", "approve", "--all-pending"}).rc == 0);
    CHECK(in({"moderate", "list"}).out == "nothing pending\n");
    Ran explain = in({"explain", "Ana Lima"});
    REQUIRE_MESSAGE(explain.rc == 0, explain.err);
    CAPTURE(explain.out);
    CHECK(explain.out.find("Tue 19 May 09:30") != std::string::npos);
    CHECK(explain.out.find("no challenge bonus: the post does not carry #teachback") != std::string::npos);
}

TEST_CASE("[PeopleCli] issue 15 fair screen time: event screens --page-seconds sets the page time wall.json carries") {
    Week w;
    Ran shown = w({"event", "screens"});
    REQUIRE(shown.rc == 0);
    CHECK(shown.out.find("seconds a page:  20") != std::string::npos);
    Ran bad = w({"event", "screens", "--page-seconds", "3"});
    CHECK(bad.rc == 2);
    CHECK(bad.err.find("page-seconds") != std::string::npos);
    Ran set = w({"event", "screens", "--page-seconds", "30"});
    REQUIRE_MESSAGE(set.rc == 0, set.err);
    CHECK(w.wall()["display"]["page_seconds"] == 30);
    CHECK(w({"event", "screens"}).out.find("seconds a page:  30") != std::string::npos);
}
