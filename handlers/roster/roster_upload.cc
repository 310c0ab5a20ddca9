// POST /api/courses/{id}/roster: a CSV class list, previewed with
// ?dry_run=1 (nothing written) or applied (202 with the import).
#include <algorithm>

#include "audit/audit.h"
#include "auth/digest.h"
#include "course_access.h"
#include "import_json.h"
#include "roster/import.h"
#include "roster/upload.h"
#include "routes.h"

namespace cc::rosterd {
namespace {

struct UploadOptions {
    bool dry_run = false;
    bool sync = false;
    bool destroy_vms = false;
};

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
}

// Read strictly: a dry run spelt `on` must not fall through to an apply.
Result<bool> read_flag(const http::Request& req, std::string_view name) {
    auto value = req.query(name);
    if (!value) return false;

    std::string v = lower_ascii(*value);
    if (v == "1" || v == "true" || v == "yes") return true;
    if (v == "0" || v == "false" || v == "no") return false;

    return unexpected(ErrorCode::invalid_argument,
                      "`" + std::string(name) +
                          "` must be one of 1, true, yes, 0, false, no");
}

Result<bool> read_sync(const http::Request& req) {
    std::string mode = lower_ascii(req.query("mode").value_or("add"));
    if (mode != "add" && mode != "sync") {
        return unexpected(ErrorCode::invalid_argument,
                          "`mode` must be add or sync");
    }
    return mode == "sync";
}

Result<UploadOptions> read_options(const http::Request& req) {
    auto dry_run = read_flag(req, "dry_run");
    if (!dry_run) return unexpected(dry_run.error());

    auto destroy_vms = read_flag(req, "destroy_vms");
    if (!destroy_vms) return unexpected(destroy_vms.error());

    auto sync = read_sync(req);
    if (!sync) return unexpected(sync.error());

    if (*destroy_vms && !*sync) {
        return unexpected(ErrorCode::invalid_argument,
                          "`destroy_vms` needs mode=sync");
    }
    return UploadOptions{*dry_run, *sync, *destroy_vms};
}

json::Json person_json(const roster::PreviewRow& row) {
    json::Json p = json::Json::object();
    p.set("line", row.person.line);
    p.set("email", row.person.email);
    p.set("display_name", row.person.display_name);
    p.set("role", row.person.role);
    p.set("new_account", row.user_id == 0);
    return p;
}

json::Json problems_json(const std::vector<roster::LineProblem>& list) {
    json::Json out = json::Json::array();
    for (const auto& p : list) {
        json::Json e = json::Json::object();
        e.set("line", p.line);
        e.set("column", p.column);
        e.set("message", p.message);
        out.append(e);
    }
    return out;
}

json::Json preview_json(const roster::Roster& r, const roster::Preview& p,
                        const UploadOptions& o) {
    json::Json add = json::Json::array(), keep = json::Json::array();
    json::Json drop = json::Json::array(), ignored = json::Json::array();
    for (const auto& row : p.add) add.append(person_json(row));
    for (const auto& row : p.keep) keep.append(person_json(row));
    for (const auto& m : p.drop) {
        json::Json d = json::Json::object();
        d.set("user_id", m.user_id);
        d.set("email", m.email);
        d.set("display_name", m.display_name);
        drop.append(d);
    }
    for (const auto& c : r.ignored_columns)
        ignored.append(json::Json::string(c));

    json::Json counts = json::Json::object();
    counts.set("rows", r.rows);
    counts.set("add", static_cast<int64_t>(p.add.size()));
    counts.set("keep", static_cast<int64_t>(p.keep.size()));
    counts.set("drop", static_cast<int64_t>(p.drop.size()));
    // One list in line order; a problem of the whole file (line 0) first.
    auto errors = r.errors;
    errors.insert(errors.end(), p.errors.begin(), p.errors.end());
    std::stable_sort(
        errors.begin(), errors.end(),
        [](const auto& a, const auto& b) { return a.line < b.line; });
    counts.set("errors", static_cast<int64_t>(errors.size()));
    counts.set("duplicates", static_cast<int64_t>(r.duplicates.size()));

    json::Json out = json::Json::object();
    out.set("mode", o.sync ? "sync" : "add");
    out.set("destroy_vms", o.destroy_vms);
    out.set("delimiter", std::string(1, r.delimiter));
    out.set("counts", counts);
    out.set("add", add);
    out.set("keep", keep);
    out.set("drop", drop);
    out.set("errors", problems_json(errors));
    out.set("duplicates", problems_json(r.duplicates));
    out.set("ignored_columns", ignored);
    return out;
}

// The same bytes with the same options are the same import.
std::string content_hash(const std::string& bytes, const UploadOptions& o) {
    std::string key = std::string(o.sync ? "sync" : "add") +
                      (o.destroy_vms ? "+destroy" : "") + "\n" + bytes;
    return auth::sha256_hex(key);
}

Result<http::Response> apply(Context& ctx, http::Request& req,
                             const CourseRow& course, const roster::Roster& r,
                             const roster::Upload& upload,
                             const UploadOptions& o) {
    roster::ApplyOptions a;
    a.course_id = course.id;
    a.actor_user_id = req.identity.user_id;
    a.sync = o.sync;
    a.destroy_vms = o.destroy_vms;
    a.file_name = upload.file_name.substr(0, 200);
    a.content_hash = content_hash(upload.bytes, o);
    a.new_account_mail = ctx.new_account_mail;

    auto outcome = roster::apply_import(ctx.db, r, a);
    if (!outcome) return unexpected(outcome.error());

    auto import = import_json(ctx, course.id, outcome->import_id, false);
    if (!import) return unexpected(import.error());

    if (!outcome->repeated) {
        (void)audit::record(
            ctx.db,
            {req.identity.user_id, "roster.import", "course",
             std::to_string(course.id), req.remote_addr, "success",
             "{\"import_id\":" + std::to_string(outcome->import_id) + "}"});
    }

    json::Json body = json::Json::object();
    body.set("job", import_job(*import));
    body.set("repeated", outcome->repeated);
    return http::json_response(outcome->repeated ? 200 : 202, body);
}

}  // namespace

Result<http::Response> upload_roster(Context& ctx, http::Request& req) {
    auto course = managed_course(ctx, req);
    if (!course) return unexpected(course.error());

    auto options = read_options(req);
    if (!options) return unexpected(options.error());

    auto upload = roster::read_upload(req.param("CONTENT_TYPE"), req.body);
    if (!upload) return unexpected(upload.error());

    auto parsed = roster::parse_roster(upload->bytes, ctx.limits);
    if (!parsed) return unexpected(parsed.error());

    if (!options->dry_run) {
        return apply(ctx, req, *course, *parsed, *upload, *options);
    }

    auto preview =
        roster::preview_import(ctx.db, course->id, *parsed, options->sync);
    if (!preview) return unexpected(preview.error());

    json::Json body = json::Json::object();
    body.set("preview", preview_json(*parsed, *preview, *options));
    return http::json_response(200, body);
}

}  // namespace cc::rosterd
