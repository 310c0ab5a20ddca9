// What the single sign-on routes need beside cc-login's Context: the
// provider settings, the login-flow store, the SAML service provider and
// one OIDC client per provider, built once in main.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "redis/redis.h"
#include "sso/flow.h"
#include "sso/oidc.h"
#include "sso/saml.h"
#include "sso/settings.h"

namespace cc::login {

struct SsoContext {
    sso::Settings settings;
    sso::FlowStore flows;
    std::unique_ptr<sso::SamlSp> saml;  // null when no SAML provider
    std::vector<std::unique_ptr<sso::OidcClient>> oidc;

    const sso::CasProvider* cas_provider(const std::string& name) const;
    sso::OidcClient* oidc_client(const std::string& name) const;
};

// Reads the sso.* keys (docs/configuration.md). Errors: invalid_argument
// naming the bad key or file.
Result<std::unique_ptr<SsoContext>> make_sso_context(
    const config::Config& cfg, redis::Client& redis,
    const std::string& site_origin);

}  // namespace cc::login
