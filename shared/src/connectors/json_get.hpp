// Tolerant field access for network JSON: missing or null means "absent", a wrong type is an error
// that names the field. Private to the connectors.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "learnwall/json_read.hpp"
#include "learnwall/utf8.hpp"

namespace lw::connectors::detail {

using nlohmann::json;

inline std::string pointer_key(std::string_view key) {
    std::string out = "/";
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

// Member of an object, or null when absent or null.
inline const json* member(const json& obj, std::string_view key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

inline std::string get_str(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    if (!v) return {};
    if (!v->is_string()) throw JsonFieldError(pointer_key(key), "expected a string, got " + json_type_name(*v));
    return v->get_ref<const std::string&>();
}

inline std::string required_str(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    if (!v) throw JsonFieldError(pointer_key(key), "expected a string, but it is missing or null");
    if (!v->is_string()) throw JsonFieldError(pointer_key(key), "expected a string, got " + json_type_name(*v));
    return v->get_ref<const std::string&>();
}

// Ids are strings on every network, but be lenient with a number (some servers send both forms).
inline std::string get_id(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    if (!v) return {};
    if (v->is_string()) return v->get_ref<const std::string&>();
    if (v->is_number_integer()) return std::to_string(v->get<std::int64_t>());
    throw JsonFieldError(pointer_key(key), "expected an id string, got " + json_type_name(*v));
}

inline std::int64_t get_int(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    if (!v) return 0;
    if (v->is_number_integer()) return v->get<std::int64_t>();
    if (v->is_number()) return static_cast<std::int64_t>(v->get<double>());
    throw JsonFieldError(pointer_key(key), "expected a number, got " + json_type_name(*v));
}

inline bool get_bool(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    if (!v) return false;
    if (!v->is_boolean()) throw JsonFieldError(pointer_key(key), "expected true or false, got " + json_type_name(*v));
    return v->get<bool>();
}

inline const json* get_array(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    if (!v) return nullptr;
    if (!v->is_array()) throw JsonFieldError(pointer_key(key), "expected an array, got " + json_type_name(*v));
    return v;
}

inline const json* get_object(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    if (!v) return nullptr;
    if (!v->is_object()) throw JsonFieldError(pointer_key(key), "expected an object, got " + json_type_name(*v));
    return v;
}

// Runs f; a field error inside gets `prefix` in front of its pointer.
template <class F>
auto within(const std::string& prefix, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const JsonFieldError& e) {
        throw JsonFieldError(prefix + e.pointer, e.expected);
    }
}

// A short, printable excerpt of a body for error messages.
inline std::string excerpt(std::string_view body, size_t max = 120) {
    std::string out;
    for (char c : body.substr(0, max)) out += (static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    if (body.size() > max) out += "...";
    return out;
}

// Replaces invalid UTF-8 bytes and unpaired \\uD800-\\uDFFF escapes with U+FFFD.
std::string repair_json_text(std::string_view body);

// Parses a response body; the error says where the JSON broke.
inline Result<json> parse_body(std::string_view body, const std::string& what) {
    if (body.empty()) return fail(what + ": the body is empty");
    try {
        return json::parse(body.begin(), body.end());
    } catch (const json::parse_error& e) {
        // Invalid UTF-8 or a lone surrogate escape in a string is a broken post, not a broken page:
        // repair it (U+FFFD) and read the rest.
        std::string repaired = repair_json_text(body);
        if (repaired != body) {
            json j = json::parse(repaired, nullptr, false);
            if (!j.is_discarded()) return j;
        }
        return fail(what + ": the body is not valid JSON (it may be truncated): broken at byte " + std::to_string(e.byte) +
                    " of " + std::to_string(body.size()) + ", starting \"" + excerpt(body, 60) + "\"");
    } catch (const json::exception& e) {
        // Thrown while parsing too: a number beyond a double's range (1e999) is out_of_range.406.
        return fail(what + ": the body is not valid JSON (" + json_error_text(e) + "), starting \"" + excerpt(body, 60) +
                    "\"");
    }
}

}  // namespace lw::connectors::detail
