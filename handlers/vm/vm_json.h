// Reading VMs with their course, template, owner and current job, and
// their JSON form, shared by the list and detail routes.
#pragma once

#include <cstdint>
#include <string>

#include "context.h"
#include "http/request.h"
#include "http/response.h"
#include "json/json.h"

namespace cc::vm {

// VMs of one owner, one course, or one id (exactly one filter is set).
struct VmFilter {
    int64_t user_id = 0;
    int64_t course_id = 0;
    int64_t vm_id = 0;
};

// `viewer` decides can_destroy on each VM (the UI shows the button by it).
Result<json::Json> select_vms(Context& ctx, const VmFilter& filter,
                              const http::Identity& viewer);

// {"id","kind","state","steps":[...],"error",...} for one job row.
Result<json::Json> job_json(db::Pool& db, int64_t job_id);

// The 202 answer for a job just written.
http::Response accepted(Context& ctx, int64_t job_id);

}  // namespace cc::vm
