// How a Proxmox answer becomes an Error, and which errors are worth a
// retry (lock timeouts, 595/596, 5xx, lost connections) and which are final.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace cc::proxmox {

// What one HTTP exchange gave: the status (0 when no answer came), the
// reason phrase, and the body's `message` and `errors` texts.
struct Failure {
    long status = 0;
    std::string reason;
    std::string message;
    std::string what;  // "POST /nodes/pve1/qemu/9000/clone"
};

// The Error for a failed exchange: unavailable for what a retry may cure,
// unauthenticated, forbidden, invalid_argument, not_found, conflict and
// upstream_failed for what it will not.
Error classify(const Failure& failure);

// The Error for a task that ended with `exitstatus` (not OK/WARNINGS).
Error classify_task(std::string_view exitstatus, std::string_view what,
                    std::string_view log_tail);

// True when the same step may be tried again later.
bool is_retryable(const Error& error);

// True when Proxmox's text says a lock was busy (config lock or flock).
bool is_lock_text(std::string_view text);

}  // namespace cc::proxmox
