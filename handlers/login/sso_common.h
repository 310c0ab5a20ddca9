// The end of every single sign-on login: the account behind the identity,
// a fresh session and the same-origin redirect; and the plain page that
// answers a refused login after logging the precise reason.
#pragma once

#include <string>
#include <string_view>

#include "context.h"
#include "http/request.h"
#include "http/response.h"
#include "sso/identity.h"
#include "sso/settings.h"

namespace cc::login {

// An HTML page with a safe message; the reason (error detail) goes to the
// log with the method and provider, never the message that failed.
http::Response refuse_login(Context& ctx, const http::Request& req,
                            std::string_view method, const Error& error);

// Links the identity to an account and starts a new session; answers a
// redirect to `return_to` (checked same-origin) or the refusal page.
http::Response finish_login(Context& ctx, const http::Request& req,
                            const sso::ExternalIdentity& identity,
                            const sso::LinkPolicy& policy,
                            const std::string& return_to);

// A 302 to `location` that is never cached.
http::Response redirect_to(const std::string& location);

}  // namespace cc::login
