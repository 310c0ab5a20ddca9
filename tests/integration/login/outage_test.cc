// PostgreSQL or Redis going down answers 503 with a clear message, and
// cc-login recovers by itself when they come back.
#include <cstdio>

#include <gtest/gtest.h>

#include "http_client.h"

namespace cc::testing {
namespace {

// Runs one function of scripts/lib/*.sh against the test stack's folder.
void stack_server(const StackClient& client, const std::string& action) {
    std::string cmd = "bash -c '. " CC_SOURCE_DIR
                      "/scripts/lib/postgres.sh; . " CC_SOURCE_DIR
                      "/scripts/lib/redis.sh; " +
                      action + " " + client.stack_dir() + "' >/dev/null 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    ASSERT_EQ(pclose(p), 0) << action;
}

class OutageTest : public ::testing::Test {
  protected:
    StackClient client;
};

TEST_F(OutageTest, RedisDownIs503ThenRecovers) {
    auto [email, password] = client.demo_login("student");
    HttpAnswer before = client.login(email, password);
    ASSERT_EQ(before.status, 200);
    std::string cookie = cookie_pair(before.header("set-cookie"));

    stack_server(client, "cc_redis_stop");
    HttpAnswer me = client.send({"GET", "/api/me", "", {"Cookie: " + cookie}});
    HttpAnswer login = client.login(email, password);
    stack_server(client, "cc_redis_start");
    HttpAnswer after = client.login(email, password);

    EXPECT_EQ(me.status, 503) << me.body;
    EXPECT_NE(me.body.find("\"code\":\"unavailable\""), std::string::npos);
    EXPECT_EQ(login.status, 503) << login.body;
    EXPECT_EQ(after.status, 200) << after.body;
}

TEST_F(OutageTest, PostgresDownIs503ThenRecovers) {
    auto [email, password] = client.demo_login("faculty");

    stack_server(client, "cc_pg_stop");
    HttpAnswer down = client.login(email, password);
    stack_server(client, "cc_pg_start");
    HttpAnswer after = client.login(email, password);

    EXPECT_EQ(down.status, 503) << down.body;
    EXPECT_NE(down.body.find("\"code\":\"unavailable\""), std::string::npos);
    EXPECT_EQ(after.status, 200) << after.body;
}

}  // namespace
}  // namespace cc::testing
