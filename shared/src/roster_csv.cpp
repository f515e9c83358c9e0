// Roster import from CSV exported by HR tools or spreadsheets: quoting, BOM, CRLF, clear errors.
#include "learnwall/roster_csv.hpp"

#include <map>
#include <optional>
#include <set>

#include "learnwall/fsutil.hpp"
#include "learnwall/text.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

namespace {

struct CsvField {
    std::string text;
    size_t line = 0;  // where the field starts (1-based), for messages
};
using CsvRow = std::vector<CsvField>;

// Splits CSV text into rows of fields. Quoted fields may hold commas, doubled quotes and newlines.
Result<std::vector<CsvRow>> split_csv(std::string_view text, const std::string& name) {
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    size_t line = 1, field_line = 1;
    bool quoted = false, was_quoted = false, row_has_content = false;
    size_t quote_line = 0;
    auto end_field = [&] {
        row.push_back({was_quoted ? field : trim(field), field_line});
        field.clear();
        was_quoted = false;
        field_line = line;
    };
    auto end_row = [&] {
        end_field();
        // A blank line (one empty unquoted field) is skipped rather than read as a person.
        if (row_has_content) rows.push_back(std::move(row));
        row.clear();
        row_has_content = false;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (!trim(field).empty() || was_quoted)
                return fail(name + ":" + std::to_string(line) + ": column " + std::to_string(row.size() + 1) +
                            ": a quote in the middle of a field (quote the whole field and double inner quotes: \"\")");
            field.clear();
            quoted = was_quoted = row_has_content = true;
            quote_line = line;
        } else if (c == ',') {
            row_has_content = true;
            end_field();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;  // CRLF: the \n ends the row
        } else if (c == '\n' || c == '\r') {
            end_row();
            ++line;
            field_line = line;
        } else {
            if (was_quoted && c != ' ' && c != '\t')
                return fail(name + ":" + std::to_string(line) + ": column " + std::to_string(row.size() + 1) +
                            ": text after a closing quote");
            if (!was_quoted) field += c;
            if (c != ' ' && c != '\t') row_has_content = true;
        }
    }
    if (quoted)
        return fail(name + ":" + std::to_string(quote_line) + ": column " + std::to_string(row.size() + 1) +
                    ": a quoted field is never closed");
    end_row();
    return rows;
}

enum class Column { name, team, mastodon, bluesky, x, email };

std::optional<Column> column_named(const std::string& header) {
    static const std::map<std::string, Column> names{
        {"name", Column::name},       {"team", Column::team},   {"mastodon", Column::mastodon},
        {"bluesky", Column::bluesky}, {"x", Column::x},         {"twitter", Column::x},
        {"email", Column::email},     {"e-mail", Column::email}};
    auto it = names.find(ascii_lower(header));
    if (it == names.end()) return std::nullopt;
    return it->second;
}

bool has_space(const std::string& s) { return s.find_first_of(" \t\n\r") != std::string::npos; }

}  // namespace

Result<RosterImport> parse_roster_csv(std::string_view text, const std::string& name) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    auto rows = split_csv(text, name);
    if (!rows) return fail(rows.error());
    if (rows->empty()) return fail(name + ": empty file (expected a header row: name,team,mastodon,bluesky,x,email)");

    const CsvRow& header = rows->front();
    std::vector<Column> columns;
    std::set<Column> seen;
    for (size_t c = 0; c < header.size(); ++c) {
        const std::string& h = header[c].text;
        auto col = column_named(h);
        std::string where = name + ":" + std::to_string(header[c].line) + ": column " + std::to_string(c + 1);
        if (!col)
            return fail(where + ": unknown column \"" + h +
                        "\" (expected name, team, mastodon, bluesky, x or email; is this the header row?)");
        if (!seen.insert(*col).second) return fail(where + ": column \"" + h + "\" appears twice");
        columns.push_back(*col);
    }
    if (!seen.count(Column::name)) return fail(name + ":1: the header has no \"name\" column");
    if (!seen.count(Column::team)) return fail(name + ":1: the header has no \"team\" column");

    RosterImport out;
    std::map<std::string, size_t> name_line;                       // name -> line
    std::map<std::pair<int, std::string>, std::string> owner;      // (network, handle) -> name
    for (size_t r = 1; r < rows->size(); ++r) {
        const CsvRow& row = (*rows)[r];
        size_t line = row.front().line;
        std::string at_line = name + ":" + std::to_string(line);
        if (row.size() != columns.size())
            return fail(at_line + ": expected " + std::to_string(columns.size()) + " fields like the header, got " +
                        std::to_string(row.size()) + " (a comma inside a value needs quotes)");
        Participant p;
        for (size_t c = 0; c < row.size(); ++c) {
            const std::string& v = row[c].text;
            std::string where = at_line + ": column " + std::to_string(c + 1) + " (" + header[c].text + ")";
            if (!is_valid_utf8(v)) return fail(where + ": invalid UTF-8 (save the file as UTF-8)");
            switch (columns[c]) {
                case Column::name:
                    if (v.empty()) return fail(where + ": the name is empty");
                    p.name = v;
                    break;
                case Column::team: p.team = v; break;
                case Column::email:
                    if (!v.empty() && (v.find('@') == std::string::npos || has_space(v)))
                        return fail(where + ": expected an e-mail address, got \"" + v + "\"");
                    p.email = ascii_lower(v);
                    break;
                case Column::mastodon:
                case Column::bluesky:
                case Column::x: {
                    std::string h = normalise_handle(v);
                    if (!v.empty() && (h.empty() || has_space(trim(v))))
                        return fail(where + ": expected one handle without spaces, got \"" + v + "\"");
                    if (columns[c] == Column::mastodon && !h.empty() && h.find('@') == std::string::npos)
                        return fail(where + ": expected a full Mastodon handle such as @ana@example.social, got \"" +
                                    v + "\"");
                    (columns[c] == Column::mastodon ? p.mastodon : columns[c] == Column::bluesky ? p.bluesky : p.x) = h;
                    break;
                }
            }
        }
        if (auto [it, fresh] = name_line.emplace(p.name, line); !fresh)
            return fail(at_line + ": \"" + p.name + "\" is already on line " + std::to_string(it->second) +
                        " (names must be unique: add a middle initial or the team)");
        const std::pair<int, const std::string*> handles[] = {{0, &p.mastodon}, {1, &p.bluesky}, {2, &p.x}};
        static const char* nets[] = {"mastodon", "bluesky", "x"};
        for (const auto& [net, h] : handles) {
            if (h->empty()) continue;
            auto [it, fresh] = owner.emplace(std::make_pair(net, *h), p.name);
            if (!fresh)
                return fail(at_line + ": the " + std::string(nets[net]) + " handle \"" + *h + "\" already belongs to \"" +
                            it->second + "\"");
        }
        if (p.team.empty()) out.warnings.push_back(at_line + ": \"" + p.name + "\" has no team (counts for no team)");
        if (p.mastodon.empty() && p.bluesky.empty() && p.x.empty() && p.email.empty())
            out.warnings.push_back(at_line + ": \"" + p.name +
                                   "\" has no social handle or e-mail (only manual posts and awards can reach them)");
        out.roster.people.push_back(std::move(p));
    }
    return out;
}

Result<RosterImport> load_roster_csv(const std::string& path) {
    auto text = read_file(path);
    if (!text) return fail(text.error());
    return parse_roster_csv(*text, path);
}

}  // namespace lw
