// Test helper: fills a data directory with N varied posts in one transaction (a busy week's worth),
// so GUI tests can check the queue stays fast at 10,000 posts. Usage: fill_posts DIR N [approve_every]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "learnwall/store.hpp"
#include "learnwall/text.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: fill_posts DIR N [approve_every]\n");
        return 2;
    }
    auto dir = lw::DataDir::open(argv[1]);
    if (!dir) {
        std::fprintf(stderr, "fill_posts: %s\n", dir.error().c_str());
        return 1;
    }
    auto state = dir->load();
    if (!state) {
        std::fprintf(stderr, "fill_posts: %s\n", state.error().c_str());
        return 1;
    }
    const long n = std::strtol(argv[2], nullptr, 10);
    const long approve_every = argc > 3 ? std::strtol(argv[3], nullptr, 10) : 0;
    static const char* names[] = {"Priya Shah", "Tom Okafor", "Ana Lima", "Jonas Berg", "Mei Chen", "Sam Lee", "Zoë Brontë", "Олег Петров"};
    static const char* sources[] = {"mastodon", "bluesky", "x", "manual"};
    static const char* tips[] = {
        "Tip: pair up with someone from another team and teach each other one shortcut.",
        "Today I learned how our billing system rounds VAT — ask me, it's fun (really) €",
        "Lunch & learn at noon: “Spreadsheets without tears”. Bring questions!",
        "Spaced repetition works: 10 minutes a day beats 2 hours on Friday.",
        "Shadowed the support desk for an hour. Humbling. Recommend to everyone.",
    };
    auto revs = dir->transact(*state, [&](const lw::State& s) -> lw::Result<lw::DataDir::Change> {
        lw::DataDir::Change c;
        lw::Instant base = *lw::parse_rfc3339("2026-05-18T07:00:00Z");
        for (long i = 0; i < n; ++i) {
            lw::Post p;
            p.source = sources[i % 4];
            p.native_id = "fill" + std::to_string(s.revision + 1 + i);
            p.author_display_name = names[i % 8];
            p.author_handle = "person" + std::to_string(i % 8) + "@example.org";
            p.text = std::string(tips[i % 5]) + " #NLAWWeek" + (i % 3 == 0 ? " #connect" : "") + " (" + std::to_string(i) + ")";
            p.hashtags = lw::extract_hashtags(p.text);
            p.created_at = base + std::chrono::minutes(i * 7 % (5 * 24 * 60));
            lw::JournalEntry e;
            e.kind = lw::JournalEntry::Kind::post_ingested;
            e.by = "fill";
            e.post = p;
            c.entries.push_back(e);
            if (approve_every > 0 && i % approve_every == 0) {
                lw::JournalEntry d;
                d.kind = lw::JournalEntry::Kind::moderation;
                d.by = "fill";
                d.decision = lw::ModerationDecision{p.id(), i % (approve_every * 5) == 0 ? "reject" : "approve", "fill", lw::now(), ""};
                c.entries.push_back(d);
            }
        }
        return c;
    });
    if (!revs) {
        std::fprintf(stderr, "fill_posts: %s\n", revs.error().c_str());
        return 1;
    }
    std::printf("added %ld posts\n", n);
    return 0;
}
