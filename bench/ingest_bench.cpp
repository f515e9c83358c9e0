// Benchmark: connector parse + normalise throughput (Mastodon, X, Bluesky pages as the networks send
// them), storing ingested batches in a data directory, and, with --standin, the time from a post
// appearing on the stand-in (tests/standin/run) to its appearing in wall.json (Mastodon streaming, X polling).
// Goals and figures: docs/BENCHMARKS.md, "Ingest".
// Usage: learnwall_ingest_bench [--posts N] [--standin PATH_TO_tests/standin/run] [--samples K]
#include <nlohmann/json.hpp>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "learnwall/connectors/bluesky.hpp"
#include "learnwall/connectors/ingest.hpp"
#include "learnwall/connectors/mastodon.hpp"
#include "learnwall/connectors/x.hpp"
#include "learnwall/publish.hpp"

using namespace lw;
using namespace lw::connectors;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const char* kWords[] = {"spreadsheet", "meeting", "shortcut", "coaching", "python", "listening", "feedback", "budget",
                        "design", "writing", "mentoring", "podcast"};

std::string iso_at(int minute) {
    return format_rfc3339(*parse_rfc3339("2026-05-18T08:00:00Z") + std::chrono::minutes(minute));
}

// Mastodon timeline pages of 40 statuses: HTML paragraphs, hashtag links, entities, a hidden link
// span, images on some, boosts on a few, replies.
std::vector<std::string> mastodon_pages(int posts, std::mt19937& rng) {
    std::vector<std::string> pages;
    json page = json::array();
    for (int i = 0; i < posts; ++i) {
        std::string id = std::to_string(112600000000000000LL + i), user = "user" + std::to_string(rng() % 5000);
        std::string w1 = kWords[rng() % 12], w2 = kWords[rng() % 12];
        json st = {{"id", id}, {"created_at", iso_at(i % 5000)}, {"in_reply_to_id", rng() % 5 == 0 ? json(std::to_string(rng())) : json(nullptr)},
                   {"in_reply_to_account_id", nullptr}, {"sensitive", false}, {"spoiler_text", ""}, {"visibility", "public"},
                   {"language", "en"}, {"uri", "https://social.example/users/" + user + "/statuses/" + id},
                   {"url", "https://social.example/@" + user + "/" + id}, {"replies_count", rng() % 4}, {"reblogs_count", rng() % 6},
                   {"favourites_count", rng() % 30}, {"edited_at", nullptr}, {"reblog", nullptr},
                   {"account", {{"id", std::to_string(rng() % 5000)}, {"username", user}, {"acct", user},
                                {"display_name", rng() % 10 ? "Person &amp; " + user : ""}, {"url", "https://social.example/@" + user},
                                {"avatar", "https://social.example/a.png"}, {"emojis", json::array()}}},
                   {"content", "<p>Today I learned about " + w1 + " &amp; " + w2 + " &lt;3 from a colleague.</p><p>Link: "
                                   "<a href=\"https://example.org/learning/" + w1 + "/guide\" rel=\"nofollow noopener\" target=\"_blank\">"
                                   "<span class=\"invisible\">https://</span><span class=\"ellipsis\">example.org/learning/" + w1 +
                                   "</span><span class=\"invisible\">/guide</span></a><br />"
                                   "<a href=\"https://social.example/tags/NLAWWeek\" class=\"mention hashtag\" rel=\"tag\">#<span>NLAWWeek</span></a> "
                                   "<a href=\"https://social.example/tags/connect\" class=\"mention hashtag\" rel=\"tag\">#<span>connect</span></a></p>"},
                   {"tags", json::array({{{"name", "nlawweek"}}, {{"name", "connect"}}})}, {"emojis", json::array()},
                   {"mentions", json::array()}, {"card", nullptr}, {"poll", nullptr}};
        st["media_attachments"] = json::array();
        if (rng() % 4 == 0)
            st["media_attachments"].push_back({{"id", id + "1"}, {"type", "image"}, {"url", "https://files.example/" + id + ".jpg"},
                                               {"preview_url", "https://files.example/s/" + id + ".jpg"}, {"description", "a picture"}});
        if (rng() % 20 == 0) {  // a boost: the original inside
            json outer = st;
            outer["id"] = std::to_string(112700000000000000LL + i);
            outer["uri"] = "https://social.example/users/booster/statuses/" + outer["id"].get<std::string>() + "/activity";
            outer["content"] = "";
            outer["reblog"] = st;
            st = outer;
        }
        page.push_back(std::move(st));
        if (page.size() == 40 || i + 1 == posts) {
            pages.push_back(page.dump());
            page = json::array();
        }
    }
    return pages;
}

// X recent search pages of 100 tweets with users and media expansions, t.co links, entities.
std::vector<std::string> x_pages(int posts, std::mt19937& rng) {
    std::vector<std::string> pages;
    json data = json::array(), users = json::array(), media = json::array();
    for (int i = 0; i < posts; ++i) {
        std::string id = std::to_string(1793000000000000000LL + i), uid = std::to_string(5000 + rng() % 5000);
        std::string w1 = kWords[rng() % 12];
        json t = {{"id", id}, {"edit_history_tweet_ids", {id}}, {"author_id", uid}, {"created_at", iso_at(i % 5000)}, {"lang", "en"},
                  {"text", "Learned about " + w1 + " &amp; more today https://t.co/abc" + std::to_string(i % 100) + " #NLAWWeek"},
                  {"public_metrics", {{"retweet_count", rng() % 5}, {"reply_count", rng() % 5}, {"like_count", rng() % 40}}},
                  {"entities", {{"urls", {{{"url", "https://t.co/abc" + std::to_string(i % 100)},
                                           {"expanded_url", "https://example.org/" + w1}, {"display_url", "example.org/" + w1}}}},
                                {"hashtags", {{{"start", 0}, {"end", 9}, {"tag", "NLAWWeek"}}}}}}};
        if (rng() % 4 == 0) {
            std::string key = "3_" + id;
            t["attachments"] = {{"media_keys", {key}}};
            media.push_back({{"media_key", key}, {"type", "photo"}, {"url", "https://pbs.example/" + id + ".jpg"}});
        }
        users.push_back({{"id", uid}, {"name", "Person " + uid}, {"username", "user_" + uid}});
        data.push_back(std::move(t));
        if (data.size() == 100 || i + 1 == posts) {
            json body = {{"data", data}, {"includes", {{"users", users}, {"media", media}}},
                         {"meta", {{"newest_id", data.front()["id"]}, {"oldest_id", data.back()["id"]}, {"result_count", data.size()}}}};
            pages.push_back(body.dump());
            data = json::array();
            users = json::array();
            media = json::array();
        }
    }
    return pages;
}

// Bluesky searchPosts pages of 100 post views with facets, images and labels.
std::vector<std::string> bluesky_pages(int posts, std::mt19937& rng) {
    std::vector<std::string> pages;
    json arr = json::array();
    for (int i = 0; i < posts; ++i) {
        std::string did = "did:plc:" + std::to_string(100000 + rng() % 5000), uri = "at://" + did + "/app.bsky.feed.post/3k" + std::to_string(i);
        std::string text = std::string("Learned about ") + kWords[rng() % 12] + " today \xF0\x9F\x93\x9A #NLAWWeek";
        json p = {{"uri", uri}, {"cid", "bafy" + std::to_string(i)},
                  {"author", {{"did", did}, {"handle", "user" + did.substr(8) + ".bsky.social"}, {"displayName", rng() % 10 ? "Someone" : ""},
                              {"labels", json::array()}}},
                  {"record", {{"$type", "app.bsky.feed.post"}, {"createdAt", iso_at(i % 5000)}, {"langs", {"en"}}, {"text", text},
                              {"facets", {{{"index", {{"byteStart", text.size() - 9}, {"byteEnd", text.size()}}},
                                           {"features", {{{"$type", "app.bsky.richtext.facet#tag"}, {"tag", "NLAWWeek"}}}}}}}}},
                  {"replyCount", rng() % 3}, {"repostCount", rng() % 3}, {"likeCount", rng() % 30}, {"indexedAt", iso_at(i % 5000)},
                  {"labels", json::array()}};
        if (rng() % 4 == 0)
            p["embed"] = {{"$type", "app.bsky.embed.images#view"},
                          {"images", {{{"thumb", "https://cdn.example/t/" + std::to_string(i)}, {"fullsize", "https://cdn.example/f/" + std::to_string(i)}}}}};
        arr.push_back(std::move(p));
        if (arr.size() == 100 || i + 1 == posts) {
            pages.push_back(json{{"posts", arr}, {"cursor", std::to_string(i)}}.dump());
            arr = json::array();
        }
    }
    return pages;
}

// CPU time of this thread: on a shared machine (other builds running) the honest "one core" figure.
double thread_cpu_seconds() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Parses every page `runs` times; returns the median posts per CPU second of one thread (and, in
// `wall_rate`, per wall-clock second, which a busy machine lowers).
double parse_rate(const std::vector<std::string>& pages, const std::function<size_t(const std::string&)>& parse, int runs,
                  size_t& posts_out, size_t& bytes_out, double& wall_rate) {
    std::vector<double> rates, walls;
    bytes_out = 0;
    for (const auto& p : pages) bytes_out += p.size();
    for (int r = 0; r < runs; ++r) {
        size_t n = 0;
        auto t0 = Clock::now();
        double c0 = thread_cpu_seconds();
        for (const auto& p : pages) n += parse(p);
        double cpu = thread_cpu_seconds() - c0;
        double s = std::chrono::duration<double>(Clock::now() - t0).count();
        posts_out = n;
        rates.push_back(static_cast<double>(n) / cpu);
        walls.push_back(static_cast<double>(n) / s);
    }
    wall_rate = median(walls);
    return median(rates);
}

Event bench_event(const std::string& base, const std::vector<std::string>& kinds, bool moderated_post) {
    Event e;
    e.name = "Learning at Work Week";
    auto today = *local_date(now(), "Europe/London");
    e.start = Date{std::chrono::sys_days{today} - std::chrono::days{2}};
    e.end = Date{std::chrono::sys_days{today} + std::chrono::days{4}};
    e.timezone = "Europe/London";
    e.hashtags = {"NLAWWeek", "LearningAtWorkWeek"};
    if (moderated_post) e.moderation_mode = ModerationMode::post;
    for (const auto& k : kinds) {
        SourceConfig s;
        s.id = k + "-bench";
        s.kind = k;
        s.base_url = base;
        s.tags = {"NLAWWeek"};
        e.sources.push_back(s);
    }
    return e;
}

std::string scratch(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / ("lw-bench-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(p);
    return p.string();
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Stores `posts` Mastodon posts in batches of 40 (journal append, state, cursor file), publishing or not.
void store_bench(int posts, bool publish) {
    std::string dir = scratch(publish ? "store-pub" : "store");
    auto d = DataDir::create(dir, bench_event("https://social.example", {"mastodon"}, true), "bench");
    if (!d) {
        std::fprintf(stderr, "cannot create %s: %s\n", dir.c_str(), d.error().c_str());
        return;
    }
    std::mt19937 rng(7);
    auto pages = mastodon_pages(posts, rng);
    IngestOptions o;
    o.publish = publish;
    auto ing = Ingestor::open(dir, o);
    if (!ing) {
        std::fprintf(stderr, "%s\n", ing.error().c_str());
        return;
    }
    std::vector<double> per_batch;
    size_t stored = 0;
    auto t0 = Clock::now();
    for (const auto& body : pages) {
        auto page = parse_mastodon_statuses(body, "social.example");
        auto b0 = Clock::now();
        auto s = (*ing)->store("mastodon-bench", *page, Cursor{{"newest:nlawweek", page->newest_local_id}});
        per_batch.push_back(std::chrono::duration<double, std::milli>(Clock::now() - b0).count());
        if (s) stored += static_cast<size_t>(s->posts_new);
    }
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("store %s: %zu posts in batches of 40 in %.2f s = %.0f posts/s; per batch median %.1f ms, max %.1f ms\n",
                publish ? "+ publish wall.json" : "(no publish)", stored, secs, static_cast<double>(stored) / secs,
                median(per_batch), *std::max_element(per_batch.begin(), per_batch.end()));
    std::filesystem::remove_all(dir);
}

// Starts the stand-in; returns its pid and base URL.
pid_t start_standin(const std::string& script, const std::string& port_file, std::string& base) {
    std::fflush(stdout);  // or the child would print what is still buffered a second time
    pid_t pid = ::fork();
    if (pid == 0) {
        FILE* devnull = std::freopen("/dev/null", "w", stdout);
        (void)devnull;
        ::execlp("python3", "python3", script.c_str(), "--empty", "--port", "0", "--port-file", port_file.c_str(), "--heartbeat", "5",
                 static_cast<char*>(nullptr));
        ::_exit(127);
    }
    for (int i = 0; i < 400; ++i) {
        std::ifstream f(port_file);
        int port = 0;
        if (f >> port && port) {
            base = "http://127.0.0.1:" + std::to_string(port);
            return pid;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return pid;
}

void latency_bench(const std::string& script, int samples) {
    std::string dir = scratch("latency");
    std::filesystem::create_directories(dir + "-run");
    std::string base;
    pid_t pid = start_standin(script, dir + "-run/port", base);
    if (base.empty()) {
        std::fprintf(stderr, "the stand-in did not start (%s)\n", script.c_str());
        return;
    }
    ::setenv("LEARNWALL_MASTODON_TOKEN", "bench-token", 1);
    ::setenv("LEARNWALL_X_BEARER_TOKEN", "bench-token", 1);
    auto d = DataDir::create(dir, bench_event(base, {"mastodon", "x"}, true), "bench");
    if (!d) {
        std::fprintf(stderr, "%s\n", d.error().c_str());
        return;
    }
    IngestOptions o;
    const auto interval = std::chrono::seconds(2);
    o.poll_interval = interval;
    auto ing = Ingestor::open(dir, o);
    if (!ing) {
        std::fprintf(stderr, "%s\n", ing.error().c_str());
        return;
    }
    std::atomic<bool> stop{false};
    std::thread daemon([&] { (void)(*ing)->run(stop); });
    auto http = make_curl_client("learnwall-bench");
    auto post = [&](const std::string& net, const std::string& text) {
        HttpRequest req;
        req.method = "POST";
        req.url = base + "/control/post";
        req.body = json{{"network", net}, {"text", text}, {"author", "Bench"}}.dump();
        req.headers.emplace_back("Content-Type", "application/json");
        (void)http->send(req);
    };
    std::this_thread::sleep_for(std::chrono::seconds(3));  // first polls done, the stream open
    for (const std::string net : {"mastodon", "x"}) {
        std::vector<double> ms;
        for (int i = 0; i < samples; ++i) {
            std::string text = "latency " + net + " " + std::to_string(i);
            auto t0 = Clock::now();
            post(net, text);
            while (slurp(d->wall_path()).find(text) == std::string::npos && Clock::now() - t0 < std::chrono::seconds(15))
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            // Spread the X samples over the poll cycle.
            std::this_thread::sleep_for(std::chrono::milliseconds(net == "x" ? 300 + 170 * i % 1500 : 200));
        }
        std::sort(ms.begin(), ms.end());
        std::printf("stand-in -> wall.json, %s: %d samples, median %.0f ms, max %.0f ms\n",
                    net == "mastodon" ? "Mastodon streaming" : "X polling every 2 s", samples, median(ms), ms.back());
    }
    stop = true;
    daemon.join();
    ::kill(pid, SIGTERM);
    int st = 0;
    ::waitpid(pid, &st, 0);
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(dir + "-run");
}

}  // namespace

int main(int argc, char** argv) {
    int posts = 200000, samples = 10;
    std::string standin;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--posts" && i + 1 < argc) posts = std::max(1000, std::atoi(argv[++i]));
        else if (a == "--standin" && i + 1 < argc) standin = argv[++i];
        else if (a == "--samples" && i + 1 < argc) samples = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr, "usage: learnwall_ingest_bench [--posts N] [--standin PATH] [--samples K]\n");
            return 2;
        }
    }
    std::mt19937 rng(20260518);
    size_t n = 0, bytes = 0;
    double wall = 0;
    auto mp = mastodon_pages(posts, rng);
    double m = parse_rate(mp, [](const std::string& b) { return parse_mastodon_statuses(b, "social.example")->posts.size(); }, 5, n, bytes, wall);
    std::printf("parse + normalise Mastodon: %zu posts (%.1f MB of JSON): %.0f posts per CPU second of one thread (median of 5); "
                "%.0f posts/s wall clock\n", n, static_cast<double>(bytes) / 1e6, m, wall);
    auto xp = x_pages(posts, rng);
    double x = parse_rate(xp, [](const std::string& b) { return parse_x_search(b)->posts.size(); }, 5, n, bytes, wall);
    std::printf("parse + normalise X:        %zu posts (%.1f MB of JSON): %.0f posts per CPU second; %.0f posts/s wall clock\n", n,
                static_cast<double>(bytes) / 1e6, x, wall);
    auto bp = bluesky_pages(posts, rng);
    double b = parse_rate(bp, [](const std::string& body) { return parse_bluesky_search(body)->posts.size(); }, 5, n, bytes, wall);
    std::printf("parse + normalise Bluesky:  %zu posts (%.1f MB of JSON): %.0f posts per CPU second; %.0f posts/s wall clock\n", n,
                static_cast<double>(bytes) / 1e6, b, wall);
    store_bench(std::min(posts, 10000), false);
    store_bench(std::min(posts, 2000), true);
    if (!standin.empty()) latency_bench(standin, samples);
    return 0;
}
