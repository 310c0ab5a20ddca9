// cc-vm: reads the config, builds the database pool, the job queue and
// the Proxmox clients, serves the route table.
#include <random>

#include "app/handler_setup.h"
#include "clusters/clusters.h"
#include "jobs/queue.h"
#include "log/log.h"
#include "routes.h"

using namespace cc;

namespace {

int fail(const Error& err) {
    return log::startup_failed(err.message, err.detail);
}

}  // namespace

int main() {
    log::init("cc-vm");

    auto setup = app::setup_handler("vm", app::NeedsRedis::no);
    if (!setup) return fail(setup.error());

    auto limit = setup->config.get_int("vm.snapshot_limit", 5);
    if (!limit) return fail(limit.error());

    jobs::Backoff backoff(1000, 60000, std::random_device{}());
    jobs::Queue queue(*setup->db, backoff);
    clusters::ClientCache pve(*setup->db);
    vm::Context ctx{*setup->db, queue, pve, *limit};

    http::Router router = vm::make_routes(ctx);
    return http::serve(router, setup->options);
}
