// GET /api/auth/oidc/login and /api/auth/oidc/callback: the authorization
// code flow with PKCE, its state and nonce bound to the browser.
#include "routes.h"
#include "sso/flow.h"
#include "sso_common.h"
#include "sso_context.h"

namespace cc::login {
namespace {

constexpr const char* kMethod = "oidc";

Error not_configured() {
    return make_error(ErrorCode::not_found,
                      "this sign-in method is not configured",
                      "no such oidc provider");
}

}  // namespace

Result<http::Response> oidc_login(Context& ctx, http::Request& req) {
    sso::OidcClient* client =
        ctx.sso ? ctx.sso->oidc_client(req.query("idp").value_or("")) : nullptr;
    if (!client) return refuse_login(ctx, req, kMethod, not_configured());

    sso::OidcSecrets secrets = sso::OidcSecrets::generate();
    auto url = client->authorization_url(secrets);
    if (!url) return refuse_login(ctx, req, kMethod, url.error());

    json::Json flow = json::Json::object();
    flow.set("provider", client->provider().name);
    flow.set("nonce", secrets.nonce);
    flow.set("verifier", secrets.code_verifier);
    flow.set("next", req.query("next").value_or("/"));

    std::string browser =
        sso::FlowStore::browser_value(req.cookie(sso::kFlowCookie));
    auto stored = ctx.sso->flows.put(kMethod, secrets.state, browser, flow);
    if (!stored) return refuse_login(ctx, req, kMethod, stored.error());

    http::Response res = redirect_to(*url);
    res.header("Set-Cookie", ctx.sso->flows.cookie_for(browser));
    return res;
}

Result<http::Response> oidc_callback(Context& ctx, http::Request& req) {
    if (!ctx.sso) return refuse_login(ctx, req, kMethod, not_configured());

    if (auto error = req.query("error")) {
        return refuse_login(
            ctx, req, kMethod,
            make_error(ErrorCode::unauthenticated,
                       "the identity provider did not log you in",
                       "issuer answered error " + error->substr(0, 64)));
    }

    auto state = req.query("state");
    auto code = req.query("code");
    if (!state || !code || state->empty() || state->size() > 128) {
        return refuse_login(ctx, req, kMethod,
                            make_error(ErrorCode::invalid_argument,
                                       "this login link is incomplete",
                                       "callback without state or code"));
    }

    auto flow =
        ctx.sso->flows.take(kMethod, *state, req.cookie(sso::kFlowCookie));
    if (!flow) return refuse_login(ctx, req, kMethod, flow.error());

    sso::OidcClient* client =
        ctx.sso->oidc_client(flow->get_string("provider").value_or(""));
    if (!client) return refuse_login(ctx, req, kMethod, not_configured());

    auto identity =
        client->redeem(*code, flow->get_string("verifier").value_or(""),
                       flow->get_string("nonce").value_or(""));
    if (!identity) return refuse_login(ctx, req, kMethod, identity.error());

    return finish_login(ctx, req, *identity, client->provider().link,
                        flow->get_string("next").value_or("/"));
}

}  // namespace cc::login
