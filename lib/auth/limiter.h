// FailureLimiter: counts failed attempts per key in Redis over a window and
// refuses further attempts once the limit is reached.
#pragma once

#include <string>

#include "core/result.h"
#include "redis/redis.h"

namespace cc::auth {

class FailureLimiter {
  public:
    FailureLimiter(redis::Client& redis, std::string prefix, int64_t limit,
                   int64_t window_seconds)
        : redis_(redis),
          prefix_(std::move(prefix)),
          limit_(limit),
          window_(window_seconds) {}

    // rate_limited (with retry_after) when `key` has used up its attempts.
    Result<void> check(const std::string& key);

    Result<void> record_failure(const std::string& key);

    Result<void> reset(const std::string& key);

  private:
    std::string redis_key(const std::string& key) const;

    redis::Client& redis_;
    std::string prefix_;
    int64_t limit_;
    int64_t window_;
};

}  // namespace cc::auth
