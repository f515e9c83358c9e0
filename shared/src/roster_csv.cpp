// Roster import from CSV exported by HR tools or spreadsheets: quoting, BOM, CRLF, clear errors.
#include "learnwall/roster_csv.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "learnwall/fsutil.hpp"
#include "learnwall/text.hpp"
#include "learnwall/text_file.hpp"
#include "learnwall/utf8.hpp"

namespace lw {

namespace {

struct CsvField {
    std::string text;
    size_t line = 0;  // where the field starts (1-based), for messages
};
using CsvRow = std::vector<CsvField>;

// The delimiter of the file, read from its header line: spreadsheets in many European locales save
// "CSV" with semicolons, and some HR tools export tab-separated text. The most frequent of the three
// outside quotes wins; a comma when none appears.
char roster_detect_delimiter(std::string_view text) {
    size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
    }
    if (semicolons > commas && semicolons >= tabs) return ';';
    if (tabs > commas && tabs > semicolons) return '\t';
    return ',';
}

// Splits CSV text into rows of fields. Quoted fields may hold delimiters, doubled quotes and newlines.
Result<std::vector<CsvRow>> split_csv(std::string_view text, const std::string& name, char delimiter) {
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
        } else if (c == delimiter) {
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

enum class Column { name, team, mastodon, bluesky, x, slack, teams, email };

std::optional<Column> column_named(const std::string& header) {
    static const std::map<std::string, Column> names{
        {"name", Column::name},       {"team", Column::team},   {"mastodon", Column::mastodon},
        {"bluesky", Column::bluesky}, {"x", Column::x},         {"twitter", Column::x},
        {"slack", Column::slack},     {"teams", Column::teams},
        {"email", Column::email},     {"e-mail", Column::email}, {"mail", Column::email},
        {"email address", Column::email}, {"e-mail address", Column::email}, {"full name", Column::name}};
    auto it = names.find(ascii_lower(header));
    if (it == names.end()) return std::nullopt;
    return it->second;
}

bool has_space(const std::string& s) { return s.find_first_of(" \t\n\r") != std::string::npos; }

// Edit distance, small strings only: an unknown header one or two typos from a known one is refused
// (a "mastodn" column silently ignored would lose every handle in it).
size_t roster_column_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::optional<std::string> roster_near_miss_column(const std::string& header) {
    const std::string h = ascii_lower(header);
    for (const char* known : {"name", "team", "mastodon", "bluesky", "twitter", "slack", "teams", "email", "e-mail"}) {
        const std::string k = known;
        if (h.size() >= 3 && roster_column_distance(h, k) <= (k.size() >= 6 ? 2u : 1u)) return k;
    }
    return std::nullopt;
}

const char* roster_delimiter_name(char d) { return d == ';' ? "semicolons" : d == '\t' ? "tabs" : "commas"; }

}  // namespace

Result<RosterImport> parse_roster_csv(std::string_view text, const std::string& name) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const char delimiter = roster_detect_delimiter(text);
    auto rows = split_csv(text, name, delimiter);
    if (!rows) return fail(rows.error());
    RosterImport out;
    if (delimiter != ',')
        out.warnings.push_back(name + ":1: the fields are separated by " + roster_delimiter_name(delimiter) +
                               " (read as such)");
    if (rows->empty()) return fail(name + ": empty file (expected a header row: name,team,mastodon,bluesky,x,slack,teams,email)");

    const CsvRow& header = rows->front();
    std::vector<std::optional<Column>> columns;  // nullopt: a column this import ignores
    std::set<Column> seen;
    std::vector<std::string> ignored;
    for (size_t c = 0; c < header.size(); ++c) {
        const std::string& h = header[c].text;
        auto col = column_named(h);
        std::string where = name + ":" + std::to_string(header[c].line) + ": column " + std::to_string(c + 1);
        if (!col) {
            if (auto near = roster_near_miss_column(h))
                return fail(where + ": unknown column \"" + h + "\" (did you mean \"" + *near +
                            "\"? expected name, team, mastodon, bluesky, x, slack, teams or email)");
            // HR exports carry more than a roster needs (employee id, department, start date): those
            // columns are read past, never stored (the roster keeps only what scoring uses).
            ignored.push_back("\"" + h + "\"");
            columns.push_back(std::nullopt);
            continue;
        }
        if (!seen.insert(*col).second) return fail(where + ": column \"" + h + "\" appears twice");
        columns.push_back(*col);
    }
    if (!seen.count(Column::name)) return fail(name + ":1: the header has no \"name\" column");
    if (!seen.count(Column::team)) return fail(name + ":1: the header has no \"team\" column");
    if (!ignored.empty()) {
        std::string list;
        for (const auto& i : ignored) list += (list.empty() ? "" : ", ") + i;
        out.warnings.push_back(name + ":1: ignored column" + (ignored.size() == 1 ? " " : "s ") + list +
                               " (a roster reads name, team, mastodon, bluesky, x, slack, teams and email)");
    }

    // Names and e-mail addresses are compared case-folded: "ana lima" and "Ana Lima", or
    // "Ana@Corp.example" and "ana@corp.example", are one person, so a second row is a duplicate.
    std::map<std::string, std::pair<size_t, std::string>> name_line;  // folded name -> (line, name)
    std::map<std::pair<int, std::string>, std::pair<std::string, size_t>> owner;  // (network, handle) -> (name, line)
    for (size_t r = 1; r < rows->size(); ++r) {
        const CsvRow& row = (*rows)[r];
        size_t line = row.front().line;
        std::string at_line = name + ":" + std::to_string(line);
        if (row.size() != columns.size())
            return fail(at_line + ": expected " + std::to_string(columns.size()) + " fields like the header, got " +
                        std::to_string(row.size()) + " (a " +
                        (delimiter == ',' ? "comma" : delimiter == ';' ? "semicolon" : "tab") +
                        " inside a value needs quotes)");
        Participant p;
        for (size_t c = 0; c < row.size(); ++c) {
            if (!columns[c]) continue;
            const std::string& v = row[c].text;
            std::string where = at_line + ": column " + std::to_string(c + 1) + " (" + header[c].text + ")";
            if (!is_valid_utf8(v)) return fail(where + ": invalid UTF-8 (save the file as UTF-8)");
            switch (*columns[c]) {
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
                case Column::x:
                case Column::slack:
                case Column::teams: {
                    std::string h = normalise_handle(v);
                    if (!v.empty() && (h.empty() || has_space(trim(v))))
                        return fail(where + ": expected one handle without spaces, got \"" + v + "\"");
                    if (columns[c] == Column::mastodon && !h.empty() && h.find('@') == std::string::npos)
                        return fail(where + ": expected a full Mastodon handle such as @ana@example.social, got \"" +
                                    v + "\"");
                    // Chat accounts are ids: a Slack member id, a Teams (Entra) user object id.
                    if (columns[c] == Column::slack && !h.empty() &&
                        (h.size() < 3 || (h[0] != 'u' && h[0] != 'w') || h.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos))
                        return fail(where + ": expected a Slack member id such as U0123ABCD (profile, \"Copy member ID\"), got \"" + v + "\"");
                    if (columns[c] == Column::teams && !h.empty() && h.find_first_not_of("abcdef0123456789-") != std::string::npos)
                        return fail(where + ": expected a Microsoft Entra user object id such as 8ea0e38b-efb3-4757-924a-5f94061cf8c2, got \"" + v + "\"");
                    (columns[c] == Column::mastodon  ? p.mastodon
                     : columns[c] == Column::bluesky ? p.bluesky
                     : columns[c] == Column::x       ? p.x
                     : columns[c] == Column::slack   ? p.slack
                                                     : p.teams) = h;
                    break;
                }
            }
        }
        if (auto [it, fresh] = name_line.emplace(fold_case(p.name), std::make_pair(line, p.name)); !fresh) {
            const auto& [first_line, first_name] = it->second;
            return fail(at_line + ": \"" + p.name + "\" is already on line " + std::to_string(first_line) +
                        (first_name == p.name ? std::string() : " as \"" + first_name + "\" (the same name in another case)") +
                        " (names must be unique: add a middle initial or the team)");
        }
        const std::string folded_email = fold_case(p.email);
        const std::pair<int, const std::string*> handles[] = {{0, &p.mastodon}, {1, &p.bluesky}, {2, &p.x},
                                                              {3, &folded_email}, {4, &p.slack}, {5, &p.teams}};
        static const char* nets[] = {"mastodon handle", "bluesky handle", "x handle", "e-mail", "slack id", "teams id"};
        for (const auto& [net, h] : handles) {
            if (h->empty()) continue;
            auto [it, fresh] = owner.emplace(std::make_pair(net, *h), std::make_pair(p.name, line));
            if (!fresh)
                return fail(at_line + ": the " + std::string(nets[net]) + " \"" + (net == 3 ? p.email : *h) +
                            "\" already belongs to \"" + it->second.first + "\" on line " +
                            std::to_string(it->second.second) + " (one person a row: posts by it would go to the first)");
        }
        if (p.team.empty()) out.warnings.push_back(at_line + ": \"" + p.name + "\" has no team (counts for no team)");
        if (p.mastodon.empty() && p.bluesky.empty() && p.x.empty() && p.slack.empty() && p.teams.empty() && p.email.empty())
            out.warnings.push_back(at_line + ": \"" + p.name +
                                   "\" has no social handle or e-mail (only manual posts and awards can reach them)");
        out.roster.people.push_back(std::move(p));
    }
    return out;
}

Result<RosterImport> load_roster_csv(const std::string& path) {
    auto text = read_text_file(path);  // a directory or a UTF-16 export gets its own message
    if (!text) return fail(text.error());
    return parse_roster_csv(*text, path);
}

}  // namespace lw
