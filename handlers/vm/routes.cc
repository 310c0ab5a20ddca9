// cc-vm's routes: method, path, who may call, function. Object-level
// checks happen in each action through authz::authorize_vm/course.
#include "routes.h"

namespace cc::vm {

http::Router make_routes(Context& ctx) {
    using http::Access;
    auto bind = [&ctx](auto fn) {
        return [&ctx, fn](http::Request& req) { return fn(ctx, req); };
    };

    return http::Router({
        {"GET", "/api/vms", Access::authenticated, bind(list_vms)},
        {"GET", "/api/vms/{id}", Access::authenticated, bind(show_vm)},
        {"POST", "/api/courses/{id}/vms", Access::authenticated,
         bind(request_vm)},
        {"POST", "/api/vms/{id}/actions/{action}", Access::authenticated,
         bind(power_vm)},
        {"POST", "/api/courses/{id}/vms/actions/{action}", Access::faculty,
         bind(bulk_power)},
        {"GET", "/api/vms/{id}/snapshots", Access::authenticated,
         bind(list_snapshots)},
        {"POST", "/api/vms/{id}/snapshots", Access::authenticated,
         bind(take_snapshot)},
        {"POST", "/api/vms/{id}/snapshots/{name}/rollback",
         Access::authenticated, bind(rollback_snapshot)},
        {"DELETE", "/api/vms/{id}/snapshots/{name}", Access::authenticated,
         bind(delete_snapshot)},
        {"POST", "/api/vms/{id}/rebuild", Access::authenticated,
         bind(rebuild_vm)},
        {"DELETE", "/api/vms/{id}", Access::authenticated, bind(destroy_vm)},
        {"GET", "/api/jobs/{id}", Access::authenticated, bind(show_job)},
    });
}

}  // namespace cc::vm
