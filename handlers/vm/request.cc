// POST /api/courses/{id}/vms: a member asks for their VM in a course. The
// VM row and its provisioning job are written in one transaction; the
// slot's unique key makes a second request a clear 409.
#include "authz/authz.h"
#include "jobs/kinds.h"
#include "routes.h"
#include "vm_json.h"

namespace cc::vm {
namespace {

struct Slot {
    int64_t template_id = 0;
    int64_t cluster_id = 0;
};

Result<Slot> pick_template(Context& ctx, int64_t course_id,
                           const http::Request& req) {
    int64_t wanted = 0;
    if (!req.body.empty()) {
        auto body = req.json_body();
        if (!body) return unexpected(body.error());
        wanted = body->get_int("template_id").value_or(0);
    }

    auto rows = ctx.db.exec(
        "SELECT id, cluster_id FROM course_templates WHERE course_id = $1 "
        "AND ($2 = 0 OR id = $2) ORDER BY id LIMIT 1",
        {course_id, wanted});
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) {
        return unexpected(ErrorCode::unprocessable,
                          wanted ? "this course has no such template"
                                 : "this course offers no VM template yet");
    }
    return Slot{rows->integer(0, "id"), rows->integer(0, "cluster_id")};
}

}  // namespace

Result<http::Response> request_vm(Context& ctx, http::Request& req) {
    auto course = req.id_param("id");
    if (!course) return unexpected(course.error());

    auto member = authz::authorize_course(ctx.db, req.identity, *course,
                                          authz::CourseAction::view);
    if (!member) return unexpected(member.error());

    auto slot = pick_template(ctx, *course, req);
    if (!slot) return unexpected(slot.error());

    int64_t job_id = 0;
    auto written = ctx.db.transaction([&](db::Conn& conn) -> Result<void> {
        auto vm = conn.exec(
            "INSERT INTO vms (user_id, course_id, template_id, cluster_id) "
            "VALUES ($1, $2, $3, $4) RETURNING id",
            {req.identity.user_id, *course, slot->template_id,
             slot->cluster_id});
        if (!vm) return unexpected(vm.error());

        int64_t vm_id = vm->integer(0, "id");
        jobs::NewJob job =
            jobs::vm_job(jobs::kProvision, vm_id, req.identity.user_id);
        job.idempotency_key = "provision:vm:" + std::to_string(vm_id);
        auto queued = jobs::Queue::enqueue(conn, job);
        if (!queued) return unexpected(queued.error());

        job_id = queued->id;
        return {};
    });
    if (!written && written.error().code == ErrorCode::conflict) {
        return unexpected(ErrorCode::conflict,
                          "you already have a VM from this template in this "
                          "course");
    }
    if (!written) return unexpected(written.error());

    return accepted(ctx, job_id);
}

}  // namespace cc::vm
