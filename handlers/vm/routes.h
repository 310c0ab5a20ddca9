// The cc-vm route table and its actions, one file each.
#pragma once

#include "authz/authz.h"
#include "context.h"
#include "http/router.h"

namespace cc::vm {

http::Router make_routes(Context& ctx);

// A clear 409/503 unless the VM is ready and its node reachable.
Result<void> check_ready(const authz::VmRow& vm);

Result<http::Response> list_vms(Context& ctx, http::Request& req);
Result<http::Response> show_vm(Context& ctx, http::Request& req);
Result<http::Response> request_vm(Context& ctx, http::Request& req);
Result<http::Response> power_vm(Context& ctx, http::Request& req);
Result<http::Response> bulk_power(Context& ctx, http::Request& req);
Result<http::Response> list_snapshots(Context& ctx, http::Request& req);
Result<http::Response> take_snapshot(Context& ctx, http::Request& req);
Result<http::Response> rollback_snapshot(Context& ctx, http::Request& req);
Result<http::Response> delete_snapshot(Context& ctx, http::Request& req);
Result<http::Response> rebuild_vm(Context& ctx, http::Request& req);
Result<http::Response> destroy_vm(Context& ctx, http::Request& req);
Result<http::Response> show_job(Context& ctx, http::Request& req);

}  // namespace cc::vm
