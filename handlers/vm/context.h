// What every cc-vm route needs: the database, the job queue, the Proxmox
// clients and the per-VM snapshot limit, built once in main.
#pragma once

#include <cstdint>

#include "clusters/clusters.h"
#include "db/db.h"
#include "jobs/queue.h"

namespace cc::vm {

struct Context {
    db::Pool& db;
    jobs::Queue& queue;
    clusters::ClientCache& pve;
    int64_t snapshot_limit;  // when the course's settings name none
};

}  // namespace cc::vm
