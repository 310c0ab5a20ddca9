// The job kinds and their payloads: the contract between those who enqueue
// (cc-vm, cc-roster) and cc-worker. Every VM job names the `vms` row it
// acts on; the row (template, course, cluster, node, vmid) says the rest.
//
//   provision  {"vm_id": N}                      row made first, state
//                                                 'provisioning'
//   power      {"vm_id": N, "action": "start"|"stop"|"shutdown"|
//               "reboot"|"reset"}
//   snapshot   {"vm_id": N, "action": "create"|"rollback"|"delete",
//               "name": "...", "description": "..."}
//   rebuild    {"vm_id": N}                      fresh clone of the template
//   destroy    {"vm_id": N}                      stop and purge
#pragma once

#include <cstdint>
#include <string>

#include "jobs/queue.h"

namespace cc::jobs {

inline constexpr const char* kProvision = "provision";
inline constexpr const char* kPower = "power";
inline constexpr const char* kSnapshot = "snapshot";
inline constexpr const char* kRebuild = "rebuild";
inline constexpr const char* kDestroy = "destroy";

inline NewJob vm_job(const char* kind, int64_t vm_id, int64_t created_by) {
    NewJob job;
    job.kind = kind;
    job.payload.set("vm_id", vm_id);
    job.created_by = created_by;
    return job;
}

}  // namespace cc::jobs
