// ClassCloud's VM rows: the slot a provision job fills, VMID reservation,
// and the markers that tie a Proxmox VM to its row.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/db.h"
#include "proxmox/calls.h"

namespace cc::worker {

struct VmRow {
    int64_t id = 0;
    int64_t user_id = 0;
    int64_t course_id = 0;
    int64_t template_id = 0;
    int64_t cluster_id = 0;
    std::string node;
    int64_t vmid = 0;  // 0 = none reserved yet
    std::string name;
    std::string state;
    std::string pending_upid;
    int64_t template_vmid = 0;
    std::string template_name;
    int64_t cores = 1;
    int64_t memory_mb = 1024;
    bool linked_clone = true;
    std::string course_code;
    int64_t vlan_tag = 0;  // 0 = untagged
    std::string email;
};

// Creates the row for (user, course, template) unless it exists; returns
// its id. Errors: not_found when the template is not the course's,
// forbidden when the user is not enrolled in the course.
Result<int64_t> ensure_vm_row(db::Pool& db, int64_t user_id, int64_t course_id,
                              int64_t template_id);

Result<VmRow> load_vm(db::Pool& db, int64_t vm_id);

// Reserves a VMID for the row: the suggested one when free, else the
// lowest free one in the cluster's range that neither the database nor
// Proxmox (`used`) knows. The unique (cluster_id, vmid) constraint makes
// parallel reservations safe.
Result<int64_t> reserve_vmid(db::Pool& db, const VmRow& vm, int64_t suggested,
                             int64_t vmid_min, int64_t vmid_max,
                             const std::vector<int64_t>& used);

// Forgets the row's VMID (it turned out to belong to someone else).
Result<void> release_vmid(db::Pool& db, int64_t vm_id);

Result<void> set_vm_fields(db::Pool& db, int64_t vm_id, const char* assignment,
                           std::initializer_list<db::Param> params);

// "classcloud;cc-vm-12;cc-course-lab101": ClassCloud's tags on its VMs.
std::string vm_tags(const VmRow& vm);

// The description line that marks a VM as this row's.
std::string vm_marker(int64_t vm_id);

// A Proxmox-valid name (DNS label, at most 63 characters) from course,
// student and template.
std::string vm_name(const VmRow& vm);

// The ClassCloud row id in a VM's tags ("cc-vm-12" -> 12); 0 if none.
int64_t vm_id_from_tags(const std::string& tags);

// Adds or refreshes an open finding ('orphan', 'lost', 'left_behind').
Result<void> record_finding(db::Pool& db, int64_t cluster_id, int64_t vmid,
                            const std::string& kind, const std::string& node,
                            int64_t vm_id, const std::string& detail);

Result<void> resolve_findings(db::Pool& db, int64_t cluster_id, int64_t vmid);

}  // namespace cc::worker
