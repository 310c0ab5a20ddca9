// GET /api/auth/saml/metadata, GET /api/auth/saml/login and POST
// /api/auth/saml/acs: the SAML 2.0 service provider's routes. Replayed
// assertions and responses to requests another browser made end here.
#include <ctime>

#include "routes.h"
#include "sso/flow.h"
#include "sso_common.h"
#include "sso_context.h"

namespace cc::login {
namespace {

constexpr const char* kMethod = "saml";

Error not_configured() {
    return make_error(ErrorCode::not_found,
                      "this sign-in method is not configured",
                      "no saml provider");
}

// One field of an application/x-www-form-urlencoded body.
std::optional<std::string> form_field(const std::string& body,
                                      std::string_view name) {
    size_t start = 0;
    while (start < body.size()) {
        size_t end = body.find('&', start);
        if (end == std::string::npos) end = body.size();

        std::string_view pair(body.data() + start, end - start);
        size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return http::url_decode(pair.substr(eq + 1), true);
        }
        start = end + 1;
    }
    return std::nullopt;
}

Error replayed() {
    return make_error(ErrorCode::unauthenticated,
                      "this login answer was already used",
                      "saml assertion id seen before");
}

}  // namespace

Result<http::Response> saml_metadata(Context& ctx, http::Request&) {
    if (!ctx.sso || !ctx.sso->saml) {
        return unexpected(ErrorCode::not_found, "SAML is not configured");
    }

    http::Response res;
    res.content_type = "application/samlmetadata+xml";
    res.body = ctx.sso->saml->metadata();
    return res;
}

Result<http::Response> saml_login(Context& ctx, http::Request& req) {
    if (!ctx.sso || !ctx.sso->saml) {
        return refuse_login(ctx, req, kMethod, not_configured());
    }

    std::string name = req.query("idp").value_or("");
    if (name.empty() && !ctx.sso->settings.saml.empty()) {
        name = ctx.sso->settings.saml.front().name;
    }

    auto start = ctx.sso->saml->start(name);
    if (!start) return refuse_login(ctx, req, kMethod, start.error());

    json::Json flow = json::Json::object();
    flow.set("provider", name);
    flow.set("next", req.query("next").value_or("/"));

    std::string browser =
        sso::FlowStore::browser_value(req.cookie(sso::kFlowCookie));
    auto stored = ctx.sso->flows.put(kMethod, start->request_id, browser, flow);
    if (!stored) return refuse_login(ctx, req, kMethod, stored.error());

    http::Response res = redirect_to(start->redirect_url);
    res.header("Set-Cookie", ctx.sso->flows.cookie_for(browser));
    return res;
}

Result<http::Response> saml_acs(Context& ctx, http::Request& req) {
    if (!ctx.sso || !ctx.sso->saml) {
        return refuse_login(ctx, req, kMethod, not_configured());
    }

    auto message = form_field(req.body, "SAMLResponse");
    if (!message) {
        return refuse_login(ctx, req, kMethod,
                            make_error(ErrorCode::invalid_argument,
                                       "no SAML response was posted",
                                       "acs without SAMLResponse"));
    }

    auto assertion = ctx.sso->saml->consume(*message);
    if (!assertion) return refuse_login(ctx, req, kMethod, assertion.error());

    // Each assertion id once, remembered as long as it could be valid.
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    auto first = sso::first_use(
        ctx.redis, kMethod,
        assertion->identity.issuer + "\n" + assertion->assertion_id,
        assertion->valid_until - now);
    if (!first) return refuse_login(ctx, req, kMethod, first.error());
    if (!*first) return refuse_login(ctx, req, kMethod, replayed());

    std::string next = "/";
    if (!assertion->in_response_to.empty()) {
        auto flow = ctx.sso->flows.take(kMethod, assertion->in_response_to,
                                        req.cookie(sso::kFlowCookie));
        if (!flow) return refuse_login(ctx, req, kMethod, flow.error());

        if (flow->get_string("provider").value_or("") !=
            assertion->identity.provider) {
            return refuse_login(
                ctx, req, kMethod,
                make_error(ErrorCode::unauthenticated, "this login was refused",
                           "response from another IdP than requested"));
        }
        next = flow->get_string("next").value_or("/");
    }

    const sso::SamlProvider* provider =
        ctx.sso->saml->provider(assertion->identity.provider);
    if (!provider) return refuse_login(ctx, req, kMethod, not_configured());

    return finish_login(ctx, req, assertion->identity, provider->link, next);
}

}  // namespace cc::login
