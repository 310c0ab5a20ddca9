// POST /api/vms/{id}/rebuild (back to a fresh clone of the template) and
// DELETE /api/vms/{id} (stop and purge), one such job per VM at a time.
#include "jobs/kinds.h"
#include "routes.h"
#include "vm_json.h"

namespace cc::vm {
namespace {

// One rebuild or destroy per VM at a time, decided under the VM row's
// lock: a repeated click gets the job already queued, the other kind a
// 409. A destroy marks the VM at once, so nothing else starts on it.
Result<http::Response> queue_once(Context& ctx, const http::Request& req,
                                  const char* kind, int64_t vm_id) {
    int64_t job_id = 0;
    auto done = ctx.db.transaction([&](db::Conn& conn) -> Result<void> {
        auto locked =
            conn.exec("SELECT id FROM vms WHERE id = $1 FOR UPDATE", {vm_id});
        if (!locked) return unexpected(locked.error());
        if (locked->empty()) {
            return unexpected(ErrorCode::not_found, "no such VM");
        }

        auto pending = conn.exec(
            "SELECT id, kind FROM jobs WHERE (payload->>'vm_id')::bigint = $1 "
            "AND kind IN ('rebuild', 'destroy') "
            "AND state IN ('queued', 'running') ORDER BY id LIMIT 1",
            {vm_id});
        if (!pending) return unexpected(pending.error());
        if (!pending->empty()) {
            if (pending->text(0, "kind") != kind) {
                return unexpected(ErrorCode::conflict,
                                  "a " + pending->text(0, "kind") +
                                      " of this VM is already under way");
            }
            job_id = pending->integer(0, "id");
            return {};
        }

        auto queued = jobs::Queue::enqueue(
            conn, jobs::vm_job(kind, vm_id, req.identity.user_id));
        if (!queued) return unexpected(queued.error());
        job_id = queued->id;

        if (std::string(kind) != jobs::kDestroy) return {};
        auto marked = conn.exec(
            "UPDATE vms SET state = 'destroying' WHERE id = $1", {vm_id});
        if (!marked) return unexpected(marked.error());
        return {};
    });
    if (!done) return unexpected(done.error());

    return accepted(ctx, job_id);
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
