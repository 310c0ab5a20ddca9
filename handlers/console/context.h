// What cc-console's routes need: the database, Redis (sessions and the
// single-use console tokens) and the Proxmox clients.
#pragma once

#include <cstdint>
#include <string>

#include "auth/session.h"
#include "clusters/clusters.h"
#include "db/db.h"
#include "redis/redis.h"

namespace cc::console {

struct Context {
    db::Pool& db;
    redis::Client& redis;
    auth::SessionStore sessions;
    clusters::ClientCache& pve;
    int64_t token_seconds;    // how long a console link may wait unused
    std::string site_origin;  // https://host[:port] as browsers send it
};

}  // namespace cc::console
