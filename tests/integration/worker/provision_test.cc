// cc-worker end to end against PostgreSQL and the emulator: bulk
// provisioning, SIGKILL at random moments, VMID reservation, bad input
// and fault injection.
#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "jobs/migrated_schema.h"
#include "worker_harness.h"

namespace cc::worker {
namespace {

using cc::testing::Course;
using cc::testing::EmulatorProcess;
using cc::testing::WorkerHarness;

class Provisioning : public cc::testing::MigratedSchemaTest {
  protected:
    void SetUp() override {
        MigratedSchemaTest::SetUp();
        dir_ = std::string(CC_TEST_PVE_DIR) + "/" + schema_;
        std::filesystem::create_directories(dir_);
    }

    void start_emulator(double time_factor) {
        pve_ = std::make_unique<EmulatorProcess>(
            dir_ + "/pve", time_factor,
            std::vector<std::string>{"--max-qemu", "0"});
        harness_ =
            std::make_unique<WorkerHarness>(*pool_, conninfo(), *pve_, dir_);
    }

    void TearDown() override {
        harness_.reset();
        pve_.reset();
        MigratedSchemaTest::TearDown();
    }

    // Every job succeeded; Proxmox holds exactly the database's VMs, each
    // running, tagged, with its course's cores, memory and VLAN.
    void expect_exact_vms(const std::vector<Course>& courses, size_t total) {
        EXPECT_EQ(harness_->count("SELECT count(*) AS n FROM jobs WHERE"
                                  " kind = 'provision' AND state <> "
                                  "'succeeded'"),
                  0);
        auto rows = pool_->exec(
            "SELECT v.id, v.vmid, v.node, v.state, v.power_state,"
            " v.course_id FROM vms v ORDER BY v.id");
        ASSERT_TRUE(rows);
        ASSERT_EQ(static_cast<size_t>(rows->size()), total);

        auto vms = harness_->proxmox_vms();
        EXPECT_EQ(vms.size(), total) << "orphans or duplicates in Proxmox";

        auto client = harness_->client();
        std::set<int64_t> vmids;
        for (int i = 0; i < rows->size(); i++) {
            int64_t vmid = rows->integer(i, "vmid");
            vmids.insert(vmid);
            EXPECT_EQ(rows->text(i, "state"), "ready");
            ASSERT_EQ(vms.count(vmid), 1u) << "vmid " << vmid;
            EXPECT_EQ(vms[vmid].status, "running");
            EXPECT_EQ(vms[vmid].node, rows->text(i, "node"));

            const Course* course = nullptr;
            for (const auto& c : courses) {
                if (c.id == rows->integer(i, "course_id")) course = &c;
            }
            ASSERT_NE(course, nullptr);
            auto config = proxmox::get_config(*client, vms[vmid].node, vmid);
            ASSERT_TRUE(config);
            EXPECT_EQ(proxmox::read_int(*config, "cores"), course->cores);
            EXPECT_EQ(proxmox::read_memory_mib(*config), course->memory_mb);
            std::string net0 = proxmox::read_text(*config, "net0");
            EXPECT_EQ(proxmox::property_value(net0, "tag"),
                      std::to_string(course->vlan));
            EXPECT_EQ(proxmox::property_value(net0, "bridge"), "vmbr1");
            EXPECT_NE(proxmox::read_text(*config, "tags")
                          .find("cc-vm-" + rows->text(i, "id")),
                      std::string::npos);
        }
        EXPECT_EQ(vmids.size(), total);
    }

    std::string dir_;
    std::unique_ptr<EmulatorProcess> pve_;
    std::unique_ptr<WorkerHarness> harness_;
};

TEST_F(Provisioning, SixtyVmsForTwoCoursesOnThreeNodesAllRun) {
    start_emulator(0.05);
    harness_->add_cluster();
    Course a = harness_->add_course("NET201", 201, 30, 9000, 2, 1024);
    Course b = harness_->add_course("SEC301", 301, 30, 9000, 1, 1536);
    harness_->enqueue_course(a);
    harness_->enqueue_course(b);

    harness_->start();
    ASSERT_TRUE(harness_->wait_jobs_done(std::chrono::seconds(90)));
    harness_->stop(SIGTERM);

    expect_exact_vms({a, b}, 60);
    std::set<std::string> nodes;
    for (const auto& [vmid, vm] : harness_->proxmox_vms())
        nodes.insert(vm.node);
    EXPECT_EQ(nodes.size(), 3u) << "VMs should spread over the nodes";
}

TEST_F(Provisioning, SigkillAtRandomMomentsLeavesExactlySixtyVms) {
    start_emulator(0.2);
    harness_->add_cluster();
    Course a = harness_->add_course("NET201", 201, 30, 9000, 2, 1024);
    Course b = harness_->add_course("SEC301", 301, 30, 9000, 1, 1536);
    harness_->enqueue_course(a, 30);
    harness_->enqueue_course(b, 30);

    unsigned seed = std::random_device()();
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> pause_ms(150, 900);
    SCOPED_TRACE("seed " + std::to_string(seed));

    int kills = 0;
    harness_->start();
    while (kills < 12 && harness_->open_jobs() > 0) {
        std::this_thread::sleep_for(
            std::chrono::milliseconds(pause_ms(random)));
        harness_->stop(SIGKILL);
        kills++;
        harness_->start();
    }
    EXPECT_GE(kills, 10) << "the run ended before ten kills";

    ASSERT_TRUE(harness_->wait_jobs_done(std::chrono::seconds(120)));
    harness_->stop(SIGTERM);
    expect_exact_vms({a, b}, 60);
}

TEST_F(Provisioning, SameSuggestedVmidGivesDistinctVmids) {
    start_emulator(0.05);
    harness_->add_cluster();
    Course a = harness_->add_course("NET201", 201, 3);
    (void)pool_->exec(
        "INSERT INTO jobs (kind, payload) SELECT 'provision',"
        " jsonb_build_object('user_id', user_id, 'course_id', course_id,"
        " 'template_id', $2::bigint, 'suggested_vmid', 30000)"
        " FROM enrollments WHERE course_id = $1",
        {a.id, a.template_id});

    harness_->start();
    ASSERT_TRUE(harness_->wait_jobs_done(std::chrono::seconds(30)));
    expect_exact_vms({a}, 3);
    EXPECT_EQ(harness_->count("SELECT count(DISTINCT vmid) AS n FROM vms"
                              " WHERE vmid >= 30000"),
              3);
    EXPECT_EQ(harness_->count("SELECT count(*) AS n FROM vms"
                              " WHERE vmid = 30000"),
              1);
}

TEST_F(Provisioning, MissingTemplateAndNoRoomFailAtOnceWithAReason) {
    start_emulator(0.05);
    harness_->add_cluster();
    Course missing = harness_->add_course("GHOST1", 11, 1, 9999);
    Course huge = harness_->add_course("HUGE01", 12, 1, 9000, 1, 200000);
    harness_->enqueue_course(missing);
    harness_->enqueue_course(huge);

    harness_->start();
    ASSERT_TRUE(harness_->wait_jobs_done(std::chrono::seconds(30)));

    auto rows = pool_->exec(
        "SELECT payload->>'course_id' AS course, state, attempts, last_error"
        " FROM jobs WHERE kind = 'provision' ORDER BY id");
    ASSERT_EQ(rows->size(), 2);
    for (int i = 0; i < 2; i++) {
        EXPECT_EQ(rows->text(i, "state"), "failed");
        EXPECT_EQ(rows->integer(i, "attempts"), 1) << "no retry storm";
    }
    EXPECT_NE(rows->text(0, "last_error").find("does not exist"),
              std::string::npos);
    EXPECT_NE(rows->text(1, "last_error").find("room"), std::string::npos);
    EXPECT_TRUE(harness_->proxmox_vms().empty());
}

TEST_F(Provisioning, FaultsConvergeOrFailWithAReadableReason) {
    start_emulator(0.05);
    harness_->add_cluster(true);
    harness_->settings["proxmox.ticket_renew_seconds"] = "1";
    Course a = harness_->add_course("NET201", 201, 12);
    harness_->enqueue_course(a, 5);

    // 20002 will be some job's VMID: its flocks always time out.
    pve_->set_faults(
        R"({"errors": [{"path": "/clone$", "status": 596, "count": 3},)"
        R"( {"path": "/config$", "method": "POST", "status": 500,)"
        R"(  "message": "can't lock file '/var/lock/qemu-server/x' -)"
        R"( got timeout", "count": 3},)"
        R"( {"path": "^/cluster/resources", "status": 503, "count": 2}],)"
        R"( "lock_timeout": [20002], "node_offline": ["pve3"]})");

    harness_->start();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    pve_->set_faults(R"({"invalidate_tickets": true})");
    std::this_thread::sleep_for(std::chrono::seconds(1));
    pve_->set_faults(R"({"node_offline": []})");
    ASSERT_TRUE(harness_->wait_jobs_done(std::chrono::seconds(90)));

    auto jobs = pool_->exec(
        "SELECT state, coalesce(last_error, '') AS err FROM jobs"
        " WHERE kind = 'provision'");
    int succeeded = 0;
    for (int i = 0; i < jobs->size(); i++) {
        if (jobs->text(i, "state") == "succeeded") {
            succeeded++;
            continue;
        }
        EXPECT_EQ(jobs->text(i, "state"), "failed");
        EXPECT_NE(jobs->text(i, "err").find("gave up"), std::string::npos)
            << jobs->text(i, "err");
    }
    EXPECT_GE(succeeded, 11);

    // A VM that failed is either gone from Proxmox or reported.
    auto vms = harness_->proxmox_vms();
    auto ready =
        harness_->count("SELECT count(*) AS n FROM vms WHERE state = 'ready'");
    auto reported = harness_->count(
        "SELECT count(*) AS n FROM vm_findings WHERE kind = 'left_behind'");
    EXPECT_EQ(static_cast<int64_t>(vms.size()), ready + reported);
}

}  // namespace
}  // namespace cc::worker
