// The destroy job (stop, purge, forget the row) and the rebuild job (a
// fresh clone of the template for the same row and VMID).
#include "kinds.h"
#include "vm_ops.h"

namespace cc::worker {

Result<json::Json> provision_vm(JobContext& ctx, int64_t vm_id);

namespace {

// Removes the row's VM from Proxmox if it is ours; a foreign VM at the
// VMID is left alone and only the reservation dropped.
Result<void> remove_from_proxmox(JobContext& ctx, const VmRow& vm) {
    if (vm.vmid == 0) return {};

    auto client = ctx.services.clusters.client(vm.cluster_id);
    if (!client) return unexpected(client.error());

    auto resources = proxmox::cluster_resources(**client, "vm");
    if (!resources) return unexpected(resources.error());

    auto existing = find_vm(*resources, vm.vmid);
    if (!existing) {
        ctx.step("purge", "skipped", "not in Proxmox");
        return {};
    }

    auto owner = check_owner(ctx, **client, existing->node, vm);
    if (!owner) return unexpected(owner.error());

    if (*owner == Owner::foreign) {
        ctx.step("purge", "skipped", "the VMID belongs to another VM");
        return release_vmid(ctx.services.db, vm.id);
    }
    if (*owner == Owner::gone) return {};

    return stop_and_purge(ctx, **client, existing->node, vm.vmid);
}

}  // namespace

Result<json::Json> run_destroy(JobContext& ctx) {
    Services& s = ctx.services;

    auto vm = load_vm(s.db, payload_id(ctx.job(), "vm_id"));
    if (!vm && vm.error().code == ErrorCode::not_found) {
        return json::Json::object();
    }
    if (!vm) return unexpected(vm.error());

    auto marked = set_vm_fields(s.db, vm->id, "state = 'destroying'", {});
    if (!marked) return unexpected(marked.error());

    auto removed = remove_from_proxmox(ctx, *vm);
    if (!removed) return unexpected(removed.error());

    auto gone = s.db.exec("DELETE FROM vms WHERE id = $1", {vm->id});
    if (!gone) return unexpected(gone.error());
    if (vm->vmid) (void)resolve_findings(s.db, vm->cluster_id, vm->vmid);
    ctx.step("forget", "ok", "row removed");

    json::Json result = json::Json::object();
    result.set("vm_id", vm->id);
    return result;
}

Result<json::Json> run_rebuild(JobContext& ctx) {
    Services& s = ctx.services;

    auto vm = load_vm(s.db, payload_id(ctx.job(), "vm_id"));
    if (!vm) return unexpected(vm.error());

    if (vm->state == "destroying") {
        return unexpected(ErrorCode::conflict, "the VM is being removed");
    }

    // The old VM goes first; the row (and its VMID) stays reserved.
    if (vm->state != "provisioning") {
        auto removed = remove_from_proxmox(ctx, *vm);
        if (!removed) return unexpected(removed.error());

        auto reset = set_vm_fields(s.db, vm->id,
                                   "state = 'provisioning', node = NULL,"
                                   " pending_upid = NULL, power_state ="
                                   " 'unknown'",
                                   {});
        if (!reset) return unexpected(reset.error());
    }

    return provision_vm(ctx, vm->id);
}

}  // namespace cc::worker
