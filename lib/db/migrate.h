// The migration runner: applies sql/NNN_name.sql files once each, in order,
// and records what it applied with a checksum.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "db/db.h"

namespace cc::db {

// Applies every file in `sql_dir` named NNN_name.sql that is not yet in
// schema_migrations, each in its own transaction, under an advisory lock
// so two runners never race. Returns the versions applied now (empty when
// the schema was up to date). Errors: invalid_argument when the folder
// cannot be read, a file name does not follow the pattern or an applied
// file was changed since (checksum mismatch); the database's errors as is.
Result<std::vector<std::string>> apply_migrations(Pool& pool,
                                                  const std::string& sql_dir);

// The lower-case hex SHA-256 of `data`; exposed for tests.
std::string sha256_hex(std::string_view data);

}  // namespace cc::db
