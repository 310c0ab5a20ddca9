// What every cc-login route needs: the stores, the limiters and the site
// settings, built once in main.
#pragma once

#include <string>

#include "auth/limiter.h"
#include "auth/session.h"
#include "db/db.h"
#include "redis/redis.h"

namespace cc::login {

struct SsoContext;

struct Context {
    db::Pool& db;
    redis::Client& redis;
    auth::SessionStore sessions;
    auth::FailureLimiter account_failures;
    auth::FailureLimiter ip_failures;
    std::string site_origin;      // https://host[:port] as browsers send it
    std::string trusted_proxies;  // peers whose X-Forwarded-For we believe
    SsoContext* sso = nullptr;    // single sign-on; null when not built
};

}  // namespace cc::login
