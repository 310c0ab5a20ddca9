// Reads a course with the caller's enrollment role in one query.
#include "course_access.h"

namespace cc::rosterd {
namespace {

Result<CourseRow> load(Context& ctx, const http::Request& req) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto rows = ctx.db.exec(
        "SELECT c.id, c.code, c.title, c.term, coalesce(c.vlan_tag, 0)"
        " AS vlan_tag, c.settings::text AS settings, e.role"
        " FROM courses c LEFT JOIN enrollments e"
        " ON e.course_id = c.id AND e.user_id = $2 WHERE c.id = $1",
        {*id, req.identity.user_id});
    if (!rows) return unexpected(rows.error());
    if (rows->empty())
        return unexpected(ErrorCode::not_found, "no such course");

    CourseRow c{rows->integer(0, "id"),       rows->text(0, "code"),
                rows->text(0, "title"),       rows->text(0, "term"),
                rows->integer(0, "vlan_tag"), rows->text(0, "settings"),
                rows->text(0, "role")};
    if (req.identity.role == "admin") c.my_role = "admin";
    return c;
}

}  // namespace

Result<CourseRow> visible_course(Context& ctx, const http::Request& req) {
    auto course = load(ctx, req);
    if (!course) return course;

    if (course->my_role.empty()) {
        return unexpected(ErrorCode::not_found, "no such course");
    }
    return course;
}

Result<CourseRow> managed_course(Context& ctx, const http::Request& req) {
    auto course = load(ctx, req);
    if (!course) return course;

    if (course->my_role != "admin" && course->my_role != "faculty") {
        return unexpected(ErrorCode::not_found, "no such course");
    }
    return course;
}

}  // namespace cc::rosterd
