// GET/POST /api/courses/{id}/templates: the Proxmox templates a course's
// VMs are cloned from, with their size and clone kind.
#include "audit/audit.h"
#include "course_access.h"
#include "routes.h"

namespace cc::rosterd {
namespace {

json::Json template_json(const db::Rows& rows, int i) {
    json::Json t = json::Json::object();
    t.set("id", rows.integer(i, "id"));
    t.set("name", rows.text(i, "name"));
    t.set("cluster_id", rows.integer(i, "cluster_id"));
    t.set("pve_template_vmid", rows.integer(i, "pve_template_vmid"));
    t.set("cores", rows.integer(i, "cores"));
    t.set("memory_mb", rows.integer(i, "memory_mb"));
    t.set("linked_clone", rows.boolean(i, "linked_clone"));
    return t;
}

struct TemplateFields {
    std::string name;
    int64_t cluster_id = 0;
    int64_t vmid = 0;
    int64_t cores = 1;
    int64_t memory_mb = 1024;
    bool linked_clone = true;
};

Result<int64_t> ranged(const json::Json& body, const char* field,
                       int64_t fallback, int64_t low, int64_t high) {
    if (!body.get(field).valid()) return fallback;

    auto v = body.get_int(field);
    if (!v || *v < low || *v > high) {
        return unexpected(ErrorCode::unprocessable,
                          std::string("`") + field +
                              "` must be a number from " + std::to_string(low) +
                              " to " + std::to_string(high));
    }
    return *v;
}

Result<TemplateFields> read_template(const json::Json& body) {
    TemplateFields f;
    auto name = http::require_string(body, "name");
    if (!name) return unexpected(name.error());
    if (name->empty() || name->size() > 100) {
        return unexpected(ErrorCode::unprocessable,
                          "`name` must be 1 to 100 characters");
    }
    f.name = *name;

    auto cluster = ranged(body, "cluster_id", 0, 1, INT64_MAX);
    auto vmid = ranged(body, "pve_template_vmid", 0, 100, 999999999);
    auto cores = ranged(body, "cores", 1, 1, 64);
    auto memory = ranged(body, "memory_mb", 1024, 128, 262144);
    for (auto* r : {&cluster, &vmid, &cores, &memory}) {
        if (!*r) return unexpected(r->error());
    }
    if (*cluster == 0 || *vmid == 0) {
        return unexpected(ErrorCode::invalid_argument,
                          "`cluster_id` and `pve_template_vmid` are required");
    }

    f.cluster_id = *cluster;
    f.vmid = *vmid;
    f.cores = *cores;
    f.memory_mb = *memory;
    f.linked_clone = body.get_bool("linked_clone").value_or(true);
    return f;
}

}  // namespace

Result<http::Response> list_templates(Context& ctx, http::Request& req) {
    auto course = visible_course(ctx, req);
    if (!course) return unexpected(course.error());

    auto rows = ctx.db.exec(
        "SELECT * FROM course_templates WHERE course_id = $1 ORDER BY id",
        {course->id});
    if (!rows) return unexpected(rows.error());

    json::Json list = json::Json::array();
    for (int i = 0; i < rows->size(); i++) list.append(template_json(*rows, i));

    json::Json body = json::Json::object();
    body.set("templates", list);
    return http::json_response(200, body);
}

Result<http::Response> create_template(Context& ctx, http::Request& req) {
    auto course = managed_course(ctx, req);
    if (!course) return unexpected(course.error());

    auto body = req.json_body();
    if (!body) return unexpected(body.error());

    auto f = read_template(*body);
    if (!f) return unexpected(f.error());

    // Nothing is inserted for a cluster that does not exist. Whether the
    // VMID is a template on it is not asked: that needs a Proxmox call,
    // and a wrong one shows up when the first clone job fails.
    auto rows = ctx.db.exec(
        "INSERT INTO course_templates (course_id, cluster_id,"
        " pve_template_vmid, name, cores, memory_mb, linked_clone)"
        " SELECT $1, id, $3, $4, $5, $6, $7 FROM clusters WHERE id = $2"
        " RETURNING *",
        {course->id, f->cluster_id, f->vmid, f->name, f->cores, f->memory_mb,
         f->linked_clone});
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) {
        return unexpected(ErrorCode::unprocessable,
                          "`cluster_id` " + std::to_string(f->cluster_id) +
                              " names no cluster");
    }

    (void)audit::record(
        ctx.db, {req.identity.user_id, "course.template.add", "course",
                 std::to_string(course->id), req.remote_addr, "success", "{}"});
    json::Json out = json::Json::object();
    out.set("template", template_json(*rows, 0));
    return http::json_response(201, out);
}

}  // namespace cc::rosterd
