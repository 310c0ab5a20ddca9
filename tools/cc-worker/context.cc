// The job step log and small helpers shared by the job kinds.
#include "context.h"

#include "log/log.h"
#include "proxmox/client.h"

namespace cc::worker {

void JobContext::step(std::string_view name, std::string_view outcome,
                      const std::string& detail) {
    int64_t pve_ms = proxmox::take_pve_ms();

    log::Level level = outcome == "failed"  ? log::Level::error
                       : outcome == "retry" ? log::Level::warn
                                            : log::Level::info;
    log::write(level, "job_step",
               {{"job_id", job_.id},
                {"kind", job_.kind},
                {"attempt", job_.attempts},
                {"step", name},
                {"outcome", outcome},
                {"pve_ms", pve_ms},
                {"detail", detail}});

    auto recorded = services.queue.record_step(
        job_, std::string(name), std::string(outcome), detail, pve_ms);
    if (!recorded) {
        log::warn("job_step_not_recorded",
                  {{"job_id", job_.id}, {"err", recorded.error().detail}});
    }
}

Error JobContext::interrupted() {
    was_interrupted = true;
    return make_error(ErrorCode::unavailable, "the worker stopped",
                      lease_lost ? "lease lost" : "stopping");
}

proxmox::WaitOptions JobContext::wait_options() const {
    proxmox::WaitOptions options;
    options.first_poll =
        std::chrono::milliseconds(services.settings.task_poll_first_ms);
    options.max_poll =
        std::chrono::milliseconds(services.settings.task_poll_max_ms);
    options.deadline =
        std::chrono::seconds(services.settings.task_timeout_seconds);
    return options;
}

int64_t payload_id(const jobs::Job& job, const char* key) {
    return job.payload.get_int(key).value_or(0);
}

}  // namespace cc::worker
