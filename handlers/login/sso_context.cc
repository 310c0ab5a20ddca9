// Building the single sign-on context from the config file.
#include "sso_context.h"

namespace cc::login {
namespace {

constexpr int64_t kFlowSeconds = 600;

}  // namespace

const sso::CasProvider* SsoContext::cas_provider(
    const std::string& name) const {
    for (const auto& p : settings.cas) {
        if (name.empty() || p.name == name) return &p;
    }
    return nullptr;
}

sso::OidcClient* SsoContext::oidc_client(const std::string& name) const {
    for (const auto& client : oidc) {
        if (name.empty() || client->provider().name == name) {
            return client.get();
        }
    }
    return nullptr;
}

Result<std::unique_ptr<SsoContext>> make_sso_context(
    const config::Config& cfg, redis::Client& redis,
    const std::string& site_origin) {
    auto settings = sso::load_settings(cfg, site_origin);
    if (!settings) return unexpected(settings.error());

    auto ctx = std::make_unique<SsoContext>(
        SsoContext{*settings, sso::FlowStore(redis, kFlowSeconds), {}, {}});

    if (!settings->saml.empty()) {
        auto sp = sso::SamlSp::create(*settings);
        if (!sp) return unexpected(sp.error());
        ctx->saml = std::move(*sp);
    }

    for (const auto& p : settings->oidc) {
        ctx->oidc.push_back(std::make_unique<sso::OidcClient>(
            p, settings->oidc_redirect_uri()));
    }
    return ctx;
}

}  // namespace cc::login
