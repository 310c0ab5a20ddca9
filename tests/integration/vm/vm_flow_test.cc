// A student's VM through nginx, cc-vm and the worker against the emulator:
// snapshots taken, rolled back and deleted; actions Proxmox would refuse
// answered before anything is queued; one rebuild or destroy at a time.
#include <gtest/gtest.h>

#include "config/config.h"
#include "db/db.h"
#include "lab_fixture.h"

namespace cc::testing {
namespace {

class VmFlowTest : public LabFixture {};

TEST_F(VmFlowTest, SnapshotIsTakenRolledBackAndDeleted) {
    Session s = log_in("student");
    std::string vm = running_vm(s);
    ASSERT_FALSE(vm.empty());
    std::string base = "/api/vms/" + vm + "/snapshots";

    HttpAnswer take = post(s, base, "{\"name\":\"lab1\"}");
    ASSERT_EQ(take.status, 202) << take.body;
    auto taken = wait_job(s, job_id_of(take));
    HttpAnswer listed = client.send({"GET", base, "", {"Cookie: " + s.cookie}});
    auto rolled = wait_job(s, job_id_of(post(s, base + "/lab1/rollback")));
    auto deleted = wait_job(s, job_id_of(send_as(s, "DELETE", base + "/lab1")));
    HttpAnswer after = client.send({"GET", base, "", {"Cookie: " + s.cookie}});

    EXPECT_EQ(taken.get_string("state"), "succeeded") << taken.dump();
    EXPECT_NE(listed.body.find("\"name\":\"lab1\""), std::string::npos);
    EXPECT_EQ(rolled.get_string("state"), "succeeded") << rolled.dump();
    EXPECT_EQ(deleted.get_string("state"), "succeeded") << deleted.dump();
    EXPECT_EQ(after.body.find("\"name\":\"lab1\""), std::string::npos);
}

TEST_F(VmFlowTest, RollbackOfASnapshotThatDoesNotExistIs404) {
    Session s = log_in("student");
    std::string vm = running_vm(s);

    HttpAnswer res = post(s, "/api/vms/" + vm + "/snapshots/nothere/rollback");

    EXPECT_EQ(res.status, 404) << res.body;
}

TEST_F(VmFlowTest, RebootOfAStoppedVmIs409AndQueuesNothing) {
    Session s = log_in("student");
    std::string vm = running_vm(s);
    auto stopped =
        wait_job(s, job_id_of(post(s, "/api/vms/" + vm + "/actions/stop")));
    ASSERT_EQ(stopped.get_string("state"), "succeeded") << stopped.dump();

    HttpAnswer res = post(s, "/api/vms/" + vm + "/actions/reboot");

    EXPECT_EQ(res.status, 409) << res.body;
    EXPECT_NE(res.body.find("stopped"), std::string::npos);
}

TEST_F(VmFlowTest, RepeatedRebuildReturnsTheSameJobAndDestroyWaits) {
    Session s = log_in("student");
    std::string vm = running_vm(s);
    Session faculty = log_in("faculty");

    HttpAnswer first = post(s, "/api/vms/" + vm + "/rebuild");
    HttpAnswer second = post(s, "/api/vms/" + vm + "/rebuild");
    HttpAnswer destroy = send_as(faculty, "DELETE", "/api/vms/" + vm);
    auto rebuilt = wait_job(s, job_id_of(first));

    EXPECT_EQ(first.status, 202) << first.body;
    EXPECT_EQ(job_id_of(first), job_id_of(second));
    EXPECT_EQ(destroy.status, 409) << destroy.body;
    EXPECT_EQ(rebuilt.get_string("state"), "succeeded") << rebuilt.dump();
}

TEST_F(VmFlowTest, StudentListedAsFacultyGainsNothing) {
    auto cfg =
        config::Config::load(client.stack_dir() + "/etc/classcloud.conf");
    ASSERT_TRUE(cfg);
    auto db = db::Pool::create(cfg->get("db.conninfo"), 1);
    auto [email, password] = client.demo_login_nth("student", 2);
    ASSERT_TRUE(db->exec(
        "UPDATE enrollments SET role = 'faculty' WHERE course_id = 1 AND "
        "user_id = (SELECT id FROM users WHERE email = $1)",
        {email}));
    Session student = log_in("student", 2);

    HttpAnswer class_list = client.send(
        {"GET", "/api/vms?course=1", "", {"Cookie: " + student.cookie}});
    (void)db->exec(
        "UPDATE enrollments SET role = 'student' WHERE course_id = 1 AND "
        "user_id = (SELECT id FROM users WHERE email = $1)",
        {email});

    EXPECT_EQ(class_list.status, 403) << class_list.body;
}

}  // namespace
}  // namespace cc::testing
