// Appends one row to audit_log.
#include "audit/audit.h"

#include "log/log.h"

namespace cc::audit {

Result<void> record(db::Pool& db, const Event& event) {
    std::optional<std::string> actor;
    if (event.actor_user_id > 0) actor = std::to_string(event.actor_user_id);

    std::optional<std::string> ip;
    if (!event.client_ip.empty()) ip = event.client_ip;

    auto rows = db.exec(
        "INSERT INTO audit_log (actor_user_id, action, object_type, "
        "object_id, client_ip, outcome, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
        {actor, event.action, event.object_type, event.object_id, ip,
         event.outcome, event.detail_json});
    // Callers go on when the audit write fails; the log keeps the trace.
    if (!rows) {
        log::warn("audit_write_failed", {{"action", event.action},
                                         {"err_detail", rows.error().detail}});
        return unexpected(rows.error());
    }
    return {};
}

}  // namespace cc::audit
