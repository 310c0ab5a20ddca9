// POST /api/vms/{id}/actions/{action} and the faculty bulk form for a
// class. Only a VM that is ready and on a reachable node is acted on;
// anything else is a clear 4xx with nothing queued.
#include <set>

#include "authz/authz.h"
#include "jobs/kinds.h"
#include "routes.h"
#include "vm_json.h"

namespace cc::vm {
namespace {

const std::set<std::string> kActions = {"start", "stop", "shutdown", "reboot",
                                        "reset"};

Result<std::string> read_action(const http::Request& req) {
    std::string action = req.path_params.at("action");
    if (!kActions.count(action)) {
        return unexpected(ErrorCode::invalid_argument,
                          "unknown action `" + action.substr(0, 40) +
                              "`; use start, stop, shutdown, reboot or reset");
    }
    return action;
}

// `vm_ids` is absent (the whole class) or an array of positive integers.
Result<void> check_vm_ids(const json::Json& ids) {
    if (!ids.valid()) return {};

    bool ok = ids.is_array();
    for (size_t i = 0; ok && i < ids.size(); i++) {
        json_t* raw = ids.at(i).raw();
        ok = json_is_integer(raw) && json_integer_value(raw) > 0;
    }
    if (!ok) {
        return unexpected(ErrorCode::invalid_argument,
                          "`vm_ids` must be an array of VM ids");
    }
    return {};
}

}  // namespace

// Shared with the snapshot and rebuild routes: refuses VMs that are not
// ready (still cloning, failed, going away) or whose node is offline.
Result<void> check_ready(const authz::VmRow& vm) {
    if (vm.state == "provisioning") {
        return unexpected(ErrorCode::conflict,
                          "this VM is still being created; wait until it is "
                          "ready");
    }
    if (vm.state != "ready") {
        return unexpected(ErrorCode::conflict,
                          "this VM is " + vm.state + "; it cannot be used now");
    }
    if (!vm.node_online) {
        return unexpected(
            ErrorCode::unavailable,
            "this VM's server (" + vm.node + ") is offline; try again later");
    }
    return {};
}

Result<http::Response> power_vm(Context& ctx, http::Request& req) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto vm = authz::authorize_vm(ctx.db, req.identity, *id,
                                  authz::VmAction::operate);
    if (!vm) return unexpected(vm.error());

    auto action = read_action(req);
    if (!action) return unexpected(action.error());

    auto ready = check_ready(*vm);
    if (!ready) return unexpected(ready.error());

    // Proxmox refuses these on a stopped guest; say so before queueing.
    bool needs_running = *action == "reboot" || *action == "reset";
    if (needs_running && vm->power_state == "stopped") {
        return unexpected(
            ErrorCode::conflict,
            "this VM is stopped; start it instead of " + *action + "ing it");
    }

    jobs::NewJob job = jobs::vm_job(jobs::kPower, *id, req.identity.user_id);
    job.payload.set("action", *action);
    job.max_attempts = 4;
    auto queued = ctx.queue.enqueue(job);
    if (!queued) return unexpected(queued.error());

    return accepted(ctx, queued->id);
}

Result<http::Response> bulk_power(Context& ctx, http::Request& req) {
    auto course = req.id_param("id");
    if (!course) return unexpected(course.error());

    auto allowed = authz::authorize_course(ctx.db, req.identity, *course,
                                           authz::CourseAction::manage);
    if (!allowed) return unexpected(allowed.error());

    auto action = read_action(req);
    if (!action) return unexpected(action.error());

    auto body = req.body.empty() ? Result<json::Json>(json::Json::object())
                                 : req.json_body();
    if (!body) return unexpected(body.error());

    json::Json ids = body->get("vm_ids");
    auto valid = check_vm_ids(ids);
    if (!valid) return unexpected(valid.error());

    // Only ready VMs of this course; ids from another course are ignored.
    auto rows = ctx.db.exec(
        "SELECT v.id FROM vms v LEFT JOIN nodes n ON n.cluster_id = "
        "v.cluster_id AND n.name = v.node WHERE v.course_id = $1 "
        "AND v.state = 'ready' AND coalesce(n.status <> 'offline', true) "
        "AND ($2::jsonb IS NULL OR v.id IN (SELECT "
        "jsonb_array_elements_text($2::jsonb)::bigint))",
        {*course,
         ids.valid() ? std::optional<std::string>(ids.dump()) : std::nullopt});
    if (!rows) return unexpected(rows.error());

    json::Json jobs_out = json::Json::array();
    for (int i = 0; i < rows->size(); i++) {
        jobs::NewJob job = jobs::vm_job(jobs::kPower, rows->integer(i, "id"),
                                        req.identity.user_id);
        job.payload.set("action", *action);
        job.max_attempts = 4;
        auto queued = ctx.queue.enqueue(job);
        if (!queued) return unexpected(queued.error());
        jobs_out.append(json::Json::integer(queued->id));
    }

    json::Json out = json::Json::object();
    out.set("action", *action);
    out.set("job_ids", jobs_out);
    return http::json_response(202, out);
}

}  // namespace cc::vm
