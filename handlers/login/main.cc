// cc-login: reads the config, builds the stores, serves the route table.
#include <cstdio>

#include "config/config.h"
#include "db/db.h"
#include "http/server.h"
#include "log/log.h"
#include "redis/redis.h"
#include "routes.h"
#include "sso_context.h"

using namespace cc;

namespace {

Result<login::Context> make_context(const config::Config& cfg, db::Pool& db,
                                    redis::Client& redis) {
    auto idle = cfg.get_int("session.idle_seconds", 2 * 3600);
    auto absolute = cfg.get_int("session.absolute_seconds", 12 * 3600);
    auto account_limit = cfg.get_int("login.max_failures_per_account", 5);
    auto ip_limit = cfg.get_int("login.max_failures_per_ip", 30);
    auto window = cfg.get_int("login.failure_window_seconds", 900);
    for (auto* r : {&idle, &absolute, &account_limit, &ip_limit, &window}) {
        if (!*r) return unexpected(r->error());
    }

    auto origin = cfg.require("site.origin");
    if (!origin) return unexpected(origin.error());

    return login::Context{
        db,
        redis,
        auth::SessionStore(redis, {*idle, *absolute}),
        auth::FailureLimiter(redis, "account", *account_limit, *window),
        auth::FailureLimiter(redis, "ip", *ip_limit, *window),
        *origin,
        cfg.get("http.trusted_proxies"),
    };
}

int fail(const Error& err) {
    log::error("startup_failed",
               {{"err_msg", err.message}, {"err_detail", err.detail}});
    return 1;
}

}  // namespace

int main() {
    log::init("cc-login");

    auto cfg = config::Config::load(config::default_path());
    if (!cfg) return fail(cfg.error());

    auto options = http::serve_options(*cfg, "login");
    if (!options) return fail(options.error());

    auto conninfo = cfg->require("db.conninfo");
    auto redis_address = cfg->require("redis.address");
    if (!conninfo) return fail(conninfo.error());
    if (!redis_address) return fail(redis_address.error());

    auto db = db::Pool::create(*conninfo, options->threads);
    auto redis = redis::Client::create(*redis_address, options->threads);
    auto ctx = make_context(*cfg, *db, *redis);
    if (!ctx) return fail(ctx.error());

    auto sso = login::make_sso_context(*cfg, *redis, ctx->site_origin);
    if (!sso) return fail(sso.error());
    ctx->sso = sso->get();

    http::Router router = login::make_routes(*ctx);
    return http::serve(router, *options);
}
