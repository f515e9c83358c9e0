// [kiosk] the connections scene (issue 14): teams as nodes, arcs, the headline share, top connectors, the
// newest connections drawing in briefly; skipped while there are none. Few teams, many, long names,
// every script, people with no team; landscape and portrait.
#include <doctest/doctest.h>

#include <SFML/Graphics/RenderTexture.hpp>

#include <fstream>
#include <set>

#include "kiosk_helpers.hpp"
#include "learnwall/playlist.hpp"
#include "learnwall/wall.hpp"
#include "render/renderer.hpp"
#include "render/text_layout.hpp"
#include "render/theme.hpp"

using namespace kiosk_test;
using namespace lw::kiosk;
using nlohmann::json;

namespace {

struct ConnBox {
    double x, y, w, h;
    std::string kind, id;
};

std::vector<ConnBox> conn_items(const json& layout, const std::string& kind) {
    std::vector<ConnBox> out;
    for (const auto& it : layout.at("items"))
        if (it.at("kind") == kind)
            out.push_back({it.at("x").get<double>(), it.at("y").get<double>(), it.at("w").get<double>(),
                           it.at("h").get<double>(), kind, it.at("id").get<std::string>()});
    return out;
}

bool conn_overlap(const ConnBox& a, const ConnBox& b) {
    const double e = 0.5;
    return a.x + e < b.x + b.w && b.x + e < a.x + a.w && a.y + e < b.y + b.h && b.y + e < a.y + a.h;
}

json conn_block(const std::vector<std::string>& teams, const std::vector<std::string>& people) {
    json block = {{"total", 0}, {"cross_team_share", 0.62}};
    json jt = json::array(), jl = json::array(), jr = json::array(), jc = json::array();
    std::int64_t total = 0;
    for (std::size_t i = 0; i < teams.size(); ++i) {
        std::int64_t n = static_cast<std::int64_t>(teams.size() - i) * 2;
        total += n;
        jt.push_back({{"team", teams[i]}, {"connections", n}});
    }
    for (std::size_t i = 0; i < teams.size(); ++i)
        for (std::size_t j = i + 1; j < teams.size() && jl.size() < 120; j += 1 + i % 3) {
            const auto& a = teams[i] < teams[j] ? teams[i] : teams[j];
            const auto& b = teams[i] < teams[j] ? teams[j] : teams[i];
            jl.push_back({{"from_team", a}, {"to_team", b}, {"count", static_cast<int>(1 + (i + j) % 6)}});
        }
    for (std::size_t i = 0; i < people.size() && i < 12; ++i)
        jr.push_back({{"from", people[i]},
                      {"to", people[(i + 1) % people.size()]},
                      {"from_team", teams[i % teams.size()]},
                      {"to_team", teams[(i + 1) % teams.size()]},
                      {"kind", std::vector<std::string>{"reply", "thanks", "quote", "credit"}[i % 4]},
                      {"at", "2026-05-19T10:" + std::to_string(30 - i) + ":00Z"}});
    for (std::size_t i = 0; i < people.size() && i < 5; ++i)
        jc.push_back({{"name", people[i]}, {"team", teams[i % teams.size()]}, {"connections", 9 - i}, {"teams_reached", 4 - i % 4}});
    block["total"] = total;
    block["teams"] = jt;
    block["links"] = jl;
    block["recent"] = jr;
    block["top_connectors"] = jc;
    return block;
}

// Writes wall-rich.json with the given connections block (null: none) and returns the path.
std::string conn_wall(const std::string& dir, const std::string& name, const json& block) {
    auto wall = json::parse(read_text(data_file("wall-rich.json")));
    if (!block.is_null()) wall["connections"] = block;
    std::string path = dir + "/" + name + ".json";
    std::ofstream(path) << wall.dump();
    return path;
}

// Shoots the scene and checks what holds on every screen: on screen, one node per team, labels apart.
json conn_shoot(const std::string& dir, const std::string& source, const std::string& name, const std::string& size,
                std::size_t teams) {
    std::string stem = dir + "/connections-" + name + "-" + size;
    auto r = run_kiosk({"--source", source, "--scene", "connections", "--size", size, "--screenshot", stem + ".png",
                        "--layout-json", stem + ".json", "--now", "2026-05-19T10:35:00Z", "--no-cache"});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto j = json::parse(read_text(stem + ".json"));
    CHECK(j.at("scene") == "connections");
    double W = j.at("width").get<double>(), H = j.at("height").get<double>();
    for (const auto& it : j.at("items")) {
        double x = it.at("x"), y = it.at("y"), w = it.at("w"), h = it.at("h");
        CHECK_MESSAGE((x >= -1 && y >= -1 && x + w <= W + 1 && y + h <= H + 1),
                      it.at("kind").get<std::string>() << " " << it.at("id").get<std::string>() << " is off screen");
    }
    CHECK(conn_items(j, "connection_node").size() == teams);
    auto labels = conn_items(j, "connection_label");
    CHECK(labels.size() == teams);
    for (std::size_t a = 0; a < labels.size(); ++a)
        for (std::size_t b = a + 1; b < labels.size(); ++b)
            CHECK_MESSAGE(!conn_overlap(labels[a], labels[b]), "the labels of " << labels[a].id << " and " << labels[b].id << " overlap");
    // Team labels stay clear of the column of figures and names.
    auto network = conn_items(j, "connections_network");
    REQUIRE(network.size() == 1);
    for (const auto& row : conn_items(j, "connector_row")) CHECK(!conn_overlap(row, network[0]));
    // Names stay inside the network's panel (the top one once rose into the title above it).
    const auto& net = network[0];
    for (const auto& l : labels)
        CHECK_MESSAGE((l.x >= net.x - 1 && l.y >= net.y - 1 && l.x + l.w <= net.x + net.w + 1 && l.y + l.h <= net.y + net.h + 1),
                      "the label of " << l.id << " leaves the network panel");
    auto headline = conn_items(j, "connections_headline");
    REQUIRE(headline.size() == 1);
    CHECK(headline[0].h >= 60 * std::min(W, H) / 1080);  // readable from three metres: ~110 px at 1080
    sf::Image img;
    REQUIRE(img.loadFromFile(stem + ".png"));
    CHECK(distinct_colours(img) > 40);
    return j;
}

const std::vector<std::string> kConnPeople{"Ana Lima", "Bob Stone", "Cy Park", "Dee Okafor", "Eli Berg", "Fay Wong"};

}  // namespace

TEST_CASE("[kiosk] connections scene: two teams, 24 teams, long names, every script, no team; both orientations") {
    auto dir = scratch_dir("connections");
    struct Case {
        std::string name;
        std::vector<std::string> teams;
        std::vector<std::string> people;
    };
    std::vector<std::string> many;
    for (int i = 1; i <= 24; ++i) many.push_back("Team " + std::to_string(i) + (i % 5 == 0 ? " Operations" : ""));
    std::vector<Case> cases{
        {"two", {"Finance", "Sales"}, kConnPeople},
        {"many", many, kConnPeople},
        {"long", {"Global Procurement and Vendor Relationship Management", "Research & Development (Europe, Middle East)",
                  "IT"},
         {"Maximiliane Alexandra von Hohenstein-Waldburg", "Bartholomew Christopherson-Montgomery", "Cy Park"}},
        {"scripts", {"财务部", "قسم المبيعات", "צוות הפיתוח", "मानव संसाधन", "🚀 Launch"},
         {"王小明", "فاطمة الزهراء", "דוד לוי", "प्रिया शर्मा", "Sam 🎉 Devlin"}},
        {"noteam", {"", "Finance", "Sales"}, {"a colleague", "Ana Lima", "Bob Stone"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        std::string source = conn_wall(dir, c.name, conn_block(c.teams, c.people));
        for (std::string size : {"1920x1080", "1080x1920"}) {
            CAPTURE(size);
            json j = conn_shoot(dir, source, c.name, size, c.teams.size());
            auto connectors = conn_items(j, "connector_name");
            CHECK(connectors.size() == std::min<std::size_t>(5, c.people.size()));
            if (!connectors.empty()) CHECK(connectors[0].id == c.people[0]);
            if (c.name == "noteam") {
                bool labelled = false;
                for (const auto& node : conn_items(j, "connection_node")) labelled = labelled || node.id.empty();
                CHECK(labelled);  // the "" team is a node (drawn as "No team")
            }
        }
    }
    MESSAGE("connections screenshots in " << dir);
}

TEST_CASE("[kiosk] connections scene is skipped while the wall has none (absent or total 0)") {
    auto with = json::parse(read_text(data_file("wall-connections.json")));
    with["display"]["playlist"] = json::array();  // the screens' default rotation
    auto scenes = [](const lw::Wall& w) {
        std::vector<std::string> out;
        for (const auto& s : lw::effective_playlist(w.display.playlist, lw::wall_has_connections(w))) out.push_back(s.scene);
        return out;
    };
    auto parse = [](const json& j) {
        auto w = lw::parse_wall(j.dump(), "test");
        REQUIRE_MESSAGE(w, w.error());
        return *w;
    };
    lw::Wall present = parse(with);
    CHECK(scenes(present) == std::vector<std::string>{"wall", "leaderboard", "connections", "challenge", "quote"});
    json zero = with;
    zero["connections"]["total"] = 0;
    CHECK(scenes(parse(zero)) == std::vector<std::string>{"wall", "leaderboard", "challenge", "quote"});
    json absent = with;
    absent.erase("connections");
    CHECK(scenes(parse(absent)) == std::vector<std::string>{"wall", "leaderboard", "challenge", "quote"});
    // An organiser's playlist naming the scene keeps it only while there is something to show.
    absent["display"]["playlist"] = json::array({{{"scene", "connections"}, {"seconds", 20}}, {{"scene", "wall"}, {"seconds", 30}}});
    CHECK(scenes(parse(absent)) == std::vector<std::string>{"wall"});

    // A screen fixed on the scene shows the wall and says why.
    auto dir = scratch_dir("connections-none");
    std::string source = conn_wall(dir, "none", json());
    std::string stem = dir + "/none";
    auto r = run_kiosk({"--source", source, "--scene", "connections", "--size", "960x540", "--screenshot", stem + ".png",
                        "--layout-json", stem + ".json", "--no-cache"});
    REQUIRE(r.rc == 0);
    CHECK_MESSAGE(r.err.find("--scene connections: the wall has no connections yet") != std::string::npos, r.err);
    auto j = json::parse(read_text(stem + ".json"));
    CHECK(conn_items(j, "connection_node").empty());
    CHECK(!conn_items(j, "post_card").empty());
}

TEST_CASE("[kiosk] connections scene: the newest connections draw in briefly, then the frame stands still") {
    auto wall = lw::parse_wall(read_text(data_file("wall-connections.json")), "wall-connections.json");
    REQUIRE_MESSAGE(wall, wall.error());
    wall->display.announcements.clear();  // the ticker moves for ever; only the arrivals are under test
    SceneRenderer r(fonts());
    sf::RenderTexture rt;
    REQUIRE(rt.create(1280, 720));
    FrameInput in;
    in.wall = &*wall;
    in.scene = SceneKind::connections;
    in.now = *lw::parse_rfc3339("2026-05-18T10:35:00Z");
    in.scene_started_us = 10'000'000;
    LayoutLog log;
    r.draw_static(rt, in, &log);
    auto frame = [&](std::int64_t at_us) {
        in.elapsed_us = at_us;
        rt.clear();
        return r.draw_overlay(rt, in, log);
    };
    CHECK(frame(10'000'000 + 1'000'000));        // a second in: drawing
    CHECK_FALSE(frame(10'000'000 + 5'000'000));  // five seconds in: still, so the kiosk stops redrawing
    CHECK_FALSE(frame(10'000'000 + 600'000'000));
    // The overlay changes pixels while it draws (it is not a no-op that merely reports motion).
    in.elapsed_us = 10'000'000 + 1'500'000;
    rt.clear();
    r.draw_static(rt, in, nullptr);
    rt.display();
    sf::Image plain = rt.getTexture().copyToImage();
    r.draw_overlay(rt, in, log);
    rt.display();
    sf::Image moving = rt.getTexture().copyToImage();
    std::size_t differ = 0;
    for (unsigned y = 0; y < plain.getSize().y; y += 2)
        for (unsigned x = 0; x < plain.getSize().x; x += 2)
            if (plain.getPixel(x, y) != moving.getPixel(x, y)) ++differ;
    CHECK(differ > 50);
}

TEST_CASE("[kiosk] connections scene: a long team name beside its node is not cut while the panel has room") {
    // "People & Culture" was cut to "People &..." at the label band's width with half the panel free beside it.
    auto wall = lw::parse_wall(read_text(data_file("wall-connections.json")), "wall-connections.json");
    REQUIRE_MESSAGE(wall, wall.error());
    SceneRenderer r(fonts());
    for (sf::Vector2u size : {sf::Vector2u{1920, 1080}, sf::Vector2u{1080, 1920}}) {
        CAPTURE(size.x);
        sf::RenderTexture rt;
        REQUIRE(rt.create(size.x, size.y));
        FrameInput in;
        in.wall = &*wall;
        in.scene = SceneKind::connections;
        in.now = *lw::parse_rfc3339("2026-05-18T10:35:00Z");
        LayoutLog log;
        r.draw_static(rt, in, &log);
        const LayoutItem* label = nullptr;
        for (const auto& it : log.items)
            if (it.kind == "connection_label" && it.id == "People & Culture") label = &it;
        REQUIRE(label);
        const Metrics m(static_cast<float>(size.x), static_cast<float>(size.y));
        const TextStyle style{m.text(28), true, sf::Color::White};
        const TextBlock whole = layout_text(*fonts(), "People & Culture", style, 1e6f, 1);
        CHECK(label->rect.width >= whole.width - 1);
    }
}
