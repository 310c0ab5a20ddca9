// Runs cc-worker against a test schema and the emulator: writes its config
// and the cluster's secret, seeds courses, students and templates, starts,
// kills and restarts the worker, and checks what Proxmox ends up holding.
#pragma once

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../proxmox/emulator_process.h"
#include "db/db.h"
#include "proxmox/calls.h"
#include "proxmox/errors.h"
#include "proxmox/wire.h"

namespace cc::testing {

struct Course {
    int64_t id = 0;
    int64_t template_id = 0;
    int vlan = 0;
    int cores = 0;
    int memory_mb = 0;
};

class WorkerHarness {
  public:
    WorkerHarness(db::Pool& db, std::string conninfo, EmulatorProcess& pve,
                  std::string dir)
        : db_(db),
          conninfo_(std::move(conninfo)),
          pve_(pve),
          dir_(std::move(dir)) {}

    ~WorkerHarness() { stop(SIGKILL); }

    // Extra `key = value` lines for the worker's config.
    std::map<std::string, std::string> settings = {
        {"worker.concurrency", "12"},
        {"worker.lease_seconds", "3"},
        {"worker.heartbeat_seconds", "1"},
        {"worker.retry_base_ms", "200"},
        {"worker.retry_cap_ms", "2000"},
        {"worker.task_poll_first_ms", "20"},
        {"worker.task_poll_max_ms", "100"},
        {"worker.reconcile_seconds", "0"},
        {"worker.stop_grace_seconds", "10"},
    };

    // Registers the emulator with token auth, or ticket auth with the
    // root password when `ticket`.
    int64_t add_cluster(bool ticket = false) {
        std::string secret_file = dir_ + "/pve-secret";
        std::ofstream(secret_file) << (ticket ? pve_.credential("password")
                                              : pve_.credential("token_secret"))
                                   << "\n";
        auto rows = db_.exec(
            "INSERT INTO clusters (name, api_url, token_id, secret_ref,"
            " fingerprint, bridge, pool, is_default) VALUES ('emu', $1, $2,"
            " $3, $4, 'vmbr1', 'classcloud', true) RETURNING id",
            {pve_.url(),
             ticket ? pve_.credential("user") : pve_.credential("token_id"),
             "file:" + secret_file, pve_.credential("fingerprint")});
        cluster_id_ = rows ? rows->integer(0, "id") : 0;
        return cluster_id_;
    }

    // A course with `students` enrolled students and one template.
    Course add_course(const std::string& code, int vlan, int students,
                      int64_t template_vmid = 9000, int cores = 2,
                      int memory_mb = 1024) {
        Course c;
        c.vlan = vlan;
        c.cores = cores;
        c.memory_mb = memory_mb;
        auto course = db_.exec(
            "INSERT INTO courses (code, title, term, vlan_tag)"
            " VALUES ($1, $1, 'test', $2) RETURNING id",
            {code, vlan});
        c.id = course->integer(0, "id");
        auto tmpl = db_.exec(
            "INSERT INTO course_templates (course_id, cluster_id,"
            " pve_template_vmid, name, cores, memory_mb)"
            " VALUES ($1, $2, $3, 'debian', $4, $5) RETURNING id",
            {c.id, cluster_id_, template_vmid, cores, memory_mb});
        c.template_id = tmpl->integer(0, "id");
        (void)db_.exec(
            "WITH u AS (INSERT INTO users (email, role)"
            " SELECT lower($1) || '-s' || g || '@example.test', 'student'"
            " FROM generate_series(1, $2::int) g RETURNING id)"
            " INSERT INTO enrollments (course_id, user_id, role)"
            " SELECT $3, id, 'student' FROM u",
            {code, students, c.id});
        return c;
    }

    // One provision job per enrolled student of the course.
    void enqueue_course(const Course& c, int max_attempts = 8) {
        (void)db_.exec(
            "INSERT INTO jobs (kind, payload, idempotency_key, max_attempts)"
            " SELECT 'provision', jsonb_build_object('user_id', user_id,"
            " 'course_id', course_id, 'template_id', $2::bigint),"
            " 'p:' || user_id || ':' || course_id, $3"
            " FROM enrollments WHERE course_id = $1",
            {c.id, c.template_id, max_attempts});
    }

    void start() {
        write_config();
        std::string binary = CC_WORKER;
        std::vector<char*> argv = {binary.data(), nullptr};
        std::string env_config = "CC_CONFIG=" + dir_ + "/worker.conf";
        std::vector<std::string> env_text = {env_config, "PATH=/usr/bin:/bin"};
        std::vector<char*> envp;
        for (auto& e : env_text) envp.push_back(e.data());
        envp.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        std::string log = dir_ + "/worker.log";
        posix_spawn_file_actions_addopen(&actions, 2, log.c_str(),
                                         O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(),
                    envp.data());
        posix_spawn_file_actions_destroy(&actions);
    }

    void stop(int signal) {
        if (pid_ <= 0) return;
        kill(pid_, signal);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = 0;
    }

    int64_t count(const std::string& sql) {
        auto rows = db_.exec(sql);
        return rows && !rows->empty() ? rows->integer(0, "n") : -1;
    }

    // Jobs not yet succeeded, failed or cancelled.
    int64_t open_jobs() {
        return count(
            "SELECT count(*) AS n FROM jobs WHERE kind <> 'reconcile'"
            " AND state IN ('queued', 'running')");
    }

    // Waits until no job is open; false at the timeout.
    bool wait_jobs_done(std::chrono::seconds timeout) {
        auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            if (open_jobs() == 0) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    std::unique_ptr<proxmox::Client> client() {
        return std::move(proxmox::Client::create(pve_.token_options()).value());
    }

    // Proxmox's non-template VMs by vmid.
    std::map<int64_t, proxmox::Resource> proxmox_vms() {
        auto c = client();
        std::map<int64_t, proxmox::Resource> out;
        auto all = proxmox::cluster_resources(*c, "vm");
        for (const auto& r : all.value()) {
            if (r.type == "qemu" && !r.is_template) out[r.vmid] = r;
        }
        return out;
    }

    const std::string& dir() const { return dir_; }

  private:
    void write_config() {
        std::ofstream out(dir_ + "/worker.conf");
        out << "db.conninfo = " << conninfo_ << "\n";
        for (const auto& [key, value] : settings) {
            out << key << " = " << value << "\n";
        }
    }

    db::Pool& db_;
    std::string conninfo_;
    EmulatorProcess& pve_;
    std::string dir_;
    int64_t cluster_id_ = 0;
    pid_t pid_ = 0;
};

}  // namespace cc::testing
