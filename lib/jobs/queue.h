// The durable job queue in PostgreSQL: enqueue with idempotency keys,
// claims under a lease (FOR UPDATE SKIP LOCKED), heartbeats, takeover of
// expired leases, retries with backoff and jitter, bounded attempts.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "core/result.h"
#include "db/db.h"
#include "json/json.h"

namespace cc::jobs {

struct Job {
    int64_t id = 0;
    std::string kind;
    json::Json payload;
    std::string state;  // queued, running, succeeded, failed, cancelled
    int attempts = 0;
    int max_attempts = 0;
    std::string last_error;
    std::string idempotency_key;
    std::string lease_owner;
};

struct NewJob {
    std::string kind;  // provision, power, snapshot, rebuild, destroy...
    json::Json payload = json::Json::object();
    std::string idempotency_key;  // "" = none
    int64_t created_by = 0;       // 0 = the system
    int max_attempts = 8;
    int delay_seconds = 0;
};

// Exponential backoff with jitter: attempt n waits a random time between
// half and all of min(cap, base * 2^(n-1)).
class Backoff {
  public:
    Backoff(int64_t base_ms, int64_t cap_ms, uint32_t seed)
        : base_ms_(base_ms), cap_ms_(cap_ms), random_(seed) {}

    int64_t delay_ms(int attempt);

  private:
    int64_t base_ms_;
    int64_t cap_ms_;
    std::mutex mutex_;
    std::mt19937 random_;
};

class Queue {
  public:
    Queue(db::Pool& pool, Backoff& backoff) : pool_(pool), backoff_(backoff) {}

    // Adds a job, or returns the job that already holds the key. Inserting
    // wakes listening workers (a trigger sends NOTIFY cc_jobs).
    Result<Job> enqueue(const NewJob& job);

    // The same inside a caller's transaction (a roster import writes its
    // jobs with its enrollments).
    static Result<Job> enqueue(db::Conn& conn, const NewJob& job);

    // Takes the oldest runnable job (queued and due, or running with an
    // expired lease) for `owner`, counting an attempt; nullopt when none.
    // Jobs whose lease expired on their last attempt are failed first.
    Result<std::optional<Job>> claim(const std::string& owner,
                                     int lease_seconds);

    // Extends the lease; false when the lease was lost to another worker.
    Result<bool> heartbeat(int64_t id, const std::string& owner,
                           int lease_seconds);

    Result<void> succeed(const Job& job, const std::string& owner,
                         const json::Json& result);

    // Requeues with backoff when `retryable` and attempts remain, else
    // fails the job with `reason`. Returns the new state.
    Result<std::string> fail(const Job& job, const std::string& owner,
                             const std::string& reason, bool retryable);

    // Gives the job back without using up the attempt (graceful stop).
    Result<void> release(const Job& job, const std::string& owner);

    Result<void> record_step(const Job& job, const std::string& step,
                             const std::string& outcome,
                             const std::string& detail, int64_t pve_ms);

    Result<std::optional<Job>> find(int64_t id);

    // Cancels a job that has not started; false when it already runs.
    Result<bool> cancel(int64_t id);

  private:
    db::Pool& pool_;
    Backoff& backoff_;
};

}  // namespace cc::jobs
