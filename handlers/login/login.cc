// POST /api/auth/login: checks an e-mail and password, limits failures per
// account and per client address, and starts a fresh session.
#include <mutex>

#include "audit/audit.h"
#include "auth/csrf.h"
#include "auth/password.h"
#include "log/log.h"
#include "routes.h"
#include "user_json.h"

namespace cc::login {
namespace {

constexpr size_t kMaxPasswordBytes = 72;

struct Credentials {
    std::string email;
    std::string password;
};

Result<Credentials> read_credentials(const http::Request& req) {
    auto body = req.json_body();
    if (!body) return unexpected(body.error());

    auto email = http::require_string(*body, "email");
    if (!email) return unexpected(email.error());

    auto password = http::require_string(*body, "password");
    if (!password) return unexpected(password.error());

    if (password->size() > kMaxPasswordBytes) {
        return unexpected(ErrorCode::invalid_argument,
                          "password is longer than 72 bytes");
    }
    return Credentials{normalize_email(*email), *password};
}

// Verifying against a fixed hash when the account is unknown keeps the
// answer time the same, so timing does not reveal who has an account.
bool verify_or_burn(const std::string& password,
                    const std::optional<std::string>& hash) {
    static std::once_flag once;
    static std::string dummy;
    std::call_once(once, [] {
        auto h = auth::hash_password("classcloud-timing-equaliser");
        if (h) dummy = *h;
    });

    if (!hash) {
        auth::verify_password(password, dummy);
        return false;
    }
    return auth::verify_password(password, *hash);
}

Result<void> check_limits(Context& ctx, const std::string& email,
                          const std::string& ip) {
    auto by_ip = ctx.ip_failures.check(ip);
    if (!by_ip) return by_ip;

    return ctx.account_failures.check(email);
}

Result<void> record_failure(Context& ctx, const std::string& email,
                            const std::string& ip) {
    auto by_ip = ctx.ip_failures.record_failure(ip);
    if (!by_ip) return by_ip;

    return ctx.account_failures.record_failure(email);
}

}  // namespace

Result<http::Response> login(Context& ctx, http::Request& req) {
    auto same_origin =
        auth::check_origin(req.header("Origin"), ctx.site_origin);
    if (!same_origin) return unexpected(same_origin.error());

    auto creds = read_credentials(req);
    if (!creds) return unexpected(creds.error());

    std::string ip = http::client_ip(req, ctx.trusted_proxies);
    auto allowed = check_limits(ctx, creds->email, ip);
    if (!allowed) return unexpected(allowed.error());

    auto user = find_user_by_email(ctx.db, creds->email);
    if (!user) return unexpected(user.error());

    std::optional<std::string> hash;
    if (*user && !(*user)->disabled) hash = (*user)->password_hash;
    if (!verify_or_burn(creds->password, hash)) {
        auto counted = record_failure(ctx, creds->email, ip);
        if (!counted) return unexpected(counted.error());

        (void)audit::record(
            ctx.db, {0, "login", "user", creds->email, ip, "denied", "{}"});
        return unexpected(ErrorCode::unauthenticated,
                          "wrong e-mail or password");
    }

    const UserRow& found = **user;
    (void)ctx.account_failures.reset(creds->email);

    // A new id at every login; an old session sent along is ended.
    if (auto old = req.cookie(auth::kSessionCookie)) {
        (void)ctx.sessions.destroy(*old);
    }
    auto session = ctx.sessions.create(found.id, found.role);
    if (!session) return unexpected(session.error());

    req.identity.user_id = found.id;
    (void)audit::record(
        ctx.db, {found.id, "login", "user", std::to_string(found.id), ip,
                 "success", "{}"});

    json::Json body = json::Json::object();
    body.set("user", user_json(found));
    http::Response res = http::json_response(200, body);
    res.header("Set-Cookie", ctx.sessions.cookie_for(*session));
    res.header("Cache-Control", "no-store");
    return res;
}

}  // namespace cc::login
