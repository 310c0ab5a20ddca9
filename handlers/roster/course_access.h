// The one authorization check for courses: who may see and who may manage
// a course. A course the caller may not see answers 404, never 403.
#pragma once

#include <cstdint>
#include <string>

#include "context.h"
#include "http/request.h"

namespace cc::rosterd {

struct CourseRow {
    int64_t id = 0;
    std::string code;
    std::string title;
    std::string term;
    int64_t vlan_tag = 0;  // 0 when unset
    std::string settings_json;
    std::string my_role;  // faculty, student, or admin for admins
};

// The course named by the {id} path parameter, if authz::authorize_course
// lets the caller see it (admins, and those enrolled). Errors: not_found.
Result<CourseRow> visible_course(Context& ctx, const http::Request& req);

// The same, but only for admins and the course's faculty; a student of the
// course is forbidden, anyone else gets not_found.
Result<CourseRow> managed_course(Context& ctx, const http::Request& req);

}  // namespace cc::rosterd
