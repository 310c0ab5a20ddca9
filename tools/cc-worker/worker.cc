// Dispatcher loop, job threads, heartbeats and the graceful stop.
#include "worker.h"

#include <chrono>
#include <random>

#include <unistd.h>

#include "kinds.h"
#include "log/log.h"
#include "proxmox/errors.h"

namespace cc::worker {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

std::string make_owner_name() {
    char host[256] = "";
    gethostname(host, sizeof host - 1);

    std::random_device device;
    return std::string(host) + ":" + std::to_string(getpid()) + ":" +
           std::to_string(device() % 100000);
}

Worker::Worker(Services& services, jobs::Listener& listener, std::string owner)
    : services_(services), listener_(listener), owner_(std::move(owner)) {}

void Worker::start(jobs::Job job) {
    auto ctx = std::make_shared<JobContext>(services_, std::move(job));
    auto done = std::make_shared<std::atomic<bool>>(false);

    std::thread thread([this, ctx, done] {
        execute(*ctx);
        *done = true;
        listener_.wake();
    });

    std::lock_guard lock(slots_mutex_);
    slots_.push_back({std::move(thread), ctx, done});
}

void Worker::execute(JobContext& ctx) {
    const Kind* kind = find_kind(ctx.job().kind);
    log::info("job_start", {{"job_id", ctx.job().id},
                            {"kind", ctx.job().kind},
                            {"attempt", ctx.job().attempts}});

    if (!kind) {
        Result<json::Json> unknown =
            unexpected(ErrorCode::invalid_argument,
                       "this kind of job is not known: " + ctx.job().kind);
        finish(ctx, nullptr, unknown);
        return;
    }

    finish(ctx, kind, kind->run(ctx));
}

void Worker::finish(JobContext& ctx, const Kind* kind,
                    const Result<json::Json>& result) {
    const jobs::Job& job = ctx.job();
    (void)proxmox::take_pve_ms();

    if (result) {
        auto done = services_.queue.succeed(job, owner_, result.value());
        log::info("job_done", {{"job_id", job.id}, {"kind", job.kind}});
        if (!done) log::error("job_not_saved", {{"err", done.error().detail}});
        return;
    }

    if (ctx.was_interrupted) {
        if (!ctx.lease_lost) (void)services_.queue.release(job, owner_);
        log::info("job_released", {{"job_id", job.id}, {"kind", job.kind}});
        return;
    }

    const Error& error = result.error();
    bool retryable = proxmox::is_retryable(error);

    // Clean-up runs before the job shows as failed, so whoever watches
    // the job sees the final picture.
    bool last = !retryable || job.attempts >= job.max_attempts;
    if (last && kind && kind->on_failed) kind->on_failed(ctx, error.message);

    auto state = services_.queue.fail(job, owner_, error.message, retryable);
    if (!state) {
        log::error("job_not_saved", {{"err", state.error().detail}});
        return;
    }

    log::write(*state == "failed" ? log::Level::error : log::Level::warn,
               "job_" + std::string(*state == "failed" ? "failed" : "retry"),
               {{"job_id", job.id},
                {"kind", job.kind},
                {"attempt", job.attempts},
                {"err", error.message},
                {"detail", error.detail}});
}

void Worker::reap() {
    std::lock_guard lock(slots_mutex_);

    for (auto it = slots_.begin(); it != slots_.end();) {
        if (*it->done) {
            it->thread.join();
            it = slots_.erase(it);
        } else {
            ++it;
        }
    }
}

void Worker::heartbeat_all() {
    std::vector<std::shared_ptr<JobContext>> running;
    {
        std::lock_guard lock(slots_mutex_);
        for (auto& slot : slots_) {
            if (!*slot.done) running.push_back(slot.ctx);
        }
    }

    for (auto& ctx : running) {
        auto kept = services_.queue.heartbeat(ctx->job().id, owner_,
                                              services_.settings.lease_seconds);
        if (kept && !*kept) {
            ctx->lease_lost = true;
            log::warn("job_lease_lost", {{"job_id", ctx->job().id}});
        }
    }
}

void Worker::schedule_reconcile() {
    auto period = services_.settings.reconcile_seconds;
    if (period <= 0) return;

    // One reconcile per period across all workers: the key names the slot.
    auto now = std::chrono::system_clock::now().time_since_epoch();
    int64_t slot =
        std::chrono::duration_cast<std::chrono::seconds>(now).count() / period;

    jobs::NewJob job;
    job.kind = "reconcile";
    job.idempotency_key = "reconcile:" + std::to_string(slot);
    job.max_attempts = 1;
    auto queued = services_.queue.enqueue(job);
    if (!queued) {
        log::warn("reconcile_not_queued", {{"err", queued.error().detail}});
    }
}

void Worker::run() {
    const Settings& settings = services_.settings;
    auto next_beat = Clock::now();
    auto next_reconcile = Clock::now();
    log::info("worker_start",
              {{"owner", owner_}, {"concurrency", settings.concurrency}});

    while (!services_.stopping) {
        reap();

        if (Clock::now() >= next_reconcile) {
            schedule_reconcile();
            next_reconcile =
                Clock::now() + std::chrono::seconds(settings.reconcile_seconds);
        }

        bool claimed_any = false;
        while (!services_.stopping) {
            {
                std::lock_guard lock(slots_mutex_);
                if (static_cast<int>(slots_.size()) >= settings.concurrency) {
                    break;
                }
            }
            auto job = services_.queue.claim(owner_, settings.lease_seconds);
            if (!job) {
                log::warn("claim_failed", {{"err", job.error().detail}});
                break;
            }
            if (!job->has_value()) break;
            start(std::move(**job));
            claimed_any = true;
        }

        if (Clock::now() >= next_beat) {
            heartbeat_all();
            next_beat =
                Clock::now() + std::chrono::seconds(settings.heartbeat_seconds);
        }

        // Queued jobs with a future run_after need a poll; a NOTIFY or a
        // finished job wakes the loop at once.
        if (!claimed_any) listener_.wait(std::chrono::milliseconds(500));
    }

    log::info("worker_stopping", {{"owner", owner_}});
    auto deadline =
        Clock::now() + std::chrono::seconds(settings.stop_grace_seconds);
    while (Clock::now() < deadline) {
        reap();
        {
            std::lock_guard lock(slots_mutex_);
            if (slots_.empty()) break;
        }
        heartbeat_all();
        listener_.wait(std::chrono::milliseconds(200));
    }

    std::lock_guard lock(slots_mutex_);
    for (auto& slot : slots_) slot.thread.detach();
    log::info("worker_stopped",
              {{"owner", owner_},
               {"left_running", static_cast<int64_t>(slots_.size())}});
}

}  // namespace cc::worker
