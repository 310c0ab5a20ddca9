// Json owner implementation and the parser entry point.
#include "json/json.h"

#include <cstdlib>
#include <string>
#include <utility>

namespace cc::json {

Json Json::string(std::string_view s) {
    return adopt(json_stringn(s.data(), s.size()));
}

Json& Json::operator=(Json other) noexcept {
    std::swap(raw_, other.raw_);
    return *this;
}

Json Json::get(const char* key) const {
    json_t* v = json_object_get(raw_, key);
    return v ? borrow(v) : Json();
}

std::optional<std::string> Json::get_string(const char* key) const {
    json_t* v = json_object_get(raw_, key);
    if (!json_is_string(v)) return std::nullopt;

    return std::string(json_string_value(v), json_string_length(v));
}

std::optional<int64_t> Json::get_int(const char* key) const {
    json_t* v = json_object_get(raw_, key);
    if (!json_is_integer(v)) return std::nullopt;

    return json_integer_value(v);
}

std::optional<bool> Json::get_bool(const char* key) const {
    json_t* v = json_object_get(raw_, key);
    if (!json_is_boolean(v)) return std::nullopt;

    return json_is_true(v);
}

Json& Json::set(const char* key, Json value) {
    json_object_set(raw_, key, value.raw_ ? value.raw_ : json_null());
    return *this;
}

Json& Json::set(const char* key, std::string_view value) {
    return set(key, string(value));
}

Json& Json::set(const char* key, const char* value) {
    return set(key, value ? string(value) : null());
}

Json& Json::set(const char* key, int64_t value) {
    return set(key, integer(value));
}

Json& Json::set(const char* key, bool value) {
    return set(key, boolean(value));
}

Json Json::at(size_t i) const {
    json_t* v = json_array_get(raw_, i);
    return v ? borrow(v) : Json();
}

Json& Json::append(Json value) {
    json_array_append(raw_, value.raw_ ? value.raw_ : json_null());
    return *this;
}

std::string Json::as_string() const {
    if (!json_is_string(raw_)) return {};

    return std::string(json_string_value(raw_), json_string_length(raw_));
}

std::string Json::dump() const {
    if (!raw_) return "null";

    char* text = json_dumps(
        raw_, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
    if (!text) return "null";

    std::string out(text);
    free(text);
    return out;
}

Result<Json> parse(std::string_view text) {
    json_error_t err;
    json_t* raw = json_loadb(text.data(), text.size(),
                             JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
    if (!raw) {
        return unexpected(ErrorCode::invalid_argument,
                          "malformed JSON at line " + std::to_string(err.line) +
                              ", column " + std::to_string(err.column) + ": " +
                              err.text);
    }

    return Json::adopt(raw);
}

}  // namespace cc::json
