// Single-use console tokens in Redis: what a token opens (which VM, which
// VNC proxy port and ticket) and for whom, kept for a few seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "context.h"

namespace cc::console {

struct ConsoleTarget {
    int64_t user_id = 0;
    int64_t vm_id = 0;
    int64_t cluster_id = 0;
    std::string node;
    int64_t vmid = 0;
    int64_t port = 0;
    std::string vncticket;
};

Result<void> store_target(Context& ctx, const std::string& token,
                          const ConsoleTarget& target);

// Takes the target out of Redis (GETDEL), so a token works exactly once;
// nullopt when unknown, used or expired.
Result<std::optional<ConsoleTarget>> take_target(Context& ctx,
                                                 const std::string& token);

}  // namespace cc::console
