// The Redis client against a real server: each reply type, error replies
// and a socket that is not there.
#include <gtest/gtest.h>

#include "db/test_servers.h"
#include "redis/redis.h"

namespace cc::redis {
namespace {

class RedisClient : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(cc::testing::test_dir().empty()) << "CC_TEST_DIR unset";

        client_ = Client::create(cc::testing::redis_address(), 2);
        prefix_ = cc::testing::unique_name("test") + ":";
    }

    std::unique_ptr<Client> client_;
    std::string prefix_;
};

TEST_F(RedisClient, SetReturnsStatusAndGetReturnsTheString) {
    auto set = client_->command({"SET", prefix_ + "k", "value"});
    auto get = client_->command({"GET", prefix_ + "k"});

    ASSERT_TRUE(set) << set.error().detail;
    EXPECT_EQ(set->type, Reply::Type::status);
    EXPECT_EQ(set->str, "OK");
    ASSERT_TRUE(get);
    EXPECT_EQ(get->type, Reply::Type::string);
    EXPECT_EQ(get->str, "value");
}

TEST_F(RedisClient, KeepsBinaryValuesIntact) {
    std::string binary("a\0b\r\nc", 6);

    ASSERT_TRUE(client_->command({"SET", prefix_ + "bin", binary}));
    auto get =
        client_->command(std::vector<std::string>{"GET", prefix_ + "bin"});

    ASSERT_TRUE(get);
    EXPECT_EQ(get->str, binary);
}

TEST_F(RedisClient, MissingKeyIsNil) {
    auto get = client_->command({"GET", prefix_ + "absent"});

    ASSERT_TRUE(get);
    EXPECT_TRUE(get->is_nil());
}

TEST_F(RedisClient, IncrReturnsAnInteger) {
    ASSERT_TRUE(client_->command({"INCR", prefix_ + "n"}));
    auto second = client_->command({"INCRBY", prefix_ + "n", "41"});

    ASSERT_TRUE(second);
    EXPECT_EQ(second->type, Reply::Type::integer);
    EXPECT_EQ(second->integer, 42);
}

TEST_F(RedisClient, ListRangeIsAnArrayOfStrings) {
    ASSERT_TRUE(client_->command({"RPUSH", prefix_ + "l", "a", "b", "c"}));
    auto range = client_->command({"LRANGE", prefix_ + "l", "0", "-1"});

    ASSERT_TRUE(range);
    ASSERT_EQ(range->type, Reply::Type::array);
    ASSERT_EQ(range->elements.size(), 3u);
    EXPECT_EQ(range->elements[2].str, "c");
}

TEST_F(RedisClient, ErrorReplyIsInternalWithTheAnswerInDetail) {
    ASSERT_TRUE(client_->command({"SET", prefix_ + "s", "text"}));
    auto incr = client_->command({"INCR", prefix_ + "s"});

    ASSERT_FALSE(incr);
    EXPECT_EQ(incr.error().code, ErrorCode::internal);
    EXPECT_NE(incr.error().detail.find("not an integer"), std::string::npos);

    // The connection stays usable after an error reply.
    EXPECT_TRUE(client_->command({"PING"}));
}

TEST_F(RedisClient, EmptyCommandIsRefused) {
    auto empty = client_->command(std::vector<std::string>{});

    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ErrorCode::internal);
}

TEST(RedisWithoutServer, MissingSocketIsUnavailable) {
    auto client =
        Client::create(cc::testing::test_dir() + "/run/nowhere.sock", 1);

    auto ping = client->command({"PING"});

    ASSERT_FALSE(ping);
    EXPECT_EQ(ping.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace cc::redis
