// Result<T>: a value or an Error, with the member names of std::expected
// (which g++ 12 lacks).
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.h"

namespace cc {

// Wraps an Error so that `return unexpected(err);` reads like std::expected.
struct Unexpected {
    Error error;
};

inline Unexpected unexpected(Error error) {
    return Unexpected{std::move(error)};
}

inline Unexpected unexpected(ErrorCode code, std::string message,
                             std::string detail = {}) {
    return Unexpected{make_error(code, std::move(message), std::move(detail))};
}

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}
    Result(Unexpected u) : state_(std::move(u.error)) {}

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(state_));
    }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!has_value());
        return std::get<1>(state_);
    }

  private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Unexpected u) : error_(std::move(u.error)), failed_(true) {}

    bool has_value() const { return !failed_; }
    explicit operator bool() const { return has_value(); }

    const Error& error() const {
        assert(failed_);
        return error_;
    }

  private:
    Error error_;
    bool failed_ = false;
};

}  // namespace cc
