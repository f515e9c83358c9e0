// Admin window tests: screenshots are not blank, and scripted clicks and keys (through the real
// platform layer) change the event's data the way an organiser expects.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/wait.h>

#include <SFML/Graphics/Image.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "test_util.hpp"

namespace {

using lw::test::ScratchDir;

const std::string kAdmin = LEARNWALL_ADMIN_BIN;

struct Ran {
    int rc = -1;
    std::string out;  // stdout and stderr together
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

Ran run(const std::string& args) {
    Ran r;
    std::string cmd = kAdmin + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string last_line(const std::string& s) {
    std::string t = s;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    auto nl = t.rfind('\n');
    return nl == std::string::npos ? t : t.substr(nl + 1);
}

std::string make_event(const ScratchDir& d) {
    std::string data = d.path + "/event";
    auto r = run("init --data " + quote(data) + " --name 'GUI test week' --start 2026-05-18 --end 2026-05-24");
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    return data;
}

std::string add_post(const std::string& data, const std::string& author, const std::string& text, const std::string& at) {
    auto r = run("post add --data " + quote(data) + " --author " + quote(author) + " --text " + quote(text) + " --at " + at);
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    return last_line(r.out);
}

std::map<std::string, std::string> moderation_states(const std::string& data) {
    auto r = run("export posts --data " + quote(data));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    std::map<std::string, std::string> states;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line);
        states[j.at("id").get<std::string>()] = j.at("moderation").get<std::string>();
    }
    return states;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream f(path);
    f << text;
    REQUIRE(f.good());
}

std::string read_all(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Share of pixels that differ from the most common colour, and how many colours there are.
struct Ink {
    double share = 0;
    size_t colours = 0;
};
Ink ink_of(const sf::Image& img) {
    std::map<sf::Uint32, size_t> counts;
    auto size = img.getSize();
    for (unsigned y = 0; y < size.y; y += 2)
        for (unsigned x = 0; x < size.x; x += 2) counts[img.getPixel(x, y).toInteger()]++;
    size_t total = 0, most = 0;
    for (const auto& [c, n] : counts) {
        total += n;
        most = std::max(most, n);
    }
    return Ink{total ? 1.0 - static_cast<double>(most) / total : 0, counts.size()};
}

}  // namespace

TEST_CASE("[admin gui] a screenshot of the moderation panel shows the queue") {
    ScratchDir d("gui-shot");
    auto data = make_event(d);
    for (int i = 0; i < 5; ++i)
        add_post(data, "Priya Shah", "Tip " + std::to_string(i) + ": teach a colleague one shortcut #NLAWWeek",
                 "2026-05-18T09:1" + std::to_string(i) + ":00Z");
    std::string png = d.path + "/moderation.png";
    auto r = run("--data " + quote(data) + " --panel moderation --size 1100x700 --screenshot " + quote(png));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    sf::Image img;
    REQUIRE(img.loadFromFile(png));
    CHECK(img.getSize() == sf::Vector2u(1100, 700));
    Ink ink = ink_of(img);
    CHECK(ink.share > 0.05);   // text, rows, buttons: not a blank window
    CHECK(ink.colours > 30);   // anti-aliased text and coloured states, not a flat fill
}

TEST_CASE("[admin gui] without --data the window explains how to open an event") {
    ScratchDir d("gui-welcome");
    std::string png = d.path + "/welcome.png";
    auto r = run("--screenshot " + quote(png));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    sf::Image img;
    REQUIRE(img.loadFromFile(png));
    CHECK(ink_of(img).share > 0.01);
}

TEST_CASE("[admin gui] clicking Approve and pressing R record decisions and republish") {
    ScratchDir d("gui-moderate");
    auto data = make_event(d);
    auto first = add_post(data, "Priya Shah", "Pair up across teams for 20 minutes #NLAWWeek", "2026-05-18T09:00:00Z");
    auto second = add_post(data, "@bob@mastodon.example", "Spaced repetition works #NLAWWeek", "2026-05-18T10:00:00Z");
    auto third = add_post(data, "Sam Lee", "Lunch and learn at noon #NLAWWeek", "2026-05-18T11:00:00Z");
    REQUIRE(moderation_states(data).at(first) == "pending");

    std::string script = d.path + "/moderate.script";
    write_file(script, "frames 3\n"
                       "click approve " + first + "\n"
                       "click row " + second + "\n"
                       "key R\n"
                       "frames 2\n");
    auto r = run("--data " + quote(data) + " --by tester --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);

    auto states = moderation_states(data);
    CHECK(states.at(first) == "approved");
    CHECK(states.at(second) == "rejected");
    CHECK(states.at(third) == "pending");
    // Screens see the approved post within seconds: the window republished wall.json.
    auto wall = nlohmann::json::parse(read_all(data + "/publish/wall.json"));
    std::set<std::string> on_wall;
    for (const auto& p : wall.at("posts")) on_wall.insert(p.at("id").get<std::string>());
    CHECK(on_wall.count(first) == 1);
    CHECK(on_wall.count(second) == 0);
    CHECK(read_all(data + "/journal.jsonl").find("\"tester\"") != std::string::npos);
}

TEST_CASE("[admin gui] ticked posts are decided together with a reason, and U undoes it") {
    ScratchDir d("gui-bulk");
    auto data = make_event(d);
    auto a = add_post(data, "Ann", "First tip #NLAWWeek", "2026-05-18T09:00:00Z");
    auto b = add_post(data, "Ben", "Second tip #NLAWWeek", "2026-05-18T09:30:00Z");
    auto c = add_post(data, "Cat", "Third tip #NLAWWeek", "2026-05-18T10:00:00Z");

    SUBCASE("bulk reject with a reason") {
        std::string script = d.path + "/bulk.script";
        write_file(script, "frames 2\n"
                           "click tick " + a + "\n"
                           "click tick " + c + "\n"
                           "click reason\n"
                           "type off topic\n"
                           "click bulk reject\n"
                           "frames 2\n");
        auto r = run("--data " + quote(data) + " --test-script " + quote(script));
        REQUIRE_MESSAGE(r.rc == 0, r.out);
        auto states = moderation_states(data);
        CHECK(states.at(a) == "rejected");
        CHECK(states.at(b) == "pending");
        CHECK(states.at(c) == "rejected");
        CHECK(read_all(data + "/journal.jsonl").find("off topic") != std::string::npos);
    }
    SUBCASE("approve with A, then undo with U") {
        std::string script = d.path + "/undo.script";
        write_file(script, "frames 2\n"
                           "click row " + b + "\n"
                           "key A\n"
                           "frames 2\n"
                           "key U\n"
                           "frames 2\n");
        auto r = run("--data " + quote(data) + " --test-script " + quote(script));
        REQUIRE_MESSAGE(r.rc == 0, r.out);
        CHECK(moderation_states(data).at(b) == "pending");
        // Both the decision and its undo are in the audit trail.
        auto journal = read_all(data + "/journal.jsonl");
        CHECK(journal.find("\"approve\"") != std::string::npos);
        CHECK(journal.find("\"reset\"") != std::string::npos);
    }
}

TEST_CASE("[admin gui] bad options and scripts are refused with a message") {
    ScratchDir d("gui-bad");
    auto r = run("--frobnicate");
    CHECK(r.rc == 2);
    CHECK(r.out.find("--frobnicate") != std::string::npos);
    r = run("--panel nonsense");
    CHECK(r.rc == 2);
    CHECK(r.out.find("moderation") != std::string::npos);
    r = run("--size 12by7");
    CHECK(r.rc == 2);
    std::string script = d.path + "/bad.script";
    write_file(script, "frames 1\njump around\n");
    r = run("--test-script " + quote(script));
    CHECK(r.rc == 2);
    CHECK(r.out.find("bad.script:2") != std::string::npos);
    // A script naming a widget that is not on screen fails and says which line.
    auto data = make_event(d);
    write_file(script, "frames 1\nclick approve manual:999\n");
    r = run("--data " + quote(data) + " --test-script " + quote(script));
    CHECK(r.rc == 1);
    CHECK(r.out.find("manual:999") != std::string::npos);
}

TEST_CASE("[admin gui] the blank switch blanks every screen and comes back") {
    ScratchDir d("gui-blank");
    auto data = make_event(d);
    std::string script = d.path + "/blank.script";
    write_file(script, "frames 2\nclick nav display\nframes 2\nclick blank screens\nframes 2\n");
    auto r = run("--data " + quote(data) + " --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto event = nlohmann::json::parse(read_all(data + "/event.json"));
    CHECK(event.at("display").at("blank").get<bool>());
    auto wall = nlohmann::json::parse(read_all(data + "/publish/wall.json"));
    CHECK(wall.at("display").at("blank").get<bool>());
    // The same button switches screens back on.
    r = run("--data " + quote(data) + " --panel display --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    CHECK_FALSE(nlohmann::json::parse(read_all(data + "/event.json")).at("display").at("blank").get<bool>());
}

TEST_CASE("[admin gui] a challenge typed into the challenges panel is saved") {
    ScratchDir d("gui-challenge");
    auto data = make_event(d);
    std::string script = d.path + "/challenge.script";
    write_file(script, "frames 2\n"
                       "click day 2026-05-20\n"
                       "click challenge title\n"
                       "type Teach a colleague one shortcut\n"
                       "click challenge tag\n"
                       "type TeachBack\n"
                       "click save challenge\n"
                       "frames 2\n");
    auto r = run("--data " + quote(data) + " --panel challenges --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto event = nlohmann::json::parse(read_all(data + "/event.json"));
    bool found = false;
    for (const auto& c : event.at("challenges"))
        if (c.at("date") == "2026-05-20") {
            found = true;
            CHECK(c.at("title") == "Teach a colleague one shortcut");
            CHECK(c.at("tag") == "TeachBack");
        }
    CHECK(found);
}

TEST_CASE("[admin gui] 10,000 posts: the queue scrolls and decides without slow frames") {
    ScratchDir d("gui-10k");
    auto data = make_event(d);
    std::string fill = std::string(LEARNWALL_FILL_BIN) + " " + quote(data) + " 10000 >/dev/null";
    REQUIRE(std::system(fill.c_str()) == 0);
    std::string script = d.path + "/scroll.script";
    std::string text = "frames 3\n";
    for (int i = 0; i < 30; ++i) text += "key PageDown\n";
    text += "key End\nkey A\nkey Home\nkey R\nframes 3\n";
    write_file(script, text);
    auto r = run("--data " + quote(data) + " --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    MESSAGE(last_line(r.out));
    auto pos = r.out.find("worst_ms=");
    REQUIRE(pos != std::string::npos);
    double worst = std::stod(r.out.substr(pos + 9));
    auto mpos = r.out.find("mean_ms=");
    double mean = std::stod(r.out.substr(mpos + 8));
    // Software GL on a shared CI box: generous bounds that still catch drawing all 10,000 rows.
    CHECK(mean < 60.0);
    CHECK(worst < 500.0);  // decisions are recorded off the frame (docs/BENCHMARKS.md: admin window)
    auto states = moderation_states(data);
    size_t approved = 0, rejected = 0;
    for (const auto& [id, st] : states) approved += st == "approved", rejected += st == "rejected";
    CHECK(approved == 1);
    CHECK(rejected == 1);
}

namespace {

std::string add_network_post(const std::string& data, const std::string& source, const std::string& handle,
                             const std::string& text, const std::string& at) {
    auto r = run("post add --data " + quote(data) + " --source " + source + " --author " + quote(handle) + " --text " +
                 quote(text) + " --at " + at + " --no-publish");
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    return last_line(r.out);
}

// An event with a roster, a challenge, tips, questions, replies and decisions: every panel has something to show.
std::string make_rich_event(const ScratchDir& d) {
    auto data = make_event(d);
    std::string roster = d.path + "/roster.csv";
    write_file(roster, "name,team,mastodon,bluesky,x,email\n"
                       "Priya Shah,Finance,priya@social.example,,,priya@corp.example\n"
                       "Sam Lee,Sales,,sam.bsky.social,,\n"
                       "Ana Lima,Finance,,,,\n");
    auto r = run("roster import " + quote(roster) + " --data " + quote(data) + " --no-publish");
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    r = run("challenge add --data " + quote(data) + " --date 2026-05-18 --title 'Teach one shortcut' --tag shortcut --no-publish");
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    std::vector<std::string> ids;
    ids.push_back(add_network_post(data, "mastodon", "@priya@social.example", "Tip: Ctrl+Shift+T reopens a closed tab #NLAWWeek #shortcut", "2026-05-18T09:00:00Z"));
    ids.push_back(add_post(data, "Sam Lee", "Who can show me pivot tables? #NLAWWeek", "2026-05-18T10:00:00Z"));
    ids.push_back(add_post(data, "Ana Lima", "Tip: teach back what you learned to remember it #NLAWWeek #memory", "2026-05-19T11:00:00Z"));
    ids.push_back(add_network_post(data, "mastodon", "@newbie@else.example", "Learning in public is fun #NLAWWeek #memory", "2026-05-20T12:00:00Z"));
    r = run("moderate approve " + ids[0] + " " + ids[1] + " " + ids[2] + " " + ids[3] + " --data " + quote(data) + " --by moira");
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    return data;
}

bool have_chromium() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("[admin gui] every panel renders a screenshot with content") {
    ScratchDir d("gui-panels");
    auto data = make_rich_event(d);
    for (const char* panel : {"moderation", "rules", "challenges", "quotes", "scoring", "roster", "sources", "display", "screens", "report"}) {
        CAPTURE(panel);
        std::string png = d.path + "/" + panel + ".png";
        auto r = run("--data " + quote(data) + " --panel " + panel + " --size 1280x800 --screenshot " + quote(png));
        REQUIRE_MESSAGE(r.rc == 0, r.out);
        sf::Image img;
        REQUIRE(img.loadFromFile(png));
        Ink ink = ink_of(img);
        CHECK(ink.share > 0.05);
        CHECK(ink.colours > 30);
    }
}

TEST_CASE("[admin gui] the report: HTML and CSV from the command line; the HTML renders in headless Chromium") {
    ScratchDir d("gui-report");
    auto data = make_rich_event(d);
    std::string html = d.path + "/report.html", csv = d.path + "/report.csv";
    auto r = run("report --data " + quote(data) + " --out " + quote(html));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    CHECK(r.out.find("4 people, 4 posts, 2 tips") != std::string::npos);
    r = run("report --data " + quote(data) + " --out " + quote(csv));  // format from the extension
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    std::string table = read_all(csv);
    CHECK(table.find("\nparticipants,unique,4,\n") != std::string::npos);
    CHECK(table.find("\nparticipants,roster_participants,3,\n") != std::string::npos);
    CHECK(table.find("\nchallenge,2026-05-18,1,") != std::string::npos);
    CHECK(table.find("\nhashtag,#memory,2,\n") != std::string::npos);
    CHECK(run("report --data " + quote(data) + " --out x --format pdf").rc == 2);
    CHECK(run("report --data " + quote(data)).rc == 2);
    CHECK(run("report --data " + quote(d.path + "/missing") + " --out " + quote(html)).rc == 1);

    if (!have_chromium()) {
        MESSAGE("SKIPPED: chromium is not installed (scripts/bootstrap installs it); the HTML was not opened in a browser");
        return;
    }
    std::string png = d.path + "/report.png";
    std::string cmd = "timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run "
                      "--user-data-dir=" + quote(d.path + "/chromium-profile") + " --window-size=1200,1600 --screenshot=" +
                      quote(png) + " " + quote("file://" + html) + " >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    sf::Image img;
    REQUIRE(img.loadFromFile(png));
    CHECK(img.getSize() == sf::Vector2u(1200, 1600));
    Ink ink = ink_of(img);
    CHECK(ink.share > 0.2);    // header band, cards, charts: not a blank page
    CHECK(ink.colours > 50);   // text and the charts' colours
    // The header band is the report's dark blue (the page's own CSS was applied, nothing missing).
    sf::Color top = img.getPixel(600, 20);
    CHECK(static_cast<int>(top.b) > static_cast<int>(top.r) + 30);
}

TEST_CASE("[admin gui] moderation rules panel: delay mode saved; the header's blank switch works everywhere") {
    ScratchDir d("gui-rules");
    auto data = make_rich_event(d);
    std::string script = d.path + "/rules.script";
    write_file(script, "frames 2\n"
                       "click mode delay\n"
                       "click word list\n"
                       "type darn\n"
                       "click links hold\n"
                       "click save rules\n"
                       "frames 2\n"
                       "click author key\n"
                       "type mastodon:troll@bad.example\n"
                       "click block author\n"
                       "frames 2\n"
                       "click header blank\n"
                       "frames 2\n");
    auto r = run("--data " + quote(data) + " --panel rules --by moira --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto event = nlohmann::json::parse(read_all(data + "/event.json"));
    const auto& m = event.at("moderation");
    CHECK(m.at("mode") == "delay");
    CHECK(m.at("link_policy") == "hold");
    CHECK(m.at("blocked_words") == nlohmann::json::array({"darn"}));
    CHECK(m.at("blocked_authors") == nlohmann::json::array({"mastodon:troll@bad.example"}));
    CHECK(event.at("display").at("blank").get<bool>());
    // A blocked author's next post is rejected on arrival, by the rules, with the reason.
    auto id = add_network_post(data, "mastodon", "@troll@bad.example", "Buy now #NLAWWeek", "2026-05-20T09:00:00Z");
    CHECK(moderation_states(data).at(id) == "rejected");
    CHECK(read_all(data + "/journal.jsonl").find("blocked author mastodon:troll@bad.example") != std::string::npos);
}

TEST_CASE("[admin gui] roster: an unknown author is linked to a person with one click") {
    ScratchDir d("gui-link");
    auto data = make_rich_event(d);
    std::string script = d.path + "/link.script";
    write_file(script, "frames 3\nclick link mastodon:newbie@else.example\nframes 2\n");
    auto r = run("--data " + quote(data) + " --panel roster --by moira --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto roster = nlohmann::json::parse(read_all(data + "/roster.json"));
    CHECK(roster.at("people").at(0).at("name") == "Priya Shah");
    // The first person in the list is the default choice; their Mastodon handle was replaced.
    CHECK(roster.at("people").at(0).at("mastodon") == "newbie@else.example");
}

TEST_CASE("[admin gui] sources: a token typed into the masked field lands in secrets.json, owner-only") {
    ScratchDir d("gui-token");
    auto data = make_rich_event(d);
    std::string script = d.path + "/token.script";
    write_file(script, "frames 2\nclick token x_bearer_token\ntype sekrit-token-1\nclick save token x_bearer_token\nframes 2\n");
    std::string png = d.path + "/sources.png";
    auto r = run("--data " + quote(data) + " --panel sources --test-script " + quote(script) + " --screenshot " + quote(png));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto secrets = nlohmann::json::parse(read_all(data + "/secrets.json"));
    CHECK(secrets.at("x_bearer_token") == "sekrit-token-1");
    struct stat sb {};
    REQUIRE(::stat((data + "/secrets.json").c_str(), &sb) == 0);
    CHECK((sb.st_mode & 0777) == 0600);
    CHECK(r.out.find("sekrit") == std::string::npos);
}

#include "connectors/standin.hpp"

TEST_CASE("[admin gui] sources: test connection reaches the stand-in on a worker thread and reports back") {
    lw::test::StandIn standin;
    REQUIRE(standin.running());
    ScratchDir d("gui-test-connection");
    auto data = make_event(d);
    auto r = run("source add mastodon --base-url " + standin.base() + " --tag NLAWWeek --data " + quote(data));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    r = run("source add x --base-url " + standin.base() + " --tag NLAWWeek --data " + quote(data));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    std::string script = d.path + "/test.script";
    // The result widgets exist only once each worker has answered: a script step naming one fails otherwise.
    write_file(script, "frames 2\nclick test mastodon-127.0.0.1\nframes 2\nclick test x-127.0.0.1\nframes 240\n"
                       "move test ok mastodon-127.0.0.1\n"
                       "move test failed x-127.0.0.1\n");  // no bearer token saved: refused with a message
    r = run("--data " + quote(data) + " --panel sources --test-script " + quote(script));
    CHECK_MESSAGE(r.rc == 0, r.out);
}

TEST_CASE("[admin gui] sources: Add source splits tags and refuses a duplicate as `source add` does (issue 12)") {
    ScratchDir d("gui-add-source");
    auto data = make_event(d);
    std::string script = d.path + "/add.script";
    write_file(script, "frames 2\nclick new source url\ntype https://social.example\nclick new source tags\n"
                       "type #NLAWWeek, TeachBack\nclick add source\nframes 3\n");
    auto r = run("--data " + quote(data) + " --panel sources --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto ev = nlohmann::json::parse(read_all(data + "/event.json"));
    REQUIRE(ev.at("sources").size() == 1);
    // The same line given to the CLI gives the same tags.
    CHECK(ev.at("sources").at(0).at("tags") == nlohmann::json::array({"NLAWWeek", "TeachBack"}));
    // The window again, and the CLI: both refuse the duplicate and change nothing.
    const std::string before = read_all(data + "/event.json") + read_all(data + "/journal.jsonl");
    r = run("--data " + quote(data) + " --panel sources --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto cli = run("source add mastodon --base-url https://social.example --tag " + quote("#NLAWWeek, TeachBack") +
                   " --data " + quote(data));
    CHECK(cli.rc == 1);
    CHECK(cli.out.find("already follows the same tags") != std::string::npos);
    CHECK(read_all(data + "/event.json") + read_all(data + "/journal.jsonl") == before);
}

// ---- Screens panel and moderation thumbnails ----

#include <SFML/Graphics/Texture.hpp>
#include <SFML/Window/Context.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

#include "file_server.hpp"
#include "gui/screens_watch.hpp"
#include "render/image_cache.hpp"  // kiosk/render: the one image cache, as the moderation panel sets it up
#include "learnwall/image.hpp"
#include "learnwall/time.hpp"

namespace {

// Sets an environment variable for one test (the admin windows it starts inherit it), then restores it.
struct EnvVar {
    std::string name;
    std::optional<std::string> old;
    EnvVar(std::string n, const std::string& value) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str())) old = v;
        ::setenv(name.c_str(), value.c_str(), 1);
    }
    ~EnvVar() {
        if (old) ::setenv(name.c_str(), old->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
};

std::string log_line(lw::Instant at, const std::string& address, const std::string& screen, int status) {
    return lw::format_rfc3339(at) + " " + address + " \"" + screen + "\" " + std::to_string(status) +
           " \"GET /wall.json HTTP/1.1\"\n";
}

size_t pixels_of(const sf::Image& img, sf::Color c) {
    size_t n = 0;
    auto size = img.getSize();
    for (unsigned y = 0; y < size.y; ++y)
        for (unsigned x = 0; x < size.x; ++x) n += img.getPixel(x, y) == c;
    return n;
}

// A post with images straight into the journal (the CLI has no flag for "sensitive").
std::string add_image_post(const std::string& data, const std::string& native_id, const std::string& text,
                           std::vector<std::string> images, const std::string& at, bool sensitive,
                           const std::string& avatar = "") {
    auto dir = lw::DataDir::open(data);
    REQUIRE(dir);
    auto state = dir->load();
    REQUIRE(state);
    lw::Post p;
    p.source = "mastodon";
    p.native_id = native_id;
    p.author_handle = "ana@social.example";
    p.author_display_name = "Ana Lima";
    p.author_avatar_url = avatar;
    p.text = text;
    p.image_urls = std::move(images);
    p.sensitive = sensitive;
    if (sensitive) p.content_warning = "medical photo";
    p.created_at = *lw::parse_rfc3339(at);
    auto done = dir->transact(*state, [&](const lw::State&) -> lw::Result<lw::DataDir::Change> {
        lw::DataDir::Change c;
        lw::JournalEntry e;
        e.kind = lw::JournalEntry::Kind::post_ingested;
        e.by = "test";
        e.post = p;
        c.entries.push_back(e);
        return c;
    });
    REQUIRE_MESSAGE(done, done.error());
    return p.id();
}

}  // namespace

TEST_CASE("[admin gui] screens panel: kiosks from the access log, a quiet one flagged, the log path remembered") {
    ScratchDir d("gui-screens");
    auto data = make_event(d);
    EnvVar config("XDG_CONFIG_HOME", d.path + "/config");
    const lw::Instant t = lw::now();
    const std::string log = d.path + "/learnwall-access.log";
    write_file(log, log_line(t - std::chrono::minutes(25), "10.0.0.5", "lobby", 200) +
                        log_line(t - std::chrono::minutes(20), "10.0.0.5", "lobby", 304) +
                        log_line(t - std::chrono::minutes(3), "10.0.0.7", "canteen", 200) +
                        log_line(t - std::chrono::seconds(20), "10.0.0.7", "canteen", 304) +
                        log_line(t - std::chrono::seconds(10), "10.0.0.9", "-", 200) + "not a log line\n");
    std::string script = d.path + "/screens.script";
    // The widget named "screen quiet lobby" exists only when the worker has read the log and flagged it.
    write_file(script, "frames 3\nclick nav screens\nframes 2\nclick access log\nkey ctrl+A\ntype " + log +
                           "\nclick use access log\nframes 45\nmove screen quiet lobby\nmove screen live canteen\n");
    std::string png = d.path + "/screens.png";
    auto r = run("--data " + quote(data) + " --size 1280x800 --test-script " + quote(script) + " --screenshot " + quote(png));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto settings = nlohmann::json::parse(read_all(d.path + "/config/learnwall/admin.json"));
    CHECK(settings.at("access_log") == log);
    sf::Image img;
    REQUIRE(img.loadFromFile(png));
    CHECK(ink_of(img).share > 0.05);

    // A new window remembers the path; the lobby screen is not called live.
    write_file(script, "frames 45\nmove screen quiet lobby\nmove screen live canteen\n");
    r = run("--data " + quote(data) + " --panel screens --test-script " + quote(script));
    CHECK_MESSAGE(r.rc == 0, r.out);
    write_file(script, "frames 45\nmove screen live lobby\n");
    r = run("--data " + quote(data) + " --panel screens --test-script " + quote(script));
    CHECK(r.rc == 1);
    CHECK(r.out.find("screen live lobby") != std::string::npos);

    // A log that is missing says so in the panel; the window carries on.
    write_file(d.path + "/config/learnwall/admin.json", "{\"access_log\": \"" + d.path + "/no-such.log\"}\n");
    write_file(script, "frames 45\nmove screens error\n");
    png = d.path + "/screens-missing.png";
    r = run("--data " + quote(data) + " --panel screens --test-script " + quote(script) + " --screenshot " + quote(png));
    CHECK_MESSAGE(r.rc == 0, r.out);
}

TEST_CASE("[admin gui] moderation queue: a thumbnail for a good image, a placeholder with the reason for a broken one") {
    ScratchDir d("gui-thumbs");
    auto data = make_event(d);
    const sf::Color kGood(230, 20, 200), kSecret(20, 190, 60);
    sf::Image good, secret;
    good.create(64, 40, kGood);
    secret.create(48, 48, kSecret);
    REQUIRE(good.saveToFile(d.path + "/good.png"));
    REQUIRE(secret.saveToFile(d.path + "/secret.png"));
    // A PNG cut off after its header: the size is there, the end chunk is not (refused before decoding).
    write_file(d.path + "/broken.png", read_all(d.path + "/good.png").substr(0, 45));
    // The images come from an image server (here on loopback, so the window is told to allow it):
    // the window opens no local file a post names.
    lw::test::FileServer server(d.path);
    const std::string allow = " --allow-media-host 127.0.0.1";
    auto missing = add_image_post(data, "m1", "A photo that is gone #NLAWWeek", {server.url("gone.png")}, "2026-05-18T09:00:00Z", false);
    auto hidden = add_image_post(data, "s1", "Careful: a sensitive photo #NLAWWeek", {server.url("secret.png")},
                                 "2026-05-18T09:30:00Z", true);
    auto broken = add_image_post(data, "b1", "My whiteboard (broken upload) #NLAWWeek", {server.url("broken.png")},
                                 "2026-05-18T10:00:00Z", false);
    auto fine = add_image_post(data, "g1", "Our learning wall today #NLAWWeek", {server.url("good.png")},
                               "2026-05-18T11:00:00Z", false, server.url("good.png"));

    std::string script = d.path + "/thumbs.script";
    write_file(script, "frames 60\n"
                       "move image ok " + fine + " 0\n"
                       "move detail image ok " + fine + " 0\n"
                       "move avatar ok " + fine + "\n"
                       "move image failed " + broken + " 0\n"
                       "move image failed " + missing + " 0\n"
                       "move image sensitive " + hidden + " 0\n");
    std::string png = d.path + "/thumbs.png";
    auto r = run("--data " + quote(data) + allow + " --size 1280x800 --test-script " + quote(script) + " --screenshot " + quote(png));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    // Each failure is reported once with its reason (the placeholder's tooltip says the same).
    CHECK(r.out.find("image " + server.url("broken.png") + ": truncated: the PNG has no end chunk (IEND)") != std::string::npos);
    CHECK(r.out.find("image " + server.url("gone.png") + ": the image server answered HTTP 404") != std::string::npos);
    sf::Image img;
    REQUIRE(img.loadFromFile(png));
    // The good image's colour is on screen: the row thumbnail, the detail pane's picture and the avatar.
    CHECK(pixels_of(img, kGood) > 2000);
    // The sensitive one is blurred and dimmed, never shown as is.
    CHECK(pixels_of(img, kSecret) == 0);

    // A click shows the sensitive picture.
    write_file(script, "frames 60\nclick image sensitive " + hidden + " 0\nframes 3\nmove image ok " + hidden +
                           " 0\nmove filter text\n");
    r = run("--data " + quote(data) + allow + " --size 1280x800 --test-script " + quote(script) + " --screenshot " + quote(png));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    REQUIRE(img.loadFromFile(png));
    CHECK(pixels_of(img, kSecret) > 200);

    // Without the allowance the loopback server is an internal address: refused, the reason shown.
    r = run("--data " + quote(data) + " --size 1280x800 --test-script " + quote(script));
    CHECK(r.out.find("127.0.0.1 is a loopback address") != std::string::npos);
}

namespace {
// Asks for every URL until the workers are done (up to 10 s), then a few frames more so each result
// has been picked up by the "frame".
void settle_thumbnails(lw::kiosk::ImageCache& cache, const std::vector<std::string>& urls) {
    for (int i = 0; i < 2000; ++i) {
        for (const auto& u : urls) (void)cache.entry(u);
        cache.pump();
        if (cache.idle()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    for (int i = 0; i < 3; ++i) {
        for (const auto& u : urls) (void)cache.entry(u);
        cache.pump();
    }
}
}  // namespace

TEST_CASE("[admin gui] thumbnails refuse /etc/passwd, file:// and loopback URLs named by posts") {
    // Issue 10, item 2: the admin's thumbnail loader opened /etc/passwd for a post naming it.
    ScratchDir d("gui-thumb-refuse");
    sf::Context gl;
    sf::Image secret;
    secret.create(32, 32, sf::Color(20, 190, 60));
    REQUIRE(secret.saveToFile(d.path + "/secret.png"));
    lw::test::FileServer server(d.path);
    lw::kiosk::ImageCache cache{lw::kiosk::ImageCacheOptions::thumbnails()};
    const std::vector<std::string> urls{"/etc/passwd", "file:///etc/passwd", d.path + "/secret.png", "file://" + d.path + "/secret.png",
                                        server.url("secret.png"),
                                        "http://localhost:" + std::to_string(server.port()) + "/secret.png"};
    settle_thumbnails(cache, urls);
    for (const auto& u : urls) {
        CAPTURE(u);
        const auto& t = cache.entry(u);
        CHECK(t.state == lw::kiosk::ImageCache::State::failed);
        CHECK(t.reason.find("refused") != std::string::npos);
    }
    CHECK(cache.entry(server.url("secret.png")).reason.find("loopback") != std::string::npos);
    CHECK(server.requests() == 0);
    CHECK(cache.texture_count() == 0);
}

TEST_CASE("[admin gui] thumbnails: header and size checks before decoding; a bounded number of textures") {
    ScratchDir d("gui-thumb-cache");
    sf::Context gl;  // textures need a GL context, as in the window
    // A PNG header that claims 100,000 x 100,000 pixels is refused before any decoding.
    std::string huge = "\x89PNG\r\n\x1a\n" + std::string("\0\0\0\x0dIHDR", 8) + std::string("\0\x01\x86\xa0\0\x01\x86\xa0", 8) +
                       std::string(40, '\0');
    write_file(d.path + "/huge.png", huge);
    auto h = lw::inspect_image(huge);
    CHECK(h.format == lw::ImageFormat::png);
    CHECK(h.width == 100000);
    write_file(d.path + "/page.png", "<!doctype html><p>login required</p>");
    write_file(d.path + "/big.bin", std::string(300000, 'x'));

    lw::test::FileServer server(d.path);
    lw::kiosk::ImageCacheOptions opts = lw::kiosk::ImageCacheOptions::thumbnails();
    opts.max_textures = 4;
    opts.max_bytes = 200000;
    auto policy = std::make_shared<lw::FetchPolicy>();
    REQUIRE(policy->allow("127.0.0.1"));  // the test's image server is on loopback
    opts.policy = policy;
    lw::kiosk::ImageCache cache(opts);
    auto settle = [&](const std::vector<std::string>& urls) { settle_thumbnails(cache, urls); };
    const std::vector<std::string> bad{server.url("huge.png"), server.url("page.png"), server.url("big.bin"), "ftp://x/y.png",
                                       "https://127.0.0.1:1/none.png"};
    settle(bad);
    auto reason = [&](const std::string& u) {
        const auto& t = cache.entry(u);
        CHECK(t.state == lw::kiosk::ImageCache::State::failed);
        return t.reason;
    };
    CHECK(reason(bad[0]).find("100000x100000 pixels") != std::string::npos);
    CHECK(reason(bad[1]).find("HTML") != std::string::npos);
    CHECK(reason(bad[2]).find("too large") != std::string::npos);
    CHECK(reason(bad[3]).find("refused") != std::string::npos);
    CHECK(reason(bad[4]).find("unreachable") != std::string::npos);

    // Ten images drawn one after another: at most max_textures stay, the latest among them.
    std::vector<std::string> urls;
    for (int i = 0; i < 10; ++i) {
        sf::Image img;
        img.create(700, 30 + i, sf::Color(10 * i, 0, 0));
        REQUIRE(img.saveToFile(d.path + "/img" + std::to_string(i) + ".png"));
        urls.push_back(server.url("img" + std::to_string(i) + ".png"));
        settle({urls.back()});
        CHECK(cache.entry(urls.back()).state == lw::kiosk::ImageCache::State::ready);
        CHECK(cache.texture_count() <= 4);
    }
    // The project's User-Agent, with what the request is for (issue 12).
    CHECK(server.last_user_agent().rfind("learnwall/", 0) == 0);
    CHECK(server.last_user_agent().find(" (moderation thumbnails; +") != std::string::npos);
    // Shrunk on the worker: the longest side is at most max_side.
    CHECK(cache.entry(urls.back()).texture.getSize().x == opts.max_side);
    CHECK(cache.entry(urls.back()).blurred.getSize().x == opts.blur_side);  // the sensitive-image stand-in
}

TEST_CASE("[admin gui] screens watcher: follows appends, a cut line, rotation and truncation; a missing log is a message") {
    ScratchDir d("gui-screens-watch");
    const std::string log = d.path + "/access.log";
    const lw::Instant t0 = lw::now() - std::chrono::minutes(30);
    auto at = [&](int minute) { return t0 + std::chrono::minutes(minute); };
    auto append = [&](const std::string& text) {
        std::ofstream f(log, std::ios::app);
        f << text;
    };
    lw::admin::ScreensWatcher w(log, std::chrono::milliseconds(20));
    // Waits until the worker has looked at least once after `since` and `pred` holds.
    auto wait_for = [&](auto pred) {
        for (int i = 0; i < 500; ++i) {
            auto s = w.snapshot();
            if (s->read_once && pred(*s)) return s;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return w.snapshot();
    };
    auto find = [](const lw::admin::ScreensSnapshot& s, const std::string& id) -> const lw::ScreenSeen* {
        for (const auto& sc : s.screens)
            if (sc.id == id) return &sc;
        return nullptr;
    };

    // Not there yet: a message, no screens, no crash.
    auto snap = wait_for([](const auto& s) { return !s.error.empty(); });
    CHECK(snap->error.find("No such file") != std::string::npos);
    CHECK(snap->screens.empty());

    append(log_line(at(0), "10.0.0.5", "lobby", 200) + log_line(at(1), "10.0.0.7", "canteen", 200));
    snap = wait_for([](const auto& s) { return s.screens.size() == 2; });
    REQUIRE(snap->screens.size() == 2);
    CHECK(snap->error.empty());
    CHECK(snap->screens.front().id == "canteen");  // most recently seen first

    // A line written in two pieces is read once, when whole; earlier lines are not counted again.
    std::string line = log_line(at(5), "10.0.0.6", "lobby", 304);
    append(line.substr(0, 20));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(find(*w.snapshot(), "lobby")->requests == 1);
    append(line.substr(20));
    snap = wait_for([&](const auto& s) { return find(s, "lobby")->requests == 2; });
    const lw::ScreenSeen* lobby = find(*snap, "lobby");
    CHECK(lobby->requests == 2);
    CHECK(lobby->not_modified == 1);
    CHECK(lobby->address == "10.0.0.6");
    CHECK(lobby->last_seen == at(5));
    CHECK(snap->screens.front().id == "lobby");
    CHECK(snap->bad_lines == 0);

    // Rotated (renamed away, a new file): the new one is read from its start, what was seen stays.
    std::filesystem::rename(log, log + ".1");
    append(log_line(at(8), "10.0.0.8", "reception", 200) + "garbage\n");
    snap = wait_for([&](const auto& s) { return find(s, "reception") != nullptr; });
    REQUIRE(find(*snap, "reception") != nullptr);
    CHECK(find(*snap, "lobby")->requests == 2);
    CHECK(snap->bad_lines == 1);
    REQUIRE(snap->problems.size() == 1);
    CHECK(snap->problems.front().find("line 2:") != std::string::npos);

    // Truncated in place (copytruncate): read from the start again.
    { std::ofstream f(log, std::ios::trunc); }
    append(log_line(at(9), "10.0.0.8", "reception", 304));
    snap = wait_for([&](const auto& s) { return find(s, "reception")->requests == 2; });
    CHECK(find(*snap, "reception")->requests == 2);
    CHECK(find(*snap, "reception")->not_modified == 1);

    // Another path: only the new file's screens.
    const std::string other = d.path + "/other.log";
    write_file(other, log_line(at(10), "10.0.0.9", "boardroom", 200));
    w.set_path(other);
    snap = wait_for([](const auto& s) { return s.screens.size() == 1; });
    REQUIRE(snap->screens.size() == 1);
    CHECK(snap->screens.front().id == "boardroom");
    CHECK(snap->path == other);
    // A directory is refused with a message.
    w.set_path(d.path);
    snap = wait_for([](const auto& s) { return !s.error.empty(); });
    CHECK(snap->error.find("not a regular file") != std::string::npos);
}

// ---- text in every script (issue 11) ----

#include "gui/glyphs.hpp"
#include "learnwall/utf8.hpp"

namespace {

struct Rect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

Rect probe_rect(const nlohmann::json& probes, const std::string& name) {
    REQUIRE_MESSAGE(probes.contains(name), "no item \"" << name << "\" in " << probes.dump().substr(0, 400));
    auto a = probes.at(name);
    return {static_cast<int>(a[0].get<float>()), static_cast<int>(a[1].get<float>()), static_cast<int>(a[2].get<float>()),
            static_cast<int>(a[3].get<float>())};
}

// Dark pixels (text is drawn dark on the light rows).
std::size_t dark_in(const sf::Image& img, const Rect& r) {
    std::size_t n = 0;
    for (int y = r.y0; y < r.y1; ++y)
        for (int x = r.x0; x < r.x1; ++x) {
            sf::Color c = img.getPixel(static_cast<unsigned>(x), static_cast<unsigned>(y));
            if (c.r + c.g + c.b < 3 * 140) ++n;
        }
    return n;
}

// Pixels that differ between the left and right halves: a row of ImGui's fallback mark ("������") is the
// same picture in both halves; real characters are not.
std::size_t halves_differ(const sf::Image& img, const Rect& r) {
    std::size_t n = 0;
    int half = (r.x1 - r.x0) / 2;
    for (int y = r.y0; y < r.y1; ++y)
        for (int x = 0; x < half; ++x) {
            sf::Color a = img.getPixel(static_cast<unsigned>(r.x0 + x), static_cast<unsigned>(y));
            sf::Color b = img.getPixel(static_cast<unsigned>(r.x0 + half + x), static_cast<unsigned>(y));
            if (std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b) > 150) ++n;
        }
    return n;
}

}  // namespace

TEST_CASE("[admin gui] admin shows ������ for Chinese: moderation rows draw Chinese, Arabic, Hebrew, Cyrillic, Devanagari") {
    ScratchDir d("gui-scripts");
    auto data = make_event(d);
    struct Row {
        std::string author, text, id;
    };
    std::vector<Row> rows = {
        {"Li Lei", "\xE4\xBB\x8A\xE5\xA4\xA9\xE5\xAD\xA6\xE4\xB9\xA0", ""},                              // 今天学习
        {"\xD9\x84\xD9\x8A\xD9\x84\xD9\x89 \xD8\xAD\xD8\xB3\xD9\x86",                                         // ليلى حسن
         "\xD8\xAA\xD8\xB9\xD9\x84\xD9\x85\xD8\xAA \xD8\xB4\xD9\x8A\xD8\xA6\xD8\xA7", ""},                   // تعلمت شيئا
        {"\xD7\x93\xD7\xA0\xD7\x94 \xD7\x9B\xD7\x94\xD7\x9F", "\xD7\x9C\xD7\x9E\xD7\x93\xD7\xAA\xD7\x99", ""},  // דנה כהן, למדתי
        {"Olga", "\xD0\xA1\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB4\xD0\xBD\xD1\x8F", ""},                            // Сегодня
        {"Priya", "\xE0\xA4\x86\xE0\xA4\x9C \xE0\xA4\xB8\xE0\xA5\x80\xE0\xA4\x96\xE0\xA4\xBE", ""},          // आज सीखा
        {"Emoji", "thumbs \xF0\x9F\x91\x8D up", ""},
    };
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i].id = add_post(data, rows[i].author, rows[i].text, "2026-05-18T09:1" + std::to_string(i) + ":00Z");
    std::string script = d.path + "/scripts.script", png = d.path + "/scripts.png";
    write_file(script, "frames 4\nshot " + png + "\n");
    auto r = run("--data " + quote(data) + " --panel moderation --size 1280x800 --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    sf::Image img;
    REQUIRE(img.loadFromFile(png));
    std::ifstream pf(png + ".probes.json");
    REQUIRE(pf.good());
    nlohmann::json probes = nlohmann::json::parse(pf);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(rows[i].text);
        Rect t = probe_rect(probes, "text " + rows[i].id);
        CHECK(dark_in(img, t) > 30);
        if (i < 5) CHECK(halves_differ(img, t) > 10);  // not a row of identical fallback marks
    }
    // Right-to-left: the Arabic and Hebrew authors are right-aligned in the author column, clear of the post.
    Rect latin = probe_rect(probes, "author " + rows[3].id);
    for (std::size_t i : {1u, 2u}) {
        Rect a = probe_rect(probes, "author " + rows[i].id);
        Rect t = probe_rect(probes, "text " + rows[i].id);
        CHECK(a.x0 > latin.x0 + 20);
        CHECK(a.x1 < t.x0);
        CHECK(dark_in(img, a) > 30);
        CHECK(halves_differ(img, a) > 10);
    }
}

TEST_CASE("[admin gui] data text for ImGui: Arabic joined and reordered, emoji above U+FFFF named") {
    using lw::admin::shown_text;
    // ليلى: presentation forms, drawn left to right (final form first).
    CHECK(shown_text("\xD9\x84\xD9\x8A\xD9\x84\xD9\x89") == lw::u32_to_utf8(U"\uFEF0\uFEE0\uFEF4\uFEDF"));
    CHECK(shown_text("great \xF0\x9F\x91\x8D") == "great [:thumbs up:]");
    // A skin tone only modifies the emoji before it; an unknown one shows its code point.
    CHECK(shown_text("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") == "[:thumbs up:]");
    CHECK(shown_text("\xF0\x9F\xA6\xA9") == "[U+1F9A9]");
    // Below U+FFFF nothing changes: ★, 李, Cyrillic.
    CHECK(shown_text("\xE2\x98\x85 \xE6\x9D\x8E \xD0\x9E") == "\xE2\x98\x85 \xE6\x9D\x8E \xD0\x9E");
}

namespace {

// The probe names of a script's shot (PATH.probes.json), for the status line and row states.
std::string probe_names_of(const std::string& shot) {
    auto j = nlohmann::json::parse(read_all(shot + ".probes.json"));
    std::string names;
    for (const auto& [name, rect] : j.items()) names += name + "\n";
    return names;
}

}  // namespace

TEST_CASE("[admin gui] issue 12: a decision never waits for the journal in the frame, and closing right after it loses nothing") {
    ScratchDir d("gui-offframe");
    auto data = make_event(d);
    auto post = add_post(data, "Priya Shah", "Pair up across teams #NLAWWeek", "2026-05-18T09:00:00Z");
    // Another writer holds the writers' lock for 6 s: a decision recorded inside the frame would
    // freeze that frame until it is released (the window's start takes 1 to 2 s of that).
    const std::string held = d.path + "/held";
    std::string holder = "flock " + quote(data + "/.lock") + " -c " + quote("touch " + quote(held) + "; sleep 6") + " &";
    REQUIRE(std::system(holder.c_str()) == 0);
    for (int i = 0; i < 200 && !std::ifstream(held).good(); ++i) std::system("sleep 0.02");
    REQUIRE(std::ifstream(held).good());
    std::string script = d.path + "/offframe.script";
    // The script ends right after the key: the window closes with the decision still queued.
    write_file(script, "frames 3\nclick row " + post + "\nkey A\nframes 5\n");
    auto r = run("--data " + quote(data) + " --by tester --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto pos = r.out.find("worst_ms=");
    REQUIRE(pos != std::string::npos);
    const double worst = std::stod(r.out.substr(pos + 9));
    MESSAGE(r.out.substr(r.out.find("frame-stats")));
    CHECK(worst < 1000.0);  // was the rest of the wait for the lock (about 4 s)
    CHECK(moderation_states(data).at(post) == "approved");  // recorded when the lock came free, before exit
    CHECK(read_all(data + "/journal.jsonl").find("\"tester\"") != std::string::npos);
}

TEST_CASE("[admin gui] issue 12: a refused decision is reported and the post shown as it really is") {
    ScratchDir d("gui-refused");
    auto data = make_event(d);
    auto post = add_post(data, "Priya Shah", "Off topic #NLAWWeek", "2026-05-18T09:00:00Z");
    REQUIRE(run("moderate --data " + quote(data) + " reject " + quote(post)).rc == 0);
    std::string script = d.path + "/refused.script";
    const std::string shot = d.path + "/refused.png";
    // P on a rejected post: the list shows it pinned at once, the action refuses (approve it first).
    write_file(script, "frames 3\nclick show all\nframes 2\nclick row " + post + "\nkey P\nframes 30\nshot " + shot + "\nframes 1\n");
    auto r = run("--data " + quote(data) + " --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    const std::string names = probe_names_of(shot);
    CHECK_MESSAGE(names.find("status error: pin failed: post \"" + post +
                             "\" is rejected: it cannot be pinned (approve it first) (nothing was changed)\n") !=
                      std::string::npos,
                  names);
    CHECK_MESSAGE(names.find("state " + post + " rejected\n") != std::string::npos, names);  // not "rejected pinned"
    CHECK(read_all(data + "/journal.jsonl").find("\"pin\"") == std::string::npos);
}

TEST_CASE("[admin gui] issue 12: the window shows the very words the command line prints, for a refusal and a success") {
    ScratchDir d("gui-same-words");
    auto data = make_rich_event(d);
    const std::string before = read_all(data + "/event.json");
    std::string script = d.path + "/words.script";
    const std::string shot = d.path + "/words.png";
    write_file(script, "frames 2\nclick author key\ntype troll\nclick block author\nframes 2\nshot " + shot + "\nframes 1\n");
    auto r = run("--data " + quote(data) + " --panel rules --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    CHECK(read_all(data + "/event.json") == before);  // refused: nothing changed
    auto cli = run("author block --data " + quote(data) + " troll");
    CHECK(cli.rc == 1);
    const std::string prefix = "learnwall-admin author block: ";
    REQUIRE(cli.out.rfind(prefix, 0) == 0);
    const std::string said = last_line(cli.out).substr(prefix.size());  // "... (nothing was changed)"
    CHECK_MESSAGE(probe_names_of(shot).find("status error: " + said + "\n") != std::string::npos, probe_names_of(shot));

    // A success: the roster panel's link says what `roster link` prints.
    ScratchDir d2("gui-same-words-2");
    auto data2 = make_rich_event(d2);
    const std::string shot2 = d.path + "/link.png";
    write_file(script, "frames 3\nclick link mastodon:newbie@else.example\nframes 2\nshot " + shot2 + "\nframes 1\n");
    r = run("--data " + quote(data) + " --panel roster --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    cli = run("roster link --data " + quote(data2) + " --source mastodon --handle newbie@else.example --person 'Priya Shah'");
    REQUIRE_MESSAGE(cli.rc == 0, cli.out);
    CHECK_MESSAGE(probe_names_of(shot2).find("status ok: " + last_line(cli.out) + "\n") != std::string::npos,
                  probe_names_of(shot2));
}

#include "gui/publisher.hpp"

TEST_CASE("[admin gui] background publisher: a request made just before destruction is still published") {
    // Issue 12: the publisher now runs on lw::Worker; closing the window right after a decision must
    // still leave wall.json written (the pending tick runs before the join), and requests merge.
    ScratchDir d("gui-publisher");
    auto data = make_event(d);
    auto dir = lw::DataDir::open(data);
    REQUIRE_MESSAGE(dir.ok(), dir.error());
    std::filesystem::remove(dir->wall_path());
    {
        lw::admin::BackgroundPublisher p(*dir);
        p.request();
        p.request();  // merged with the first, or one more run: never lost, never an error
    }  // destroyed at once
    CHECK(std::filesystem::exists(dir->wall_path()));
    // wait_idle() returns once every request so far is published.
    std::filesystem::remove(dir->wall_path());
    lw::admin::BackgroundPublisher p(*dir);
    p.request();
    p.wait_idle();
    CHECK(std::filesystem::exists(dir->wall_path()));
    CHECK(p.take_error().empty());
}

TEST_CASE("[admin gui] scoring simulate: the Scoring panel shows who would change before Save, then saves") {
    ScratchDir d("gui-scoring-whatif");
    auto data = make_rich_event(d);
    // Now: Priya 35 (post, tip, challenge), Ana 15 (post, tip), Sam 10. Without the tip bonus Ana ties Sam
    // at 10 and falls behind him (he reached it first): three people change.
    std::string shot = d.path + "/scoring-whatif.png";
    std::string script = d.path + "/whatif.script";
    write_file(script, "frames 3\n"
                       "click scoring rules json\n"
                       "key ctrl+A\n"
                       "type {\"tip_bonus\": 0}\n"
                       "frames 2\n"
                       "shot " + shot + "\n"
                       "frames 1\n"
                       "click save scoring rules\n"
                       "frames 2\n");
    // The command line's difference for the same rules, before anything is saved.
    write_file(d.path + "/no-tip.json", "{\"tip_bonus\": 0}");
    auto cli = run("scoring simulate --data " + quote(data) + " --json --rules " + quote(d.path + "/no-tip.json"));
    REQUIRE_MESSAGE(cli.rc == 0, cli.out);
    auto expected = nlohmann::json::parse(cli.out);
    REQUIRE(expected.size() == 3);
    auto r = run("--data " + quote(data) + " --panel scoring --size 1600x1000 --by moira --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto probes = nlohmann::json::parse(read_all(shot + ".probes.json"));
    // The panel lists exactly the people the command line lists (the same function computes both).
    for (const auto& c : expected) CHECK(probes.contains("scoring change " + c.at("name").get<std::string>()));
    size_t rows = 0;
    for (const auto& [name, rect] : probes.items()) rows += name.rfind("scoring change ", 0) == 0;
    CHECK(rows == expected.size());
    CHECK(probes.contains("scoring change Ana Lima"));
    CHECK_FALSE(probes.contains("scoring rules error"));
    sf::Image img;
    REQUIRE(img.loadFromFile(shot));
    CHECK(ink_of(img).colours > 20);
    // Save wrote the rules, and the leaderboard follows them.
    auto event = nlohmann::json::parse(read_all(data + "/event.json"));
    CHECK(event.at("scoring").at("tip_bonus") == 0);
    CHECK(read_all(data + "/journal.jsonl").find("scoring rules saved") != std::string::npos);
    auto board = nlohmann::json::parse(run("leaderboard --json --data " + quote(data)).out);
    REQUIRE(board.size() == 3);
    CHECK(board[1].at("name") == "Sam Lee");
    CHECK(board[2].at("name") == "Ana Lima");
}

TEST_CASE("[admin gui] scoring simulate: a bad rule in the editor shows the parser's message and cannot be saved") {
    ScratchDir d("gui-scoring-bad");
    auto data = make_rich_event(d);
    std::string shot = d.path + "/scoring-bad.png";
    std::string script = d.path + "/bad.script";
    write_file(script, "frames 3\n"
                       "click scoring rules json\n"
                       "key ctrl+A\n"
                       "type {\"team_score\": \"best\"}\n"
                       "frames 2\n"
                       "shot " + shot + "\n"
                       "frames 1\n"
                       "click save scoring rules\n"
                       "frames 2\n");
    auto before = read_all(data + "/event.json");
    auto r = run("--data " + quote(data) + " --panel scoring --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto probes = nlohmann::json::parse(read_all(shot + ".probes.json"));
    CHECK(probes.contains("scoring rules error"));
    CHECK_FALSE(probes.contains("scoring change Ana Lima"));
    CHECK(read_all(data + "/event.json") == before);
}

TEST_CASE("[admin gui] the display preview offers the connections scene, and says when there is nothing to show") {
    ScratchDir d("gui-preview-connections");
    auto data = make_rich_event(d);
    std::string shot = d.path + "/preview-connections.png";
    std::string script = d.path + "/preview.script";
    write_file(script, "frames 3\nclick preview connections\nframes 3\nshot " + shot + "\nframes 1\n");
    auto r = run("--data " + quote(data) + " --panel display --test-script " + quote(script));
    REQUIRE_MESSAGE(r.rc == 0, r.out);
    auto probes = nlohmann::json::parse(read_all(shot + ".probes.json"));
    CHECK(probes.contains("preview connections"));
    CHECK(probes.contains("preview"));
    // This event has no connections (no replies, thanks, quotes or credits), so the screens skip the scene.
    CHECK(probes.contains("preview no connections"));
}

// ---- Issue 15: the proof-of-display figures in the Screens panel ----

namespace {

// A poll in the learnwall log format carrying an X-Learnwall-Shown record (docs/proof-of-display.md).
std::string seen_poll(const std::string& at, const std::string& screen, const std::string& shown) {
    return at + " 10.0.0.5 \"" + screen + "\" 304 \"GET /wall.json HTTP/1.1\" \"" + shown + "\" \"-\"\n";
}

// The figures the panel drew, from the names of its probes ("seen shown 2 of 6", "never shown ID", ...).
struct PanelSeen {
    std::string shown_of, never, median, refused;
    std::set<std::string> never_ids;
};
PanelSeen panel_seen_of(const nlohmann::json& probes) {
    PanelSeen p;
    for (const auto& item : probes.items()) {
        const std::string name = item.key();  // not a structured binding: the lambda below captures it (clang 14)
        auto after = [&](const std::string& prefix) {
            return name.rfind(prefix, 0) == 0 ? std::optional<std::string>(name.substr(prefix.size())) : std::nullopt;
        };
        if (auto v = after("seen shown ")) p.shown_of = *v;
        else if (auto v2 = after("seen never ")) p.never = *v2;
        else if (auto v3 = after("seen median ")) p.median = *v3;
        else if (auto v4 = after("seen refused ")) p.refused = *v4;
        else if (name != "never shown tab" && name != "never shown none")
            if (auto v5 = after("never shown ")) p.never_ids.insert(*v5);
    }
    return p;
}

}  // namespace

TEST_CASE("[admin gui] screens panel: the shown figures equal learnwall-admin shown --json for the same data folder") {
    ScratchDir d("gui-seen");
    auto data = make_event(d);
    EnvVar config("XDG_CONFIG_HOME", d.path + "/config");
    struct Row {
        std::string author, text, id;
    };
    // Authors and tips in Chinese, Arabic, Hebrew, Devanagari and with emoji: the never-shown table draws them.
    std::vector<Row> rows = {
        {"\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E", "\xE4\xBB\x8A\xE5\xA4\xA9\xE5\xAD\xA6\xE4\xB9\xA0\xE4\xBA\x86\xE5\xBF\xAB\xE6\x8D\xB7\xE9\x94\xAE #NLAWWeek", ""},  // 王小明, 今天学习了快捷键
        {"\xD9\x81\xD8\xA7\xD8\xB7\xD9\x85\xD8\xA9 \xD8\xAD\xD8\xB3\xD9\x86",                                  // فاطمة حسن
         "\xD8\xAA\xD8\xB9\xD9\x84\xD9\x85\xD8\xAA \xD8\xB4\xD9\x8A\xD8\xA6\xD8\xA7 \xD8\xAC\xD8\xAF\xD9\x8A\xD8\xAF\xD8\xA7", ""},  // تعلمت شيئا جديدا
        {"\xD7\x93\xD7\xA0\xD7\x94 \xD7\x9B\xD7\x94\xD7\x9F", "\xD7\x9C\xD7\x9E\xD7\x93\xD7\xAA\xD7\x99 \xD7\x94\xD7\x99\xD7\x95\xD7\x9D \xD7\x9E\xD7\xA9\xD7\x94\xD7\x95", ""},  // דנה כהן, למדתי היום משהו
        {"\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xBF\xE0\xA4\xAF\xE0\xA4\xBE \xE0\xA4\xB6\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\xAE\xE0\xA4\xBE",  // प्रिया शर्मा
         "\xE0\xA4\x86\xE0\xA4\x9C \xE0\xA4\xB8\xE0\xA5\x80\xE0\xA4\x96\xE0\xA4\xBE \xE0\xA4\x95\xE0\xA5\x81\xE0\xA4\x9B \xE0\xA4\xA8\xE0\xA4\xAF\xE0\xA4\xBE", ""},  // आज सीखा कुछ नया
        {"Zo\xC3\xAB \xF0\x9F\x9A\x80", "Pair up across teams \xF0\x9F\x91\x8D and teach one shortcut a day, every day of the week", ""},
        {"Ana Lima", "Shown tip: keyboard shortcuts", ""},
        {"Ben Okafor", "Shown tip: ask a colleague", ""},
        {"Pending Person", "Not approved: never on a screen, never counted", ""},
    };
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i].id = add_post(data, rows[i].author, rows[i].text, "2026-05-18T09:0" + std::to_string(i) + ":00Z");
    std::string approve = "moderate approve";
    for (std::size_t i = 0; i + 1 < rows.size(); ++i) approve += " " + quote(rows[i].id);
    auto ok = run(approve + " --data " + quote(data));
    REQUIRE_MESSAGE(ok.rc == 0, ok.out);
    // 1779095160 = 2026-05-18T09:06:00Z. Two posts shown (one on two screens), a forged id, a refused record
    // (a bad token) and one too far from its poll; a line of the old format and one that is not ours.
    const std::string log = d.path + "/learnwall-access.log";
    write_file(log, seen_poll("2026-05-18T09:06:20Z", "lobby-1", "1 1779095160 " + rows[5].id + "@0+20") +
                        seen_poll("2026-05-18T09:12:00Z", "canteen", "1 1779095400 " + rows[5].id + "@0+30 " + rows[6].id + "@0+40") +
                        seen_poll("2026-05-18T09:12:02Z", "canteen", "1 1779095400 manual:forged@0+40") +
                        seen_poll("2026-05-18T09:12:03Z", "lobby-1", "1 1779095400 " + rows[0].id + "@0+40 <script>") +
                        seen_poll("2026-05-18T09:12:04Z", "lobby-1", "1 1700000000 " + rows[1].id + "@0+40") +
                        "2026-05-18T09:12:05Z 10.0.0.9 \"lobby-1\" 200 \"GET /wall.json HTTP/1.1\"\n"
                        "not a log line\n");
    auto cli = run("shown --data " + quote(data) + " --access-log " + quote(log) + " --json");
    REQUIRE_MESSAGE(cli.rc == 0, cli.out);
    // run() merges standard error ("skipped ..." for each refused record) ahead of the JSON.
    CHECK(cli.out.find("learnwall-admin shown: skipped") != std::string::npos);
    const auto j = nlohmann::json::parse(cli.out.substr(cli.out.find("{\n")));
    REQUIRE(j["approved"] == 7);
    REQUIRE(j["shown"] == 2);
    REQUIRE(j["refused_records"] == 2);

    std::filesystem::create_directories(d.path + "/config/learnwall");
    write_file(d.path + "/config/learnwall/admin.json", "{\"access_log\": \"" + log + "\"}\n");
    for (const char* size : {"1280x800", "900x1200"}) {
        CAPTURE(size);
        const std::string png = d.path + "/seen-" + size + ".png", script = d.path + "/seen.script";
        // "never shown tab" exists only once the worker has read the log and joined it with the approved posts.
        write_file(script, "frames 45\nclick never shown tab\nframes 3\nshot " + png + "\n");
        auto r = run("--data " + quote(data) + " --panel screens --size " + size + " --test-script " + quote(script));
        REQUIRE_MESSAGE(r.rc == 0, r.out);
        const auto probes = nlohmann::json::parse(read_all(png + ".probes.json"));
        const PanelSeen p = panel_seen_of(probes);
        CHECK(p.shown_of == j["shown"].dump() + " of " + j["approved"].dump());
        CHECK(p.never == std::to_string(j["never_shown"].size()));
        CHECK(p.median == (j["median_seconds_to_first_showing"].is_null() ? "none" : j["median_seconds_to_first_showing"].dump()));
        CHECK(p.refused == j["refused_records"].dump());
        std::set<std::string> cli_never;
        for (const auto& n : j["never_shown"]) cli_never.insert(n["id"].get<std::string>());
        CHECK(p.never_ids == cli_never);
        // Each never-shown author is drawn in its script, not as ImGui's fallback marks.
        sf::Image img;
        REQUIRE(img.loadFromFile(png));
        for (std::size_t i = 0; i < 5; ++i) {
            CAPTURE(rows[i].author);
            Rect a = probe_rect(probes, "never shown " + rows[i].id);
            CHECK(dark_in(img, a) > 20);
        }
    }
}

// Issue 15 (shown figures in the window): a week's log is far over the 16 MB the watcher reads first. A post
// first shown in its first lines must still count, as `learnwall-admin shown` counts it from the whole file;
// and a watchdog note a screen sends after its first lines were read must still show.
TEST_CASE("[admin gui] screens watcher: a big log's older part is read after its tail; later watchdog notes are kept") {
    ScratchDir d("gui-screens-big");
    const std::string log = d.path + "/access.log";
    {
        std::ofstream f(log);
        // 1779095160 = 2026-05-18T09:06:00Z: the only record of manual:early is on the first line.
        f << seen_poll("2026-05-18T09:06:20Z", "lobby-1", "1 1779095160 manual:early@0+20");
        const std::string filler = "2026-05-18T09:07:00Z 10.0.0.6 \"canteen\" 304 \"GET /wall.json HTTP/1.1\" \"-\" \"-\"\n";
        // 40 MB: the last 16 MB first, then the older 24 MB in two looks (the partial figures can be seen).
        for (std::uint64_t n = 0; n < (40u << 20) / filler.size(); ++n) f << filler;
        f << seen_poll("2026-05-18T10:00:00Z", "lobby-1", "1 1779098390 manual:late@0+5");
    }
    lw::admin::ScreensWatcher w(log, std::chrono::milliseconds(20));
    const lw::Instant created = *lw::parse_rfc3339("2026-05-18T09:00:00Z");
    w.set_approved({{"manual:early", created, std::nullopt}, {"manual:late", created, std::nullopt}, {"manual:never", created, std::nullopt}});
    std::shared_ptr<const lw::admin::ScreensSnapshot> snap;
    for (int i = 0; i < 3000; ++i) {
        snap = w.snapshot();
        if (snap->seen && snap->head_bytes == 0 && snap->read_once && !snap->skipped_head) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(snap->seen);
    // The tail first, then the older 24 MB in looks of their own: partial figures were published on the way
    // (counted by the watcher, not sampled here: a busy machine could miss them between two samples).
    CHECK(snap->partial_looks >= 1);
    CHECK_FALSE(snap->skipped_head);
    CHECK(snap->seen->approved == 3);
    CHECK(snap->seen->shown == 2);  // manual:early was only in the older part
    CHECK(snap->shown_refused == 0);
    const std::string whole = read_all(log);
    CHECK(snap->lines == std::count(whole.begin(), whole.end(), '\n'));

    // A screen already seen reports a watchdog restart in a later read: the panel must show it.
    {
        std::ofstream f(log, std::ios::app);
        f << "2026-05-18T10:00:05Z 10.0.0.6 \"canteen\" 200 \"GET /wall.json HTTP/1.1\" \"-\" \"frozen@1779098400\"\n";
    }
    w.poke();
    for (int i = 0; i < 500; ++i) {
        snap = w.snapshot();
        bool noted = false;
        for (const auto& s : snap->screens) noted = noted || (s.id == "canteen" && !s.last_problem.empty());
        if (noted) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const lw::ScreenSeen* canteen = nullptr;
    for (const auto& s : snap->screens)
        if (s.id == "canteen") canteen = &s;
    REQUIRE(canteen);
    CHECK(canteen->last_problem == "frozen");
    CHECK(canteen->problems == 1);
}
