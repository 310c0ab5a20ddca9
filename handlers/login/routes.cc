// cc-login's routes: method, path, who may call, function.
#include "routes.h"

namespace cc::login {

http::Router make_routes(Context& ctx) {
    using http::Access;
    auto bind = [&ctx](auto fn) {
        return [&ctx, fn](http::Request& req) { return fn(ctx, req); };
    };

    return http::Router({
        {"POST", "/api/auth/login", Access::public_, bind(login)},
        {"POST", "/api/auth/logout", Access::authenticated, bind(logout)},
        {"GET", "/api/me", Access::authenticated, bind(me)},
        {"GET", "/_auth", Access::public_, bind(auth_check)},
        {"GET", "/api/tokens", Access::authenticated, bind(list_tokens)},
        {"POST", "/api/tokens", Access::authenticated, bind(create_token)},
        {"DELETE", "/api/tokens/{id}", Access::authenticated,
         bind(revoke_token)},
    });
}

}  // namespace cc::login
