// Strict JSON reading helpers shared by every loader.
#include "learnwall/json_read.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "learnwall/text_file.hpp"

namespace lw {

using nlohmann::json;

std::string json_type_name(const json& v) {
    switch (v.type()) {
        case json::value_t::null: return "null";
        case json::value_t::object: return "an object";
        case json::value_t::array: return "an array";
        case json::value_t::string: return "a string";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "an integer";
        case json::value_t::number_float: return "a number";
        default: return "an unsupported value";
    }
}

namespace {
// JSON pointer escaping (RFC 6901).
std::string escape_key(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}
}  // namespace

std::string JsonIn::child(std::string_view key) const { return ptr_ + "/" + escape_key(key); }

void JsonIn::fail(std::string_view key, const std::string& expected) const { throw JsonFieldError(child(key), expected); }
void JsonIn::fail_here(const std::string& expected) const { throw JsonFieldError(ptr_.empty() ? "/" : ptr_, expected); }

void JsonIn::require_object() const {
    if (!j_->is_object()) fail_here("expected an object, got " + json_type_name(*j_));
}

bool JsonIn::has(std::string_view key) const {
    if (!j_->is_object()) return false;
    auto it = j_->find(key);
    return it != j_->end() && !it->is_null();
}

JsonIn JsonIn::at(std::string_view key) const {
    require_object();
    auto it = j_->find(key);
    if (it == j_->end()) fail(key, "missing (required)");
    return JsonIn(*it, child(key));
}

std::vector<JsonIn> JsonIn::items() const {
    if (!j_->is_array()) fail_here("expected an array, got " + json_type_name(*j_));
    std::vector<JsonIn> out;
    out.reserve(j_->size());
    for (size_t i = 0; i < j_->size(); ++i) out.emplace_back((*j_)[i], ptr_ + "/" + std::to_string(i));
    return out;
}

std::vector<JsonIn> JsonIn::array(std::string_view key, bool required) const {
    if (!has(key)) {
        if (required) fail(key, "missing (required array)");
        return {};
    }
    return at(key).items();
}

std::string JsonIn::as_string() const {
    if (!j_->is_string()) fail_here("expected a string, got " + json_type_name(*j_));
    return j_->get<std::string>();
}

std::string JsonIn::str(std::string_view key) const { return at(key).as_string(); }

std::string JsonIn::str_or(std::string_view key, std::string fallback) const {
    if (!has(key)) return fallback;
    return str(key);
}

std::string JsonIn::nonempty_str(std::string_view key) const {
    std::string s = str(key);
    if (s.empty()) fail(key, "expected a non-empty string");
    return s;
}

std::int64_t JsonIn::integer(std::string_view key) const {
    JsonIn v = at(key);
    if (!v.raw().is_number_integer()) v.fail_here("expected an integer, got " + json_type_name(v.raw()));
    if (v.raw().is_number_unsigned() && v.raw().get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        v.fail_here("expected an integer that fits in 64 bits");
    return v.raw().get<std::int64_t>();
}

std::int64_t JsonIn::integer_or(std::string_view key, std::int64_t fallback) const {
    if (!has(key)) return fallback;
    return integer(key);
}

double JsonIn::number_or(std::string_view key, double fallback) const {
    if (!has(key)) return fallback;
    JsonIn v = at(key);
    if (!v.raw().is_number()) v.fail_here("expected a number, got " + json_type_name(v.raw()));
    return v.raw().get<double>();
}

bool JsonIn::boolean_or(std::string_view key, bool fallback) const {
    if (!has(key)) return fallback;
    JsonIn v = at(key);
    if (!v.raw().is_boolean()) v.fail_here("expected true or false, got " + json_type_name(v.raw()));
    return v.raw().get<bool>();
}

Instant JsonIn::instant(std::string_view key) const {
    std::string s = str(key);
    auto t = parse_rfc3339(s);
    if (!t) fail(key, "expected an RFC 3339 time such as 2026-05-18T09:30:00Z, got \"" + s + "\"");
    return *t;
}

Date JsonIn::date(std::string_view key) const {
    std::string s = str(key);
    auto d = parse_date(s);
    if (!d) fail(key, "expected a date YYYY-MM-DD, got \"" + s + "\"");
    return *d;
}

std::vector<std::string> JsonIn::strings(std::string_view key) const {
    std::vector<std::string> out;
    for (const JsonIn& item : array(key)) out.push_back(item.as_string());
    return out;
}

namespace {
// Line and column (1-based) of the byte before `byte` (nlohmann counts the byte it stopped on).
std::pair<size_t, size_t> line_col(const std::string& text, size_t byte) {
    size_t line = 1, col = 1;
    size_t stop = std::min<size_t>(byte ? byte - 1 : 0, text.size());
    for (size_t i = 0; i < stop; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return {line, col};
}

Result<json> parse_json(const std::string& text, const std::string& source_name, bool echo) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        // Notepad's and Excel's "Unicode" is UTF-16: "invalid literal" at 1:1 would send people hunting.
        if (looks_like_utf16(text)) return fail(source_name + ": looks like UTF-16 text; save it as UTF-8");
        // Turn the byte offset into line:column, which a person can find in an editor.
        auto [line, col] = line_col(text, e.byte);
        std::string where = source_name + ":" + std::to_string(line) + ":" + std::to_string(col) + ": not valid JSON";
        if (!echo) return fail(where);  // the excerpt nlohmann adds is the text being read: maybe a token
        std::string what = e.what();
        auto pos = what.find("syntax error");
        if (pos != std::string::npos) what = what.substr(pos);
        return fail(where + " (" + what + ")");
    } catch (const json::exception& e) {
        // Thrown while parsing too: a number beyond a double's range (1e999) is out_of_range.406.
        if (!echo) return fail(source_name + ": not valid JSON (a value out of range)");
        return fail(source_name + ": not valid JSON (" + json_error_text(e) + ")");
    }
}
}  // namespace

Result<json> parse_json_text(const std::string& text, const std::string& source_name) {
    return parse_json(text, source_name, true);
}

Result<json> parse_json_text_private(const std::string& text, const std::string& source_name) {
    return parse_json(text, source_name, false);
}

std::string json_error_text(const std::exception& e) {
    std::string what = e.what();
    if (!what.empty() && what.front() == '[') {
        auto close = what.find("] ");
        if (close != std::string::npos) what.erase(0, close + 2);
    }
    return what;
}

Result<json> read_json_file(const std::string& path) {
    // A directory opens as an empty stream, which would read as "unexpected end of input".
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return fail(path + ": is a directory, expected a JSON file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path + ": cannot open for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return fail(path + ": read error");
    return parse_json_text(ss.str(), path);
}

void check_schema_version(const JsonIn& root, int supported) {
    root.require_object();
    if (!root.has("schema_version")) root.fail("schema_version", "missing (required integer)");
    auto v = root.integer("schema_version");
    if (v < 1 || v > supported)
        root.fail("schema_version", "expected a schema version from 1 to " + std::to_string(supported) + ", got " +
                                        std::to_string(v) + " (written by a newer learnwall?)");
}

}  // namespace lw
