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
    std::printf("apply   %.0f ms (goal < 10000 ms): import %lld\n", apply_ms,
                static_cast<long long>(applied->import_id));
    return preview_ms < 1000 && apply_ms < 10000 ? 0 : 1;
}
