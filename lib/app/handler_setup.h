// What every FastCGI handler's main() does first: read the config, its
// serve options (<program>.socket, http.*), and open the database pool
// and, when it needs one, the Redis client, sized to its thread pool.
#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "core/result.h"
#include "db/db.h"
#include "http/server.h"
#include "redis/redis.h"

namespace cc::app {

struct HandlerSetup {
    config::Config config;
    http::ServeOptions options;
    std::unique_ptr<db::Pool> db;
    std::unique_ptr<redis::Client> redis;  // null unless asked for
};

enum class NeedsRedis { no, yes };

// `program` is the config prefix ("vm" reads vm.socket). Errors name the
// missing or bad key.
Result<HandlerSetup> setup_handler(const std::string& program,
                                   NeedsRedis needs_redis);

}  // namespace cc::app
