// Proxmox-side steps shared by several job kinds: finding a VM by VMID,
// deciding whether it is ours, waiting out a clone lock, stop and purge.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "context.h"
#include "proxmox/calls.h"
#include "vm_store.h"

namespace cc::worker {

// The qemu entry with this vmid, if Proxmox has one.
std::optional<proxmox::Resource> find_vm(
    const std::vector<proxmox::Resource>& resources, int64_t vmid);

enum class Owner { ours, foreign, gone };

// Reads the VM's config (after waiting for a clone lock to clear: the
// pending task when known, else by polling) and compares its tags and
// description with the row's markers.
Result<Owner> check_owner(JobContext& ctx, proxmox::Client& client,
                          const std::string& node, const VmRow& vm);

// Runs a started task to its end with the job's wait options.
Result<proxmox::TaskOutcome> wait(JobContext& ctx, proxmox::Client& client,
                                  const Result<std::string>& upid);

// Stops the VM if it runs and deletes it with purge; a VM that is already
// gone counts as done.
Result<void> stop_and_purge(JobContext& ctx, proxmox::Client& client,
                            const std::string& node, int64_t vmid);

}  // namespace cc::worker
