// Json: a small reference-counting owner of jansson's json_t, with the
// accessors handlers and clients need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <jansson.h>

#include "core/result.h"

namespace cc::json {

class Json {
  public:
    Json() = default;

    // Takes ownership of a new reference (as returned by json_object()).
    static Json adopt(json_t* raw) { return Json(raw); }

    // Shares a borrowed reference (as returned by json_object_get()).
    static Json borrow(json_t* raw) { return Json(json_incref(raw)); }

    static Json object() { return adopt(json_object()); }
    static Json array() { return adopt(json_array()); }
    static Json string(std::string_view s);
    static Json integer(int64_t v) { return adopt(json_integer(v)); }
    static Json boolean(bool v) { return adopt(json_boolean(v)); }
    static Json null() { return adopt(json_null()); }

    Json(const Json& other) : raw_(json_incref(other.raw_)) {}
    Json(Json&& other) noexcept : raw_(other.raw_) { other.raw_ = nullptr; }
    Json& operator=(Json other) noexcept;
    ~Json() { json_decref(raw_); }

    json_t* raw() const { return raw_; }
    bool valid() const { return raw_ != nullptr; }
    bool is_object() const { return json_is_object(raw_); }
    bool is_array() const { return json_is_array(raw_); }
    bool is_string() const { return json_is_string(raw_); }

    // Object access: a missing key gives an invalid Json.
    Json get(const char* key) const;
    std::optional<std::string> get_string(const char* key) const;
    std::optional<int64_t> get_int(const char* key) const;
    std::optional<bool> get_bool(const char* key) const;

    Json& set(const char* key, Json value);
    Json& set(const char* key, std::string_view value);
    Json& set(const char* key, const char* value);
    Json& set(const char* key, int64_t value);
    Json& set(const char* key, int value) {
        return set(key, static_cast<int64_t>(value));
    }
    Json& set(const char* key, bool value);

    // Array access.
    size_t size() const { return json_array_size(raw_); }
    Json at(size_t i) const;
    Json& append(Json value);

    std::string as_string() const;

    // Compact serialisation; an invalid Json dumps as "null".
    std::string dump() const;

  private:
    explicit Json(json_t* raw) : raw_(raw) {}

    json_t* raw_ = nullptr;
};

// Parses a JSON text; errors name the line and column.
Result<Json> parse(std::string_view text);

}  // namespace cc::json
