// roster_bench: times preview and apply of a generated 10,000-row roster
// against a real PostgreSQL (conninfo as the first argument), with one
// course template so every student also gets a VM row and provision job.
#include <chrono>
#include <cstdio>
#include <string>

#include "db/db.h"
#include "db/migrate.h"
#include "roster/import.h"
#include "roster/roster.h"

using namespace cc;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kRows = 10000;

std::string make_roster(const std::string& tag) {
    std::string csv = "sep=;\r\nE-Mail;First Name;Last Name;Role\r\n";
    for (int i = 0; i < kRows; i++) {
        csv += "Student" + std::to_string(i) + "." + tag +
               "@Bench.Example;Fr\xC3\xA9"
               "d\xC3\xA9ric;Nr " +
               std::to_string(i) + ";student\r\n";
    }
    return csv;
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start)
        .count();
}

Result<int64_t> make_course(db::Pool& db, const std::string& tag) {
    auto course = db.exec(
        "INSERT INTO courses (code, title, term) VALUES ($1, 'Bench',"
        " '2026') RETURNING id",
        {"BENCH-" + tag});
    if (!course) return unexpected(course.error());
    int64_t id = course->integer(0, "id");

    auto cluster = db.exec(
        "INSERT INTO clusters (name, api_url, token_id, secret_ref,"
        " fingerprint) VALUES ($1, 'https://127.0.0.1:1', 'b@pve!t',"
        " 'env:CC_UNUSED', 'AA') RETURNING id",
        {"bench-" + tag});
    if (!cluster) return unexpected(cluster.error());

    auto tpl = db.exec(
        "INSERT INTO course_templates (course_id, cluster_id,"
        " pve_template_vmid, name) VALUES ($1, $2, 9000, 'lab')",
        {id, cluster->integer(0, "id")});
    if (!tpl) return unexpected(tpl.error());

    return id;
}

// The baseline for preview: the database matching 10,000 e-mail
// addresses against users in one query, the least a preview must read.
Result<double> time_lookup_floor(db::Pool& db, const std::string& tag) {
    auto start = Clock::now();
    auto rows = db.exec(
        "SELECT count(u.id) AS n FROM generate_series(0, $1 - 1) g"
        " LEFT JOIN users u ON normalize(lower(u.email), NFC) ="
        " 'student' || g || '.' || $2 || '@bench.example'",
        {kRows, tag});
    if (!rows) return unexpected(rows.error());

    return ms_since(start);
}

// The baseline for apply: the same 10,000 accounts, enrollments, VMs and
// provision jobs written by four set-based INSERTs in one transaction,
// with none of apply's checks, import rows, mail or audit.
Result<double> time_write_floor(db::Pool& db, int64_t course,
                                const std::string& tag) {
    auto start = Clock::now();
    auto written = db.transaction([&](db::Conn& conn) -> Result<void> {
        auto rows = conn.exec(
            "WITH u AS (INSERT INTO users (email, display_name, role)"
            " SELECT 'floor' || g || '.' || $2 || '@bench.example',"
            " 'Floor ' || g, 'student' FROM generate_series(1, $3) g"
            " RETURNING id), e AS (INSERT INTO enrollments (course_id,"
            " user_id, role) SELECT $1, id, 'student' FROM u"
            " RETURNING user_id), v AS (INSERT INTO vms (user_id,"
            " course_id, template_id, cluster_id, name) SELECT e.user_id,"
            " $1, t.id, t.cluster_id, 'floor-' || e.user_id FROM e JOIN"
            " course_templates t ON t.course_id = $1 RETURNING id)"
            " INSERT INTO jobs (kind, payload) SELECT 'provision',"
            " jsonb_build_object('vm_id', id) FROM v",
            {course, tag, kRows});
        if (!rows) return unexpected(rows.error());
        return {};
    });
    if (!written) return unexpected(written.error());

    return ms_since(start);
}

int fail(const Error& e) {
    std::fprintf(stderr, "roster_bench: %s (%s)\n", e.message.c_str(),
                 e.detail.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: roster_bench CONNINFO SQL_DIR\n");
        return 2;
    }
    auto db = db::Pool::create(argv[1], 2);

    auto migrated = db::apply_migrations(*db, argv[2]);
    if (!migrated) return fail(migrated.error());

    std::string tag = std::to_string(Clock::now().time_since_epoch().count());
    auto course = make_course(*db, tag);
    if (!course) return fail(course.error());
    std::string csv = make_roster(tag);

    auto lookup_floor = time_lookup_floor(*db, tag);
    if (!lookup_floor) return fail(lookup_floor.error());
    auto floor_course = make_course(*db, tag + "-floor");
    if (!floor_course) return fail(floor_course.error());
    auto write_floor = time_write_floor(*db, *floor_course, tag);
    if (!write_floor) return fail(write_floor.error());

    auto start = Clock::now();
    auto roster = roster::parse_roster(csv, roster::Limits{});
    if (!roster) return fail(roster.error());
    auto preview = roster::preview_import(*db, *course, *roster, false);
    if (!preview) return fail(preview.error());
    double preview_ms = ms_since(start);

    start = Clock::now();
    roster::ApplyOptions options;
    options.course_id = *course;
    options.content_hash = tag;
    auto reparsed = roster::parse_roster(csv, roster::Limits{});
    if (!reparsed) return fail(reparsed.error());
    auto applied = roster::apply_import(*db, *reparsed, options);
    if (!applied) return fail(applied.error());
    double apply_ms = ms_since(start);

    std::printf("rows %d: %zu bytes\n", kRows, csv.size());
    std::printf("preview %.0f ms (goal < 1000 ms): %zu to add\n", preview_ms,
                preview->add.size());
    std::printf(
        "  baseline: one query matching %d e-mails %.0f ms,"
        " ratio %.1f\n",
        kRows, *lookup_floor, preview_ms / *lookup_floor);
    std::printf("apply   %.0f ms (goal < 10000 ms): import %lld\n", apply_ms,
                static_cast<long long>(applied->import_id));
    std::printf(
        "  baseline: set-based INSERT of the same %d accounts,"
        " enrollments, VMs, jobs %.0f ms, ratio %.1f\n",
        kRows, *write_floor, apply_ms / *write_floor);
    return preview_ms < 1000 && apply_ms < 10000 ? 0 : 1;
}
