// Sessions and failure limits against a real Redis: expiry, renewal,
// destruction and the 429 threshold.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "auth/limiter.h"
#include "auth/session.h"
#include "db/test_servers.h"

namespace cc::auth {
namespace {

class SessionStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(cc::testing::test_dir().empty()) << "CC_TEST_DIR unset";
        redis_ = redis::Client::create(cc::testing::redis_address(), 2);
    }

    std::unique_ptr<redis::Client> redis_;
};

TEST_F(SessionStoreTest, CreatedSessionIsFoundWithItsUserAndCsrf) {
    SessionStore store(*redis_, {60, 600});

    auto s = store.create(42, "faculty");
    ASSERT_TRUE(s) << s.error().detail;
    auto found = store.find(s->id);

    ASSERT_TRUE(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->user_id, 42);
    EXPECT_EQ((*found)->role, "faculty");
    EXPECT_EQ((*found)->csrf_token, s->csrf_token);
    EXPECT_EQ(s->id.size(), 43u);  // 256 bits, base64url
}

TEST_F(SessionStoreTest, IdsAreStoredOnlyAsTheirHash) {
    SessionStore store(*redis_, {60, 600});
    auto s = store.create(1, "student");
    ASSERT_TRUE(s);

    auto raw = redis_->command({"EXISTS", "cc:session:" + s->id});

    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->integer, 0);
}

TEST_F(SessionStoreTest, IdleSessionExpires) {
    SessionStore store(*redis_, {1, 600});
    auto s = store.create(7, "student");
    ASSERT_TRUE(s);

    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    auto found = store.find(s->id);

    ASSERT_TRUE(found);
    EXPECT_FALSE(found->has_value());
}

TEST_F(SessionStoreTest, AbsoluteExpiryEndsAnActiveSession) {
    SessionStore store(*redis_, {600, 1});
    auto s = store.create(7, "student");
    ASSERT_TRUE(s);

    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    auto found = store.find(s->id);

    ASSERT_TRUE(found);
    EXPECT_FALSE(found->has_value());
}

TEST_F(SessionStoreTest, DestroyedSessionIsGone) {
    SessionStore store(*redis_, {60, 600});
    auto s = store.create(9, "admin");
    ASSERT_TRUE(s);

    ASSERT_TRUE(store.destroy(s->id));
    auto found = store.find(s->id);

    ASSERT_TRUE(found);
    EXPECT_FALSE(found->has_value());
}

TEST_F(SessionStoreTest, DestroyAllEndsEverySessionOfThatUserOnly) {
    SessionStore store(*redis_, {60, 600});
    int64_t user = 700000 + (getpid() % 10000);
    auto a = store.create(user, "student");
    auto b = store.create(user, "student");
    auto other = store.create(user + 1, "student");
    ASSERT_TRUE(a && b && other);

    ASSERT_TRUE(store.destroy_all_of(user));

    EXPECT_FALSE(store.find(a->id)->has_value());
    EXPECT_FALSE(store.find(b->id)->has_value());
    EXPECT_TRUE(store.find(other->id)->has_value());
}

TEST_F(SessionStoreTest, MalformedIdIsUnknownWithoutTouchingRedis) {
    SessionStore store(*redis_, {60, 600});

    auto found = store.find("../../etc/passwd");

    ASSERT_TRUE(found);
    EXPECT_FALSE(found->has_value());
}

TEST_F(SessionStoreTest, LimiterRefusesAfterTheLimitWithRetryAfter) {
    std::string key = cc::testing::unique_name("ip");
    FailureLimiter limiter(*redis_, "test", 3, 60);

    for (int i = 0; i < 3; i++) {
        ASSERT_TRUE(limiter.check(key));
        ASSERT_TRUE(limiter.record_failure(key));
    }
    auto refused = limiter.check(key);

    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::rate_limited);
    EXPECT_GT(refused.error().retry_after, 0);
    EXPECT_LE(refused.error().retry_after, 60);
}

TEST_F(SessionStoreTest, LimiterKeysAreIndependentAndResettable) {
    std::string a = cc::testing::unique_name("a");
    std::string b = cc::testing::unique_name("b");
    FailureLimiter limiter(*redis_, "test", 1, 60);

    ASSERT_TRUE(limiter.record_failure(a));
    EXPECT_FALSE(limiter.check(a));
    EXPECT_TRUE(limiter.check(b));
    ASSERT_TRUE(limiter.reset(a));
    EXPECT_TRUE(limiter.check(a));
}

}  // namespace
}  // namespace cc::auth
