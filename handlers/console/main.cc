// cc-console: reads the config, builds the stores and Proxmox clients,
// serves the route table.
#include "app/handler_setup.h"
#include "clusters/clusters.h"
#include "log/log.h"
#include "routes.h"

using namespace cc;

namespace {

int fail(const Error& err) {
    return log::startup_failed(err.message, err.detail);
}

}  // namespace

int main() {
    log::init("cc-console");

    auto setup = app::setup_handler("console", app::NeedsRedis::yes);
    if (!setup) return fail(setup.error());

    const config::Config& cfg = setup->config;
    auto idle = cfg.get_int("session.idle_seconds", 2 * 3600);
    auto absolute = cfg.get_int("session.absolute_seconds", 12 * 3600);
    auto token_seconds = cfg.get_int("console.token_seconds", 30);
    for (auto* r : {&idle, &absolute, &token_seconds}) {
        if (!*r) return fail(r->error());
    }
    auto origin = cfg.require("site.origin");
    if (!origin) return fail(origin.error());

    clusters::ClientCache pve(*setup->db);
    console::Context ctx{*setup->db,
                         *setup->redis,
                         auth::SessionStore(*setup->redis, {*idle, *absolute}),
                         pve,
                         *token_seconds,
                         *origin};

    http::Router router = console::make_routes(ctx);
    return http::serve(router, setup->options);
}
