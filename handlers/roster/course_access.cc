// Reads a course with the caller's enrollment role, once the one
// authorization function (authz) has let the caller see or manage it.
#include "course_access.h"

#include "authz/authz.h"

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

Result<CourseRow> authorized(Context& ctx, const http::Request& req,
                             authz::CourseAction action) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto allowed = authz::authorize_course(ctx.db, req.identity, *id, action);
    if (!allowed) return unexpected(allowed.error());

    return load(ctx, req);
}

}  // namespace

Result<CourseRow> visible_course(Context& ctx, const http::Request& req) {
    return authorized(ctx, req, authz::CourseAction::view);
}

Result<CourseRow> managed_course(Context& ctx, const http::Request& req) {
    return authorized(ctx, req, authz::CourseAction::manage);
}

}  // namespace cc::rosterd
