// Browser-bound, single-use login flows and replay records in Redis.
#include "sso/flow.h"

#include <algorithm>

#include "auth/digest.h"
#include "auth/password.h"

namespace cc::sso {
namespace {

std::string flow_key(std::string_view kind, const std::string& key) {
    return "cc:sso:flow:" + std::string(kind) + ":" + auth::sha256_hex(key);
}

bool plausible(const std::string& value) {
    if (value.size() != 43) return false;

    return std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

}  // namespace

std::string FlowStore::browser_value(const std::optional<std::string>& cookie) {
    if (cookie && plausible(*cookie)) return *cookie;

    return auth::random_token(32);
}

Result<void> FlowStore::put(std::string_view kind, const std::string& key,
                            const std::string& browser,
                            const json::Json& data) {
    json::Json record = json::Json::object();
    record.set("browser", auth::sha256_hex(browser));
    record.set("data", data);

    auto reply = redis_.command({"SET", flow_key(kind, key), record.dump(),
                                 "EX", std::to_string(ttl_seconds_), "NX"});
    if (!reply) return unexpected(reply.error());

    if (reply->is_nil()) {
        return unexpected(ErrorCode::conflict, "login flow already exists");
    }
    return {};
}

Result<json::Json> FlowStore::take(std::string_view kind,
                                   const std::string& key,
                                   const std::optional<std::string>& browser) {
    auto reply = redis_.command({"GETDEL", flow_key(kind, key)});
    if (!reply) return unexpected(reply.error());

    if (reply->is_nil()) {
        return unexpected(ErrorCode::unauthenticated,
                          "this login was never started here, has expired "
                          "or was already used",
                          std::string(kind) + " flow unknown or used");
    }

    auto record = json::parse(reply->str);
    if (!record) return unexpected(record.error());

    std::string bound = record->get_string("browser").value_or("");
    std::string sent = browser ? auth::sha256_hex(*browser) : "";
    if (!auth::constant_time_equal(bound, sent)) {
        return unexpected(ErrorCode::forbidden,
                          "this login was started in another browser",
                          std::string(kind) +
                              " flow cookie missing or "
                              "different");
    }
    return record->get("data");
}

std::string FlowStore::cookie_for(const std::string& browser) const {
    return std::string(kFlowCookie) + "=" + browser +
           "; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=" +
           std::to_string(ttl_seconds_);
}

Result<bool> first_use(redis::Client& redis, std::string_view kind,
                       const std::string& value, int64_t ttl_seconds) {
    std::string key =
        "cc:sso:used:" + std::string(kind) + ":" + auth::sha256_hex(value);
    auto reply = redis.command(
        {"SET", key, "1", "EX",
         std::to_string(std::max<int64_t>(ttl_seconds, 1)), "NX"});
    if (!reply) return unexpected(reply.error());

    return !reply->is_nil();
}

}  // namespace cc::sso
