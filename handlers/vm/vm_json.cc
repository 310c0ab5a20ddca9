// One query for VM cards: VM row, course, template, owner, node status,
// the newest job with its steps, and the snapshot limit.
#include "vm_json.h"

#include "http/response.h"

namespace cc::vm {
namespace {

// The newest job and its steps ride along: a list of N VMs stays one
// round trip instead of 1 + 2N.
constexpr const char* kVmQuery =
    "SELECT v.id, v.name, v.state, v.power_state, "
    "coalesce(v.node, '') AS node, coalesce(v.vmid, 0) AS vmid, "
    "v.last_error, c.id AS course_id, c.code AS course_code, "
    "c.title AS course_name, t.id AS template_id, "
    "t.name AS template_name, t.cores, t.memory_mb, "
    "u.id AS owner_id, u.email AS owner_email, "
    "u.display_name AS owner_name, "
    "coalesce(n.status <> 'offline', true) AS node_online, "
    "coalesce((c.settings->>'snapshot_limit')::int, $4) "
    "AS snapshot_limit, "
    "coalesce((c.settings->>'students_may_destroy')::boolean, "
    "false) AS students_may_destroy, EXISTS (SELECT 1 FROM "
    "enrollments e WHERE e.course_id = v.course_id AND "
    "e.user_id = $5 AND e.role = 'faculty') AS viewer_teaches, "
    "rfc3339(v.updated_at) AS updated_at, "
    "j.id AS job_id, j.kind AS job_kind, j.state AS job_state, "
    "j.attempts AS job_attempts, j.last_error AS job_error, "
    "rfc3339(j.created_at) AS job_created_at, "
    "rfc3339(j.updated_at) AS job_updated_at, "
    "(SELECT json_agg(json_build_object('name', s.step, 'state', "
    "s.outcome, 'at', rfc3339(s.at)) ORDER BY s.id) "
    "FROM job_steps s WHERE s.job_id = j.id) "
    "AS job_steps "
    "FROM vms v JOIN courses c ON c.id = v.course_id "
    "JOIN course_templates t ON t.id = v.template_id "
    "JOIN users u ON u.id = v.user_id "
    "LEFT JOIN nodes n ON n.cluster_id = v.cluster_id "
    "AND n.name = v.node "
    "LEFT JOIN LATERAL (SELECT id, kind, state, attempts, last_error, "
    "created_at, updated_at FROM jobs WHERE (payload->>'vm_id')::bigint "
    "= v.id ORDER BY id DESC LIMIT 1) j ON true "
    "WHERE ($1 = 0 OR v.user_id = $1) AND ($2 = 0 OR v.course_id = $2) "
    "AND ($3 = 0 OR v.id = $3) ORDER BY c.code, v.id";

bool can_destroy(const db::Rows& r, int i, const http::Identity& viewer) {
    if (viewer.role == "admin") return true;
    if (viewer.role == "faculty" && r.boolean(i, "viewer_teaches")) return true;

    return r.integer(i, "owner_id") == viewer.user_id &&
           r.boolean(i, "students_may_destroy");
}

// The same shape as job_json, from the job_* columns of one row.
json::Json job_object(const db::Rows& r, int i) {
    json::Json steps = json::Json::array();
    if (!r.is_null(i, "job_steps")) {
        auto parsed = json::parse(r.text(i, "job_steps"));
        if (parsed) steps = *parsed;
    }

    json::Json job = json::Json::object();
    job.set("id", r.integer(i, "job_id"));
    job.set("kind", r.text(i, "job_kind"));
    job.set("state", r.text(i, "job_state"));
    job.set("attempts", r.integer(i, "job_attempts"));
    job.set("steps", steps);
    auto error = r.opt_text(i, "job_error");
    job.set("error", error ? json::Json::string(*error) : json::Json::null());
    job.set("created_at", r.text(i, "job_created_at"));
    job.set("updated_at", r.text(i, "job_updated_at"));
    return job;
}

json::Json vm_object(const db::Rows& r, int i, const http::Identity& viewer) {
    json::Json course = json::Json::object();
    course.set("id", r.integer(i, "course_id"));
    course.set("code", r.text(i, "course_code"));
    course.set("name", r.text(i, "course_name"));

    json::Json tmpl = json::Json::object();
    tmpl.set("id", r.integer(i, "template_id"));
    tmpl.set("name", r.text(i, "template_name"));

    json::Json owner = json::Json::object();
    owner.set("id", r.integer(i, "owner_id"));
    owner.set("email", r.text(i, "owner_email"));
    owner.set("display_name", r.text(i, "owner_name"));

    json::Json vm = json::Json::object();
    vm.set("id", r.integer(i, "id"));
    vm.set("name", r.text(i, "name"));
    vm.set("course", course);
    vm.set("template", tmpl);
    vm.set("owner", owner);
    vm.set("state", r.text(i, "state"));
    vm.set("power_state", r.text(i, "power_state"));
    vm.set("node", r.text(i, "node"));
    vm.set("node_online", r.boolean(i, "node_online"));
    vm.set("vmid", r.integer(i, "vmid"));
    vm.set("cores", r.integer(i, "cores"));
    vm.set("memory_mb", r.integer(i, "memory_mb"));
    vm.set("snapshot_limit", r.integer(i, "snapshot_limit"));
    vm.set("can_destroy", can_destroy(r, i, viewer));
    vm.set("updated_at", r.text(i, "updated_at"));
    auto error = r.opt_text(i, "last_error");
    vm.set("last_error",
           error ? json::Json::string(*error) : json::Json::null());

    vm.set("job",
           r.is_null(i, "job_id") ? json::Json::null() : job_object(r, i));
    return vm;
}

}  // namespace

Result<json::Json> select_vms(Context& ctx, const VmFilter& filter,
                              const http::Identity& viewer) {
    auto rows =
        ctx.db.exec(kVmQuery, {filter.user_id, filter.course_id, filter.vm_id,
                               ctx.snapshot_limit, viewer.user_id});
    if (!rows) return unexpected(rows.error());

    json::Json list = json::Json::array();
    for (int i = 0; i < rows->size(); i++)
        list.append(vm_object(*rows, i, viewer));
    return list;
}

Result<json::Json> job_json(db::Pool& db, int64_t job_id) {
    auto job = db.exec(
        "SELECT id, kind, state, last_error, attempts, "
        "rfc3339(created_at) AS created_at, rfc3339(updated_at) AS updated_at "
        "FROM jobs WHERE id = $1",
        {job_id});
    if (!job) return unexpected(job.error());
    if (job->empty()) return unexpected(ErrorCode::not_found, "no such job");

    auto steps = db.exec(
        "SELECT step, outcome, detail, rfc3339(at) AS at FROM job_steps "
        "WHERE job_id = $1 ORDER BY id",
        {job_id});
    if (!steps) return unexpected(steps.error());

    json::Json step_list = json::Json::array();
    for (int i = 0; i < steps->size(); i++) {
        json::Json step = json::Json::object();
        step.set("name", steps->text(i, "step"));
        step.set("state", steps->text(i, "outcome"));
        step.set("at", steps->text(i, "at"));
        step_list.append(step);
    }

    json::Json out = json::Json::object();
    out.set("id", job->integer(0, "id"));
    out.set("kind", job->text(0, "kind"));
    out.set("state", job->text(0, "state"));
    out.set("attempts", job->integer(0, "attempts"));
    out.set("steps", step_list);
    auto error = job->opt_text(0, "last_error");
    out.set("error", error ? json::Json::string(*error) : json::Json::null());
    out.set("created_at", job->text(0, "created_at"));
    out.set("updated_at", job->text(0, "updated_at"));
    return out;
}

http::Response accepted(Context& ctx, int64_t job_id) {
    json::Json body = json::Json::object();
    auto job = job_json(ctx.db, job_id);
    if (job) {
        body.set("job", *job);
    } else {
        json::Json bare = json::Json::object();
        bare.set("id", job_id);
        body.set("job", bare);
    }
    return http::json_response(202, body);
}

}  // namespace cc::vm
