// An import as JSON: its counts, the progress of its mail and, when asked,
// the outcome of each row.
#pragma once

#include <cstdint>

#include "context.h"
#include "json/json.h"

namespace cc::rosterd {

// Errors: not_found when the import is not this course's.
Result<json::Json> import_json(Context& ctx, int64_t course_id,
                               int64_t import_id, bool with_rows);

// {"id", "kind": "roster_import", "state", "import": {...}}: the job shape
// long work answers with.
json::Json import_job(const json::Json& import);

}  // namespace cc::rosterd
