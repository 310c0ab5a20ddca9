// JSON Web Tokens as OpenID Connect signs them: split, decode, and check
// an RS256 signature against a JSON Web Key Set.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "json/json.h"

namespace cc::sso {

struct Jwt {
    json::Json header;
    json::Json claims;
    std::string signing_input;  // base64url(header) "." base64url(claims)
    std::string signature;      // raw bytes
};

// Errors: unauthenticated for anything that is not three base64url parts
// holding two JSON objects.
Result<Jwt> parse_jwt(std::string_view token);

// The header's kid, "" when absent.
std::string key_id(const Jwt& jwt);

// Checks alg is RS256 and the signature verifies with the RSA key of the
// set whose kid matches (2048 bits or more). Errors: unauthenticated,
// with the reason in detail; not_found when no key has the kid, so the
// caller may refresh its key set once.
Result<void> verify_rs256(const Jwt& jwt, const json::Json& jwks);

}  // namespace cc::sso
