// Reads an import, its mail progress and its rows.
#include "import_json.h"

namespace cc::rosterd {
namespace {

Result<json::Json> mail_progress(Context& ctx, int64_t import_id) {
    auto rows = ctx.db.exec(
        "SELECT status, count(*) AS n FROM mail_outbox WHERE import_id = $1"
        " GROUP BY status",
        {import_id});
    if (!rows) return unexpected(rows.error());

    json::Json mail = json::Json::object();
    for (const char* s : {"queued", "sending", "sent", "failed"}) {
        mail.set(s, int64_t{0});
    }
    for (int i = 0; i < rows->size(); i++) {
        mail.set(rows->text(i, "status").c_str(), rows->integer(i, "n"));
    }
    return mail;
}

// The VMs of the import's people in this course, by state, and how many
// run: the progress bar from import to running VMs.
Result<json::Json> vm_progress(Context& ctx, int64_t course_id,
                               int64_t import_id) {
    auto rows = ctx.db.exec(
        "SELECT count(*) AS total,"
        " count(*) FILTER (WHERE v.state = 'provisioning') AS provisioning,"
        " count(*) FILTER (WHERE v.state = 'ready') AS ready,"
        " count(*) FILTER (WHERE v.state = 'failed') AS failed,"
        " count(*) FILTER (WHERE v.power_state = 'running') AS running"
        " FROM vms v WHERE v.course_id = $1 AND v.state <> 'destroying'"
        " AND v.user_id IN (SELECT user_id FROM roster_import_rows"
        " WHERE import_id = $2 AND outcome <> 'dropped')",
        {course_id, import_id});
    if (!rows) return unexpected(rows.error());

    json::Json vms = json::Json::object();
    for (const char* n :
         {"total", "provisioning", "ready", "failed", "running"}) {
        vms.set(n, rows->integer(0, n));
    }
    return vms;
}

Result<json::Json> row_list(Context& ctx, int64_t import_id) {
    auto rows = ctx.db.exec(
        "SELECT line, email, user_id, outcome, role FROM roster_import_rows"
        " WHERE import_id = $1 ORDER BY line = 0, line, email",
        {import_id});
    if (!rows) return unexpected(rows.error());

    json::Json list = json::Json::array();
    for (int i = 0; i < rows->size(); i++) {
        json::Json r = json::Json::object();
        int64_t line = rows->integer(i, "line");
        r.set("line",
              line > 0 ? json::Json::integer(line) : json::Json::null());
        r.set("email", rows->text(i, "email"));
        r.set("user_id", rows->integer(i, "user_id"));
        r.set("outcome", rows->text(i, "outcome"));
        r.set("role", rows->text(i, "role"));
        list.append(r);
    }
    return list;
}

}  // namespace

Result<json::Json> import_json(Context& ctx, int64_t course_id,
                               int64_t import_id, bool with_rows) {
    auto rows = ctx.db.exec(
        "SELECT id, mode, destroy_vms, state, file_name, rows_total, added,"
        " kept, dropped, accounts_created, jobs_created,"
        " rfc3339(created_at) AS created_at"
        " FROM roster_imports WHERE id = $1 AND course_id = $2",
        {import_id, course_id});
    if (!rows) return unexpected(rows.error());
    if (rows->empty())
        return unexpected(ErrorCode::not_found, "no such import");

    json::Json out = json::Json::object();
    out.set("id", rows->integer(0, "id"));
    out.set("course_id", course_id);
    out.set("mode", rows->text(0, "mode"));
    out.set("destroy_vms", rows->boolean(0, "destroy_vms"));
    out.set("state", rows->text(0, "state"));
    out.set("file_name", rows->text(0, "file_name"));
    out.set("created_at", rows->text(0, "created_at"));
    for (const char* n : {"rows_total", "added", "kept", "dropped",
                          "accounts_created", "jobs_created"}) {
        out.set(n, rows->integer(0, n));
    }

    auto mail = mail_progress(ctx, import_id);
    if (!mail) return unexpected(mail.error());
    out.set("mail", *mail);

    auto vms = vm_progress(ctx, course_id, import_id);
    if (!vms) return unexpected(vms.error());
    out.set("vms", *vms);

    if (!with_rows) return out;
    auto list = row_list(ctx, import_id);
    if (!list) return unexpected(list.error());
    out.set("rows", *list);
    return out;
}

json::Json import_job(const json::Json& import) {
    json::Json job = json::Json::object();
    job.set("id", import.get_int("id").value_or(0));
    job.set("kind", "roster_import");
    job.set("state", import.get_string("state").value_or(""));
    job.set("import", import);
    return job;
}

}  // namespace cc::rosterd
