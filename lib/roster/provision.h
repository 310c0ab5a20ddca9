// The VMs a roster import asks for: a `vms` row per student and course
// template plus a provision job, or a destroy job for a dropped student
// when the faculty member asked for it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "db/db.h"

namespace cc::roster {

// For each student in `user_ids` and each template of the course, makes
// the VM row (state provisioning) unless the slot is taken, and enqueues
// one provision job per new row, in the order of `user_ids`. Returns the
// number of jobs.
Result<int64_t> request_vms(db::Conn& conn, int64_t course_id,
                            const std::vector<int64_t>& user_ids,
                            int64_t actor_user_id);

// Marks the course VMs of `user_ids` destroying and enqueues one destroy
// job each. Returns the number of jobs.
Result<int64_t> destroy_vms(db::Conn& conn, int64_t course_id,
                            const std::vector<int64_t>& user_ids,
                            int64_t actor_user_id);

}  // namespace cc::roster
