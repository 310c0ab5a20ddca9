// Login flows bound to the browser that started them: a short-lived
// cookie holds a random value, Redis holds the flow's data under its
// state (or SAML request id) with the cookie's digest, and a flow is
// taken once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "json/json.h"
#include "redis/redis.h"

namespace cc::sso {

inline constexpr const char* kFlowCookie = "__Host-cc_sso";

class FlowStore {
  public:
    FlowStore(redis::Client& redis, int64_t ttl_seconds)
        : redis_(redis), ttl_seconds_(ttl_seconds) {}

    // The browser's flow value: the one its cookie holds when plausible,
    // else a fresh random one (then send cookie_for(value)).
    static std::string browser_value(const std::optional<std::string>& cookie);

    // Stores `data` for one flow of `kind` ("oidc", "saml", "cas") under
    // `key`, bound to `browser`. Errors: unavailable when Redis is down.
    Result<void> put(std::string_view kind, const std::string& key,
                     const std::string& browser, const json::Json& data);

    // Takes the flow once. Errors: unauthenticated when it was never
    // issued, has expired or was used; forbidden when another browser
    // started it; unavailable when Redis is down.
    Result<json::Json> take(std::string_view kind, const std::string& key,
                            const std::optional<std::string>& browser);

    // SameSite=None: a SAML response arrives as a cross-site POST.
    std::string cookie_for(const std::string& browser) const;

  private:
    redis::Client& redis_;
    int64_t ttl_seconds_;
};

// Records a one-time value (an assertion id) until `ttl_seconds` from now.
// Returns false when it was recorded before. Errors: unavailable.
Result<bool> first_use(redis::Client& redis, std::string_view kind,
                       const std::string& value, int64_t ttl_seconds);

}  // namespace cc::sso
