// GET /api/courses/{id}/roster/imports[/{import_id}]: past imports of a
// course, and one import's outcome per row.
#include "course_access.h"
#include "import_json.h"
#include "routes.h"

namespace cc::rosterd {

Result<http::Response> get_import(Context& ctx, http::Request& req) {
    auto course = managed_course(ctx, req);
    if (!course) return unexpected(course.error());

    auto id = req.id_param("import_id");
    if (!id) return unexpected(id.error());

    auto import = import_json(ctx, course->id, *id, true);
    if (!import) return unexpected(import.error());

    json::Json body = json::Json::object();
    body.set("import", *import);
    return http::json_response(200, body);
}

Result<http::Response> list_imports(Context& ctx, http::Request& req) {
    auto course = managed_course(ctx, req);
    if (!course) return unexpected(course.error());

    auto rows = ctx.db.exec(
        "SELECT id FROM roster_imports WHERE course_id = $1"
        " ORDER BY id DESC LIMIT 20",
        {course->id});
    if (!rows) return unexpected(rows.error());

    json::Json list = json::Json::array();
    for (int i = 0; i < rows->size(); i++) {
        auto one = import_json(ctx, course->id, rows->integer(i, "id"), false);
        if (!one) return unexpected(one.error());
        list.append(*one);
    }

    json::Json body = json::Json::object();
    body.set("imports", list);
    return http::json_response(200, body);
}

}  // namespace cc::rosterd
