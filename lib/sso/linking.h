// Account linking: an identity provider's (issuer, subject) to one
// ClassCloud account, linked at the first login only through the
// attribute the site trusts, or created when the site allows it; the
// role follows the configured attribute mapping.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "db/db.h"
#include "sso/identity.h"
#include "sso/settings.h"

namespace cc::sso {

struct LinkedUser {
    int64_t id = 0;
    std::string email;
    std::string role;
    bool created = false;  // the account was made by this login
    bool linked = false;   // the identity was linked by this login
};

// The role the attribute mapping gives, highest of all matching values;
// nullopt when nothing maps.
std::optional<std::string> mapped_role(const ExternalIdentity& id,
                                       const LinkPolicy& policy);

// The account for this identity. Errors: forbidden when no account is
// linked and none may be linked or created, or the account is disabled
// (detail says which); unavailable when PostgreSQL is down.
Result<LinkedUser> link_account(db::Pool& db, const ExternalIdentity& id,
                                const LinkPolicy& policy);

}  // namespace cc::sso
