// The rules: admins act on everything; faculty on their courses' VMs and
// their own; students on their own VMs, and destroy them only where the
// course's settings allow it.
#include "authz/authz.h"

namespace cc::authz {
namespace {

Result<std::string> course_role(db::Pool& db, int64_t user_id,
                                int64_t course_id) {
    auto rows = db.exec(
        "SELECT role FROM enrollments WHERE user_id = $1 AND course_id = $2",
        {user_id, course_id});
    if (!rows) return unexpected(rows.error());

    return rows->empty() ? std::string() : rows->text(0, "role");
}

// Course faculty are faculty accounts enrolled as faculty: a student
// account listed as faculty in some roster gains nothing from it.
bool teaches(const http::Identity& who, const std::string& enrollment_role) {
    return enrollment_role == "faculty" &&
           (who.role == "faculty" || who.role == "admin");
}

Result<VmRow> load_vm(db::Pool& db, int64_t vm_id) {
    auto rows = db.exec(
        "SELECT v.id, v.user_id, v.course_id, v.template_id, v.cluster_id, "
        "coalesce(v.node, '') AS node, coalesce(v.vmid, 0) AS vmid, v.name, "
        "v.state, v.power_state, coalesce(n.status <> 'offline', true) "
        "AS node_online FROM vms v LEFT JOIN nodes n "
        "ON n.cluster_id = v.cluster_id AND n.name = v.node WHERE v.id = $1",
        {vm_id});
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) return unexpected(ErrorCode::not_found, "no such VM");

    return VmRow{
        rows->integer(0, "id"),         rows->integer(0, "user_id"),
        rows->integer(0, "course_id"),  rows->integer(0, "template_id"),
        rows->integer(0, "cluster_id"), rows->text(0, "node"),
        rows->integer(0, "vmid"),       rows->text(0, "name"),
        rows->text(0, "state"),         rows->text(0, "power_state"),
        rows->boolean(0, "node_online")};
}

Result<bool> students_may_destroy(db::Pool& db, int64_t course_id) {
    auto rows = db.exec(
        "SELECT coalesce((settings->>'students_may_destroy')::boolean, "
        "false) AS allowed FROM courses WHERE id = $1",
        {course_id});
    if (!rows) return unexpected(rows.error());

    return !rows->empty() && rows->boolean(0, "allowed");
}

}  // namespace

Result<VmRow> authorize_vm(db::Pool& db, const http::Identity& who,
                           int64_t vm_id, VmAction action) {
    if (who.anonymous()) {
        return unexpected(ErrorCode::unauthenticated, "not logged in");
    }

    auto vm = load_vm(db, vm_id);
    if (!vm) return vm;
    if (who.role == "admin") return vm;

    auto role = course_role(db, who.user_id, vm->course_id);
    if (!role) return unexpected(role.error());
    if (teaches(who, *role)) return vm;

    // Another person's VM looks exactly like one that does not exist.
    if (vm->user_id != who.user_id) {
        return unexpected(ErrorCode::not_found, "no such VM");
    }
    if (action != VmAction::destroy) return vm;

    auto allowed = students_may_destroy(db, vm->course_id);
    if (!allowed) return unexpected(allowed.error());
    if (!*allowed) {
        return unexpected(ErrorCode::forbidden,
                          "this course does not let students delete their "
                          "VMs; ask your instructor");
    }
    return vm;
}

Result<void> authorize_course(db::Pool& db, const http::Identity& who,
                              int64_t course_id, CourseAction action) {
    if (who.anonymous()) {
        return unexpected(ErrorCode::unauthenticated, "not logged in");
    }

    auto exists = db.exec("SELECT 1 FROM courses WHERE id = $1", {course_id});
    if (!exists) return unexpected(exists.error());
    if (exists->empty()) {
        return unexpected(ErrorCode::not_found, "no such course");
    }
    if (who.role == "admin") return {};

    auto role = course_role(db, who.user_id, course_id);
    if (!role) return unexpected(role.error());
    if (role->empty()) {
        return unexpected(ErrorCode::not_found, "no such course");
    }

    if (action == CourseAction::manage && !teaches(who, *role)) {
        return unexpected(ErrorCode::forbidden,
                          "only the course's faculty may do this");
    }
    return {};
}

}  // namespace cc::authz
