// Snapshots of one VM: list (live from Proxmox), take, roll back, delete.
// Names are checked as Proxmox would before anything is queued, and a VM
// may hold at most its course's snapshot limit.
#include <regex>

#include "jobs/kinds.h"
#include "proxmox/calls.h"
#include "routes.h"
#include "vm_json.h"

namespace cc::vm {
namespace {

// Proxmox's snapshot names: a letter, then letters, digits, '-' or '_';
// at most 40 characters; "current" (the running state) and "pending"
// (queued config changes) are reserved.
Result<std::string> check_name(const std::string& name) {
    static const std::regex kName("[A-Za-z][A-Za-z0-9_-]{1,39}");
    if (!std::regex_match(name, kName) || name == "current" ||
        name == "pending") {
        return unexpected(ErrorCode::invalid_argument,
                          "snapshot name must start with a letter and use "
                          "only letters, digits, '-' and '_' (2 to 40 "
                          "characters, not \"current\" or \"pending\")");
    }
    return name;
}

Result<std::vector<proxmox::Snapshot>> live_snapshots(Context& ctx,
                                                      const authz::VmRow& vm) {
    auto client = ctx.pve.client_for(vm.cluster_id);
    if (!client) return unexpected(client.error());

    auto all = proxmox::list_snapshots(**client, vm.node, vm.vmid);
    if (!all) return unexpected(clusters::for_caller(all.error()));

    std::vector<proxmox::Snapshot> taken;
    for (auto& s : *all) {
        if (s.name != "current") taken.push_back(s);
    }
    return taken;
}

Result<authz::VmRow> ready_vm(Context& ctx, http::Request& req,
                              authz::VmAction action) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto vm = authz::authorize_vm(ctx.db, req.identity, *id, action);
    if (!vm) return vm;

    auto ready = check_ready(*vm);
    if (!ready) return unexpected(ready.error());
    return vm;
}

Result<int64_t> snapshot_limit(Context& ctx, int64_t course_id) {
    auto rows = ctx.db.exec(
        "SELECT coalesce((settings->>'snapshot_limit')::int, $2) AS n "
        "FROM courses WHERE id = $1",
        {course_id, ctx.snapshot_limit});
    if (!rows) return unexpected(rows.error());

    return rows->empty() ? ctx.snapshot_limit : rows->integer(0, "n");
}

// not_found unless the VM holds a snapshot of that name right now.
Result<void> check_exists(Context& ctx, const authz::VmRow& vm,
                          const std::string& name) {
    auto taken = live_snapshots(ctx, vm);
    if (!taken) return unexpected(taken.error());

    for (const auto& s : *taken) {
        if (s.name == name) return {};
    }
    return unexpected(ErrorCode::not_found, "no snapshot named " + name);
}

Result<http::Response> queue_snapshot_job(Context& ctx,
                                          const http::Request& req,
                                          int64_t vm_id, const char* action,
                                          const std::string& name,
                                          const std::string& description) {
    jobs::NewJob job =
        jobs::vm_job(jobs::kSnapshot, vm_id, req.identity.user_id);
    job.payload.set("action", action);
    job.payload.set("name", name);
    job.payload.set("description", description);
    job.max_attempts = 4;

    auto queued = ctx.queue.enqueue(job);
    if (!queued) return unexpected(queued.error());
    return accepted(ctx, queued->id);
}

}  // namespace

Result<http::Response> list_snapshots(Context& ctx, http::Request& req) {
    auto vm = ready_vm(ctx, req, authz::VmAction::view);
    if (!vm) return unexpected(vm.error());

    auto taken = live_snapshots(ctx, *vm);
    if (!taken) return unexpected(taken.error());

    json::Json list = json::Json::array();
    for (const auto& s : *taken) {
        json::Json one = json::Json::object();
        one.set("name", s.name);
        one.set("description", s.description);
        one.set("parent", s.parent);
        one.set("snaptime", s.snaptime);
        list.append(one);
    }

    json::Json body = json::Json::object();
    body.set("snapshots", list);
    return http::json_response(200, body);
}

Result<http::Response> take_snapshot(Context& ctx, http::Request& req) {
    auto vm = ready_vm(ctx, req, authz::VmAction::operate);
    if (!vm) return unexpected(vm.error());

    auto body = req.json_body();
    if (!body) return unexpected(body.error());

    auto name = http::require_string(*body, "name");
    if (!name) return unexpected(name.error());
    auto valid = check_name(*name);
    if (!valid) return unexpected(valid.error());

    std::string description = body->get_string("description").value_or("");
    if (description.size() > 500) {
        return unexpected(ErrorCode::unprocessable,
                          "`description` is longer than 500 characters");
    }

    auto taken = live_snapshots(ctx, *vm);
    if (!taken) return unexpected(taken.error());
    auto limit = snapshot_limit(ctx, vm->course_id);
    if (!limit) return unexpected(limit.error());
    if (static_cast<int64_t>(taken->size()) >= *limit) {
        return unexpected(ErrorCode::conflict,
                          "this VM already has " + std::to_string(*limit) +
                              " snapshots, the most allowed; delete one first");
    }
    for (const auto& s : *taken) {
        if (s.name == *name) {
            return unexpected(ErrorCode::conflict,
                              "a snapshot named " + *name + " already exists");
        }
    }

    return queue_snapshot_job(ctx, req, vm->id, "create", *name, description);
}

Result<http::Response> rollback_snapshot(Context& ctx, http::Request& req) {
    auto vm = ready_vm(ctx, req, authz::VmAction::operate);
    if (!vm) return unexpected(vm.error());

    auto name = check_name(req.path_params.at("name"));
    if (!name) return unexpected(ErrorCode::not_found, "no such snapshot");

    auto exists = check_exists(ctx, *vm, *name);
    if (!exists) return unexpected(exists.error());

    return queue_snapshot_job(ctx, req, vm->id, "rollback", *name, "");
}

Result<http::Response> delete_snapshot(Context& ctx, http::Request& req) {
    auto vm = ready_vm(ctx, req, authz::VmAction::operate);
    if (!vm) return unexpected(vm.error());

    auto name = check_name(req.path_params.at("name"));
    if (!name) return unexpected(ErrorCode::not_found, "no such snapshot");

    auto exists = check_exists(ctx, *vm, *name);
    if (!exists) return unexpected(exists.error());

    return queue_snapshot_job(ctx, req, vm->id, "delete", *name, "");
}

}  // namespace cc::vm
