// Fixed-window failure counters: INCR with an expiry set on the first one.
#include "auth/limiter.h"

#include <charconv>

#include "auth/digest.h"

namespace cc::auth {

std::string FailureLimiter::redis_key(const std::string& key) const {
    // Hashed so that addresses and e-mails do not sit in Redis in clear.
    return "cc:fail:" + prefix_ + ":" + sha256_hex(key);
}

Result<void> FailureLimiter::check(const std::string& key) {
    std::string rkey = redis_key(key);
    auto count = redis_.command({"GET", rkey});
    if (!count) return unexpected(count.error());

    int64_t n = 0;
    const std::string& text = count->str;
    std::from_chars(text.data(), text.data() + text.size(), n);
    if (n < limit_) return {};

    auto ttl = redis_.command({"TTL", rkey});
    if (!ttl) return unexpected(ttl.error());

    Error err = make_error(ErrorCode::rate_limited,
                           "too many failed attempts; try again later");
    err.retry_after = ttl->integer > 0 ? static_cast<int>(ttl->integer) : 1;
    return unexpected(err);
}

Result<void> FailureLimiter::record_failure(const std::string& key) {
    std::string rkey = redis_key(key);
    auto count = redis_.command({"INCR", rkey});
    if (!count) return unexpected(count.error());

    if (count->integer == 1) {
        auto ttl = redis_.command({"EXPIRE", rkey, std::to_string(window_)});
        if (!ttl) return unexpected(ttl.error());
    }
    return {};
}

Result<void> FailureLimiter::reset(const std::string& key) {
    auto reply = redis_.command({"DEL", redis_key(key)});
    if (!reply) return unexpected(reply.error());
    return {};
}

}  // namespace cc::auth
