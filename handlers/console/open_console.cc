// POST /api/vms/{id}/console: asks Proxmox for a VNC proxy on the VM's
// node and hands the browser a single-use token for /console/ws plus the
// VNC password. The Proxmox ticket, host and credentials stay in Redis.
#include <ctime>

#include "auth/digest.h"
#include "auth/password.h"
#include "authz/authz.h"
#include "console_token.h"
#include "proxmox/calls.h"
#include "routes.h"

namespace cc::console {
namespace {

Result<void> check_running(const authz::VmRow& vm) {
    if (vm.state != "ready") {
        return unexpected(ErrorCode::conflict,
                          vm.state == "provisioning"
                              ? "this VM is still being created"
                              : "this VM is " + vm.state);
    }
    if (!vm.node_online) {
        return unexpected(ErrorCode::unavailable,
                          "this VM's server (" + vm.node + ") is offline");
    }
    if (vm.power_state != "running") {
        return unexpected(ErrorCode::conflict,
                          "this VM is not running; start it first");
    }
    return {};
}

std::string rfc3339_in(int64_t seconds) {
    std::time_t at = std::time(nullptr) + seconds;
    std::tm tm{};
    gmtime_r(&at, &tm);

    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

Result<http::Response> open_console(Context& ctx, http::Request& req) {
    auto id = req.id_param("id");
    if (!id) return unexpected(id.error());

    auto vm = authz::authorize_vm(ctx.db, req.identity, *id,
                                  authz::VmAction::operate);
    if (!vm) return unexpected(vm.error());

    auto running = check_running(*vm);
    if (!running) return unexpected(running.error());

    auto client = ctx.pve.client_for(vm->cluster_id);
    if (!client) return unexpected(client.error());

    auto vnc = proxmox::vnc_proxy(**client, vm->node, vm->vmid);
    if (!vnc) return unexpected(clusters::for_caller(vnc.error()));

    ConsoleTarget target{req.identity.user_id,
                         vm->id,
                         vm->cluster_id,
                         vm->node,
                         vm->vmid,
                         vnc->port,
                         vnc->ticket};
    std::string token = auth::random_token(32);
    auto stored = store_target(ctx, token, target);
    if (!stored) return unexpected(stored.error());

    json::Json body = json::Json::object();
    body.set("ws_path", "/console/ws?token=" + token);
    body.set("password", vnc->password.empty() ? vnc->ticket : vnc->password);
    body.set("expires_at", rfc3339_in(ctx.token_seconds));
    http::Response res = http::json_response(200, body);
    res.header("Cache-Control", "no-store");
    return res;
}

}  // namespace cc::console
