// GET /api/me: who is logged in, their courses, and the CSRF token the UI
// must send with every state-changing request.
#include "routes.h"
#include "user_json.h"

namespace cc::login {
namespace {

Result<json::Json> courses_of(db::Pool& db, int64_t user_id) {
    auto rows = db.exec(
        "SELECT c.id, c.code, c.title, c.term, e.role FROM enrollments e "
        "JOIN courses c ON c.id = e.course_id WHERE e.user_id = $1 "
        "ORDER BY c.code",
        {user_id});
    if (!rows) return unexpected(rows.error());

    json::Json list = json::Json::array();
    for (int i = 0; i < rows->size(); i++) {
        json::Json course = json::Json::object();
        course.set("id", rows->integer(i, "id"));
        course.set("code", rows->text(i, "code"));
        course.set("name", rows->text(i, "title"));
        course.set("term", rows->text(i, "term"));
        course.set("role", rows->text(i, "role"));
        list.append(course);
    }
    return list;
}

Result<json::Json> csrf_token_of(Context& ctx, const http::Request& req) {
    auto id = req.cookie(auth::kSessionCookie);
    if (!id) return json::Json::null();

    auto session = ctx.sessions.find(*id);
    if (!session) return unexpected(session.error());
    if (!*session) return json::Json::null();

    return json::Json::string((*session)->csrf_token);
}

}  // namespace

Result<http::Response> me(Context& ctx, http::Request& req) {
    auto user = find_user_by_id(ctx.db, req.identity.user_id);
    if (!user) return unexpected(user.error());
    if (!*user || (*user)->disabled) {
        return unexpected(ErrorCode::unauthenticated, "not logged in");
    }

    auto courses = courses_of(ctx.db, req.identity.user_id);
    if (!courses) return unexpected(courses.error());

    auto csrf = csrf_token_of(ctx, req);
    if (!csrf) return unexpected(csrf.error());

    json::Json body = json::Json::object();
    body.set("user", user_json(**user));
    body.set("courses", *courses);
    body.set("csrf_token", *csrf);

    http::Response res = http::json_response(200, body);
    res.header("Cache-Control", "no-store");
    return res;
}

}  // namespace cc::login
