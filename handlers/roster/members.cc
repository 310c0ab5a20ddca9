// GET /api/courses/{id}/members: who is enrolled, with the state of their
// credential mail and of their VM.
#include "course_access.h"
#include "routes.h"

namespace cc::rosterd {
namespace {

json::Json member_json(const db::Rows& rows, int i) {
    json::Json m = json::Json::object();
    m.set("user_id", rows.integer(i, "id"));
    m.set("email", rows.text(i, "email"));
    m.set("display_name", rows.text(i, "display_name"));
    m.set("role", rows.text(i, "role"));
    m.set("has_password", rows.boolean(i, "has_password"));

    json::Json mail = json::Json::null();
    if (!rows.is_null(i, "mail_status")) {
        mail = json::Json::object();
        mail.set("kind", rows.text(i, "mail_kind"));
        mail.set("status", rows.text(i, "mail_status"));
        mail.set("attempts", rows.integer(i, "mail_attempts"));
        mail.set("error", rows.text(i, "mail_error"));
    }
    m.set("mail", mail);

    json::Json vm = json::Json::null();
    if (!rows.is_null(i, "vm_id")) {
        vm = json::Json::object();
        vm.set("id", rows.integer(i, "vm_id"));
        vm.set("state", rows.text(i, "vm_state"));
        vm.set("power_state", rows.text(i, "vm_power"));
        vm.set("error", rows.text(i, "vm_error"));
    }
    m.set("vm", vm);
    return m;
}

}  // namespace

Result<http::Response> list_members(Context& ctx, http::Request& req) {
    auto course = managed_course(ctx, req);
    if (!course) return unexpected(course.error());

    auto rows = ctx.db.exec(
        "SELECT u.id, u.email, u.display_name, e.role,"
        " u.password_hash IS NOT NULL AS has_password,"
        " m.kind AS mail_kind, m.status AS mail_status,"
        " m.attempts AS mail_attempts, m.last_error AS mail_error,"
        " v.id AS vm_id, v.state AS vm_state, v.power_state AS vm_power,"
        " v.last_error AS vm_error"
        " FROM enrollments e JOIN users u ON u.id = e.user_id"
        " LEFT JOIN LATERAL (SELECT kind, status, attempts, last_error"
        " FROM mail_outbox o WHERE o.user_id = u.id AND o.course_id = $1"
        " ORDER BY o.id DESC LIMIT 1) m ON true"
        " LEFT JOIN LATERAL (SELECT id, state, power_state, last_error"
        " FROM vms WHERE vms.user_id = u.id AND vms.course_id = $1"
        " ORDER BY id LIMIT 1) v ON true"
        " WHERE e.course_id = $1 ORDER BY e.role DESC, u.email",
        {course->id});
    if (!rows) return unexpected(rows.error());

    json::Json list = json::Json::array();
    for (int i = 0; i < rows->size(); i++) list.append(member_json(*rows, i));

    json::Json body = json::Json::object();
    body.set("members", list);
    return http::json_response(200, body);
}

}  // namespace cc::rosterd
