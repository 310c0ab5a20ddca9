// The Proxmox clusters in the database and one client for each, built on
// first use with the secret read from its file or environment variable.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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

// "file:/path" gives the file's first line, "env:NAME" the variable.
// Errors: invalid_argument for another form, not_found when empty.
Result<std::string> resolve_secret(const std::string& ref);

class Clusters {
  public:
    Clusters(db::Pool& db, int ticket_renew_seconds)
        : db_(db), ticket_renew_seconds_(ticket_renew_seconds) {}

    Result<Cluster> find(int64_t id);
    Result<std::vector<Cluster>> all();

    // The shared client of a cluster; errors when its row or secret is
    // unusable. Clients live as long as this registry.
    Result<proxmox::Client*> client(int64_t cluster_id);

  private:
    db::Pool& db_;
    int ticket_renew_seconds_;
    std::mutex mutex_;
    std::map<int64_t, std::unique_ptr<proxmox::Client>> clients_;
};

}  // namespace cc::worker
