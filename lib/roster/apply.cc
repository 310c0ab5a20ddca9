// Applying a roster: every write of an import in one transaction, done as
// a few set-based statements so 10,000 rows take seconds, not minutes.
#include <unordered_map>
#include <unordered_set>

#include "roster/import.h"
#include "roster/provision.h"

namespace cc::roster {
namespace {

struct Columns {
    std::vector<std::string> emails;
    std::vector<std::string> names;
    std::vector<std::string> roles;
};

Columns columns_of(const Roster& roster) {
    Columns c;
    for (const Person& p : roster.people) {
        c.emails.push_back(p.email);
        c.names.push_back(p.display_name);
        c.roles.push_back(p.role);
    }
    return c;
}

// What one import did, gathered for its record and its mail.
struct Written {
    int64_t import_id = 0;
    std::unordered_map<std::string, int64_t> ids;        // email -> user id
    std::unordered_map<std::string, std::string> roles;  // email -> account
    std::unordered_set<int64_t> created;
    std::unordered_set<int64_t> enrolled;
    std::vector<Member> dropped;
    int64_t jobs = 0;
};

Result<std::optional<int64_t>> find_previous(db::Conn& conn,
                                             const ApplyOptions& o) {
    auto course = conn.exec("SELECT id FROM courses WHERE id = $1 FOR UPDATE",
                            {o.course_id});
    if (!course) return unexpected(course.error());
    if (course->empty()) {
        return unexpected(ErrorCode::not_found, "no such course");
    }

    auto rows = conn.exec(
        "SELECT id FROM roster_imports WHERE course_id = $1"
        " AND content_hash = $2",
        {o.course_id, o.content_hash});
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) return std::optional<int64_t>();

    return std::optional<int64_t>(rows->integer(0, "id"));
}

Result<void> start_import(db::Conn& conn, const Roster& roster,
                          const ApplyOptions& o, Written& w) {
    auto rows = conn.exec(
        "INSERT INTO roster_imports (course_id, content_hash, mode,"
        " destroy_vms, state, created_by, file_name, rows_total)"
        " VALUES ($1, $2, $3, $4, 'running', $5, $6, $7) RETURNING id",
        {o.course_id, o.content_hash, o.sync ? "sync" : "add", o.destroy_vms,
         o.actor_user_id > 0 ? db::Param(o.actor_user_id)
                             : db::Param(std::nullopt),
         o.file_name, roster.rows});
    if (!rows) return unexpected(rows.error());

    w.import_id = rows->integer(0, "id");
    return {};
}

// Accounts the file names that do not exist yet, matched by NFC form.
Result<void> create_accounts(db::Conn& conn, const Columns& c, Written& w) {
    auto made = conn.exec(
        "INSERT INTO users (email, display_name, role)"
        " SELECT t.email, t.name, t.role"
        " FROM unnest($1::text[], $2::text[], $3::text[]) AS t(email, name,"
        " role) LEFT JOIN users u ON normalize(lower(u.email), NFC) = t.email"
        " WHERE u.id IS NULL ON CONFLICT ((lower(email))) DO NOTHING"
        " RETURNING id",
        {text_array(c.emails), text_array(c.names), text_array(c.roles)});
    if (!made) return unexpected(made.error());

    for (int i = 0; i < made->size(); i++) {
        w.created.insert(made->integer(i, "id"));
    }

    auto all = conn.exec(
        "SELECT u.id, u.role, t.email FROM unnest($1::text[]) AS t(email)"
        " JOIN users u ON normalize(lower(u.email), NFC) = t.email",
        {text_array(c.emails)});
    if (!all) return unexpected(all.error());

    for (int i = 0; i < all->size(); i++) {
        w.ids[all->text(i, "email")] = all->integer(i, "id");
        w.roles[all->text(i, "email")] = all->text(i, "role");
    }
    return {};
}

// The preview's account check again, inside the transaction, so that an
// account that changed since the preview cannot slip through.
Result<void> check_accounts(const Roster& roster, const Written& w) {
    std::vector<LineProblem> refused;
    for (const Person& p : roster.people) {
        auto role = w.roles.find(p.email);
        if (role == w.roles.end()) continue;

        auto problem = account_problem(p, role->second);
        if (problem) refused.push_back({p.line, "", *problem});
    }
    if (refused.empty()) return {};

    const LineProblem& first = refused.front();
    return unexpected(ErrorCode::unprocessable,
                      "line " + std::to_string(first.line) + ": " +
                          first.message + " (" +
                          std::to_string(refused.size()) +
                          " such rows); nothing was imported: fix them and "
                          "upload again");
}

Result<void> enroll(db::Conn& conn, const Columns& c, const ApplyOptions& o,
                    Written& w) {
    std::vector<int64_t> ids;
    for (const std::string& email : c.emails) ids.push_back(w.ids[email]);

    auto rows = conn.exec(
        "INSERT INTO enrollments (course_id, user_id, role)"
        " SELECT $1, t.id, t.role FROM unnest($2::bigint[], $3::text[])"
        " AS t(id, role) ON CONFLICT (course_id, user_id) DO NOTHING"
        " RETURNING user_id",
        {o.course_id, int_array(ids), text_array(c.roles)});
    if (!rows) return unexpected(rows.error());

    for (int i = 0; i < rows->size(); i++) {
        w.enrolled.insert(rows->integer(i, "user_id"));
    }
    return {};
}

// Sync mode: students the file leaves out lose their enrollment; their
// VMs stay unless the caller asked for them to go.
Result<void> drop_missing(db::Conn& conn, const ApplyOptions& o, Written& w) {
    std::vector<int64_t> listed;
    for (const auto& [email, id] : w.ids) listed.push_back(id);

    auto rows = conn.exec(
        "DELETE FROM enrollments e USING users u WHERE u.id = e.user_id"
        " AND e.course_id = $1 AND e.role = 'student' AND NOT EXISTS"
        " (SELECT 1 FROM unnest($2::bigint[]) AS k(id) WHERE k.id = e.user_id)"
        " RETURNING e.user_id, u.email, u.display_name",
        {o.course_id, int_array(listed)});
    if (!rows) return unexpected(rows.error());

    for (int i = 0; i < rows->size(); i++) {
        w.dropped.push_back({rows->integer(i, "user_id"),
                             rows->text(i, "email"),
                             rows->text(i, "display_name"), "student"});
    }
    return {};
}

Result<void> queue_mail(db::Conn& conn, const ApplyOptions& o,
                        const Written& w) {
    std::vector<int64_t> fresh(w.created.begin(), w.created.end());
    std::vector<int64_t> existing;
    for (int64_t id : w.enrolled) {
        if (!w.created.contains(id)) existing.push_back(id);
    }

    const char* sql =
        "INSERT INTO mail_outbox (kind, user_id, course_id, import_id)"
        " SELECT $1, id, $2, $3 FROM unnest($4::bigint[]) AS t(id)";
    auto created = conn.exec(
        sql, {o.new_account_mail, o.course_id, w.import_id, int_array(fresh)});
    if (!created) return unexpected(created.error());

    auto added = conn.exec(
        sql, {"course_added", o.course_id, w.import_id, int_array(existing)});
    if (!added) return unexpected(added.error());

    return {};
}

Result<void> provision(db::Conn& conn, const Roster& roster,
                       const ApplyOptions& o, Written& w) {
    if (!w.enrolled.empty()) {
        // In file order, so the class's VMs come up in the list's order.
        std::vector<int64_t> added;
        for (const Person& p : roster.people) {
            int64_t id = w.ids.at(p.email);
            if (w.enrolled.contains(id)) added.push_back(id);
        }
        auto jobs = request_vms(conn, o.course_id, added, o.actor_user_id);
        if (!jobs) return unexpected(jobs.error());
        w.jobs += *jobs;
    }

    if (o.destroy_vms && !w.dropped.empty()) {
        std::vector<int64_t> gone;
        for (const Member& m : w.dropped) gone.push_back(m.user_id);
        auto jobs = destroy_vms(conn, o.course_id, gone, o.actor_user_id);
        if (!jobs) return unexpected(jobs.error());
        w.jobs += *jobs;
    }
    return {};
}

const char* outcome_of(const Written& w, int64_t id) {
    if (w.created.contains(id)) return "created";
    return w.enrolled.contains(id) ? "added" : "kept";
}

Result<void> record_rows(db::Conn& conn, const Roster& roster,
                         const Written& w) {
    std::vector<int64_t> lines, ids;
    std::vector<std::string> emails, outcomes, roles;
    for (const Person& p : roster.people) {
        int64_t id = w.ids.at(p.email);
        lines.push_back(p.line);
        ids.push_back(id);
        emails.push_back(p.email);
        outcomes.push_back(outcome_of(w, id));
        roles.push_back(p.role);
    }
    for (const Member& m : w.dropped) {
        lines.push_back(0);
        ids.push_back(m.user_id);
        emails.push_back(m.email);
        outcomes.push_back("dropped");
        roles.push_back(m.role);
    }

    auto rows = conn.exec(
        "INSERT INTO roster_import_rows (import_id, line, email, user_id,"
        " outcome, role) SELECT $1, t.* FROM unnest($2::int[], $3::text[],"
        " $4::bigint[], $5::text[], $6::text[]) AS t",
        {w.import_id, int_array(lines), text_array(emails), int_array(ids),
         text_array(outcomes), text_array(roles)});
    if (!rows) return unexpected(rows.error());

    return {};
}

Result<void> finish_import(db::Conn& conn, const Roster& roster,
                           const Written& w) {
    auto added = static_cast<int64_t>(w.enrolled.size());
    auto kept = static_cast<int64_t>(roster.people.size()) - added;

    auto rows = conn.exec(
        "UPDATE roster_imports SET state = 'done', added = $2, kept = $3,"
        " dropped = $4, accounts_created = $5, jobs_created = $6"
        " WHERE id = $1",
        {w.import_id, added, kept, static_cast<int64_t>(w.dropped.size()),
         static_cast<int64_t>(w.created.size()), w.jobs});
    if (!rows) return unexpected(rows.error());

    return {};
}

Result<void> write_import(db::Conn& conn, const Roster& roster,
                          const ApplyOptions& o, Written& w) {
    Columns c = columns_of(roster);
    auto started = start_import(conn, roster, o, w);
    if (!started) return started;

    auto made = create_accounts(conn, c, w);
    if (!made) return made;

    auto checked = check_accounts(roster, w);
    if (!checked) return checked;

    auto enrolled = enroll(conn, c, o, w);
    if (!enrolled) return enrolled;

    if (o.sync) {
        auto dropped = drop_missing(conn, o, w);
        if (!dropped) return dropped;
    }

    auto mailed = queue_mail(conn, o, w);
    if (!mailed) return mailed;

    auto jobs = provision(conn, roster, o, w);
    if (!jobs) return jobs;

    auto recorded = record_rows(conn, roster, w);
    if (!recorded) return recorded;

    return finish_import(conn, roster, w);
}

}  // namespace

Result<ApplyOutcome> apply_import(db::Pool& db, const Roster& roster,
                                  const ApplyOptions& options) {
    if (!roster.errors.empty()) {
        return unexpected(
            ErrorCode::unprocessable,
            "the file has " + std::to_string(roster.errors.size()) +
                " rows with errors (the first at line " +
                std::to_string(roster.errors.front().line) +
                "); nothing was imported: fix them and upload again");
    }

    if (drops_everyone(roster, options.sync)) {
        return unexpected(ErrorCode::unprocessable,
                          "the file lists nobody, so a sync would drop every "
                          "student of the course; nothing was imported: "
                          "upload the whole class list, or import in add "
                          "mode");
    }

    ApplyOutcome outcome;
    auto done = db.transaction([&](db::Conn& conn) -> Result<void> {
        outcome = {};
        auto previous = find_previous(conn, options);
        if (!previous) return unexpected(previous.error());
        if (*previous) {
            outcome = {**previous, true};
            return {};
        }

        Written w;
        auto written = write_import(conn, roster, options, w);
        if (!written) return written;

        outcome = {w.import_id, false};
        return {};
    });
    if (!done) return unexpected(done.error());

    return outcome;
}

}  // namespace cc::roster
