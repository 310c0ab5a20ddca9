// The one authorization function for VMs and courses. Every route that
// touches a VM or a course calls it with (who, what, which object); an
// object the caller may not see answers not_found, exactly like an object
// that does not exist, so ids reveal nothing.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "db/db.h"
#include "http/request.h"

namespace cc::authz {

enum class VmAction {
    view,     // see it, its snapshots and jobs
    operate,  // power, snapshots, rebuild, console
    destroy,  // remove it for good
};

enum class CourseAction {
    view,    // enrolled people (students see only their own VM slots)
    manage,  // faculty of the course or admin: roster, templates, bulk
};

// What a route may read of an authorized VM without another query.
struct VmRow {
    int64_t id = 0;
    int64_t user_id = 0;
    int64_t course_id = 0;
    int64_t template_id = 0;
    int64_t cluster_id = 0;
    std::string node;
    int64_t vmid = 0;
    std::string name;
    std::string state;
    std::string power_state;
    bool node_online = true;
};

// The VM if `who` may do `action` on it. Errors: not_found for a VM that
// is absent or not visible; forbidden for a visible VM whose action is
// not allowed (a student destroying where the course does not let them).
Result<VmRow> authorize_vm(db::Pool& db, const http::Identity& who,
                           int64_t vm_id, VmAction action);

// Ok if `who` may do `action` in the course; not_found otherwise (manage
// by a student of the course is forbidden, since they can see it).
Result<void> authorize_course(db::Pool& db, const http::Identity& who,
                              int64_t course_id, CourseAction action);

}  // namespace cc::authz
