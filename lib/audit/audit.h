// The audit log: who did what to which object, from where, with what
// outcome. Written by handlers and the worker, read by admins.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "db/db.h"

namespace cc::audit {

struct Event {
    int64_t actor_user_id = 0;  // 0 when nobody is logged in
    std::string action;         // "login", "logout", "vm.start"...
    std::string object_type;    // "user", "vm", "course"...
    std::string object_id;
    std::string client_ip;
    std::string outcome;  // "success", "failure", "denied"
    std::string detail_json = "{}";
};

// A failed write is logged here, so callers may carry on without it.
Result<void> record(db::Pool& db, const Event& event);

}  // namespace cc::audit
