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
        {"POST", "/api/auth/password/set", Access::public_, bind(password_set)},
        {"POST", "/api/auth/password/forgot", Access::public_,
         bind(password_forgot)},
        {"GET", "/api/auth/methods", Access::public_, bind(auth_methods)},
        {"GET", "/api/auth/saml/metadata", Access::public_,
         bind(saml_metadata)},
        {"GET", "/api/auth/saml/login", Access::public_, bind(saml_login)},
        {"POST", "/api/auth/saml/acs", Access::public_, bind(saml_acs)},
        {"GET", "/api/auth/cas/login", Access::public_, bind(cas_login)},
        {"GET", "/api/auth/cas/callback", Access::public_, bind(cas_callback)},
        {"GET", "/api/auth/oidc/login", Access::public_, bind(oidc_login)},
        {"GET", "/api/auth/oidc/callback", Access::public_,
         bind(oidc_callback)},
        {"GET", "/api/tokens", Access::authenticated, bind(list_tokens)},
        {"POST", "/api/tokens", Access::authenticated, bind(create_token)},
        {"DELETE", "/api/tokens/{id}", Access::authenticated,
         bind(revoke_token)},
    });
}

}  // namespace cc::login
