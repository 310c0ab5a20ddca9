// GET/POST /api/courses and GET/PATCH /api/courses/{id}: the courses a
// caller teaches or takes, and their code, title, term, VLAN and settings.
#include <optional>

#include "audit/audit.h"
#include "course_access.h"
#include "course_settings.h"
#include "roster/text.h"
#include "routes.h"

namespace cc::rosterd {
namespace {

constexpr size_t kMaxCode = 32;
constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxTerm = 32;

// What a create or an update may set; nullopt leaves a field alone.
struct CourseFields {
    std::optional<std::string> code;
    std::optional<std::string> title;
    std::optional<std::string> term;
    std::optional<std::optional<int64_t>> vlan_tag;  // inner nullopt: clear
    std::optional<std::string> settings_json;
};

json::Json course_json(const db::Rows& rows, int i) {
    json::Json c = json::Json::object();
    c.set("id", rows.integer(i, "id"));
    c.set("code", rows.text(i, "code"));
    c.set("name", rows.text(i, "title"));
    c.set("title", rows.text(i, "title"));
    c.set("term", rows.text(i, "term"));
    c.set("vlan_tag", rows.is_null(i, "vlan_tag")
                          ? json::Json::null()
                          : json::Json::integer(rows.integer(i, "vlan_tag")));
    auto settings = json::parse(rows.text(i, "settings"));
    c.set("settings", settings ? *settings : json::Json::object());
    c.set("role", rows.text(i, "role"));
    c.set("students", rows.integer(i, "students"));
    return c;
}

constexpr const char* kCourseSelect =
    "SELECT c.id, c.code, c.title, c.term, c.vlan_tag,"
    " c.settings::text AS settings,"
    " CASE WHEN $2 THEN 'admin' ELSE coalesce(e.role, '') END AS role,"
    " (SELECT count(*) FROM enrollments s WHERE s.course_id = c.id"
    " AND s.role = 'student') AS students"
    " FROM courses c LEFT JOIN enrollments e"
    " ON e.course_id = c.id AND e.user_id = $1 ";

// Course text goes into mail subjects, where a line break is refused (or
// would start a new header), so no control character gets in at all.
bool has_line_break(const std::string& text) {
    return roster::has_control_character(text) ||
           text.find("\u2028") != text.npos || text.find("\u2029") != text.npos;
}

Result<std::string> bounded_text(const json::Json& body, const char* field,
                                 size_t max) {
    auto value = http::require_string(body, field);
    if (!value) return value;

    if (roster::trim(*value).empty() ||
        roster::count_code_points(*value) > max) {
        return unexpected(ErrorCode::unprocessable,
                          std::string("`") + field + "` must be 1 to " +
                              std::to_string(max) + " characters");
    }
    if (has_line_break(*value)) {
        return unexpected(ErrorCode::unprocessable,
                          std::string("`") + field +
                              "` may not contain a line break, a tab or "
                              "another control character");
    }
    return value;
}

Result<void> read_vlan(const json::Json& body, CourseFields& out) {
    json::Json vlan = body.get("vlan_tag");
    if (!vlan.valid()) return {};

    if (json_is_null(vlan.raw())) {
        out.vlan_tag = std::optional<int64_t>();
        return {};
    }
    auto tag = body.get_int("vlan_tag");
    if (!tag || *tag < 1 || *tag > 4094) {
        return unexpected(
            ErrorCode::unprocessable,
            "`vlan_tag` must be a number from 1 to 4094, or null");
    }
    out.vlan_tag = std::optional<int64_t>(*tag);
    return {};
}

Result<CourseFields> read_fields(const json::Json& body, bool creating) {
    CourseFields out;
    struct Text {
        const char* field;
        size_t max;
        std::optional<std::string>* slot;
    };
    for (Text t : {Text{"code", kMaxCode, &out.code},
                   Text{"title", kMaxTitle, &out.title},
                   Text{"term", kMaxTerm, &out.term}}) {
        const char* field = t.field;
        if (t.slot == &out.title && !body.get("title").valid() &&
            body.get("name").valid()) {
            field = "name";
        }
        if (!creating && !body.get(field).valid()) continue;

        auto value = bounded_text(body, field, t.max);
        if (!value) return unexpected(value.error());
        *t.slot = *value;
    }

    auto vlan = read_vlan(body, out);
    if (!vlan) return unexpected(vlan.error());

    json::Json settings = body.get("settings");
    if (!settings.valid()) return out;

    auto checked = read_settings(settings);
    if (!checked) return unexpected(checked.error());
    out.settings_json = *checked;
    return out;
}

db::Param vlan_param(const CourseFields& f) {
    if (!f.vlan_tag || !*f.vlan_tag) return std::nullopt;

    return db::Param(**f.vlan_tag);
}

Result<http::Response> answer_course(Context& ctx, const http::Request& req,
                                     int64_t id, int status) {
    auto rows =
        ctx.db.exec(std::string(kCourseSelect) + "WHERE c.id = $3",
                    {req.identity.user_id, req.identity.role == "admin", id});
    if (!rows) return unexpected(rows.error());
    if (rows->empty())
        return unexpected(ErrorCode::not_found, "no such course");

    json::Json body = json::Json::object();
    body.set("course", course_json(*rows, 0));
    return http::json_response(status, body);
}

}  // namespace

Result<http::Response> list_courses(Context& ctx, http::Request& req) {
    bool admin = req.identity.role == "admin";
    auto rows = ctx.db.exec(
        std::string(kCourseSelect) +
            "WHERE $2 OR e.role IS NOT NULL ORDER BY c.term DESC, c.code",
        {req.identity.user_id, admin});
    if (!rows) return unexpected(rows.error());

    json::Json list = json::Json::array();
    for (int i = 0; i < rows->size(); i++) list.append(course_json(*rows, i));

    json::Json body = json::Json::object();
    body.set("courses", list);
    return http::json_response(200, body);
}

Result<http::Response> create_course(Context& ctx, http::Request& req) {
    auto body = req.json_body();
    if (!body) return unexpected(body.error());

    auto f = read_fields(*body, true);
    if (!f) return unexpected(f.error());

    int64_t id = 0;
    auto made = ctx.db.transaction([&](db::Conn& conn) -> Result<void> {
        auto rows = conn.exec(
            "INSERT INTO courses (code, title, term, vlan_tag, settings)"
            " VALUES ($1, $2, $3, $4,"
            " coalesce(jsonb_strip_nulls($5::jsonb), '{}'))"
            " RETURNING id",
            {*f->code, *f->title, *f->term, vlan_param(*f), f->settings_json});
        if (!rows) return unexpected(rows.error());
        id = rows->integer(0, "id");

        // The faculty member who creates a course teaches it.
        if (req.identity.role != "faculty") return {};
        auto enrolled = conn.exec(
            "INSERT INTO enrollments (course_id, user_id, role)"
            " VALUES ($1, $2, 'faculty')",
            {id, req.identity.user_id});
        if (!enrolled) return unexpected(enrolled.error());
        return {};
    });
    if (!made && made.error().code == ErrorCode::conflict) {
        return unexpected(
            ErrorCode::conflict,
            "a course with the code " + *f->code + " already exists");
    }
    if (!made) return unexpected(made.error());

    (void)audit::record(ctx.db,
                        {req.identity.user_id, "course.create", "course",
                         std::to_string(id), req.remote_addr, "success", "{}"});
    return answer_course(ctx, req, id, 201);
}

Result<http::Response> get_course(Context& ctx, http::Request& req) {
    auto course = visible_course(ctx, req);
    if (!course) return unexpected(course.error());

    return answer_course(ctx, req, course->id, 200);
}

Result<http::Response> update_course(Context& ctx, http::Request& req) {
    auto course = managed_course(ctx, req);
    if (!course) return unexpected(course.error());

    auto body = req.json_body();
    if (!body) return unexpected(body.error());

    auto f = read_fields(*body, false);
    if (!f) return unexpected(f.error());

    // Settings sent are merged into the stored ones; a null one is
    // removed, so the course falls back to the default.
    auto updated = ctx.db.exec(
        "UPDATE courses SET code = coalesce($2, code),"
        " title = coalesce($3, title), term = coalesce($4, term),"
        " vlan_tag = CASE WHEN $5 THEN $6::integer ELSE vlan_tag END,"
        " settings = CASE WHEN $7::jsonb IS NULL THEN settings"
        " ELSE jsonb_strip_nulls(settings || $7::jsonb) END WHERE id = $1",
        {course->id, f->code, f->title, f->term, f->vlan_tag.has_value(),
         vlan_param(*f), f->settings_json});
    if (!updated && updated.error().code == ErrorCode::conflict) {
        return unexpected(ErrorCode::conflict,
                          "another course already has that code");
    }
    if (!updated) return unexpected(updated.error());

    (void)audit::record(
        ctx.db, {req.identity.user_id, "course.update", "course",
                 std::to_string(course->id), req.remote_addr, "success", "{}"});
    return answer_course(ctx, req, course->id, 200);
}

}  // namespace cc::rosterd
