// Waiting for Proxmox tasks (UPIDs): status polling with backoff and a
// deadline, `WARNINGS: n` as success, the log tail kept on failure.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"
#include "proxmox/client.h"

namespace cc::proxmox {

struct Upid {
    std::string node;
    std::string type;  // qmclone, qmstart...
    std::string id;
    std::string user;
};

// Errors: invalid_argument when the text is not a UPID.
Result<Upid> parse_upid(const std::string& upid);

struct TaskOutcome {
    std::string exitstatus;  // "OK" or "WARNINGS: n"
    int warnings = 0;
};

struct WaitOptions {
    std::chrono::milliseconds first_poll{100};
    std::chrono::milliseconds max_poll{1000};
    std::chrono::milliseconds deadline{std::chrono::minutes(10)};
};

// Polls until the task stops. A failed task gives classify_task()'s
// Error with the last log lines in its detail; a task still running at
// the deadline gives unavailable (the task itself goes on).
Result<TaskOutcome> wait_task(Client& client, const std::string& upid,
                              const WaitOptions& options = {});

// The last `lines` lines of a task log, joined with " | ".
Result<std::string> task_log_tail(Client& client, const std::string& upid,
                                  int lines = 20);

}  // namespace cc::proxmox
