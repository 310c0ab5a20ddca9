// POST /api/vms/{id}/rebuild (back to a fresh clone of the template) and
// DELETE /api/vms/{id} (stop and purge). One job per VM at a time: the
// idempotency key makes a repeated click return the job already queued.
#include "jobs/kinds.h"
#include "routes.h"
#include "vm_json.h"

namespace cc::vm {
namespace {

Result<http::Response> queue_once(Context& ctx, const http::Request& req,
                                  const char* kind, int64_t vm_id) {
    // The key includes the newest job id, so a later rebuild is a new job.
    auto newest = ctx.db.exec(
        "SELECT coalesce(max(id), 0) AS id FROM jobs "
        "WHERE (payload->>'vm_id')::bigint = $1",
        {vm_id});
    if (!newest) return unexpected(newest.error());

    jobs::NewJob job = jobs::vm_job(kind, vm_id, req.identity.user_id);
    job.idempotency_key = std::string(kind) + ":vm:" + std::to_string(vm_id) +
                          ":after:" + std::to_string(newest->integer(0, "id"));
    auto queued = ctx.queue.enqueue(job);
    if (!queued) return unexpected(queued.error());

    return accepted(ctx, queued->id);
}

}  // namespace

Result<http::Response> rebuild_vm(Context& ctx, http::Request& req) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto vm = authz::authorize_vm(ctx.db, req.identity, *id,
                                  authz::VmAction::operate);
    if (!vm) return unexpected(vm.error());

    // A failed VM may be rebuilt; one still being made may not.
    if (vm->state == "provisioning" || vm->state == "destroying") {
        return unexpected(ErrorCode::conflict, "this VM is " + vm->state +
                                                   "; wait until it is done");
    }
    if (!vm->node_online) {
        return unexpected(ErrorCode::unavailable,
                          "this VM's server (" + vm->node + ") is offline");
    }

    return queue_once(ctx, req, jobs::kRebuild, *id);
}

Result<http::Response> destroy_vm(Context& ctx, http::Request& req) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto vm = authz::authorize_vm(ctx.db, req.identity, *id,
                                  authz::VmAction::destroy);
    if (!vm) return unexpected(vm.error());

    if (vm->state == "provisioning") {
        return unexpected(ErrorCode::conflict,
                          "this VM is still being created; delete it once it "
                          "is ready or has failed");
    }

    return queue_once(ctx, req, jobs::kDestroy, *id);
}

}  // namespace cc::vm
