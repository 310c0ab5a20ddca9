// cc-vm: reads the config, builds the database pool, the job queue and
// the Proxmox clients, serves the route table.
#include <random>

#include "clusters/clusters.h"
#include "config/config.h"
#include "db/db.h"
#include "http/server.h"
#include "jobs/queue.h"
#include "log/log.h"
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
    log::init("cc-vm");

    auto cfg = config::Config::load(config::default_path());
    if (!cfg) return fail(cfg.error());

    auto options = http::serve_options(*cfg, "vm");
    if (!options) return fail(options.error());

    auto conninfo = cfg->require("db.conninfo");
    if (!conninfo) return fail(conninfo.error());
    auto limit = cfg->get_int("vm.snapshot_limit", 5);
    if (!limit) return fail(limit.error());

    auto db = db::Pool::create(*conninfo, options->threads);
    jobs::Backoff backoff(1000, 60000, std::random_device{}());
    jobs::Queue queue(*db, backoff);
    clusters::ClientCache pve(*db);
    vm::Context ctx{*db, queue, pve, *limit};

    http::Router router = vm::make_routes(ctx);
    return http::serve(router, *options);
}
