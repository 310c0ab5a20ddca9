// A roster import writes one VM row and provision job per student and
// template in its own transaction; a sync drop keeps VMs unless asked.
#include <fstream>

#include <gtest/gtest.h>

#include "db/db.h"
#include "faculty_session.h"
#include "http_client.h"

namespace cc::testing {
namespace {

// db.conninfo from the stack's generated config.
std::string stack_conninfo(const std::string& dir) {
    std::ifstream in(dir + "/etc/classcloud.conf");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("db.conninfo = ", 0) == 0) return line.substr(14);
    }
    return "";
}

class RosterProvisioning : public ::testing::Test {
  protected:
    void SetUp() override {
        db = db::Pool::create(stack_conninfo(client.stack_dir()), 1);
        auto cluster = db->exec(
            "INSERT INTO clusters (name, api_url, token_id, secret_ref,"
            " fingerprint) VALUES ($1, 'https://127.0.0.1:1',"
            " 'cc@pve!t', 'env:CC_UNUSED', 'AA') RETURNING id",
            {unique_code("cl")});
        ASSERT_TRUE(cluster) << cluster.error().detail;
        cluster_id = cluster->integer(0, "id");

        HttpAnswer made =
            client.send({"POST", "/api/courses",
                         "{\"code\":\"" + unique_code("PRV") +
                             "\",\"title\":\"Provisioning\",\"term\":\"2026\"}",
                         write_headers(client, faculty, "application/json")});
        ASSERT_EQ(made.status, 201) << made.body;
        course = json_int(made.body, "id");
        path = "/api/courses/" + std::to_string(course);
    }

    HttpAnswer post(const std::string& sub, const std::string& body,
                    const std::string& type) {
        return client.send(
            {"POST", path + sub, body, write_headers(client, faculty, type)});
    }

    int64_t count(const std::string& sql) {
        auto rows = db->exec(sql, {static_cast<int64_t>(course)});
        EXPECT_TRUE(rows) << rows.error().detail;
        return rows ? rows->integer(0, "n") : -1;
    }

    StackClient client;
    Session faculty = demo_session(client, "faculty");
    std::unique_ptr<db::Pool> db;
    int64_t cluster_id = 0;
    long long course = 0;
    std::string path;
};

TEST_F(RosterProvisioning, ApplyMakesOneProvisionJobPerStudentAndTemplate) {
    HttpAnswer tpl = post(
        "/templates",
        "{\"name\":\"debian\",\"cluster_id\":" + std::to_string(cluster_id) +
            ",\"pve_template_vmid\":9000,\"cores\":2}",
        "application/json");
    ASSERT_EQ(tpl.status, 201) << tpl.body;

    HttpAnswer applied =
        post("/roster", read_fixture("semicolon_sep_line.csv"), "text/csv");

    ASSERT_EQ(applied.status, 202) << applied.body;
    // Two students and one faculty member: faculty get no lab VM.
    EXPECT_EQ(json_int(applied.body, "jobs_created"), 2);
    // The stack's worker may already be cloning (or have given up on the
    // test's unreachable cluster), so any state but destroying counts.
    EXPECT_EQ(count("SELECT count(*) AS n FROM vms WHERE course_id = $1"
                    " AND state <> 'destroying'"),
              2);
    EXPECT_EQ(count("SELECT count(*) AS n FROM jobs j JOIN vms v"
                    " ON v.id = (j.payload->>'vm_id')::bigint"
                    " WHERE v.course_id = $1 AND j.kind = 'provision'"),
              2);
}

TEST_F(RosterProvisioning, SyncDropKeepsVmsWithoutTheFlagAndDestroysWithIt) {
    ASSERT_EQ(
        post("/templates",
             "{\"name\":\"alpine\",\"cluster_id\":" +
                 std::to_string(cluster_id) + ",\"pve_template_vmid\":9001}",
             "application/json")
            .status,
        201);
    ASSERT_EQ(post("/roster", read_fixture("lone_cr.csv"), "text/csv").status,
              202);

    HttpAnswer keep =
        post("/roster?mode=sync", "email\nold1@uni.example\n", "text/csv");
    int64_t after_keep = count(
        "SELECT count(*) AS n FROM vms WHERE course_id = $1"
        " AND state <> 'destroying'");
    HttpAnswer gone =
        post("/roster?mode=sync&destroy_vms=1",
             "email\nold1@uni.example\nnew@uni.example\n", "text/csv");

    ASSERT_EQ(keep.status, 202) << keep.body;
    EXPECT_EQ(json_int(keep.body, "dropped"), 1);
    EXPECT_EQ(after_keep, 2);
    ASSERT_EQ(gone.status, 202) << gone.body;
    EXPECT_EQ(json_int(gone.body, "dropped"), 0);
}

TEST_F(RosterProvisioning, DestroyFlagWithoutSyncIsRefused) {
    HttpAnswer res =
        post("/roster?destroy_vms=1", "email\na@uni.example\n", "text/csv");

    EXPECT_EQ(res.status, 400);
    EXPECT_NE(res.body.find("destroy_vms"), std::string::npos);
}

TEST_F(RosterProvisioning, MembersShowVmAndMailState) {
    ASSERT_EQ(
        post("/templates",
             "{\"name\":\"lab\",\"cluster_id\":" + std::to_string(cluster_id) +
                 ",\"pve_template_vmid\":9002}",
             "application/json")
            .status,
        201);
    ASSERT_EQ(post("/roster", "email\nvmshow@uni.example\n", "text/csv").status,
              202);

    HttpAnswer members = client.send(
        {"GET", path + "/members", "", {"Cookie: " + faculty.cookie}});

    ASSERT_EQ(members.status, 200);
    EXPECT_NE(members.body.find("\"vm\":{\"id\":"), std::string::npos)
        << members.body;
    EXPECT_NE(members.body.find("\"status\":\"queued\""), std::string::npos);
}

}  // namespace
}  // namespace cc::testing
