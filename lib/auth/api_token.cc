// Creating and resolving personal API tokens.
#include "auth/api_token.h"

#include "auth/digest.h"
#include "auth/password.h"

namespace cc::auth {
namespace {

constexpr const char* kTokenPrefix = "cc_";

bool plausible_token(const std::string& secret) {
    return secret.size() == 46 && secret.rfind(kTokenPrefix, 0) == 0;
}

}  // namespace

Result<NewToken> create_api_token(db::Pool& db, int64_t user_id,
                                  const std::string& name,
                                  const std::string& scope,
                                  int64_t expires_days) {
    NewToken token;
    token.secret = kTokenPrefix + random_token(32);
    token.prefix = token.secret.substr(0, 8);

    std::optional<std::string> days;
    if (expires_days > 0) days = std::to_string(expires_days);

    auto rows = db.exec(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, scope, "
        "expires_at) VALUES ($1, $2, $3, $4, $5, "
        "now() + make_interval(days => $6::int)) RETURNING id",
        {user_id, name, sha256_hex(token.secret), token.prefix, scope, days});
    if (!rows) return unexpected(rows.error());

    token.id = rows->integer(0, "id");
    return token;
}

Result<std::optional<TokenOwner>> find_api_token(db::Pool& db,
                                                 const std::string& secret) {
    if (!plausible_token(secret)) return std::optional<TokenOwner>();

    auto rows = db.exec(
        "UPDATE api_tokens t SET last_used_at = now() FROM users u "
        "WHERE t.token_hash = $1 AND u.id = t.user_id "
        "AND t.revoked_at IS NULL AND NOT u.disabled "
        "AND (t.expires_at IS NULL OR t.expires_at > now()) "
        "RETURNING t.id, t.user_id, u.role, t.scope",
        {sha256_hex(secret)});
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) return std::optional<TokenOwner>();

    return std::optional<TokenOwner>(
        TokenOwner{rows->integer(0, "id"), rows->integer(0, "user_id"),
                   rows->text(0, "role"), rows->text(0, "scope")});
}

std::optional<std::string> bearer_token(const std::string& header) {
    // The scheme name is case-insensitive (RFC 9110); the token is not.
    const std::string scheme = "bearer ";
    if (header.size() <= scheme.size()) return std::nullopt;
    for (size_t i = 0; i < scheme.size(); i++) {
        char c = header[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (c != scheme[i]) return std::nullopt;
    }

    return header.substr(scheme.size());
}

}  // namespace cc::auth
