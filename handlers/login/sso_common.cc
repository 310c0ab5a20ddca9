// Finishing an SSO login and refusing one, the same way for SAML, CAS and
// OIDC.
#include "sso_common.h"

#include "audit/audit.h"
#include "auth/session.h"
#include "log/log.h"
#include "sso/encoding.h"
#include "sso/linking.h"
#include "sso/redirect.h"

namespace cc::login {
namespace {

int page_status(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument:
            return 400;
        case ErrorCode::not_found:
            return 404;
        case ErrorCode::upstream_failed:
            return 502;
        case ErrorCode::unavailable:
            return 503;
        default:
            return 403;
    }
}

std::string page_message(const Error& error) {
    if (error.code == ErrorCode::upstream_failed) {
        return "The sign-in service is not answering right now. You can "
               "still log in with your ClassCloud password, or try again "
               "later.";
    }
    if (error.code == ErrorCode::unavailable) {
        return "ClassCloud cannot finish logins right now; try again "
               "shortly.";
    }
    return error.message.empty() ? "This login was refused." : error.message;
}

std::string audit_detail(std::string_view method, const std::string& provider) {
    json::Json detail = json::Json::object();
    detail.set("method", method);
    detail.set("provider", provider);
    return detail.dump();
}

}  // namespace

http::Response redirect_to(const std::string& location) {
    http::Response res;
    res.status = 302;
    res.content_type.clear();
    res.header("Location", location);
    res.header("Cache-Control", "no-store");
    return res;
}

http::Response refuse_login(Context& ctx, const http::Request& req,
                            std::string_view method, const Error& error) {
    log::warn("sso_refused", {{"req_id", req.request_id},
                              {"method", method},
                              {"err_code", error_code_name(error.code)},
                              {"reason", error.detail.empty() ? error.message
                                                              : error.detail}});

    std::string ip = http::client_ip(req, ctx.trusted_proxies);
    (void)audit::record(ctx.db, {0, "login", "user", "", ip, "denied",
                                 audit_detail(method, "")});

    http::Response res;
    res.status = page_status(error.code);
    res.content_type = "text/html; charset=utf-8";
    res.header("Cache-Control", "no-store");
    res.body =
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Login refused - ClassCloud</title></head><body>\n"
        "<h1>Login refused</h1>\n<p>" +
        sso::markup_escape(page_message(error)) +
        "</p>\n<p><a href=\"/\">Back to the login page</a></p>\n"
        "<p>Reference: " +
        sso::markup_escape(req.request_id) + "</p>\n</body></html>\n";
    return res;
}

http::Response finish_login(Context& ctx, const http::Request& req,
                            const sso::ExternalIdentity& identity,
                            const sso::LinkPolicy& policy,
                            const std::string& return_to) {
    auto user = sso::link_account(ctx.db, identity, policy);
    if (!user) return refuse_login(ctx, req, identity.kind, user.error());

    // A new id at every login; an old session sent along is ended.
    if (auto old = req.cookie(auth::kSessionCookie)) {
        (void)ctx.sessions.destroy(*old);
    }
    auto session = ctx.sessions.create(user->id, user->role);
    if (!session) return refuse_login(ctx, req, identity.kind, session.error());

    std::string ip = http::client_ip(req, ctx.trusted_proxies);
    (void)audit::record(
        ctx.db, {user->id, "login", "user", std::to_string(user->id), ip,
                 "success", audit_detail(identity.kind, identity.provider)});
    log::info("sso_login", {{"req_id", req.request_id},
                            {"method", identity.kind},
                            {"provider", identity.provider},
                            {"user_id", user->id},
                            {"linked_now", user->linked ? 1 : 0},
                            {"created", user->created ? 1 : 0}});

    http::Response res = redirect_to(sso::safe_return_path(return_to));
    res.header("Set-Cookie", ctx.sessions.cookie_for(*session));
    return res;
}

}  // namespace cc::login
