// POST /api/auth/password/set: spends a single-use link from a credential
// mail and sets the account's first (or a new) password.
#include "audit/audit.h"
#include "auth/csrf.h"
#include "auth/digest.h"
#include "auth/password.h"
#include "routes.h"

namespace cc::login {
namespace {

constexpr size_t kMinPasswordBytes = 10;

struct NewPassword {
    std::string token;
    std::string password;
};

Result<NewPassword> read_body(const http::Request& req) {
    auto body = req.json_body();
    if (!body) return unexpected(body.error());

    auto token = http::require_string(*body, "token");
    if (!token) return unexpected(token.error());

    auto password = http::require_string(*body, "password");
    if (!password) return unexpected(password.error());

    if (password->size() < kMinPasswordBytes ||
        password->size() > auth::kMaxPasswordBytes) {
        return unexpected(ErrorCode::unprocessable,
                          "the password must be 10 to 72 bytes long");
    }
    return NewPassword{*token, *password};
}

// Marks the token used and stores the hash in one transaction, so a link
// can never set two passwords. Returns the user id.
Result<int64_t> spend_token(db::Pool& db, const std::string& token,
                            const std::string& hash) {
    int64_t user_id = 0;
    auto done = db.transaction([&](db::Conn& conn) -> Result<void> {
        auto used = conn.exec(
            "UPDATE password_tokens SET used_at = now() WHERE token_hash = $1"
            " AND used_at IS NULL AND expires_at > now() RETURNING user_id",
            {auth::sha256_hex(token)});
        if (!used) return unexpected(used.error());
        if (used->empty()) {
            return unexpected(ErrorCode::invalid_argument,
                              "this link is not valid: it was used already "
                              "or has expired; ask for a new one");
        }
        user_id = used->integer(0, "user_id");

        auto set = conn.exec(
            "UPDATE users SET password_hash = $2 WHERE id = $1"
            " AND NOT disabled",
            {user_id, hash});
        if (!set) return unexpected(set.error());
        if (set->affected() == 0) {
            return unexpected(ErrorCode::forbidden, "this account is disabled");
        }
        return {};
    });
    if (!done) return unexpected(done.error());

    return user_id;
}

}  // namespace

Result<http::Response> password_set(Context& ctx, http::Request& req) {
    auto same_origin =
        auth::check_origin(req.header("Origin"), ctx.site_origin);
    if (!same_origin) return unexpected(same_origin.error());

    auto input = read_body(req);
    if (!input) return unexpected(input.error());

    auto hash = auth::hash_password(input->password);
    if (!hash) return unexpected(hash.error());

    auto user_id = spend_token(ctx.db, input->token, *hash);
    std::string ip = http::client_ip(req, ctx.trusted_proxies);
    if (!user_id) {
        (void)audit::record(
            ctx.db, {0, "password.set", "user", "", ip, "denied", "{}"});
        return unexpected(user_id.error());
    }

    // A new password ends every session the old one opened.
    auto ended = ctx.sessions.destroy_all_of(*user_id);
    if (!ended) return unexpected(ended.error());

    req.identity.user_id = *user_id;
    (void)audit::record(
        ctx.db, {*user_id, "password.set", "user", std::to_string(*user_id), ip,
                 "success", "{}"});
    return http::no_content();
}

}  // namespace cc::login
