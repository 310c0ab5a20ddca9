// What every job kind gets: the services of this worker, the job, its
// step log (one JSON line and one job_steps row per step) and the stop
// flag it must honour between steps.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "caps.h"
#include "clusters.h"
#include "core/result.h"
#include "db/db.h"
#include "jobs/queue.h"
#include "json/json.h"
#include "placement.h"
#include "proxmox/tasks.h"

namespace cc::worker {

struct Settings {
    int concurrency = 8;
    int lease_seconds = 30;
    int heartbeat_seconds = 10;
    int clone_cap_per_node = 4;
    int clone_cap_per_storage = 4;
    int64_t retry_base_ms = 2000;
    int64_t retry_cap_ms = 300000;
    int reconcile_seconds = 60;
    int task_timeout_seconds = 600;
    int64_t task_poll_first_ms = 100;
    int64_t task_poll_max_ms = 1000;
    int stop_grace_seconds = 30;
    int ticket_renew_seconds = 3600;
};

struct Services {
    db::Pool& db;
    jobs::Queue& queue;
    Clusters& clusters;
    Caps& caps;
    Placement& placement;
    const Settings& settings;
    const std::atomic<bool>& stopping;
};

class JobContext {
  public:
    JobContext(Services& shared, jobs::Job job)
        : services(shared), job_(std::move(job)) {}

    const jobs::Job& job() const { return job_; }

    // One log line and one job_steps row; outcome is ok, skipped, retry
    // or failed. Adds the Proxmox time spent since the previous step.
    void step(std::string_view name, std::string_view outcome,
              const std::string& detail = {});

    // True once the worker stops or the lease was lost.
    bool should_stop() const { return services.stopping || lease_lost; }

    // An Error for "stopped between steps"; the dispatcher gives the job
    // back without counting the attempt.
    Error interrupted();

    proxmox::WaitOptions wait_options() const;

    Services& services;
    std::atomic<bool> lease_lost{false};
    bool was_interrupted = false;

  private:
    jobs::Job job_;
};

// Reads an integer id from the job payload; 0 when absent.
int64_t payload_id(const jobs::Job& job, const char* key);

}  // namespace cc::worker
