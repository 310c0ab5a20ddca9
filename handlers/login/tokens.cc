// /api/tokens: a user lists, creates and revokes their personal API
// tokens. Only a browser session may create one, so a leaked read-only
// token cannot mint a stronger one.
#include "audit/audit.h"
#include "auth/api_token.h"
#include "routes.h"

namespace cc::login {
namespace {

constexpr int64_t kMaxExpiryDays = 3650;

json::Json token_json(const db::Rows& rows, int i) {
    json::Json t = json::Json::object();
    t.set("id", rows.integer(i, "id"));
    t.set("name", rows.text(i, "name"));
    t.set("prefix", rows.text(i, "prefix"));
    t.set("scope", rows.text(i, "scope"));
    t.set("created_at", rows.text(i, "created_at"));
    t.set("expires_at", rows.opt_text(i, "expires_at").value_or(""));
    t.set("last_used_at", rows.opt_text(i, "last_used_at").value_or(""));
    return t;
}

struct TokenRequest {
    std::string name;
    std::string scope;
    int64_t expires_days = 0;
};

Result<TokenRequest> read_token_request(const http::Request& req) {
    auto body = req.json_body();
    if (!body) return unexpected(body.error());

    auto name = http::require_string(*body, "name");
    if (!name) return unexpected(name.error());
    if (name->empty() || name->size() > 100) {
        return unexpected(ErrorCode::unprocessable,
                          "`name` must be 1 to 100 characters");
    }

    TokenRequest out{*name, body->get_string("scope").value_or("read"), 0};
    if (out.scope != "read" && out.scope != "write") {
        return unexpected(ErrorCode::unprocessable,
                          "`scope` must be \"read\" or \"write\"");
    }

    json::Json days = body->get("expires_in_days");
    if (days.valid() && !json_is_integer(days.raw())) {
        return unexpected(ErrorCode::unprocessable,
                          "`expires_in_days` must be a whole number of days");
    }
    out.expires_days = body->get_int("expires_in_days").value_or(0);
    if (out.expires_days < 0 || out.expires_days > kMaxExpiryDays) {
        return unexpected(ErrorCode::unprocessable,
                          "`expires_in_days` must be 0 (never) to 3650");
    }
    return out;
}

}  // namespace

Result<http::Response> list_tokens(Context& ctx, http::Request& req) {
    auto rows = ctx.db.exec(
        "SELECT id, name, prefix, scope, rfc3339(created_at) AS created_at, "
        "rfc3339(expires_at) AS expires_at, "
        "rfc3339(last_used_at) AS last_used_at "
        "FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL "
        "ORDER BY id",
        {req.identity.user_id});
    if (!rows) return unexpected(rows.error());

    json::Json list = json::Json::array();
    for (int i = 0; i < rows->size(); i++) list.append(token_json(*rows, i));

    json::Json body = json::Json::object();
    body.set("tokens", list);
    return http::json_response(200, body);
}

Result<http::Response> create_token(Context& ctx, http::Request& req) {
    if (req.identity.auth_method != "session") {
        return unexpected(ErrorCode::forbidden,
                          "API tokens can only be created from a browser "
                          "session");
    }

    auto wanted = read_token_request(req);
    if (!wanted) return unexpected(wanted.error());

    auto token =
        auth::create_api_token(ctx.db, req.identity.user_id, wanted->name,
                               wanted->scope, wanted->expires_days);
    if (!token) return unexpected(token.error());

    (void)audit::record(
        ctx.db, {req.identity.user_id, "token.create", "api_token",
                 std::to_string(token->id),
                 http::client_ip(req, ctx.trusted_proxies), "success", "{}"});

    json::Json body = json::Json::object();
    body.set("id", token->id);
    body.set("name", wanted->name);
    body.set("scope", wanted->scope);
    body.set("prefix", token->prefix);
    body.set("token", token->secret);
    http::Response res = http::json_response(201, body);
    res.header("Cache-Control", "no-store");
    return res;
}

Result<http::Response> revoke_token(Context& ctx, http::Request& req) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto rows = ctx.db.exec(
        "UPDATE api_tokens SET revoked_at = now() WHERE id = $1 "
        "AND user_id = $2 AND revoked_at IS NULL",
        {*id, req.identity.user_id});
    if (!rows) return unexpected(rows.error());
    if (rows->affected() == 0) {
        return unexpected(ErrorCode::not_found, "no such token");
    }

    (void)audit::record(
        ctx.db,
        {req.identity.user_id, "token.revoke", "api_token", std::to_string(*id),
         http::client_ip(req, ctx.trusted_proxies), "success", "{}"});
    return http::no_content();
}

}  // namespace cc::login
