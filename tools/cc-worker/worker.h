// The dispatcher: claims jobs while slots are free, runs each in its own
// thread, keeps their leases alive, schedules the periodic reconcile and
// stops gracefully.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "context.h"
#include "jobs/listener.h"
#include "kinds.h"

namespace cc::worker {

class Worker {
  public:
    Worker(Services& services, jobs::Listener& listener, std::string owner);

    // Runs until services.stopping turns true (set it, then call
    // listener.wake(), both async-signal-safe); returns once running jobs
    // finished or the grace period ran out (their leases then expire and
    // another worker takes them over).
    void run();

  private:
    struct Slot {
        std::thread thread;
        std::shared_ptr<JobContext> ctx;
        std::shared_ptr<std::atomic<bool>> done;
    };

    void start(jobs::Job job);
    void execute(JobContext& ctx);
    void finish(JobContext& ctx, const Kind* kind,
                const Result<json::Json>& result);
    void reap();
    void heartbeat_all();
    void schedule_reconcile();

    Services& services_;
    jobs::Listener& listener_;
    std::string owner_;

    std::mutex slots_mutex_;
    std::vector<Slot> slots_;
};

// "host:pid:random", unique per worker process.
std::string make_owner_name();

}  // namespace cc::worker
