// cc-roster's routes: method, path, who may call, function.
#include "routes.h"

namespace cc::rosterd {

http::Router make_routes(Context& ctx) {
    using http::Access;
    auto bind = [&ctx](Action* fn) {
        return [&ctx, fn](http::Request& req) { return fn(ctx, req); };
    };

    return http::Router({
        {"GET", "/api/courses", Access::authenticated, bind(list_courses)},
        {"POST", "/api/courses", Access::faculty, bind(create_course)},
        {"GET", "/api/courses/{id}", Access::authenticated, bind(get_course)},
        {"PATCH", "/api/courses/{id}", Access::faculty, bind(update_course)},
        {"GET", "/api/courses/{id}/templates", Access::authenticated,
         bind(list_templates)},
        {"POST", "/api/courses/{id}/templates", Access::faculty,
         bind(create_template)},
        {"GET", "/api/courses/{id}/members", Access::faculty,
         bind(list_members)},
        {"POST", "/api/courses/{id}/roster", Access::faculty,
         bind(upload_roster)},
        {"GET", "/api/courses/{id}/roster/imports", Access::faculty,
         bind(list_imports)},
        {"GET", "/api/courses/{id}/roster/imports/{import_id}", Access::faculty,
         bind(get_import)},
    });
}

}  // namespace cc::rosterd
