// Validation of a course's settings object, one known key at a time.
#include "course_settings.h"

#include <string_view>

namespace cc::rosterd {
namespace {

constexpr int64_t kMaxSnapshotLimit = 50;
constexpr size_t kMaxEchoedKey = 64;

Result<void> refuse(std::string message) {
    return unexpected(ErrorCode::unprocessable, std::move(message));
}

Result<void> check_snapshot_limit(json_t* value) {
    if (json_is_integer(value) && json_integer_value(value) >= 0 &&
        json_integer_value(value) <= kMaxSnapshotLimit) {
        return {};
    }
    return refuse(
        "`settings.snapshot_limit` must be a whole number from 0 "
        "to " +
        std::to_string(kMaxSnapshotLimit) + ", or null for the default");
}

Result<void> check_students_may_destroy(json_t* value) {
    if (json_is_boolean(value)) return {};

    return refuse(
        "`settings.students_may_destroy` must be true or false, "
        "or null for the default");
}

Result<void> check_setting(std::string_view key, json_t* value) {
    // null removes the key, so the course falls back to the default.
    if (json_is_null(value)) return {};

    if (key == "snapshot_limit") return check_snapshot_limit(value);
    if (key == "students_may_destroy") return check_students_may_destroy(value);

    // A huge key is not worth repeating back.
    std::string named = key.size() <= kMaxEchoedKey
                            ? " `" + std::string(key) + "`"
                            : std::string();
    return refuse("`settings` has an unknown key" + named +
                  "; the known ones are snapshot_limit and "
                  "students_may_destroy");
}

}  // namespace

Result<std::string> read_settings(const json::Json& settings) {
    if (!settings.is_object()) {
        return unexpected(ErrorCode::unprocessable,
                          "`settings` must be a JSON object");
    }

    const char* key = nullptr;
    json_t* value = nullptr;
    json_object_foreach(settings.raw(), key, value) {
        auto checked = check_setting(key, value);
        if (!checked) return unexpected(checked.error());
    }
    return settings.dump();
}

}  // namespace cc::rosterd
