// VM row statements and the naming rules for ClassCloud's VMs.
#include "vm_store.h"

#include <algorithm>

namespace cc::worker {
namespace {

std::string dns_label(std::string_view text) {
    std::string out;

    for (char c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (keep) {
            out += c;
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }

    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

}  // namespace

Result<int64_t> ensure_vm_row(db::Pool& db, int64_t user_id, int64_t course_id,
                              int64_t template_id) {
    auto tmpl = db.exec(
        "SELECT cluster_id FROM course_templates"
        " WHERE id = $1 AND course_id = $2",
        {template_id, course_id});
    if (!tmpl) return unexpected(tmpl.error());

    if (tmpl->empty()) {
        return unexpected(ErrorCode::not_found,
                          "the course has no such VM template");
    }

    auto enrolled = db.exec(
        "SELECT 1 FROM enrollments WHERE course_id = $1 AND user_id = $2",
        {course_id, user_id});
    if (!enrolled) return unexpected(enrolled.error());

    if (enrolled->empty()) {
        return unexpected(ErrorCode::forbidden,
                          "the student is not enrolled in the course");
    }

    auto rows = db.exec(
        "WITH made AS (INSERT INTO vms (user_id, course_id, template_id,"
        " cluster_id) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (user_id, course_id, template_id) DO NOTHING"
        " RETURNING id)"
        " SELECT id FROM made UNION ALL SELECT id FROM vms"
        " WHERE user_id = $1 AND course_id = $2 AND template_id = $3",
        {user_id, course_id, template_id, tmpl->integer(0, "cluster_id")});
    if (!rows) return unexpected(rows.error());

    if (rows->empty()) {
        return unexpected(ErrorCode::unavailable, "the VM row is not visible");
    }
    return rows->integer(0, "id");
}

Result<VmRow> load_vm(db::Pool& db, int64_t vm_id) {
    auto rows = db.exec(
        "SELECT v.id, v.user_id, v.course_id, v.template_id, v.cluster_id,"
        " coalesce(v.node, '') AS node, v.vmid, v.name, v.state,"
        " coalesce(v.pending_upid, '') AS pending_upid,"
        " t.pve_template_vmid, t.name AS template_name, t.cores,"
        " t.memory_mb, t.linked_clone, c.code, c.vlan_tag, u.email"
        " FROM vms v JOIN course_templates t ON t.id = v.template_id"
        " JOIN courses c ON c.id = v.course_id"
        " JOIN users u ON u.id = v.user_id WHERE v.id = $1",
        {vm_id});
    if (!rows) return unexpected(rows.error());

    if (rows->empty()) {
        return unexpected(ErrorCode::not_found, "the VM does not exist",
                          "vm " + std::to_string(vm_id));
    }

    VmRow vm;
    vm.id = rows->integer(0, "id");
    vm.user_id = rows->integer(0, "user_id");
    vm.course_id = rows->integer(0, "course_id");
    vm.template_id = rows->integer(0, "template_id");
    vm.cluster_id = rows->integer(0, "cluster_id");
    vm.node = rows->text(0, "node");
    vm.vmid = rows->integer(0, "vmid");
    vm.name = rows->text(0, "name");
    vm.state = rows->text(0, "state");
    vm.pending_upid = rows->text(0, "pending_upid");
    vm.template_vmid = rows->integer(0, "pve_template_vmid");
    vm.template_name = rows->text(0, "template_name");
    vm.cores = rows->integer(0, "cores");
    vm.memory_mb = rows->integer(0, "memory_mb");
    vm.linked_clone = rows->boolean(0, "linked_clone");
    vm.course_code = rows->text(0, "code");
    vm.vlan_tag = rows->integer(0, "vlan_tag");
    vm.email = rows->text(0, "email");
    return vm;
}

Result<int64_t> reserve_vmid(db::Pool& db, const VmRow& vm, int64_t suggested,
                             int64_t vmid_min, int64_t vmid_max,
                             const std::vector<int64_t>& used) {
    std::string used_list = "{";
    for (int64_t id : used) {
        if (used_list.size() > 1) used_list += ",";
        used_list += std::to_string(id);
    }
    used_list += "}";

    int64_t start =
        suggested >= vmid_min && suggested <= vmid_max ? suggested : vmid_min;

    for (int round = 0; round < 50; round++) {
        auto pick = db.exec(
            "SELECT c FROM generate_series($1::int, $2::int) AS c"
            " WHERE c <> ALL($3::int[]) AND NOT EXISTS (SELECT 1 FROM vms"
            " WHERE cluster_id = $4 AND vmid = c) LIMIT 1",
            {start, vmid_max, used_list, vm.cluster_id});
        if (!pick) return unexpected(pick.error());

        if (pick->empty()) {
            return unexpected(ErrorCode::unprocessable,
                              "the cluster's VM id range is full");
        }

        int64_t candidate = pick->integer(0, "c");
        auto taken =
            db.exec("UPDATE vms SET vmid = $2 WHERE id = $1 AND vmid IS NULL",
                    {vm.id, candidate});
        if (taken) return candidate;

        // Another job took the same id a moment earlier: look again.
        if (taken.error().code != ErrorCode::conflict) {
            return unexpected(taken.error());
        }
    }
    return unexpected(ErrorCode::unavailable,
                      "could not reserve a VM id; will try again");
}

Result<void> release_vmid(db::Pool& db, int64_t vm_id) {
    auto rows = db.exec(
        "UPDATE vms SET vmid = NULL, node = NULL, pending_upid = NULL"
        " WHERE id = $1",
        {vm_id});
    if (!rows) return unexpected(rows.error());

    return {};
}

Result<void> set_vm_fields(db::Pool& db, int64_t vm_id, const char* assignment,
                           std::initializer_list<db::Param> params) {
    std::vector<db::Param> all = {vm_id};
    all.insert(all.end(), params.begin(), params.end());

    auto rows = db.exec(
        std::string("UPDATE vms SET ") + assignment + " WHERE id = $1", all);
    if (!rows) return unexpected(rows.error());

    return {};
}

std::string vm_tags(const VmRow& vm) {
    std::string course = dns_label(vm.course_code);
    return "classcloud;cc-vm-" + std::to_string(vm.id) +
           (course.empty() ? "" : ";cc-course-" + course);
}

std::string vm_marker(int64_t vm_id) {
    return "classcloud-vm-id=" + std::to_string(vm_id);
}

std::string vm_name(const VmRow& vm) {
    std::string local = vm.email.substr(0, vm.email.find('@'));
    std::string name =
        dns_label(vm.course_code + "-" + local + "-" + vm.template_name);

    if (name.size() > 63) name.resize(63);
    while (!name.empty() && name.back() == '-') name.pop_back();

    if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) {
        name = "vm-" + name;
    }
    return name.substr(0, 63);
}

int64_t vm_id_from_tags(const std::string& tags) {
    const std::string key = "cc-vm-";
    size_t at = tags.find(key);
    if (at == std::string::npos) return 0;

    int64_t id = 0;
    for (size_t i = at + key.size(); i < tags.size(); i++) {
        char c = tags[i];
        if (c < '0' || c > '9') break;
        id = id * 10 + (c - '0');
    }
    return id;
}

Result<void> record_finding(db::Pool& db, int64_t cluster_id, int64_t vmid,
                            const std::string& kind, const std::string& node,
                            int64_t vm_id, const std::string& detail) {
    db::Param row = vm_id ? db::Param(vm_id) : db::Param(std::nullopt);

    auto rows = db.exec(
        "INSERT INTO vm_findings (cluster_id, vmid, kind, node, vm_id, detail)"
        " VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (cluster_id, vmid, kind) WHERE resolved_at IS NULL"
        " DO UPDATE SET last_seen = now(), detail = EXCLUDED.detail,"
        " node = EXCLUDED.node",
        {cluster_id, vmid, kind, node, row, detail});
    if (!rows) return unexpected(rows.error());

    return {};
}

Result<void> resolve_findings(db::Pool& db, int64_t cluster_id, int64_t vmid) {
    auto rows = db.exec(
        "UPDATE vm_findings SET resolved_at = now()"
        " WHERE cluster_id = $1 AND vmid = $2 AND resolved_at IS NULL",
        {cluster_id, vmid});
    if (!rows) return unexpected(rows.error());

    return {};
}

}  // namespace cc::worker
