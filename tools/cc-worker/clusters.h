// The Proxmox clusters in the database as the worker places VMs on them
// (bridge, pool, VMID range), and their clients from lib/clusters.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "clusters/clusters.h"
#include "core/result.h"
#include "db/db.h"
#include "proxmox/client.h"

namespace cc::worker {

struct Cluster {
    int64_t id = 0;
    std::string name;
    std::string bridge;
    std::string pool;
    int64_t vmid_min = 0;
    int64_t vmid_max = 0;
};

class Clusters {
  public:
    Clusters(db::Pool& db, int ticket_renew_seconds)
        : db_(db), clients_(db, ticket_renew_seconds) {}

    Result<Cluster> find(int64_t id);
    Result<std::vector<Cluster>> all();

    // The shared client of a cluster; errors when its row or secret is
    // unusable. Clients live as long as this registry.
    Result<proxmox::Client*> client(int64_t cluster_id);

  private:
    db::Pool& db_;
    clusters::ClientCache clients_;
};

}  // namespace cc::worker
