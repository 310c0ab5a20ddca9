// GET /api/auth/cas/login and /api/auth/cas/callback: CAS 3.0 with the
// service URL from configuration only, never from the request's Host.
#include "routes.h"
#include "sso/cas.h"
#include "sso/flow.h"
#include "sso_common.h"
#include "sso_context.h"

namespace cc::login {
namespace {

constexpr const char* kMethod = "cas";

Error not_configured() {
    return make_error(ErrorCode::not_found,
                      "this sign-in method is not configured",
                      "no such cas provider");
}

}  // namespace

Result<http::Response> cas_login(Context& ctx, http::Request& req) {
    const sso::CasProvider* provider =
        ctx.sso ? ctx.sso->cas_provider(req.query("idp").value_or(""))
                : nullptr;
    if (!provider) return refuse_login(ctx, req, kMethod, not_configured());

    json::Json flow = json::Json::object();
    flow.set("provider", provider->name);
    flow.set("next", req.query("next").value_or("/"));

    // The service URL is fixed, so the flow is keyed by the browser's
    // own cookie value: one CAS login in flight per browser.
    std::string browser =
        sso::FlowStore::browser_value(req.cookie(sso::kFlowCookie));
    (void)ctx.sso->flows.take(kMethod, browser, browser);
    auto stored = ctx.sso->flows.put(kMethod, browser, browser, flow);
    if (!stored) return refuse_login(ctx, req, kMethod, stored.error());

    std::string service = ctx.sso->settings.cas_service_url();
    http::Response res = redirect_to(sso::cas_login_url(*provider, service));
    res.header("Set-Cookie", ctx.sso->flows.cookie_for(browser));
    return res;
}

Result<http::Response> cas_callback(Context& ctx, http::Request& req) {
    if (!ctx.sso) return refuse_login(ctx, req, kMethod, not_configured());

    std::string ticket = req.query("ticket").value_or("");
    if (!sso::plausible_ticket(ticket)) {
        return refuse_login(ctx, req, kMethod,
                            make_error(ErrorCode::invalid_argument,
                                       "this login link is malformed",
                                       "cas ticket missing or bad syntax"));
    }

    auto browser = req.cookie(sso::kFlowCookie);
    auto flow = ctx.sso->flows.take(kMethod, browser.value_or(""), browser);
    if (!flow) return refuse_login(ctx, req, kMethod, flow.error());

    const sso::CasProvider* provider =
        ctx.sso->cas_provider(flow->get_string("provider").value_or(""));
    if (!provider) return refuse_login(ctx, req, kMethod, not_configured());

    auto identity = sso::validate_cas_ticket(
        *provider, ctx.sso->settings.cas_service_url(), ticket);
    if (!identity) return refuse_login(ctx, req, kMethod, identity.error());

    return finish_login(ctx, req, *identity, provider->link,
                        flow->get_string("next").value_or("/"));
}

}  // namespace cc::login
