// cc-console: reads the config, builds the stores and Proxmox clients,
// serves the route table.
#include "clusters/clusters.h"
#include "config/config.h"
#include "db/db.h"
#include "http/server.h"
#include "log/log.h"
#include "redis/redis.h"
#include "routes.h"

using namespace cc;

namespace {

int fail(const Error& err) {
    log::error("startup_failed",
               {{"err_msg", err.message}, {"err_detail", err.detail}});
    return 1;
}

}  // namespace

int main() {
    log::init("cc-console");

    auto cfg = config::Config::load(config::default_path());
    if (!cfg) return fail(cfg.error());

    auto options = http::serve_options(*cfg, "console");
    if (!options) return fail(options.error());

    auto conninfo = cfg->require("db.conninfo");
    auto redis_address = cfg->require("redis.address");
    auto idle = cfg->get_int("session.idle_seconds", 2 * 3600);
    auto absolute = cfg->get_int("session.absolute_seconds", 12 * 3600);
    auto token_seconds = cfg->get_int("console.token_seconds", 30);
    auto origin = cfg->require("site.origin");
    if (!origin) return fail(origin.error());
    if (!conninfo) return fail(conninfo.error());
    if (!redis_address) return fail(redis_address.error());
    for (auto* r : {&idle, &absolute, &token_seconds}) {
        if (!*r) return fail(r->error());
    }

    auto db = db::Pool::create(*conninfo, options->threads);
    auto redis = redis::Client::create(*redis_address, options->threads);
    clusters::ClientCache pve(*db);
    console::Context ctx{
        *db, *redis,         auth::SessionStore(*redis, {*idle, *absolute}),
        pve, *token_seconds, *origin};

    http::Router router = console::make_routes(ctx);
    return http::serve(router, *options);
}
