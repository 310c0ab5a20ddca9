// cc-login: reads the config, builds the stores, serves the route table.
#include "app/handler_setup.h"
#include "log/log.h"
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
    return log::startup_failed(err.message, err.detail);
}

}  // namespace

int main() {
    log::init("cc-login");

    auto setup = app::setup_handler("login", app::NeedsRedis::yes);
    if (!setup) return fail(setup.error());

    auto ctx = make_context(setup->config, *setup->db, *setup->redis);
    if (!ctx) return fail(ctx.error());

    auto sso =
        login::make_sso_context(setup->config, *setup->redis, ctx->site_origin);
    if (!sso) return fail(sso.error());
    ctx->sso = sso->get();

    http::Router router = login::make_routes(*ctx);
    return http::serve(router, setup->options);
}
