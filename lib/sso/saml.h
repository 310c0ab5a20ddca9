// SAML 2.0 service provider on lasso: SP-initiated login over
// HTTP-Redirect, and the assertion consumer's checks on an HTTP-POST
// response (signed assertion, exactly one, issuer, audience, recipient,
// destination, times within the configured skew).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "sso/identity.h"
#include "sso/settings.h"

namespace cc::sso {

struct SamlStart {
    std::string redirect_url;  // the IdP's SSO URL with the request
    std::string request_id;    // what InResponseTo must echo
};

struct SamlAssertion {
    ExternalIdentity identity;
    std::string in_response_to;  // "" for an IdP-initiated response
    std::string assertion_id;
    int64_t valid_until = 0;  // unix seconds, skew included
};

class SamlSp {
  public:
    // Loads our key pair and every configured IdP's metadata. Errors:
    // invalid_argument naming the file or provider that failed.
    static Result<std::unique_ptr<SamlSp>> create(const Settings& settings);
    ~SamlSp();

    SamlSp(const SamlSp&) = delete;
    SamlSp& operator=(const SamlSp&) = delete;

    const std::string& metadata() const;

    // An AuthnRequest for the named provider. Errors: not_found for an
    // unknown provider, internal when lasso fails.
    Result<SamlStart> start(const std::string& provider);

    // Verifies a base64 SAMLResponse. Errors: unauthenticated with the
    // failed check in detail. InResponseTo binding and assertion replay
    // are the caller's (they need the browser and Redis).
    Result<SamlAssertion> consume(const std::string& saml_response);

    // The provider whose IdP issued a consumed assertion.
    const SamlProvider* provider(const std::string& name) const;

  private:
    struct Impl;  // lasso's server and the IdPs; lasso is not re-entrant

    explicit SamlSp(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
};

}  // namespace cc::sso
