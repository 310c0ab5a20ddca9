// The cc-login route table: one row per route.
#pragma once

#include "context.h"
#include "http/router.h"

namespace cc::login {

http::Router make_routes(Context& ctx);

Result<http::Response> login(Context& ctx, http::Request& req);
Result<http::Response> logout(Context& ctx, http::Request& req);
Result<http::Response> me(Context& ctx, http::Request& req);
Result<http::Response> auth_check(Context& ctx, http::Request& req);
Result<http::Response> password_set(Context& ctx, http::Request& req);

// Single sign-on (sso_*.cc).
Result<http::Response> auth_methods(Context& ctx, http::Request& req);
Result<http::Response> saml_metadata(Context& ctx, http::Request& req);
Result<http::Response> saml_login(Context& ctx, http::Request& req);
Result<http::Response> saml_acs(Context& ctx, http::Request& req);
Result<http::Response> cas_login(Context& ctx, http::Request& req);
Result<http::Response> cas_callback(Context& ctx, http::Request& req);
Result<http::Response> oidc_login(Context& ctx, http::Request& req);
Result<http::Response> oidc_callback(Context& ctx, http::Request& req);
Result<http::Response> password_forgot(Context& ctx, http::Request& req);
Result<http::Response> list_tokens(Context& ctx, http::Request& req);
Result<http::Response> create_token(Context& ctx, http::Request& req);
Result<http::Response> revoke_token(Context& ctx, http::Request& req);

}  // namespace cc::login
