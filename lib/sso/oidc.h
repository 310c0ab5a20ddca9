// OpenID Connect relying party: authorization code with PKCE (S256),
// discovery and key set fetched from the issuer and cached, and every
// ID token check (signature, iss, aud, exp, nbf, nonce; for Microsoft the
// tenant allow-list and the tenant's own issuer).
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "core/result.h"
#include "json/json.h"
#include "sso/identity.h"
#include "sso/settings.h"

namespace cc::sso {

// What a login start needs to remember until the callback.
struct OidcSecrets {
    std::string state;
    std::string nonce;
    std::string code_verifier;

    static OidcSecrets generate();
};

class OidcClient {
  public:
    OidcClient(OidcProvider provider, std::string redirect_uri)
        : provider_(std::move(provider)),
          redirect_uri_(std::move(redirect_uri)) {}

    const OidcProvider& provider() const { return provider_; }

    // The issuer's authorization URL for this login. Errors:
    // upstream_failed when discovery cannot be fetched or read.
    Result<std::string> authorization_url(const OidcSecrets& secrets);

    // Redeems the code and verifies the ID token. Errors: unauthenticated
    // (detail names the failed check), upstream_failed.
    Result<ExternalIdentity> redeem(const std::string& code,
                                    const std::string& code_verifier,
                                    const std::string& nonce);

    // The ID token checks alone, for a token already in hand.
    Result<ExternalIdentity> verify_id_token(const std::string& token,
                                             const std::string& nonce);

  private:
    struct Discovery {
        std::string issuer;
        std::string authorization_endpoint;
        std::string token_endpoint;
        std::string jwks_uri;
    };

    Result<Discovery> discovery();
    Result<json::Json> key_set(bool refresh);
    Result<void> check_issuer(const json::Json& claims);
    Result<void> check_times(const json::Json& claims);

    OidcProvider provider_;
    std::string redirect_uri_;

    std::mutex mutex_;
    std::optional<Discovery> discovery_;
    std::chrono::steady_clock::time_point discovery_at_;
    json::Json jwks_;
    std::chrono::steady_clock::time_point jwks_at_;
};

}  // namespace cc::sso
