// POST /api/auth/password/forgot: queues a mail with a single-use link to
// choose a new password. The answer is the same whether or not the
// address has an account, and requests are limited per address and per
// client, so the route tells strangers nothing and cannot flood a mailbox.
#include "audit/audit.h"
#include "auth/csrf.h"
#include "routes.h"
#include "user_json.h"

namespace cc::login {
namespace {

http::Response same_answer_for_everyone() {
    json::Json body = json::Json::object();
    body.set("message",
             "if an account with a password exists for this address, a "
             "mail with a link to choose a new one is on its way");
    return http::json_response(202, body);
}

// SSO-only and disabled accounts get no mail: they have no password here.
Result<void> queue_reset_mail(Context& ctx, const std::string& email) {
    auto user = find_user_by_email(ctx.db, email);
    if (!user) return unexpected(user.error());
    if (!*user || (*user)->disabled || !(*user)->password_hash) return {};

    auto rows = ctx.db.exec(
        "INSERT INTO mail_outbox (kind, user_id) VALUES ('password_reset', $1)",
        {(*user)->id});
    if (!rows) return unexpected(rows.error());
    return {};
}

}  // namespace

Result<http::Response> password_forgot(Context& ctx, http::Request& req) {
    auto same_origin =
        auth::check_origin(req.header("Origin"), ctx.site_origin);
    if (!same_origin) return unexpected(same_origin.error());

    auto body = req.json_body();
    if (!body) return unexpected(body.error());
    auto email = http::require_string(*body, "email");
    if (!email) return unexpected(email.error());

    std::string address = normalize_email(*email);
    std::string ip = http::client_ip(req, ctx.trusted_proxies);
    auto by_ip = ctx.ip_failures.check("forgot:" + ip);
    if (!by_ip) return unexpected(by_ip.error());
    auto by_account = ctx.account_failures.check("forgot:" + address);
    if (!by_account) return unexpected(by_account.error());

    // Every request counts, found or not, so probing costs the same.
    (void)ctx.ip_failures.record_failure("forgot:" + ip);
    (void)ctx.account_failures.record_failure("forgot:" + address);

    auto queued = queue_reset_mail(ctx, address);
    if (!queued) return unexpected(queued.error());

    (void)audit::record(
        ctx.db, {0, "password.forgot", "user", address, ip, "success", "{}"});
    return same_answer_for_everyone();
}

}  // namespace cc::login
