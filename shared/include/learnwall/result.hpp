// Result types: a function that can fail returns what it made or a message that says why.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace lw {

struct Error {
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error e) : v_(std::move(e)) {}

    [[nodiscard]] bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    [[nodiscard]] const std::string& error() const { return std::get<1>(v_).message; }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error e) : err_(std::move(e.message)), failed_(true) {}
    [[nodiscard]] bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const std::string& error() const { return err_; }

private:
    std::string err_;
    bool failed_ = false;
};

using Status = Result<void>;

inline Error fail(std::string message) { return Error{std::move(message)}; }

}  // namespace lw
