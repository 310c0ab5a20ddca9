// cc-console's routes: method, path, who may call, function.
#include "routes.h"

namespace cc::console {

http::Router make_routes(Context& ctx) {
    using http::Access;
    auto bind = [&ctx](auto fn) {
        return [&ctx, fn](http::Request& req) { return fn(ctx, req); };
    };

    return http::Router({
        {"POST", "/api/vms/{id}/console", Access::authenticated,
         bind(open_console)},
        {"GET", "/_console_auth", Access::public_, bind(websocket_gate)},
    });
}

}  // namespace cc::console
