// The job kinds cc-worker runs, one file each.
#pragma once

#include <string>

#include "context.h"

namespace cc::worker {

using RunFn = Result<json::Json> (*)(JobContext& ctx);
using FailedFn = void (*)(JobContext& ctx, const std::string& reason);

struct Kind {
    const char* name;
    RunFn run;
    FailedFn on_failed;  // after the job failed for good; may be null
};

Result<json::Json> run_provision(JobContext& ctx);
void provision_failed(JobContext& ctx, const std::string& reason);
Result<json::Json> run_rebuild(JobContext& ctx);
Result<json::Json> run_destroy(JobContext& ctx);
Result<json::Json> run_power(JobContext& ctx);
Result<json::Json> run_snapshot(JobContext& ctx);
Result<json::Json> run_reconcile(JobContext& ctx);

// The table of kinds; nullptr for an unknown name.
const Kind* find_kind(const std::string& name);

}  // namespace cc::worker
