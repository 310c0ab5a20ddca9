// GET /api/jobs/{id}: a job's state, steps and error, for whoever may see
// the VM it acts on (or who created it); others get 404.
#include "authz/authz.h"
#include "routes.h"
#include "vm_json.h"

namespace cc::vm {

Result<http::Response> show_job(Context& ctx, http::Request& req) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto rows = ctx.db.exec(
        "SELECT coalesce(created_by, 0) AS created_by, "
        "coalesce((payload->>'vm_id')::bigint, 0) AS vm_id FROM jobs "
        "WHERE id = $1",
        {*id});
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) return unexpected(ErrorCode::not_found, "no such job");

    bool mine = rows->integer(0, "created_by") == req.identity.user_id;
    int64_t vm_id = rows->integer(0, "vm_id");
    if (!mine && req.identity.role != "admin") {
        if (vm_id == 0) return unexpected(ErrorCode::not_found, "no such job");

        auto vm = authz::authorize_vm(ctx.db, req.identity, vm_id,
                                      authz::VmAction::view);
        if (!vm) return unexpected(ErrorCode::not_found, "no such job");
    }

    auto job = job_json(ctx.db, *id);
    if (!job) return unexpected(job.error());

    json::Json body = json::Json::object();
    body.set("job", *job);
    return http::json_response(200, body);
}

}  // namespace cc::vm
