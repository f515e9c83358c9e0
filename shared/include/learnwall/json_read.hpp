// Strict JSON reading: every failure names the JSON pointer of the bad field and what was expected.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "learnwall/result.hpp"
#include "learnwall/time.hpp"

namespace lw {

// Thrown inside loaders only; load boundaries turn it into an Error that also names the file.
struct JsonFieldError : std::runtime_error {
    JsonFieldError(std::string pointer_, std::string expected_)
        : std::runtime_error(pointer_ + ": " + expected_), pointer(std::move(pointer_)),
          expected(std::move(expected_)) {}
    std::string pointer;
    std::string expected;
};

// A read-only view of one JSON value and where it sits in its document.
class JsonIn {
public:
    JsonIn(const nlohmann::json& value, std::string pointer = "") : j_(&value), ptr_(std::move(pointer)) {}

    [[nodiscard]] const nlohmann::json& raw() const { return *j_; }
    [[nodiscard]] const std::string& pointer() const { return ptr_; }
    [[nodiscard]] bool has(std::string_view key) const;  // present and not null

    JsonIn at(std::string_view key) const;  // required member of an object
    std::vector<JsonIn> items() const;      // this value must be an array
    std::vector<JsonIn> array(std::string_view key, bool required = false) const;

    std::string str(std::string_view key) const;  // required, a string
    std::string str_or(std::string_view key, std::string fallback) const;
    std::string nonempty_str(std::string_view key) const;
    std::int64_t integer(std::string_view key) const;
    std::int64_t integer_or(std::string_view key, std::int64_t fallback) const;
    double number_or(std::string_view key, double fallback) const;
    bool boolean_or(std::string_view key, bool fallback) const;
    Instant instant(std::string_view key) const;  // RFC 3339
    Date date(std::string_view key) const;        // YYYY-MM-DD
    std::vector<std::string> strings(std::string_view key) const;  // optional; [] when absent
    std::string as_string() const;                                  // this value must be a string

    [[noreturn]] void fail(std::string_view key, const std::string& expected) const;
    [[noreturn]] void fail_here(const std::string& expected) const;
    void require_object() const;

private:
    std::string child(std::string_view key) const;
    const nlohmann::json* j_;
    std::string ptr_;
};

// Parses text as JSON; the error names the source (a file name), line and column.
Result<nlohmann::json> parse_json_text(const std::string& text, const std::string& source_name);
// The same for a file of secrets: the error names the source, line and column only, never the
// parser's "last read" excerpt (which would echo the token being read).
Result<nlohmann::json> parse_json_text_private(const std::string& text, const std::string& source_name);
// nlohmann's exception text without its "[json.exception.kind.N] " prefix, for messages to people.
std::string json_error_text(const std::exception& e);
// Reads and parses a file; errors name the file (and say so when it is a directory).
Result<nlohmann::json> read_json_file(const std::string& path);
// Describes a JSON value's type for error messages ("a string", "null").
std::string json_type_name(const nlohmann::json& v);
// Loads a document's schema_version and refuses versions this build does not know.
void check_schema_version(const JsonIn& root, int supported);

}  // namespace lw
