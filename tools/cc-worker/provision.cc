// The provision job: one VM for a student, course and template. Every
// step looks at Proxmox first, so a re-run after a crash continues,
// adopts what an earlier attempt made, or cleans it up.
#include "kinds.h"
#include "log/log.h"
#include "proxmox/wire.h"
#include "vm_ops.h"

namespace cc::worker {
namespace {

constexpr int64_t kMiB = 1024 * 1024;

struct TemplateInfo {
    std::string node;
    std::string storage;
    bool shared = false;
};

Result<TemplateInfo> inspect_template(
    proxmox::Client& client, const VmRow& vm,
    const std::vector<proxmox::Resource>& resources) {
    auto tmpl = find_vm(resources, vm.template_vmid);
    if (!tmpl || !tmpl->is_template) {
        return unexpected(ErrorCode::not_found,
                          "the template '" + vm.template_name +
                              "' (Proxmox VM " +
                              std::to_string(vm.template_vmid) +
                              ") does not exist on the cluster");
    }

    auto config = proxmox::get_config(client, tmpl->node, vm.template_vmid);
    if (!config) return unexpected(config.error());

    TemplateInfo info;
    info.node = tmpl->node;
    std::string disk = proxmox::read_text(*config, "scsi0");
    info.storage = disk.substr(0, disk.find(':'));
    for (const auto& r : resources) {
        if (r.type == "storage" && r.storage == info.storage &&
            r.node == tmpl->node) {
            info.shared = r.shared;
        }
    }
    return info;
}

std::vector<int64_t> used_vmids(const std::vector<proxmox::Resource>& all) {
    std::vector<int64_t> out;
    for (const auto& r : all) {
        if (r.type == "qemu" || r.type == "lxc") out.push_back(r.vmid);
    }
    return out;
}

// Places, clones under the caps and waits; returns the node.
Result<std::string> clone_new(JobContext& ctx, proxmox::Client& client,
                              VmRow& vm, const Cluster& cluster,
                              const TemplateInfo& tmpl,
                              const std::vector<proxmox::Resource>& resources,
                              Placement::Hold& hold) {
    Services& s = ctx.services;
    std::vector<std::string> allowed;
    if (!tmpl.shared) allowed.push_back(tmpl.node);

    auto chosen = s.placement.choose(resources, vm.memory_mb * kMiB, allowed);
    if (!chosen) return unexpected(chosen.error());
    hold = std::move(chosen.value());
    const std::string node = hold.node();

    std::string storage_key =
        tmpl.shared ? tmpl.storage : tmpl.node + "/" + tmpl.storage;
    auto permit = s.caps.acquire(node, storage_key, s.stopping);
    if (!permit.held() || ctx.should_stop()) {
        return unexpected(ctx.interrupted());
    }

    auto noted =
        set_vm_fields(s.db, vm.id, "node = $2, name = $3", {node, vm_name(vm)});
    if (!noted) return unexpected(noted.error());

    proxmox::CloneSpec spec;
    spec.node = tmpl.node;
    spec.template_vmid = vm.template_vmid;
    spec.newid = vm.vmid;
    spec.name = vm_name(vm);
    spec.description = "ClassCloud lab VM for " + vm.email + " in " +
                       vm.course_code + "\n" + vm_marker(vm.id);
    spec.target = node;
    spec.pool = cluster.pool;
    spec.full = !vm.linked_clone;

    auto upid = proxmox::clone_vm(client, spec);
    if (!upid && upid.error().code == ErrorCode::conflict) {
        // Someone made this VMID between our look and the clone.
        return unexpected(ErrorCode::unavailable,
                          "the VM id was taken in Proxmox; looking again",
                          upid.error().detail);
    }
    if (!upid) return unexpected(upid.error());

    auto pending = set_vm_fields(s.db, vm.id, "pending_upid = $2", {*upid});
    if (!pending) return unexpected(pending.error());
    vm.pending_upid = *upid;

    auto cloned = proxmox::wait_task(client, *upid, ctx.wait_options());
    if (!cloned) return unexpected(cloned.error());

    auto cleared = set_vm_fields(s.db, vm.id, "pending_upid = NULL", {});
    if (!cleared) return unexpected(cleared.error());
    vm.pending_upid.clear();

    ctx.step("clone", "ok",
             "vmid " + std::to_string(vm.vmid) + " on " + node +
                 (spec.full ? " (full)" : " (linked)"));
    return node;
}

std::string desired_net0(const std::string& current, const Cluster& cluster,
                         const VmRow& vm) {
    std::string head = proxmox::net_model_and_mac(current);
    if (head.empty()) head = "virtio";

    std::string net = head + ",bridge=" + cluster.bridge + ",firewall=1";
    if (vm.vlan_tag > 0) net += ",tag=" + std::to_string(vm.vlan_tag);
    return net;
}

Result<void> configure(JobContext& ctx, proxmox::Client& client,
                       const VmRow& vm, const Cluster& cluster,
                       const std::string& node) {
    auto config = proxmox::get_config(client, node, vm.vmid);
    if (!config) return unexpected(config.error());

    std::string net0 = proxmox::read_text(*config, "net0");
    std::string want_net0 = desired_net0(net0, cluster, vm);
    bool same = proxmox::read_int(*config, "cores").value_or(1) == vm.cores &&
                proxmox::read_memory_mib(*config).value_or(0) == vm.memory_mb &&
                net0 == want_net0 &&
                proxmox::read_text(*config, "tags") == vm_tags(vm);
    if (same) {
        ctx.step("configure", "skipped", "already as wanted");
        return {};
    }

    proxmox::Params settings = {{"cores", std::to_string(vm.cores)},
                                {"memory", std::to_string(vm.memory_mb)},
                                {"net0", want_net0},
                                {"tags", vm_tags(vm)}};
    auto done =
        wait(ctx, client, proxmox::set_config(client, node, vm.vmid, settings));
    if (!done) return unexpected(done.error());

    ctx.step("configure", "ok",
             std::to_string(vm.cores) + " cores, " +
                 std::to_string(vm.memory_mb) + " MiB, " + want_net0);
    return {};
}

Result<void> start(JobContext& ctx, proxmox::Client& client, const VmRow& vm,
                   const std::string& node) {
    auto status = proxmox::vm_status(client, node, vm.vmid);
    if (!status) return unexpected(status.error());

    if (status->status == "running") {
        ctx.step("start", "skipped", "already running");
        return {};
    }

    auto started = wait(ctx, client,
                        proxmox::power_action(client, node, vm.vmid, "start"));
    bool already = !started && started.error().message.find(
                                   "already running") != std::string::npos;
    if (!started && !already) return unexpected(started.error());

    ctx.step("start", "ok", "vmid " + std::to_string(vm.vmid));
    return {};
}

// Finds or makes the VM; returns its node.
Result<std::string> find_or_clone(JobContext& ctx, proxmox::Client& client,
                                  VmRow& vm, const Cluster& cluster,
                                  Placement::Hold& hold) {
    Services& s = ctx.services;
    int64_t suggested = payload_id(ctx.job(), "suggested_vmid");

    for (int round = 0; round < 5; round++) {
        auto resources = proxmox::cluster_resources(client);
        if (!resources) return unexpected(resources.error());

        auto tmpl = inspect_template(client, vm, *resources);
        if (!tmpl) return unexpected(tmpl.error());

        if (vm.vmid == 0) {
            auto id = reserve_vmid(s.db, vm, suggested, cluster.vmid_min,
                                   cluster.vmid_max, used_vmids(*resources));
            if (!id) return unexpected(id.error());
            vm.vmid = *id;
            ctx.step("reserve_vmid", "ok", std::to_string(vm.vmid));
        }

        auto existing = find_vm(*resources, vm.vmid);
        if (!existing) {
            return clone_new(ctx, client, vm, cluster, *tmpl, *resources, hold);
        }

        auto owner = check_owner(ctx, client, existing->node, vm);
        if (!owner) return unexpected(owner.error());

        if (*owner == Owner::ours) {
            ctx.step(
                "adopt", "ok",
                "vmid " + std::to_string(vm.vmid) + " on " + existing->node);
            (void)set_vm_fields(s.db, vm.id,
                                "node = $2, name = $3, pending_upid = NULL",
                                {existing->node, vm_name(vm)});
            return existing->node;
        }

        if (*owner == Owner::foreign) {
            ctx.step(
                "vmid_taken", "retry",
                "vmid " + std::to_string(vm.vmid) + " belongs to another VM");
            auto released = release_vmid(s.db, vm.id);
            if (!released) return unexpected(released.error());
            vm.vmid = 0;
            suggested = 0;
        }
        vm.pending_upid.clear();
    }
    return unexpected(ErrorCode::unavailable,
                      "could not settle on a VM id; will try again");
}

}  // namespace

// Provisions the row `vm_id` (shared with rebuild).
Result<json::Json> provision_vm(JobContext& ctx, int64_t vm_id) {
    Services& s = ctx.services;

    auto vm = load_vm(s.db, vm_id);
    if (!vm) return unexpected(vm.error());

    if (vm->state == "destroying") {
        return unexpected(ErrorCode::conflict, "the VM is being removed");
    }

    auto cluster = s.clusters.find(vm->cluster_id);
    if (!cluster) return unexpected(cluster.error());

    auto client = s.clusters.client(vm->cluster_id);
    if (!client) return unexpected(client.error());

    if (vm->state != "provisioning") {
        (void)set_vm_fields(s.db, vm->id,
                            "state = 'provisioning', last_error = NULL", {});
    }

    Placement::Hold hold;
    auto node = find_or_clone(ctx, **client, *vm, *cluster, hold);
    if (!node) return unexpected(node.error());

    if (ctx.should_stop()) return unexpected(ctx.interrupted());

    auto configured = configure(ctx, **client, *vm, *cluster, *node);
    if (!configured) return unexpected(configured.error());

    auto started = start(ctx, **client, *vm, *node);
    if (!started) return unexpected(started.error());

    auto recorded =
        set_vm_fields(s.db, vm->id,
                      "state = 'ready', power_state = 'running', node = $2,"
                      " last_error = NULL, pending_upid = NULL",
                      {*node});
    if (!recorded) return unexpected(recorded.error());
    ctx.step("record", "ok", "ready");

    json::Json result = json::Json::object();
    result.set("vm_id", vm->id);
    result.set("vmid", vm->vmid);
    result.set("node", *node);
    return result;
}

Result<json::Json> run_provision(JobContext& ctx) {
    const jobs::Job& job = ctx.job();

    int64_t vm_id = payload_id(job, "vm_id");
    if (vm_id == 0) {
        auto made = ensure_vm_row(ctx.services.db, payload_id(job, "user_id"),
                                  payload_id(job, "course_id"),
                                  payload_id(job, "template_id"));
        if (!made) return unexpected(made.error());
        vm_id = *made;
    }

    return provision_vm(ctx, vm_id);
}

// After a final failure: remove what this job made, or report it.
void provision_failed(JobContext& ctx, const std::string& reason) {
    Services& s = ctx.services;
    const jobs::Job& job = ctx.job();

    auto rows = s.db.exec(
        "SELECT id FROM vms WHERE id = $1 OR (user_id = $2 AND course_id = $3"
        " AND template_id = $4)",
        {payload_id(job, "vm_id"), payload_id(job, "user_id"),
         payload_id(job, "course_id"), payload_id(job, "template_id")});
    if (!rows || rows->empty()) return;

    auto vm = load_vm(s.db, rows->integer(0, "id"));
    if (!vm) return;

    (void)set_vm_fields(s.db, vm->id, "state = 'failed', last_error = $2",
                        {reason});
    if (vm->vmid == 0) return;

    auto client = s.clusters.client(vm->cluster_id);
    auto resources = client ? proxmox::cluster_resources(**client)
                            : Result<std::vector<proxmox::Resource>>(
                                  unexpected(client.error()));
    std::optional<proxmox::Resource> existing;
    if (resources) existing = find_vm(*resources, vm->vmid);

    if (resources && !existing) {
        (void)release_vmid(s.db, vm->id);
        return;
    }

    if (existing) {
        auto owner = check_owner(ctx, **client, existing->node, *vm);
        if (owner && *owner == Owner::foreign) {
            (void)release_vmid(s.db, vm->id);
            return;
        }
        if (owner && stop_and_purge(ctx, **client, existing->node, vm->vmid)) {
            (void)release_vmid(s.db, vm->id);
            ctx.step("cleanup", "ok", "removed the half-made VM");
            return;
        }
    }

    (void)record_finding(s.db, vm->cluster_id, vm->vmid, "left_behind",
                         existing ? existing->node : vm->node, vm->id, reason);
    ctx.step("cleanup", "failed", "half-made VM left; reported in findings");
}

}  // namespace cc::worker
