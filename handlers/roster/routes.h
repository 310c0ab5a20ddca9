// The cc-roster route table and its actions, one file each.
#pragma once

#include "context.h"
#include "http/router.h"

namespace cc::rosterd {

http::Router make_routes(Context& ctx);

using Action = Result<http::Response>(Context& ctx, http::Request& req);

Action list_courses;
Action create_course;
Action get_course;
Action update_course;
Action list_templates;
Action create_template;
Action list_members;
Action upload_roster;
Action get_import;
Action list_imports;

}  // namespace cc::rosterd
