// The moderation panel: the queue of posts (newest first) with filters, bulk selection, keyboard
// decisions (A approve, R reject, P pin, F feature, U undo), a reason, and the selected post in full.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <SFML/Window/Keyboard.hpp>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>

#include "gui/app.hpp"
#include "gui/glyphs.hpp"
#include "gui/imgui_sfml.hpp"
#include "gui/probe.hpp"
#include "learnwall/actions/posts.hpp"
#include "learnwall/log_safe.hpp"
#include "render/image_cache.hpp"  // the one image cache (kiosk/render)
#include "learnwall/moderation_rules.hpp"
#include "learnwall/text.hpp"

namespace lw::admin {

namespace {

const ImVec4 kPendingColour(0.80f, 0.50f, 0.00f, 1.0f);
const ImVec4 kApprovedColour(0.10f, 0.55f, 0.20f, 1.0f);
const ImVec4 kRejectedColour(0.75f, 0.12f, 0.12f, 1.0f);

ImVec4 colour_of(Moderation m) {
    return m == Moderation::approved ? kApprovedColour : m == Moderation::rejected ? kRejectedColour : kPendingColour;
}

void rebuild_rows(const State& s, ModerationUi& ui) {
    ModerationView view = filter_posts(s, ui.filter);
    ui.rows = std::move(view.rows);
    ui.pending = view.pending;
    ui.approved = view.approved;
    ui.rejected = view.rejected;
    // Selections of posts no longer listed would act invisibly: drop them.
    std::set<std::string> still;
    for (size_t i : ui.rows)
        if (ui.selected.count(s.posts[i].post.id())) still.insert(s.posts[i].post.id());
    ui.selected.swap(still);
    ui.built_revision = s.revision;
    ui.dirty = false;
}

int row_of(const State& s, const ModerationUi& ui, const std::string& id) {
    for (size_t k = 0; k < ui.rows.size(); ++k)
        if (s.posts[ui.rows[k]].post.id() == id) return static_cast<int>(k);
    return -1;
}

std::string author_label(const Post& p) {
    if (!p.author_display_name.empty() && !p.author_handle.empty())
        return p.author_display_name + " (@" + p.author_handle + ")";
    if (!p.author_display_name.empty()) return p.author_display_name;
    return "@" + p.author_handle;
}

ImTextureID texture_id(const sf::Texture& t) {
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(t.getNativeHandle()));
}

enum class Fit { crop, contain };

// Draws the image at `url` at the cursor in a box of `box`: the picture (cropped to the box, or
// whole inside it), a blurred stand-in for a post marked sensitive until someone clicks it, or a
// grey placeholder whose tooltip says why there is no picture. Test scripts see the item as
// "<name> ok|sensitive|loading|failed <post id>[ <index>]".
void draw_image(App& app, const std::string& url, ImVec2 box, Fit fit, const Post& p, const std::string& name,
                const std::string& suffix) {
    ModerationUi& ui = app.moderation;
    const kiosk::ImageCache::Entry& t = ui.thumbs->entry(url);
    const std::string id = p.id();
    const bool ready = t.state == kiosk::ImageCache::State::ready;
    const bool hidden = ready && p.sensitive && !ui.revealed.count(id);
    ImVec2 size = box;
    ImVec2 uv0(0, 0), uv1(1, 1);
    if (ready) {
        const auto ts = t.texture.getSize();
        const float image_ar = static_cast<float>(ts.x) / static_cast<float>(std::max(1u, ts.y));
        const float box_ar = box.x / box.y;
        if (fit == Fit::crop) {  // the middle of the picture fills the box
            if (image_ar > box_ar) uv0.x = (1 - box_ar / image_ar) / 2, uv1.x = 1 - uv0.x;
            else uv0.y = (1 - image_ar / box_ar) / 2, uv1.y = 1 - uv0.y;
        } else {  // the whole picture, as large as fits
            size = image_ar > box_ar ? ImVec2(box.x, box.x / image_ar) : ImVec2(box.y * image_ar, box.y);
        }
    } else if (fit == Fit::contain) {
        size = ImVec2(box.y, box.y);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + size.x, a.y + size.y);
    ImGui::PushID((name + suffix).c_str());
    const bool clicked = ImGui::InvisibleButton("##image", size);
    ImGui::PopID();
    const char* state = hidden ? "sensitive" : ready ? "ok" : t.state == kiosk::ImageCache::State::failed ? "failed" : "loading";
    probe_last_item(name + " " + state + " " + id + suffix);
    if (ready) {
        dl->AddImage(texture_id(hidden ? t.blurred : t.texture), a, b, uv0, uv1);
        if (hidden) {
            dl->AddRectFilled(a, b, IM_COL32(40, 40, 40, 90));
            const char* label = size.x >= 70 ? "⚠ sensitive" : "⚠";
            ImVec2 ls = ImGui::CalcTextSize(label);
            dl->AddText(ImVec2(a.x + (size.x - ls.x) / 2, a.y + (size.y - ls.y) / 2), IM_COL32_WHITE, label);
        }
    } else {
        const bool failed = t.state == kiosk::ImageCache::State::failed;
        dl->AddRectFilled(a, b, failed ? IM_COL32(196, 196, 200, 255) : IM_COL32(228, 228, 232, 255));
        if (failed) {  // a crossed-out frame: "no picture here"
            const float m = std::min(size.x, size.y) * 0.28f;
            const ImVec2 c(a.x + size.x / 2, a.y + size.y / 2);
            dl->AddLine(ImVec2(c.x - m, c.y - m), ImVec2(c.x + m, c.y + m), IM_COL32(120, 120, 128, 255), 2.0f);
            dl->AddLine(ImVec2(c.x - m, c.y + m), ImVec2(c.x + m, c.y - m), IM_COL32(120, 120, 128, 255), 2.0f);
        }
    }
    dl->AddRect(a, b, IM_COL32(160, 160, 170, 255));
    if (clicked) ui.cursor = id;  // a click on a picture focuses its post, as a click on the row does
    if (clicked && hidden) ui.revealed.insert(id);
    else if (clicked && ready && p.sensitive) ui.revealed.erase(id);
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 420);
    if (hidden) {
        ImGui::TextUnformatted("Marked sensitive by the author: click to show it here.");
        if (!p.content_warning.empty()) ImGui::Text("Content warning: %s", shown(p.content_warning));
        if (app.state().event.moderation.hide_sensitive_media)
            ImGui::TextDisabled("Screens never show it (moderation rules: hide sensitive media).");
    } else if (ready) {
        const auto ts = t.texture.getSize();
        ImGui::Image(texture_id(t.texture), ImVec2(static_cast<float>(ts.x), static_cast<float>(ts.y)));
        if (p.sensitive) ImGui::TextDisabled("Sensitive: click to blur it again.");
    } else if (t.state == kiosk::ImageCache::State::failed) {
        ImGui::Text("Image not shown: %s", t.reason.c_str());
    } else {
        ImGui::TextUnformatted("Loading...");
    }
    ImGui::TextDisabled("%s", url.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// The posts a key or bulk button acts on: the ticked ones, else the focused one.
std::vector<std::string> targets(const ModerationUi& ui) {
    if (!ui.selected.empty()) return {ui.selected.begin(), ui.selected.end()};
    if (!ui.cursor.empty()) return {ui.cursor};
    return {};
}

// Decides, then keeps the focus on the row that now sits where the decided one was.
void decide(App& app, const std::vector<std::string>& ids, const std::string& action) {
    ModerationUi& ui = app.moderation;
    const State& s = app.state();
    int at = ui.cursor.empty() ? -1 : row_of(s, ui, ui.cursor);
    if (!app.moderate(ids, action, trim(ui.reason))) return;
    ui.selected.clear();
    if (ui.dirty) rebuild_rows(app.state(), ui);  // else the decision moved its rows already
    if (ui.rows.empty()) {
        ui.cursor.clear();
    } else if (at >= 0) {
        int keep = row_of(app.state(), ui, ui.cursor);
        if (keep < 0) ui.cursor = app.state().posts[ui.rows[std::min<size_t>(at, ui.rows.size() - 1)]].post.id();
    }
    ui.scroll_to_cursor = true;
}

void undo_last(App& app) {
    ModerationUi& ui = app.moderation;
    if (!ui.undo) {
        app.say("nothing to undo");
        return;
    }
    const DecisionUndo u = *ui.undo;
    // One decision per restoring action (learnwall/actions/posts.hpp works them out).
    for (const auto& [action, ids] : undo_batches(u))
        if (!app.moderate(ids, action, "undo: " + u.label)) return;
    ui.undo.reset();  // an undo is not itself undone by U (press the original key again)
    app.say("undone: " + u.label);
}

void move_cursor(App& app, int delta) {
    ModerationUi& ui = app.moderation;
    if (ui.rows.empty()) return;
    int at = ui.cursor.empty() ? -1 : row_of(app.state(), ui, ui.cursor);
    int next = std::clamp(at < 0 ? 0 : at + delta, 0, static_cast<int>(ui.rows.size()) - 1);
    ui.cursor = app.state().posts[ui.rows[next]].post.id();
    ui.scroll_to_cursor = true;
}

void handle_keys(App& app) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyAlt) return;  // typing in a filter or the reason
    ModerationUi& ui = app.moderation;
    auto pressed = [](sf::Keyboard::Key k) { return ImGui::IsKeyPressed(k); };
    if (pressed(sf::Keyboard::Down) || pressed(sf::Keyboard::J)) move_cursor(app, +1);
    if (pressed(sf::Keyboard::Up) || pressed(sf::Keyboard::K)) move_cursor(app, -1);
    if (pressed(sf::Keyboard::PageDown)) move_cursor(app, +15);
    if (pressed(sf::Keyboard::PageUp)) move_cursor(app, -15);
    if (pressed(sf::Keyboard::Home)) move_cursor(app, -1'000'000);
    if (pressed(sf::Keyboard::End)) move_cursor(app, +1'000'000);
    if (io.KeyCtrl) {
        if (pressed(sf::Keyboard::A))
            for (size_t i : ui.rows) ui.selected.insert(app.state().posts[i].post.id());
        if (pressed(sf::Keyboard::Z)) undo_last(app);
        return;
    }
    if (pressed(sf::Keyboard::Space) && !ui.cursor.empty()) {
        if (!ui.selected.erase(ui.cursor)) ui.selected.insert(ui.cursor);
    }
    if (pressed(sf::Keyboard::Escape)) ui.selected.clear();
    auto t = targets(ui);
    if (pressed(sf::Keyboard::A) && !t.empty()) decide(app, t, "approve");
    if (pressed(sf::Keyboard::R) && !t.empty()) decide(app, t, "reject");
    if (pressed(sf::Keyboard::P) && !t.empty()) {
        const PostRecord* r = app.state().find(t.front());
        decide(app, t, r && r->pinned ? "unpin" : "pin");
    }
    if (pressed(sf::Keyboard::F) && !t.empty()) {
        const PostRecord* r = app.state().find(t.front());
        decide(app, t, r && r->featured ? "unfeature" : "feature");
    }
    if (pressed(sf::Keyboard::U)) undo_last(app);
}

void draw_counts(const ModerationUi& ui) {
    auto count = [](const char* label, size_t n, ImVec4 colour) {
        ImGui::BeginGroup();
        ImGui::PushFont(big_font());
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::Text("%zu", n);
        ImGui::PopStyleColor();
        ImGui::PopFont();
        ImGui::TextDisabled("%s", label);
        ImGui::EndGroup();
        ImGui::SameLine(0, 40);
    };
    count("pending", ui.pending, kPendingColour);
    count("approved", ui.approved, kApprovedColour);
    count("rejected", ui.rejected, kRejectedColour);
    ImGui::NewLine();
}

void draw_filters(App& app) {
    ModerationUi& ui = app.moderation;
    static const char* shows[] = {"Pending", "Approved", "Rejected", "All"};
    for (int i = 0; i < 4; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(shows[i], static_cast<int>(ui.filter.show) == i)) {
            ui.filter.show = static_cast<ModerationUi::Show>(i);
            ui.dirty = true;
        }
        probe_last_item(std::string("show ") + ascii_lower(shows[i]));
    }
    ImGui::SameLine(0, 24);
    ImGui::SetNextItemWidth(130);
    static const char* sources[] = {"any source", "mastodon", "bluesky", "x", "manual"};
    int current = 0;
    for (int i = 1; i < 5; ++i)
        if (ui.filter.source == sources[i]) current = i;
    if (ImGui::Combo("##source", &current, sources, 5)) {
        ui.filter.source = current == 0 ? "" : sources[current];
        ui.dirty = true;
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(170);
    if (ImGui::InputTextWithHint("##author", "author contains", &ui.filter.author)) ui.dirty = true;
    probe_last_item("filter author");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(220);
    if (ImGui::InputTextWithHint("##text", "text contains", &ui.filter.text)) ui.dirty = true;
    probe_last_item("filter text");
}

void draw_bulk_bar(App& app) {
    ModerationUi& ui = app.moderation;
    auto t = targets(ui);
    ImGui::BeginDisabled(t.empty());
    std::string what = ui.selected.empty() ? "focused post" : std::to_string(ui.selected.size()) + " selected";
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s:", what.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Approve (A)")) decide(app, t, "approve");
    probe_last_item("bulk approve");
    ImGui::SameLine();
    if (ImGui::Button("Reject (R)")) decide(app, t, "reject");
    probe_last_item("bulk reject");
    ImGui::SameLine();
    if (ImGui::Button("Pin (P)")) decide(app, t, "pin");
    ImGui::SameLine();
    if (ImGui::Button("Feature (F)")) decide(app, t, "feature");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!ui.undo);
    std::string undo = ui.undo ? "Undo " + ui.undo->label + " (U)" : "Undo (U)";
    if (ImGui::Button(undo.c_str())) undo_last(app);
    probe_last_item("undo");
    ImGui::EndDisabled();
    ImGui::SameLine(0, 24);
    ImGui::SetNextItemWidth(std::max(160.0f, ImGui::GetContentRegionAvail().x));
    ImGui::InputTextWithHint("##reason", "reason for the next decisions (kept in the audit trail)", &ui.reason);
    probe_last_item("reason");
}

void draw_table(App& app, float height) {
    ModerationUi& ui = app.moderation;
    State& s = app.state();
    if (ui.rows.empty()) {
        ImGui::BeginChild("empty", ImVec2(0, height), true);
        ImGui::Spacing();
        ImGui::TextDisabled(ui.filter.show == ModerationUi::Show::pending ? "Nothing waiting: every post has been decided."
                                                                   : "No posts match these filters.");
        ImGui::EndChild();
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("posts", 7, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("##sel", ImGuiTableColumnFlags_WidthFixed, 24);
    ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed, 190);
    ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableSetupColumn("Post", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, 90);
    ImGui::TableSetupColumn("Decide", ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableHeadersRow();

    // Rows are as tall as their tallest widget plus the cell padding; the clipper and the keyboard
    // scrolling need that height exactly, so it is measured on screen (first frame: an estimate).
    const float thumb = ImGui::GetFrameHeight() + 2;  // the time cell and the image thumbnails
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_h = ui.row_h > 0 ? ui.row_h : thumb + style.CellPadding.y * 2 + style.ItemSpacing.y;
    float last_row_y = -1;
    int cursor_row = ui.scroll_to_cursor && !ui.cursor.empty() ? row_of(s, ui, ui.cursor) : -1;
    if (cursor_row >= 0) {
        // Keep the focused row in view without a jump when it already is.
        float top = ImGui::GetScrollY(), visible = height - row_h * 2;
        float y = cursor_row * row_h;
        if (y < top) ImGui::SetScrollY(y);
        else if (y + row_h > top + visible) ImGui::SetScrollY(y + row_h - visible);
    }
    ui.scroll_to_cursor = false;

    std::vector<std::string> act_ids;
    std::string act;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(ui.rows.size()), row_h);
    while (clipper.Step()) {
        for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
            const PostRecord& r = s.posts[ui.rows[k]];
            const Post& p = r.post;
            const std::string id = p.id();
            Moderation m = s.moderation_of(r);
            ImGui::PushID(k);
            ImGui::TableNextRow(0, row_h);

            ImGui::TableSetColumnIndex(0);
            const float row_y = ImGui::GetCursorScreenPos().y;
            if (last_row_y >= 0 && row_y > last_row_y) ui.row_h = row_y - last_row_y;
            last_row_y = row_y;
            bool ticked = ui.selected.count(id) != 0;
            if (ImGui::Checkbox("##tick", &ticked)) {
                if (ticked) ui.selected.insert(id);
                else ui.selected.erase(id);
            }
            probe_last_item("tick " + id);

            ImGui::TableSetColumnIndex(1);
            bool focused = ui.cursor == id;
            std::string when = local_time_label(s, p.created_at);
            if (ImGui::Selectable(when.c_str(), focused || ticked,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                                  ImVec2(0, thumb))) {
                ImGuiIO& io = ImGui::GetIO();
                if (io.KeyCtrl) {
                    if (!ui.selected.erase(id)) ui.selected.insert(id);
                } else if (io.KeyShift && !ui.cursor.empty()) {
                    int a = row_of(s, ui, ui.cursor);
                    if (a >= 0)
                        for (int j = std::min(a, k); j <= std::max(a, k); ++j)
                            ui.selected.insert(s.posts[ui.rows[j]].post.id());
                }
                ui.cursor = id;
            }
            probe_last_item("row " + id);
            if (focused) {
                // A bar at the left edge marks the keyboard focus even when the row is also ticked.
                ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
                ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a.x - 30, a.y), ImVec2(a.x - 26, b.y),
                                                          ImGui::GetColorU32(ImGuiCol_CheckMark));
            }

            ImGui::TableSetColumnIndex(2);
            ImGui::AlignTextToFramePadding();
            text_cell(author_label(p));
            probe_last_item("author " + id);
            ImGui::TableSetColumnIndex(3);
            ImGui::AlignTextToFramePadding();
            ImGui::TextDisabled("%s", p.source.c_str());
            ImGui::TableSetColumnIndex(4);
            if (!p.image_urls.empty()) {
                const size_t shown = std::min<size_t>(p.image_urls.size(), 3);
                for (size_t i = 0; i < shown; ++i) {
                    draw_image(app, p.image_urls[i], ImVec2(thumb, thumb), Fit::crop, p, "image", " " + std::to_string(i));
                    ImGui::SameLine(0, 3);
                }
                if (p.image_urls.size() > shown) {
                    ImGui::AlignTextToFramePadding();
                    ImGui::TextDisabled("+%zu", p.image_urls.size() - shown);
                    ImGui::SameLine();
                }
            }
            ImGui::AlignTextToFramePadding();
            std::string line = one_line(p.text, 300);
            if (r.pinned) line = "[pinned] " + line;
            if (r.featured) line = "[featured] " + line;
            text_cell(line);
            probe_last_item("text " + id);
            if (ImGui::IsItemHovered() && p.text.size() > 60) {
                ImGui::BeginTooltip();
                text_wrapped(p.text, 520);
                ImGui::EndTooltip();
            }
            ImGui::TableSetColumnIndex(5);
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(colour_of(m), "%s", to_string(m).c_str());
            probe_last_item("state " + id + " " + to_string(m) + (r.pinned ? " pinned" : ""));

            ImGui::TableSetColumnIndex(6);
            if (m != Moderation::approved) {
                ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.93f, 0.82f, 1));
                if (ImGui::SmallButton("Approve")) act_ids = {id}, act = "approve";
                ImGui::PopStyleColor();
                probe_last_item("approve " + id);
                ImGui::SameLine();
            }
            if (m != Moderation::rejected) {
                ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.96f, 0.84f, 0.84f, 1));
                if (ImGui::SmallButton("Reject")) act_ids = {id}, act = "reject";
                ImGui::PopStyleColor();
                probe_last_item("reject " + id);
            }
            if (m == Moderation::approved) {
                ImGui::SameLine();
                if (ImGui::SmallButton(r.pinned ? "Unpin" : "Pin")) act_ids = {id}, act = r.pinned ? "unpin" : "pin";
                probe_last_item("pin " + id);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    if (!act.empty()) {
        app.moderation.cursor = act_ids.front();
        decide(app, act_ids, act);
    }
}

void draw_detail(App& app) {
    ModerationUi& ui = app.moderation;
    const PostRecord* r = ui.cursor.empty() ? nullptr : app.state().find(ui.cursor);
    ImGui::BeginChild("detail", ImVec2(0, 0), true);
    if (!r) {
        ImGui::TextDisabled("Keys: Up/Down (or J/K) move, Space ticks, A approve, R reject, P pin, F feature, "
                            "U undo, Ctrl+A tick all, Esc clear. Ticked posts are decided together.");
        ImGui::EndChild();
        return;
    }
    const Post& p = r->post;
    // The pictures sit on the right, as large as the pane allows; the words keep the rest.
    const size_t images = std::min<size_t>(p.image_urls.size(), 4);
    const float image_h = std::max(48.0f, ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing());
    const float images_w = images == 0 ? 0.0f
                                       : std::min(ImGui::GetContentRegionAvail().x * 0.45f,
                                                  static_cast<float>(images) * (image_h * 1.5f + 6.0f));
    if (images > 0) ImGui::BeginChild("detail-text", ImVec2(ImGui::GetContentRegionAvail().x - images_w - 10, 0), false);
    if (!p.author_avatar_url.empty()) {
        const float side = ImGui::GetFontSize() * 1.3f + 4;
        draw_image(app, p.author_avatar_url, ImVec2(side, side), Fit::crop, p, "avatar", "");
        ImGui::SameLine();
    }
    ImGui::PushFont(heading_font());
    ImGui::TextUnformatted(shown(author_label(p)));
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("%s · %s · %s", p.source.c_str(), local_time_label(app.state(), p.created_at).c_str(),
                        p.id().c_str());
    // Block or trust the author from here: the rules then decide their future posts on arrival.
    const std::string key = author_key(p);
    const ModerationRules& rules = app.state().event.moderation;
    bool blocked = std::find(rules.blocked_authors.begin(), rules.blocked_authors.end(), key) != rules.blocked_authors.end();
    bool trusted = std::find(rules.trusted_authors.begin(), rules.trusted_authors.end(), key) != rules.trusted_authors.end();
    // On the heading's line when it has room (the text beside the images is narrower), else below it.
    const float heading_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 12;
    const float buttons_x = ImGui::GetWindowContentRegionMax().x - 230;
    if (heading_end <= buttons_x) ImGui::SameLine(buttons_x);
    auto author_action = [&](const char* policy) {
        return app.apply_said(set_author(app.dir(), app.state(), {key, "", policy, ""}, app.user()));
    };
    if (blocked || trusted) {
        ImGui::TextColored(blocked ? kRejectedColour : kApprovedColour, blocked ? "blocked" : "trusted");
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear")) {
            author_action("none");
            ui.dirty = true;
        }
    } else {
        if (ImGui::SmallButton("Block author")) {
            const std::string id = p.id();  // the action may move the posts: look the post up again
            if (author_action("block")) {
                // The rules reject the waiting posts; this one goes too even when it was approved.
                const PostRecord* now = app.state().find(id);
                if (now && app.state().moderation_of(*now) != Moderation::rejected) app.moderate({id}, "reject", "blocked author");
                ui.dirty = true;
            }
        }
        probe_last_item("block focused author");
        ImGui::SameLine();
        if (ImGui::SmallButton("Trust author")) {
            author_action("trust");
            ui.dirty = true;
        }
        probe_last_item("trust focused author");
    }
    text_wrapped(p.text);
    if (!p.hashtags.empty()) {
        std::string tags;
        for (const auto& t : p.hashtags) tags += "#" + t + "  ";
        ImGui::TextColored(ImVec4(0.15f, 0.35f, 0.70f, 1), "%s", tags.c_str());
    }
    if (!p.content_warning.empty() || p.sensitive)
        ImGui::TextColored(kRejectedColour, "content warning: %s", p.content_warning.empty() ? "(sensitive)" : shown(p.content_warning));
    if (!p.url.empty()) ImGui::TextDisabled("%s", p.url.c_str());
    if (images > 0) {
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginGroup();
        const float each_w = (images_w - 6.0f * static_cast<float>(images - 1)) / static_cast<float>(images);
        for (size_t i = 0; i < images; ++i) {
            if (i) ImGui::SameLine(0, 6);
            draw_image(app, p.image_urls[i], ImVec2(each_w, image_h), Fit::contain, p, "detail image", " " + std::to_string(i));
        }
        std::string caption = std::to_string(p.image_urls.size()) + (p.image_urls.size() == 1 ? " image" : " images");
        if (p.image_urls.size() > images) caption += " (first " + std::to_string(images) + " shown)";
        caption += p.sensitive && !ui.revealed.count(p.id()) ? " · sensitive: click to show" : " · hover for a larger view";
        ImGui::TextDisabled("%s", caption.c_str());
        ImGui::EndGroup();
    }
    ImGui::EndChild();
}

}  // namespace

void draw_moderation_panel(App& app) {
    ModerationUi& ui = app.moderation;
    if (ui.dirty || ui.built_revision != app.state().revision) rebuild_rows(app.state(), ui);
    if (!ui.cursor.empty() && !app.state().find(ui.cursor)) ui.cursor.clear();
    if (ui.cursor.empty() && !ui.rows.empty()) ui.cursor = app.state().posts[ui.rows.front()].post.id();

    if (!ui.thumbs) {
        kiosk::ImageCacheOptions topts = kiosk::ImageCacheOptions::thumbnails();
        topts.policy = app.media_policy;
        ui.thumbs = std::make_shared<kiosk::ImageCache>(topts);
    }
    ui.thumbs->pump();
    for (const auto& e : ui.thumbs->take_errors()) std::cerr << "learnwall-admin: image " << log_safe(e, 1000) << "\n";
    handle_keys(app);
    draw_counts(ui);
    draw_filters(app);
    draw_bulk_bar(app);
    float detail_h = 180;
    float table_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - detail_h - ImGui::GetStyle().ItemSpacing.y);
    draw_table(app, table_h);
    draw_detail(app);
}

}  // namespace lw::admin
