// GET /api/auth/methods: which login methods this site offers, so the
// login page shows one button per identity provider.
#include "log/log.h"
#include "routes.h"
#include "sso/encoding.h"
#include "sso_context.h"

namespace cc::login {
namespace {

json::Json method_json(std::string_view kind, const std::string& name,
                       const std::string& label) {
    json::Json m = json::Json::object();
    m.set("kind", kind);
    m.set("name", name);
    m.set("label", label);
    m.set("login_url", "/api/auth/" + std::string(kind) +
                           "/login?idp=" + sso::url_escape(name));
    return m;
}

}  // namespace

Result<http::Response> auth_methods(Context& ctx, http::Request&) {
    json::Json methods = json::Json::array();
    json::Json password = json::Json::object();
    password.set("kind", "password");
    methods.append(password);

    if (ctx.sso) {
        const sso::Settings& s = ctx.sso->settings;
        for (const auto& p : s.saml) {
            methods.append(method_json("saml", p.name, p.label));
        }
        for (const auto& p : s.cas) {
            methods.append(method_json("cas", p.name, p.label));
        }
        for (const auto& p : s.oidc) {
            methods.append(method_json("oidc", p.name, p.label));
        }
    }

    json::Json body = json::Json::object();
    body.set("methods", methods);
    return http::json_response(200, body);
}

}  // namespace cc::login
