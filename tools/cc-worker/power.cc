// Power jobs (start, stop, shutdown, reboot, reset, suspend, resume) and
// snapshot jobs (create, rollback, delete) on a ready VM.
#include <array>

#include "kinds.h"
#include "vm_ops.h"

namespace cc::worker {
namespace {

constexpr std::array<std::string_view, 7> kActions = {
    "start", "stop", "shutdown", "reboot", "reset", "suspend", "resume"};

struct Target {
    VmRow vm;
    proxmox::Client* client = nullptr;
};

Result<Target> ready_vm(JobContext& ctx) {
    auto vm = load_vm(ctx.services.db, payload_id(ctx.job(), "vm_id"));
    if (!vm) return unexpected(vm.error());

    if (vm->state != "ready" || vm->vmid == 0 || vm->node.empty()) {
        return unexpected(ErrorCode::conflict,
                          "the VM is not ready (" + vm->state + ")");
    }

    auto client = ctx.services.clusters.client(vm->cluster_id);
    if (!client) return unexpected(client.error());

    return Target{std::move(vm.value()), *client};
}

Result<void> save_power_state(JobContext& ctx, const Target& t) {
    auto status = proxmox::vm_status(*t.client, t.vm.node, t.vm.vmid);
    if (!status) return unexpected(status.error());

    std::string state = status->qmpstatus == "paused" ? "paused"
                        : status->status == "running" ? "running"
                                                      : "stopped";
    return set_vm_fields(ctx.services.db, t.vm.id, "power_state = $2", {state});
}

bool already_there(const std::string& action, const proxmox::VmStatus& s) {
    if (action == "start") return s.status == "running";

    if (action == "stop" || action == "shutdown") return s.status == "stopped";

    return false;
}

}  // namespace

Result<json::Json> run_power(JobContext& ctx) {
    std::string action = ctx.job().payload.get_string("action").value_or("");
    bool known = false;
    for (auto a : kActions) known = known || a == action;
    if (!known) {
        return unexpected(ErrorCode::invalid_argument,
                          "unknown power action '" + action + "'");
    }

    auto t = ready_vm(ctx);
    if (!t) return unexpected(t.error());

    auto status = proxmox::vm_status(*t->client, t->vm.node, t->vm.vmid);
    if (!status) return unexpected(status.error());

    if (already_there(action, *status)) {
        ctx.step(action, "skipped", "already " + status->status);
    } else {
        auto done = wait(
            ctx, *t->client,
            proxmox::power_action(*t->client, t->vm.node, t->vm.vmid, action));
        if (!done) return unexpected(done.error());
        ctx.step(action, "ok", "vmid " + std::to_string(t->vm.vmid));
    }

    auto saved = save_power_state(ctx, *t);
    if (!saved) return unexpected(saved.error());

    return json::Json::object();
}

Result<json::Json> run_snapshot(JobContext& ctx) {
    const json::Json& p = ctx.job().payload;
    std::string action = p.get_string("action").value_or("");
    std::string name = p.get_string("name").value_or("");
    if (name.empty()) {
        return unexpected(ErrorCode::invalid_argument,
                          "a snapshot needs a name");
    }

    auto t = ready_vm(ctx);
    if (!t) return unexpected(t.error());

    auto snapshots =
        proxmox::list_snapshots(*t->client, t->vm.node, t->vm.vmid);
    if (!snapshots) return unexpected(snapshots.error());

    bool exists = false;
    for (const auto& s : *snapshots) exists = exists || s.name == name;

    Result<std::string> upid = std::string();
    if (action == "create" && !exists) {
        upid =
            proxmox::create_snapshot(*t->client, t->vm.node, t->vm.vmid, name,
                                     p.get_string("description").value_or(""));
    } else if (action == "rollback" && exists) {
        upid = proxmox::rollback_snapshot(*t->client, t->vm.node, t->vm.vmid,
                                          name);
    } else if (action == "delete" && exists) {
        upid =
            proxmox::delete_snapshot(*t->client, t->vm.node, t->vm.vmid, name);
    } else if (action == "rollback") {
        return unexpected(ErrorCode::not_found,
                          "the snapshot '" + name + "' does not exist");
    } else if (action != "create" && action != "delete") {
        return unexpected(ErrorCode::invalid_argument,
                          "unknown snapshot action '" + action + "'");
    }

    if (upid && upid->empty()) {
        ctx.step("snapshot_" + action, "skipped", name);
    } else {
        auto done = wait(ctx, *t->client, upid);
        if (!done) return unexpected(done.error());
        ctx.step("snapshot_" + action, "ok", name);
    }

    auto saved = save_power_state(ctx, *t);
    if (!saved) return unexpected(saved.error());

    return json::Json::object();
}

}  // namespace cc::worker
