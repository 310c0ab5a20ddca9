// Config, serve options and connection pools for a handler's main().
#include "app/handler_setup.h"

#include <utility>

namespace cc::app {

Result<HandlerSetup> setup_handler(const std::string& program,
                                   NeedsRedis needs_redis) {
    auto cfg = config::Config::load(config::default_path());
    if (!cfg) return unexpected(cfg.error());

    auto options = http::serve_options(*cfg, program);
    if (!options) return unexpected(options.error());

    auto conninfo = cfg->require("db.conninfo");
    if (!conninfo) return unexpected(conninfo.error());

    HandlerSetup setup{std::move(cfg).value(), *options, nullptr, nullptr};
    setup.db = db::Pool::create(*conninfo, options->threads);
    if (needs_redis == NeedsRedis::no) return setup;

    auto address = setup.config.require("redis.address");
    if (!address) return unexpected(address.error());

    setup.redis = redis::Client::create(*address, options->threads);
    return setup;
}

}  // namespace cc::app
