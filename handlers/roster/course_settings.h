// The settings a course may hold, each with its type and range: cc-vm and
// authz cast them in SQL, so a wrong type would break every VM of the
// course.
#pragma once

#include <string>

#include "core/result.h"
#include "json/json.h"

namespace cc::rosterd {

// Checks `settings` from a course body key by key: snapshot_limit an
// integer from 0 to 50, students_may_destroy a boolean, either one null to
// go back to the default. Returns the object as JSON text. Errors:
// unprocessable naming the key (or `settings` when it is not an object).
Result<std::string> read_settings(const json::Json& settings);

}  // namespace cc::rosterd
