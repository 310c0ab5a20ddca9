// GET /_auth: nginx's auth_request target. Answers 200 with the caller's
// identity in headers, 401 without a live session or API token, 403 when
// a cookie request may be cross-site or a read-only token writes. nginx
// copies the headers into FastCGI params.
#include "auth/api_token.h"
#include "auth/csrf.h"
#include "log/log.h"
#include "routes.h"

namespace cc::login {
namespace {

// auth_request passes only 2xx, 401 and 403 on; so a Redis failure is
// answered 403 with code "unavailable", which nginx turns into a 503.
http::Response deny(int status, std::string_view code, std::string message) {
    http::Response res;
    res.status = status;
    res.content_type.clear();
    res.header("X-CC-Auth-Code", std::string(code));
    res.header("X-CC-Auth-Error", std::move(message));
    return res;
}

http::Response allow(int64_t user_id, const std::string& role,
                     const char* method) {
    http::Response res;
    res.status = 200;
    res.content_type.clear();
    res.header("X-CC-User-Id", std::to_string(user_id));
    res.header("X-CC-Role", role);
    res.header("X-CC-Auth-Method", method);
    return res;
}

// API tokens need no CSRF token: browsers never attach them by themselves.
http::Response check_token(Context& ctx, const http::Request& req,
                           const std::string& secret) {
    auto owner = auth::find_api_token(ctx.db, secret);
    if (!owner) {
        log::error(
            "token_lookup_failed",
            {{"req_id", req.request_id}, {"err_detail", owner.error().detail}});
        return deny(403, "unavailable",
                    "the database is unavailable; try again shortly");
    }
    if (!*owner) {
        return deny(401, "unauthenticated",
                    "API token is unknown, expired or revoked");
    }

    std::string method = req.param("CC_ORIGINAL_METHOD");
    if ((*owner)->scope == "read" && !auth::is_safe_method(method)) {
        return deny(403, "forbidden", "this API token is read-only");
    }
    return allow((*owner)->user_id, (*owner)->role, "token");
}

}  // namespace

Result<http::Response> auth_check(Context& ctx, http::Request& req) {
    if (auto header = req.header("Authorization")) {
        auto secret = auth::bearer_token(*header);
        if (!secret) {
            return deny(401, "unauthenticated",
                        "Authorization must be `Bearer <token>`");
        }
        return check_token(ctx, req, *secret);
    }

    auto id = req.cookie(auth::kSessionCookie);
    if (!id) return deny(401, "unauthenticated", "not logged in");

    auto session = ctx.sessions.find(*id);
    if (!session) {
        log::error("session_store_failed",
                   {{"req_id", req.request_id},
                    {"err_detail", session.error().detail}});
        return deny(403, "unavailable",
                    "the session store is unavailable; try again shortly");
    }
    if (!*session) {
        return deny(401, "unauthenticated", "session expired or unknown");
    }

    const auth::Session& s = **session;
    auto allowed = auth::check_cross_site(
        req.param("CC_ORIGINAL_METHOD"), s.csrf_token,
        req.header("X-CSRF-Token"), req.header("Origin"), ctx.site_origin);
    if (!allowed) {
        return deny(403, "forbidden", allowed.error().message);
    }

    return allow(s.user_id, s.role, "session");
}

}  // namespace cc::login
