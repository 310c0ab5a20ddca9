// VM rows are written set-based; jobs go through the job queue's own
// enqueue so their shape and idempotency keys stay the queue's business.
#include "roster/provision.h"

#include "jobs/kinds.h"
#include "roster/import.h"

namespace cc::roster {
namespace {

Result<int64_t> enqueue_each(db::Conn& conn, const db::Rows& vms,
                             const char* kind, int64_t actor_user_id) {
    int64_t count = 0;
    for (int i = 0; i < vms.size(); i++) {
        int64_t vm_id = vms.integer(i, "id");
        jobs::NewJob job = jobs::vm_job(kind, vm_id, actor_user_id);
        job.idempotency_key =
            std::string(kind) + ":vm:" + std::to_string(vm_id);

        auto made = jobs::Queue::enqueue(conn, job);
        if (!made) return unexpected(made.error());
        count++;
    }
    return count;
}

}  // namespace

Result<int64_t> request_vms(db::Conn& conn, int64_t course_id,
                            const std::vector<int64_t>& user_ids,
                            int64_t actor_user_id) {
    // Only students get lab VMs; faculty ask for theirs by hand.
    auto made = conn.exec(
        "INSERT INTO vms (user_id, course_id, template_id, cluster_id, name)"
        " SELECT e.user_id, $1, t.id, t.cluster_id,"
        " 'cc-' || $1 || '-' || e.user_id || '-' || t.id"
        " FROM unnest($2::bigint[]) WITH ORDINALITY AS k(id, n)"
        " JOIN enrollments e ON e.user_id = k.id AND e.course_id = $1"
        " AND e.role = 'student'"
        " JOIN course_templates t ON t.course_id = $1"
        " ORDER BY k.n, t.id"
        " ON CONFLICT ON CONSTRAINT vms_slot_key DO NOTHING"
        " RETURNING id",
        {course_id, int_array(user_ids)});
    if (!made) return unexpected(made.error());

    return enqueue_each(conn, *made, jobs::kProvision, actor_user_id);
}

Result<int64_t> destroy_vms(db::Conn& conn, int64_t course_id,
                            const std::vector<int64_t>& user_ids,
                            int64_t actor_user_id) {
    auto marked = conn.exec(
        "UPDATE vms SET state = 'destroying' WHERE course_id = $1"
        " AND user_id = ANY($2::bigint[]) AND state <> 'destroying'"
        " RETURNING id",
        {course_id, int_array(user_ids)});
    if (!marked) return unexpected(marked.error());

    return enqueue_each(conn, *marked, jobs::kDestroy, actor_user_id);
}

}  // namespace cc::roster
