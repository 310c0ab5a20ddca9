// Personal API tokens: `cc_` plus 256 random bits, stored as SHA-256,
// scoped read or write, revocable, optionally expiring.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "db/db.h"

namespace cc::auth {

struct TokenOwner {
    int64_t token_id = 0;
    int64_t user_id = 0;
    std::string role;
    std::string scope;  // read or write
};

struct NewToken {
    int64_t id = 0;
    std::string secret;  // shown to the user once, never stored
    std::string prefix;
};

// Creates a token for `user_id`; `expires_days` 0 means no expiry.
Result<NewToken> create_api_token(db::Pool& db, int64_t user_id,
                                  const std::string& name,
                                  const std::string& scope,
                                  int64_t expires_days);

// The owner of a live token (not revoked, not expired, account enabled);
// nullopt for anything else. Records the time of use.
Result<std::optional<TokenOwner>> find_api_token(db::Pool& db,
                                                 const std::string& secret);

// The token from an `Authorization: Bearer <token>` header value.
std::optional<std::string> bearer_token(const std::string& header);

}  // namespace cc::auth
