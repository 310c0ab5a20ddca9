// The Redis client survives a restart: unavailable while Redis is down,
// working again (with the data kept) once it is back.
#include <gtest/gtest.h>

#include "db/test_servers.h"
#include "redis/redis.h"

namespace cc::redis {
namespace {

using cc::testing::servers_script;

TEST(RedisReconnect, UnavailableWhileDownAndRecoversWithDataKept) {
    auto client = Client::create(cc::testing::redis_address(), 1);
    std::string key = cc::testing::unique_name("test") + ":kept";
    ASSERT_TRUE(client->command({"SET", key, "yes"}));

    ASSERT_EQ(servers_script("redis-stop"), 0);
    auto down = client->command({"GET", key});

    ASSERT_EQ(servers_script("redis-start"), 0);
    auto up = client->command({"GET", key});

    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().code, ErrorCode::unavailable);
    ASSERT_TRUE(up) << up.error().detail;
    EXPECT_EQ(up->str, "yes");
}

TEST(RedisReconnect, IdleConnectionIsRemadeAfterARestart) {
    auto client = Client::create(cc::testing::redis_address(), 1);
    ASSERT_TRUE(client->command({"PING"}));

    ASSERT_EQ(servers_script("redis-stop"), 0);
    ASSERT_EQ(servers_script("redis-start"), 0);
    auto ping = client->command({"PING"});

    ASSERT_TRUE(ping) << ping.error().detail;
    EXPECT_EQ(ping->str, "PONG");
}

}  // namespace
}  // namespace cc::redis
