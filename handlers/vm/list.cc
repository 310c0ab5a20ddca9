// GET /api/vms (mine, or a class with ?course=) and GET /api/vms/{id}.
#include <charconv>

#include "authz/authz.h"
#include "log/log.h"
#include "proxmox/calls.h"
#include "routes.h"
#include "vm_json.h"

namespace cc::vm {
namespace {

Result<int64_t> course_query(const http::Request& req) {
    auto text = req.query("course");
    if (!text) return int64_t{0};

    int64_t id = 0;
    auto [end, ec] =
        std::from_chars(text->data(), text->data() + text->size(), id);
    if (ec != std::errc() || end != text->data() + text->size() || id <= 0) {
        return unexpected(ErrorCode::invalid_argument,
                          "`course` must be a course id");
    }
    return id;
}

// Asks Proxmox for the power state right now; the stored state (synced
// by the worker's reconcile) stands when the node cannot be asked.
void add_live_status(Context& ctx, const authz::VmRow& vm, json::Json& out) {
    out.set("live", false);
    if (vm.vmid == 0 || vm.node.empty() || !vm.node_online) return;

    auto client = ctx.pve.client_for(vm.cluster_id);
    if (!client) return;

    auto status = proxmox::vm_status(**client, vm.node, vm.vmid);
    if (!status) {
        log::warn("live_status_failed",
                  {{"vm_id", vm.id}, {"err_detail", status.error().detail}});
        return;
    }

    std::string power =
        status->qmpstatus == "paused" ? "paused" : status->status;
    out.set("power_state", power);
    out.set("lock", status->lock);
    out.set("live", true);
    (void)ctx.db.exec(
        "UPDATE vms SET power_state = $2 WHERE id = $1 "
        "AND power_state <> $2",
        {vm.id, power});
}

}  // namespace

Result<http::Response> list_vms(Context& ctx, http::Request& req) {
    auto course = course_query(req);
    if (!course) return unexpected(course.error());

    VmFilter filter{req.identity.user_id, 0, 0};
    if (*course > 0) {
        auto allowed = authz::authorize_course(ctx.db, req.identity, *course,
                                               authz::CourseAction::manage);
        if (!allowed) return unexpected(allowed.error());
        filter = VmFilter{0, *course, 0};
    }

    auto vms = select_vms(ctx, filter, req.identity);
    if (!vms) return unexpected(vms.error());

    json::Json body = json::Json::object();
    body.set("vms", *vms);
    return http::json_response(200, body);
}

Result<http::Response> show_vm(Context& ctx, http::Request& req) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto vm =
        authz::authorize_vm(ctx.db, req.identity, *id, authz::VmAction::view);
    if (!vm) return unexpected(vm.error());

    auto vms = select_vms(ctx, VmFilter{0, 0, *id}, req.identity);
    if (!vms) return unexpected(vms.error());
    if (vms->size() == 0) return unexpected(ErrorCode::not_found, "no such VM");

    json::Json one = vms->at(0);
    add_live_status(ctx, *vm, one);

    json::Json body = json::Json::object();
    body.set("vm", one);
    return http::json_response(200, body);
}

}  // namespace cc::vm
