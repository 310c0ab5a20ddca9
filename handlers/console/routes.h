// The cc-console route table: open a console (a single-use token) and the
// websocket gate nginx asks before proxying to the Proxmox node.
#pragma once

#include "context.h"
#include "http/router.h"

namespace cc::console {

http::Router make_routes(Context& ctx);

Result<http::Response> open_console(Context& ctx, http::Request& req);
Result<http::Response> websocket_gate(Context& ctx, http::Request& req);

}  // namespace cc::console
