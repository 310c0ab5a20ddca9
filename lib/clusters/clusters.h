// Proxmox clusters as the database records them, their secrets read from
// where the row points (a file or an environment variable), and a cache of
// one API client per cluster for the programs that talk to Proxmox.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.h"
#include "db/db.h"
#include "proxmox/client.h"

namespace cc::clusters {

struct Cluster {
    int64_t id = 0;
    std::string name;
    std::string api_url;
    std::string token_id;
    std::string secret_ref;  // file:/path or env:NAME
    std::string fingerprint;
    std::string ca_file;
    std::string bridge;
};

Result<Cluster> load_cluster(db::Pool& db, int64_t id);

// The secret a `file:` or `env:` reference names; never logged.
Result<std::string> read_secret(const std::string& secret_ref);

// A Proxmox error as a ClassCloud caller should see it: Proxmox's "does
// not exist" is about its own objects, so it must not read as 404 (which
// here means "not yours"); it becomes upstream_failed.
Error for_caller(const Error& pve_error);

// One client per cluster, made on first use; thread-safe. A token id
// with '!' (user@realm!name) means API-token auth; a bare user means
// ticket auth with the secret as password, renewed after
// `ticket_renew_seconds`.
class ClientCache {
  public:
    explicit ClientCache(db::Pool& db, int ticket_renew_seconds = 3600)
        : db_(db), ticket_renew_seconds_(ticket_renew_seconds) {}

    Result<proxmox::Client*> client_for(int64_t cluster_id);

  private:
    db::Pool& db_;
    int ticket_renew_seconds_;
    std::mutex mutex_;
    std::map<int64_t, std::unique_ptr<proxmox::Client>> clients_;
};

}  // namespace cc::clusters
