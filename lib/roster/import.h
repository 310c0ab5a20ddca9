// Preview and apply of a roster against one course: who is added, who is
// kept, who is dropped, and the one transaction that writes it all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/db.h"
#include "roster/roster.h"

namespace cc::roster {

struct Member {
    int64_t user_id = 0;
    std::string email;
    std::string display_name;
    std::string role;
};

struct PreviewRow {
    Person person;
    int64_t user_id = 0;  // 0 when the account does not exist yet
};

struct Preview {
    std::vector<PreviewRow> add;   // not enrolled yet (maybe no account)
    std::vector<PreviewRow> keep;  // already enrolled
    std::vector<Member> drop;      // enrolled students not listed (sync)

    // Problems only the course or the accounts reveal; like row errors,
    // any of them blocks the apply.
    std::vector<LineProblem> errors;
};

// Compares the roster with the course; reads only. Errors: unavailable or
// internal from the database.
Result<Preview> preview_import(db::Pool& db, int64_t course_id,
                               const Roster& roster, bool sync);

struct ApplyOptions {
    int64_t course_id = 0;
    int64_t actor_user_id = 0;
    bool sync = false;         // drop enrolled students the file leaves out
    bool destroy_vms = false;  // with sync: also destroy their VMs
    std::string file_name;
    std::string content_hash;  // of the file bytes and the options
    // Mail for accounts the import creates: set_password (local logins)
    // or lab_ready (single sign-on sites).
    std::string new_account_mail = "set_password";
};

struct ApplyOutcome {
    int64_t import_id = 0;
    bool repeated = false;  // this file was applied before: its import
};

// Why a row cannot be applied to the account its address belongs to, or
// nullopt: a faculty row must not make a student's account course
// faculty. New addresses have no account role yet and are fine.
std::optional<std::string> account_problem(const Person& person,
                                           std::string_view account_role);

// True for a sync of a file that lists nobody: it would drop the whole
// class, and is almost always a wrong export, so it is never applied.
bool drops_everyone(const Roster& roster, bool sync);

// Applies the roster in one transaction: accounts, enrollments, drops,
// mail in the outbox, provisioning jobs and the import's per-row record.
// The same content hash for the same course returns the first import.
// Errors: unprocessable when the roster has row errors, an
// account_problem or drops_everyone (nothing written), not_found when the
// course is gone, database errors.
Result<ApplyOutcome> apply_import(db::Pool& db, const Roster& roster,
                                  const ApplyOptions& options);

// A PostgreSQL array literal of text values, for `$1::text[]` parameters.
std::string text_array(const std::vector<std::string>& values);

// The same for bigint values.
std::string int_array(const std::vector<int64_t>& values);

}  // namespace cc::roster
