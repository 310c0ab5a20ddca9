// Shared Proxmox VM steps.
#include "vm_ops.h"

#include <chrono>
#include <thread>

#include "proxmox/wire.h"

namespace cc::worker {

std::optional<proxmox::Resource> find_vm(
    const std::vector<proxmox::Resource>& resources, int64_t vmid) {
    for (const auto& r : resources) {
        if (r.type == "qemu" && r.vmid == vmid) return r;
    }
    return std::nullopt;
}

Result<proxmox::TaskOutcome> wait(JobContext& ctx, proxmox::Client& client,
                                  const Result<std::string>& upid) {
    if (!upid) return unexpected(upid.error());

    return proxmox::wait_task(client, *upid, ctx.wait_options());
}

namespace {

// Polls status/current until the VM has no lock; nullopt when it vanished.
Result<bool> wait_unlocked(JobContext& ctx, proxmox::Client& client,
                           const std::string& node, int64_t vmid) {
    auto deadline =
        std::chrono::steady_clock::now() +
        std::chrono::seconds(ctx.services.settings.task_timeout_seconds);
    auto pause =
        std::chrono::milliseconds(ctx.services.settings.task_poll_first_ms);

    while (true) {
        auto status = proxmox::vm_status(client, node, vmid);
        if (!status && status.error().code == ErrorCode::not_found) {
            return false;
        }
        if (!status) return unexpected(status.error());

        if (status->lock.empty()) return true;

        if (ctx.should_stop()) return unexpected(ctx.interrupted());

        if (std::chrono::steady_clock::now() > deadline) {
            return unexpected(ErrorCode::unavailable,
                              "the VM stayed locked (" + status->lock + ")");
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(
            pause * 2,
            std::chrono::milliseconds(ctx.services.settings.task_poll_max_ms));
    }
}

}  // namespace

Result<Owner> check_owner(JobContext& ctx, proxmox::Client& client,
                          const std::string& node, const VmRow& vm) {
    if (!vm.pending_upid.empty()) {
        // Its outcome does not matter here: the config tells what exists.
        (void)proxmox::wait_task(client, vm.pending_upid, ctx.wait_options());
    }

    auto unlocked = wait_unlocked(ctx, client, node, vm.vmid);
    if (!unlocked) return unexpected(unlocked.error());

    if (!*unlocked) return Owner::gone;

    auto config = proxmox::get_config(client, node, vm.vmid);
    if (!config && config.error().code == ErrorCode::not_found) {
        return Owner::gone;
    }
    if (!config) return unexpected(config.error());

    std::string tags = proxmox::read_text(*config, "tags");
    std::string description = proxmox::read_text(*config, "description");
    bool ours = vm_id_from_tags(tags) == vm.id ||
                description.find(vm_marker(vm.id)) != std::string::npos;
    return ours ? Owner::ours : Owner::foreign;
}

Result<void> stop_and_purge(JobContext& ctx, proxmox::Client& client,
                            const std::string& node, int64_t vmid) {
    auto status = proxmox::vm_status(client, node, vmid);
    if (!status && status.error().code == ErrorCode::not_found) return {};
    if (!status) return unexpected(status.error());

    if (status->status == "running") {
        auto stopped = wait(ctx, client,
                            proxmox::power_action(client, node, vmid, "stop"));
        if (!stopped) return unexpected(stopped.error());
        ctx.step("stop", "ok", "vmid " + std::to_string(vmid));
    }

    auto deleted = wait(ctx, client, proxmox::delete_vm(client, node, vmid));
    if (!deleted && deleted.error().code != ErrorCode::not_found) {
        return unexpected(deleted.error());
    }

    ctx.step("purge", "ok", "vmid " + std::to_string(vmid));
    return {};
}

}  // namespace cc::worker
