// CAS 3.0 client: ticket syntax, validation through p3/serviceValidate
// with the configured service URL, and a strict reading of the answer.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "sso/identity.h"
#include "sso/settings.h"

namespace cc::sso {

// A service ticket as CAS 3.0 issues them: "ST-", then 1..253 of
// [A-Za-z0-9.-_].
bool plausible_ticket(std::string_view ticket);

// The CAS login URL for our fixed service URL.
std::string cas_login_url(const CasProvider& provider,
                          const std::string& service_url);

// Reads a serviceValidate answer: one cas:serviceResponse holding exactly
// one authenticationSuccess (one cas:user, optional cas:attributes) or
// authenticationFailure. Errors: unauthenticated for a failure answer,
// upstream_failed for anything malformed (detail says what).
Result<ExternalIdentity> read_cas_answer(const CasProvider& provider,
                                         std::string_view xml);

// Validates the ticket with the CAS server. Errors as read_cas_answer,
// plus upstream_failed when the server cannot be reached.
Result<ExternalIdentity> validate_cas_ticket(const CasProvider& provider,
                                             const std::string& service_url,
                                             const std::string& ticket);

}  // namespace cc::sso
