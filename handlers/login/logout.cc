// POST /api/auth/logout: ends the session server-side and clears the
// cookie; the old id no longer works anywhere.
#include "audit/audit.h"
#include "routes.h"

namespace cc::login {

Result<http::Response> logout(Context& ctx, http::Request& req) {
    if (auto id = req.cookie(auth::kSessionCookie)) {
        auto ended = ctx.sessions.destroy(*id);
        if (!ended) return unexpected(ended.error());
    }

    std::string ip = http::client_ip(req, ctx.trusted_proxies);
    (void)audit::record(
        ctx.db, {req.identity.user_id, "logout", "user",
                 std::to_string(req.identity.user_id), ip, "success", "{}"});

    http::Response res = http::no_content();
    res.header("Set-Cookie", auth::SessionStore::clearing_cookie());
    return res;
}

}  // namespace cc::login
