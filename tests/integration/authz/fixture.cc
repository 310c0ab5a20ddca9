// Builds the matrix's world in the test stack: a second course with its
// own faculty member, a cluster and templates, a VM per round; collects
// the route tables from the handlers' own route libraries.
#include "fixture.h"

#include <stdexcept>

#include "auth/api_token.h"
#include "auth/password.h"
#include "clusters/clusters.h"
#include "config/config.h"
#include "db/db.h"
#include "jobs/queue.h"
#include "redis/redis.h"

// The handlers' route tables (their contexts are only stored, never used).
#include "../../../handlers/console/routes.h"
#include "../../../handlers/login/routes.h"
#include "../../../handlers/roster/routes.h"
#include "../../../handlers/vm/routes.h"

namespace cc::testing {

struct MatrixFixture::State {
    std::unique_ptr<db::Pool> db;
    std::unique_ptr<redis::Client> redis;
    std::unique_ptr<clusters::ClientCache> pve;
    std::unique_ptr<jobs::Backoff> backoff;
    std::unique_ptr<jobs::Queue> queue;

    int64_t course_id = 0;
    int64_t owner_id = 0;
    int64_t cluster_id = 0;
    int64_t vm_id = 0;
    int64_t job_id = 0;
    int64_t token_id = 0;
    int64_t import_id = 0;
};

namespace {

int fixtures_made = 0;

int64_t one(db::Pool& db, const std::string& sql,
            std::initializer_list<db::Param> params = {}) {
    auto rows = db.exec(sql, params);
    if (!rows) throw std::runtime_error(sql + ": " + rows.error().detail);
    return rows->empty() ? 0 : rows->integer(0, "id");
}

template <typename Routes>
void collect(const Routes& router, std::vector<RouteKey>& out) {
    for (const auto& r : router.routes()) out.push_back({r.method, r.pattern});
}

}  // namespace

MatrixFixture::MatrixFixture() : state_(std::make_unique<State>()) {
    auto cfg =
        config::Config::load(client_.stack_dir() + "/etc/classcloud.conf");
    if (!cfg) throw std::runtime_error("no stack config");
    State& s = *state_;
    s.db = db::Pool::create(cfg->get("db.conninfo"), 2);
    s.redis = redis::Client::create(cfg->get("redis.address"), 1);
    s.pve = std::make_unique<clusters::ClientCache>(*s.db);
    s.backoff = std::make_unique<jobs::Backoff>(1000, 2000, 1);
    s.queue = std::make_unique<jobs::Queue>(*s.db, *s.backoff);

    login::Context login_ctx{*s.db,
                             *s.redis,
                             auth::SessionStore(*s.redis, {60, 60}),
                             auth::FailureLimiter(*s.redis, "m", 1, 1),
                             auth::FailureLimiter(*s.redis, "m", 1, 1),
                             "",
                             ""};
    vm::Context vm_ctx{*s.db, *s.queue, *s.pve, 5};
    console::Context console_ctx{
        *s.db,  *s.redis, auth::SessionStore(*s.redis, {60, 60}),
        *s.pve, 30,       ""};
    rosterd::Context roster_ctx{*s.db, {}, ""};
    collect(login::make_routes(login_ctx), routes_);
    collect(vm::make_routes(vm_ctx), routes_);
    collect(console::make_routes(console_ctx), routes_);
    collect(rosterd::make_routes(roster_ctx), routes_);

    // The world: LAB101 from the demo seed, OTHER101 with its own faculty.
    db::Pool& db = *s.db;
    s.course_id = one(db, "SELECT id FROM courses WHERE code = 'LAB101'");
    s.owner_id = one(db,
                     "SELECT id FROM users WHERE email = "
                     "'student1@demo.classcloud.test'");
    auto hash = auth::hash_password("matrix-faculty-2", 4).value();
    int64_t other_course =
        one(db,
            "INSERT INTO courses (code, title, term) VALUES ('OTHER101', "
            "'Another course', '2026-fall') ON CONFLICT (code) DO UPDATE "
            "SET title = excluded.title RETURNING id");
    int64_t faculty2 = one(
        db,
        "INSERT INTO users (email, display_name, role, password_hash) VALUES "
        "('faculty2@matrix.test', 'Other Faculty', 'faculty', $1) "
        "ON CONFLICT (lower(email)) DO UPDATE SET password_hash = $1 "
        "RETURNING id",
        {hash});
    one(db,
        "INSERT INTO enrollments (course_id, user_id, role) VALUES ($1, $2, "
        "'faculty') ON CONFLICT DO NOTHING RETURNING 0 AS id",
        {other_course, faculty2});
    s.cluster_id = one(db,
                       "SELECT id FROM clusters ORDER BY is_default DESC, "
                       "id LIMIT 1");
    if (s.cluster_id == 0) {
        s.cluster_id = one(
            db,
            "INSERT INTO clusters (name, api_url, token_id, secret_ref, "
            "fingerprint) VALUES ('matrix', 'https://127.0.0.1:9', "
            "'root@pam!matrix', 'env:CC_MATRIX_NO_SECRET', 'AA') RETURNING id");
    }

    s.import_id =
        one(db,
            "INSERT INTO roster_imports (course_id, content_hash, mode) VALUES "
            "($1, $2, 'add') RETURNING id",
            {s.course_id, "matrix-" + std::to_string(getpid()) + "-" +
                              std::to_string(++fixtures_made)});

    callers_.push_back({});
    for (const char* role : {"student", "student2", "faculty"}) {
        auto [email, password] = std::string(role) == "student2"
                                     ? std::pair<std::string, std::string>(
                                           client_.demo_login_nth("student", 1))
                                     : client_.demo_login(role);
        callers_.push_back(log_in(email, password));
    }
    callers_.push_back(log_in("faculty2@matrix.test", "matrix-faculty-2"));
    auto [admin, admin_password] = client_.demo_login("admin");
    callers_.push_back(log_in(admin, admin_password));
}

// Removes what the rounds made, so tests after this one see the stack's
// own VMs only.
MatrixFixture::~MatrixFixture() {
    db::Pool& db = *state_->db;
    // Also VMs others made from these templates while they existed (an
    // import makes one per template), or the templates cannot go.
    (void)db.exec(
        "DELETE FROM vms WHERE name LIKE 'matrix-%' OR template_id IN "
        "(SELECT id FROM course_templates WHERE name LIKE 'matrix-%')");
    (void)db.exec("DELETE FROM course_templates WHERE name LIKE 'matrix-%'");
    (void)db.exec("DELETE FROM jobs WHERE kind = 'matrix_probe'");
}

MatrixFixture::Caller MatrixFixture::log_in(const std::string& email,
                                            const std::string& password) {
    HttpAnswer login = client_.login(email, password);
    if (login.status != 200) {
        throw std::runtime_error("cannot log in " + email + ": " + login.body);
    }

    Caller c{email, password, "", ""};
    c.cookie = cookie_pair(login.header("set-cookie"));
    HttpAnswer me =
        client_.send({"GET", "/api/me", "", {"Cookie: " + c.cookie}});
    size_t at = me.body.find("\"csrf_token\":\"");
    c.csrf = me.body.substr(at + 14, 43);
    return c;
}

void MatrixFixture::reset_objects() {
    State& s = *state_;
    db::Pool& db = *s.db;
    // Unique across fixtures of this process and across processes.
    static int round = 0;
    round++;
    std::string tag = std::to_string(getpid()) + "-" + std::to_string(round);
    int64_t template_id =
        one(db,
            "INSERT INTO course_templates (course_id, cluster_id, "
            "pve_template_vmid, name) VALUES ($1, $2, 9000, $3) RETURNING id",
            {s.course_id, s.cluster_id, "matrix-" + tag});
    s.vm_id = one(
        db,
        "INSERT INTO vms (user_id, course_id, template_id, cluster_id, node, "
        "vmid, name, state, power_state) VALUES ($1, $2, $3, $4, 'pve1', "
        "$5, $6, 'ready', 'running') RETURNING id",
        {s.owner_id, s.course_id, template_id, s.cluster_id,
         int64_t{40000} + round + (getpid() % 400) * 100, "matrix-" + tag});

    jobs::NewJob job;
    job.kind = "matrix_probe";
    job.payload.set("vm_id", s.vm_id);
    job.created_by = s.owner_id;
    job.delay_seconds = 3600;  // never picked up during the test
    auto queued = s.queue->enqueue(job);
    if (!queued) throw std::runtime_error(queued.error().detail);
    s.job_id = queued->id;

    auto token = auth::create_api_token(db, s.owner_id, "matrix", "read", 1);
    if (!token) throw std::runtime_error(token.error().detail);
    s.token_id = token->id;
}

std::string MatrixFixture::fill_path(const std::string& pattern) const {
    const State& s = *state_;
    bool course = pattern.rfind("/api/courses/{id}", 0) == 0;
    bool token = pattern.rfind("/api/tokens/{id}", 0) == 0;
    bool job = pattern.rfind("/api/jobs/{id}", 0) == 0;
    int64_t id = course  ? s.course_id
                 : token ? s.token_id
                 : job   ? s.job_id
                         : s.vm_id;

    std::string out = pattern;
    auto put = [&out](const std::string& name, const std::string& value) {
        size_t at = out.find(name);
        if (at != std::string::npos) out.replace(at, name.size(), value);
    };
    put("{id}", std::to_string(id));
    put("{import_id}", std::to_string(s.import_id));
    put("{name}", "snap1");
    put("{action}", "start");
    return out;
}

HttpAnswer MatrixFixture::call(const RouteKey& route, int who) {
    HttpCall c{route.method, fill_path(route.pattern), "", {}};
    if (route.method != "GET") {
        c.body = "{}";
        c.headers.push_back("Content-Type: application/json");
    }
    if (who > 0) {
        c.headers.push_back("Cookie: " + callers_[who].cookie);
        c.headers.push_back("X-CSRF-Token: " + callers_[who].csrf);
        c.headers.push_back("Origin: " + client_.origin());
    }
    HttpAnswer answer = client_.send(c);

    // Logging out ends the caller's session; later rows need a new one.
    if (who > 0 && route.pattern == "/api/auth/logout") {
        callers_[who] = log_in(callers_[who].email, callers_[who].password);
    }
    return answer;
}

HttpAnswer MatrixFixture::call_cross_site(const RouteKey& route,
                                          const std::string& mode) {
    Caller owner = callers_[1];
    HttpCall c{route.method,
               fill_path(route.pattern),
               "{}",
               {"Cookie: " + owner.cookie}};

    if (mode == "missing-token") {
        c.headers.push_back("Content-Type: application/json");
        c.headers.push_back("Origin: " + client_.origin());
    } else if (mode == "foreign-origin") {
        c.headers.push_back("Content-Type: application/json");
        c.headers.push_back("X-CSRF-Token: " + owner.csrf);
        c.headers.push_back("Origin: https://attacker.example");
    } else {
        c.body = "a=b";
        c.headers.push_back("Content-Type: text/plain");
        c.headers.push_back("Origin: https://attacker.example");
    }
    HttpAnswer answer = client_.send(c);

    // Should a cross-site logout get through, the next rows still need a
    // session; the assertion on `answer` reports the failure itself.
    if (route.pattern == "/api/auth/logout") {
        callers_[1] = log_in(owner.email, owner.password);
    }
    return answer;
}

}  // namespace cc::testing
