// Queue statements. Every state change after a claim is conditional on
// the lease owner, so a worker that lost its lease cannot overwrite the
// outcome of the worker that took the job over.
#include "jobs/queue.h"

#include <algorithm>

namespace cc::jobs {
namespace {

constexpr const char* kColumns =
    "id, kind, payload::text AS payload, state, attempts, max_attempts,"
    " coalesce(last_error, '') AS last_error,"
    " coalesce(idempotency_key, '') AS idempotency_key,"
    " coalesce(lease_owner, '') AS lease_owner";

Job read_job(const db::Rows& rows, int row) {
    Job job;
    job.id = rows.integer(row, "id");
    job.kind = rows.text(row, "kind");
    auto payload = json::parse(rows.text(row, "payload"));
    job.payload = payload ? payload.value() : json::Json::object();
    job.state = rows.text(row, "state");
    job.attempts = static_cast<int>(rows.integer(row, "attempts"));
    job.max_attempts = static_cast<int>(rows.integer(row, "max_attempts"));
    job.last_error = rows.text(row, "last_error");
    job.idempotency_key = rows.text(row, "idempotency_key");
    job.lease_owner = rows.text(row, "lease_owner");
    return job;
}

db::Param optional_text(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

db::Param optional_id(int64_t id) {
    if (id == 0) return std::nullopt;
    return id;
}

}  // namespace

int64_t Backoff::delay_ms(int attempt) {
    int shift = std::clamp(attempt - 1, 0, 30);
    int64_t full = std::min(cap_ms_, base_ms_ << shift);

    std::lock_guard lock(mutex_);
    std::uniform_int_distribution<int64_t> pick(
        full / 2, std::max<int64_t>(full / 2, full));
    return pick(random_);
}

Result<Job> Queue::enqueue(db::Conn& conn, const NewJob& job) {
    std::string sql =
        std::string(
            "INSERT INTO jobs (kind, payload, idempotency_key,"
            " created_by, max_attempts, run_after)"
            " VALUES ($1, $2::jsonb, $3, $4, $5,"
            " now() + $6 * interval '1 second')"
            " ON CONFLICT (idempotency_key) DO NOTHING RETURNING ") +
        kColumns;
    auto inserted = conn.exec(
        sql,
        {job.kind, job.payload.dump(), optional_text(job.idempotency_key),
         optional_id(job.created_by), job.max_attempts, job.delay_seconds});
    if (!inserted) return unexpected(inserted.error());

    if (!inserted->empty()) return read_job(*inserted, 0);

    // The key is taken: the caller gets the job that holds it.
    auto existing = conn.exec(std::string("SELECT ") + kColumns +
                                  " FROM jobs WHERE idempotency_key = $1",
                              {job.idempotency_key});
    if (!existing) return unexpected(existing.error());

    if (existing->empty()) {
        return unexpected(ErrorCode::conflict, "the job key is in use",
                          "idempotency key vanished: " + job.idempotency_key);
    }
    return read_job(*existing, 0);
}

Result<Job> Queue::enqueue(const NewJob& job) {
    Result<Job> out = unexpected(ErrorCode::internal, "not run");

    auto done = pool_.transaction([&](db::Conn& conn) -> Result<void> {
        out = enqueue(conn, job);
        if (!out) return unexpected(out.error());
        return {};
    });
    if (!done) return unexpected(done.error());

    return out;
}

Result<std::optional<Job>> Queue::claim(const std::string& owner,
                                        int lease_seconds) {
    auto exhausted = pool_.exec(
        "UPDATE jobs SET state = 'failed', lease_owner = NULL,"
        " lease_expires_at = NULL, finished_at = now(),"
        " last_error = coalesce(last_error || ' ', '') ||"
        " '(gave up after ' || attempts || ' attempts: the worker stopped"
        " while running it)'"
        " WHERE state = 'running' AND lease_expires_at < now()"
        " AND attempts >= max_attempts");
    if (!exhausted) return unexpected(exhausted.error());

    std::string sql =
        std::string(
            "UPDATE jobs SET state = 'running', lease_owner = $1,"
            " lease_expires_at = now() + $2 * interval '1 second',"
            " attempts = attempts + 1"
            " WHERE id = (SELECT id FROM jobs"
            " WHERE (state = 'queued' AND run_after <= now())"
            " OR (state = 'running' AND lease_expires_at < now())"
            " ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            " RETURNING ") +
        kColumns;
    auto claimed = pool_.exec(sql, {owner, lease_seconds});
    if (!claimed) return unexpected(claimed.error());

    if (claimed->empty()) return std::optional<Job>();

    return std::optional<Job>(read_job(*claimed, 0));
}

Result<bool> Queue::heartbeat(int64_t id, const std::string& owner,
                              int lease_seconds) {
    auto rows = pool_.exec(
        "UPDATE jobs SET lease_expires_at = now() + $3 * interval '1 second'"
        " WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        {id, owner, lease_seconds});
    if (!rows) return unexpected(rows.error());

    return rows->affected() == 1;
}

Result<void> Queue::succeed(const Job& job, const std::string& owner,
                            const json::Json& result) {
    auto rows = pool_.exec(
        "UPDATE jobs SET state = 'succeeded', result = $3::jsonb,"
        " last_error = NULL, lease_owner = NULL, lease_expires_at = NULL,"
        " finished_at = now()"
        " WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        {job.id, owner, result.dump()});
    if (!rows) return unexpected(rows.error());

    return {};
}

Result<std::string> Queue::fail(const Job& job, const std::string& owner,
                                const std::string& reason, bool retryable) {
    bool again = retryable && job.attempts < job.max_attempts;
    int64_t delay = again ? backoff_.delay_ms(job.attempts) : 0;

    std::string text =
        again ? reason
              : (retryable ? reason + " (gave up after " +
                                 std::to_string(job.attempts) + " attempts)"
                           : reason);
    auto rows = pool_.exec(
        "UPDATE jobs SET state = $3, last_error = $4,"
        " run_after = now() + $5 * interval '1 millisecond',"
        " lease_owner = NULL, lease_expires_at = NULL,"
        " finished_at = CASE WHEN $3 = 'failed' THEN now() END"
        " WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        {job.id, owner, again ? "queued" : "failed", text, delay});
    if (!rows) return unexpected(rows.error());

    return std::string(again ? "queued" : "failed");
}

Result<void> Queue::release(const Job& job, const std::string& owner) {
    auto rows = pool_.exec(
        "UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, "
        "0),"
        " lease_owner = NULL, lease_expires_at = NULL, run_after = now()"
        " WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        {job.id, owner});
    if (!rows) return unexpected(rows.error());

    return {};
}

Result<void> Queue::record_step(const Job& job, const std::string& step,
                                const std::string& outcome,
                                const std::string& detail, int64_t pve_ms) {
    auto rows = pool_.exec(
        "INSERT INTO job_steps (job_id, attempt, step, outcome, detail,"
        " pve_ms) VALUES ($1, $2, $3, $4, $5, $6)",
        {job.id, job.attempts, step, outcome, detail, pve_ms});
    if (!rows) return unexpected(rows.error());

    return {};
}

Result<std::optional<Job>> Queue::find(int64_t id) {
    auto rows = pool_.exec(
        std::string("SELECT ") + kColumns + " FROM jobs WHERE id = $1", {id});
    if (!rows) return unexpected(rows.error());

    if (rows->empty()) return std::optional<Job>();

    return std::optional<Job>(read_job(*rows, 0));
}

Result<bool> Queue::cancel(int64_t id) {
    auto rows = pool_.exec(
        "UPDATE jobs SET state = 'cancelled', finished_at = now()"
        " WHERE id = $1 AND state = 'queued'",
        {id});
    if (!rows) return unexpected(rows.error());

    return rows->affected() == 1;
}

}  // namespace cc::jobs
