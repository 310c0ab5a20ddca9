// The Proxmox client against the emulator: auth, TLS pinning, typed calls,
// task waiting and the classification of injected faults.
#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "emulator_process.h"
#include "proxmox/calls.h"
#include "proxmox/errors.h"
#include "proxmox/tasks.h"

namespace cc::proxmox {
namespace {

using testing::EmulatorProcess;

constexpr double kTimeFactor = 0.05;

class ProxmoxClient : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        std::string state = std::string(CC_TEST_PVE_DIR) + "/client";
        std::filesystem::create_directories(state);
        emulator_ = new EmulatorProcess(state, kTimeFactor);
    }

    static void TearDownTestSuite() {
        delete emulator_;
        emulator_ = nullptr;
    }

    void SetUp() override { emulator_->set_faults(""); }

    std::unique_ptr<Client> make(ClientOptions options) {
        auto client = Client::create(std::move(options));
        EXPECT_TRUE(client) << client.error().message;
        return client ? std::move(client.value()) : nullptr;
    }

    // Clones template 9000 to `vmid` on pve2 and waits for the task.
    void clone_ready(Client& client, int64_t vmid) {
        CloneSpec spec{"pve1",
                       9000,
                       vmid,
                       "test-" + std::to_string(vmid),
                       "ClassCloud test",
                       "pve2",
                       "",
                       false};
        auto upid = clone_vm(client, spec);
        ASSERT_TRUE(upid) << upid.error().detail;

        auto done = wait_task(client, *upid);
        ASSERT_TRUE(done) << done.error().detail;
    }

    static EmulatorProcess* emulator_;
};

EmulatorProcess* ProxmoxClient::emulator_ = nullptr;

TEST_F(ProxmoxClient, TokenAuthListsNodesAndResources) {
    auto client = make(emulator_->token_options());

    auto nodes = list_nodes(*client);
    ASSERT_TRUE(nodes) << nodes.error().detail;
    EXPECT_EQ(nodes->size(), 3u);

    auto resources = cluster_resources(*client, "vm");
    ASSERT_TRUE(resources) << resources.error().detail;
    bool found = false;
    for (const auto& r : *resources) {
        if (r.vmid == 9000) found = r.is_template && r.node == "pve1";
    }
    EXPECT_TRUE(found);
}

TEST_F(ProxmoxClient, NextIdReadsTheStringAndReportsATakenId) {
    auto client = make(emulator_->token_options());

    auto free_id = next_id(*client);
    ASSERT_TRUE(free_id) << free_id.error().detail;
    EXPECT_GE(free_id->value_or(0), 100);

    auto taken = next_id(*client, 9000);
    ASSERT_TRUE(taken) << taken.error().detail;
    EXPECT_FALSE(taken->has_value());
}

TEST_F(ProxmoxClient, CloneConfigureStartSnapshotAndDelete) {
    auto client = make(emulator_->token_options());
    clone_ready(*client, 4101);

    auto set = set_config(*client, "pve2", 4101,
                          {{"cores", "2"},
                           {"memory", "1024"},
                           {"net0", "virtio,bridge=vmbr0,tag=101"}});
    ASSERT_TRUE(set) << set.error().detail;
    ASSERT_TRUE(wait_task(*client, *set));

    auto config = get_config(*client, "pve2", 4101);
    ASSERT_TRUE(config);
    EXPECT_NE(config->get_string("net0").value_or("").find("tag=101"),
              std::string::npos);

    auto start = power_action(*client, "pve2", 4101, "start");
    ASSERT_TRUE(start);
    ASSERT_TRUE(wait_task(*client, *start));
    auto status = vm_status(*client, "pve2", 4101);
    ASSERT_TRUE(status);
    EXPECT_EQ(status->status, "running");
    EXPECT_EQ(status->lock, "");

    auto snap = create_snapshot(*client, "pve2", 4101, "before", "");
    ASSERT_TRUE(snap);
    ASSERT_TRUE(wait_task(*client, *snap));
    auto snaps = list_snapshots(*client, "pve2", 4101);
    ASSERT_TRUE(snaps);
    ASSERT_EQ(snaps->size(), 1u);
    EXPECT_EQ(snaps->front().name, "before");

    auto back = rollback_snapshot(*client, "pve2", 4101, "before");
    ASSERT_TRUE(back);
    ASSERT_TRUE(wait_task(*client, *back));
    auto gone = delete_snapshot(*client, "pve2", 4101, "before");
    ASSERT_TRUE(gone);
    ASSERT_TRUE(wait_task(*client, *gone));

    auto stop = power_action(*client, "pve2", 4101, "stop");
    ASSERT_TRUE(stop);
    ASSERT_TRUE(wait_task(*client, *stop));
    auto removed = delete_vm(*client, "pve2", 4101);
    ASSERT_TRUE(removed);
    ASSERT_TRUE(wait_task(*client, *removed));

    auto missing = vm_status(*client, "pve2", 4101);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(ProxmoxClient, VncProxyGivesAPortAndTicket) {
    auto client = make(emulator_->token_options());
    clone_ready(*client, 4102);
    auto start = power_action(*client, "pve2", 4102, "start");
    ASSERT_TRUE(start);
    ASSERT_TRUE(wait_task(*client, *start));

    auto vnc = vnc_proxy(*client, "pve2", 4102);
    ASSERT_TRUE(vnc) << vnc.error().detail;
    EXPECT_GE(vnc->port, 5900);
    EXPECT_NE(vnc->ticket.find("PVEVNC:"), std::string::npos);
    EXPECT_FALSE(vnc->password.empty());
}

TEST_F(ProxmoxClient, TicketAuthSendsCsrfAndSurvivesInvalidation) {
    auto client = make(emulator_->ticket_options());
    clone_ready(*client, 4103);

    // Every ticket is refused from now on: the client logs in again.
    ASSERT_EQ(emulator_->set_faults(R"({"invalidate_tickets": true})"), 200);
    auto set = set_config(*client, "pve2", 4103, {{"cores", "3"}});
    ASSERT_TRUE(set) << set.error().detail;
    EXPECT_TRUE(wait_task(*client, *set));
}

TEST_F(ProxmoxClient, TicketIsRenewedWhenOld) {
    auto options = emulator_->ticket_options();
    options.ticket_renew_seconds = 0;
    auto client = make(options);

    for (int i = 0; i < 3; i++) {
        auto nodes = list_nodes(*client);
        ASSERT_TRUE(nodes) << nodes.error().detail;
    }
}

TEST_F(ProxmoxClient, WrongFingerprintFailsBeforeAnyRequest) {
    auto options = emulator_->token_options();
    options.fingerprint = std::string(64, 'A');
    auto client = make(options);

    auto nodes = list_nodes(*client);
    ASSERT_FALSE(nodes);
    EXPECT_EQ(nodes.error().code, ErrorCode::upstream_failed);
    EXPECT_NE(nodes.error().message.find("certificate"), std::string::npos);
}

TEST_F(ProxmoxClient, CaFileVerificationWorks) {
    auto options = emulator_->token_options();
    options.fingerprint.clear();
    options.ca_file = emulator_->cert_path();
    auto client = make(options);

    auto nodes = list_nodes(*client);
    EXPECT_TRUE(nodes) << nodes.error().detail;
}

TEST_F(ProxmoxClient, MissingTlsSettingsAreRefused) {
    auto options = emulator_->token_options();
    options.fingerprint.clear();

    auto client = Client::create(options);
    ASSERT_FALSE(client);
    EXPECT_EQ(client.error().code, ErrorCode::invalid_argument);
}

TEST_F(ProxmoxClient, A596OnAGetIsRetried) {
    auto client = make(emulator_->token_options());
    emulator_->set_faults(
        R"({"errors": [{"path": "^/cluster/resources", "status": 596,)"
        R"( "count": 1}]})");

    auto resources = cluster_resources(*client);
    EXPECT_TRUE(resources) << resources.error().detail;
}

TEST_F(ProxmoxClient, A596OnAPostIsRetryableAndNotResent) {
    auto client = make(emulator_->token_options());
    emulator_->set_faults(
        R"({"errors": [{"path": "/clone$", "status": 596, "count": 1}]})");

    CloneSpec spec{"pve1", 9000, 4104, "x", "", "pve2", "", false};
    auto upid = clone_vm(*client, spec);
    ASSERT_FALSE(upid);
    EXPECT_TRUE(is_retryable(upid.error()));

    // Had it been sent again, the VM would exist now.
    auto status = vm_status(*client, "pve2", 4104);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, ErrorCode::not_found);
}

TEST_F(ProxmoxClient, FailedTaskKeepsTheLogTailAndIsFinal) {
    auto client = make(emulator_->token_options());
    clone_ready(*client, 4105);
    emulator_->set_faults(
        R"({"task_fail": [{"type": "qmstart", "message": "disk on fire"}]})");

    auto start = power_action(*client, "pve2", 4105, "start");
    ASSERT_TRUE(start);
    auto done = wait_task(*client, *start);
    ASSERT_FALSE(done);
    EXPECT_NE(done.error().message.find("disk on fire"), std::string::npos);
    EXPECT_NE(done.error().detail.find("log tail"), std::string::npos);
}

TEST_F(ProxmoxClient, WarningsCountAsSuccess) {
    auto client = make(emulator_->token_options());
    clone_ready(*client, 4106);
    emulator_->set_faults(R"({"task_warn": [{"type": "qmstart"}]})");

    auto start = power_action(*client, "pve2", 4106, "start");
    ASSERT_TRUE(start);
    auto done = wait_task(*client, *start);
    ASSERT_TRUE(done) << done.error().detail;
    EXPECT_EQ(done->warnings, 1);
}

TEST_F(ProxmoxClient, LockTimeoutIsRetryable) {
    auto client = make(emulator_->token_options());
    clone_ready(*client, 4107);
    emulator_->set_faults(R"({"lock_timeout": [4107]})");

    auto start = power_action(*client, "pve2", 4107, "start");
    ASSERT_TRUE(start);
    auto done = wait_task(*client, *start);
    ASSERT_FALSE(done);
    EXPECT_TRUE(is_retryable(done.error())) << done.error().detail;
}

TEST_F(ProxmoxClient, OfflineNodeIsRetryable) {
    auto client = make(emulator_->token_options());
    emulator_->set_faults(R"({"node_offline": ["pve3"]})");

    auto status = vm_status(*client, "pve3", 9999);
    ASSERT_FALSE(status);
    EXPECT_TRUE(is_retryable(status.error())) << status.error().detail;
}

}  // namespace
}  // namespace cc::proxmox
