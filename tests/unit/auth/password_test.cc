// bcrypt hashing, verification, the 72-byte limit and random tokens.
#include "auth/password.h"

#include <set>

#include <gtest/gtest.h>

namespace cc::auth {
namespace {

// Cost 4 keeps the suite fast where the cost is not what is tested.
constexpr int kFastCost = 4;

TEST(Password, HashesWithBcrypt2bAndCost12ByDefault) {
    auto hash = hash_password("correct horse battery staple");

    ASSERT_TRUE(hash) << hash.error().detail;
    EXPECT_EQ(hash->substr(0, 7), "$2b$12$");
    EXPECT_EQ(hash->size(), 60u);
}

TEST(Password, VerifiesTheRightPasswordOnly) {
    auto hash = hash_password("s3cret!", kFastCost);
    ASSERT_TRUE(hash);

    EXPECT_TRUE(verify_password("s3cret!", *hash));
    EXPECT_FALSE(verify_password("s3cret", *hash));
    EXPECT_FALSE(verify_password("S3cret!", *hash));
}

TEST(Password, SaltsEveryHashDifferently) {
    auto first = hash_password("same", kFastCost);
    auto second = hash_password("same", kFastCost);

    ASSERT_TRUE(first && second);
    EXPECT_NE(*first, *second);
}

TEST(Password, AcceptsExactly72Bytes) {
    std::string longest(72, 'x');

    auto hash = hash_password(longest, kFastCost);

    ASSERT_TRUE(hash);
    EXPECT_TRUE(verify_password(longest, *hash));
}

TEST(Password, Refuses73BytesNamingTheLimit) {
    auto hash = hash_password(std::string(73, 'x'), kFastCost);

    ASSERT_FALSE(hash);
    EXPECT_EQ(hash.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(hash.error().message.find("72 bytes"), std::string::npos);
}

TEST(Password, RefusesEmptyAndNulPasswords) {
    EXPECT_FALSE(hash_password("", kFastCost));
    EXPECT_FALSE(hash_password(std::string("a\0b", 3), kFastCost));
}

TEST(Password, VerifyRejectsMalformedHashes) {
    EXPECT_FALSE(verify_password("x", ""));
    EXPECT_FALSE(verify_password("x", "plain"));
    EXPECT_FALSE(verify_password("x", "$2b$04$short"));
    EXPECT_FALSE(verify_password(std::string(73, 'x'), "$2b$04$x"));
}

TEST(RandomToken, IsBase64UrlWithoutPadding) {
    std::string token = random_token(32);

    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "abcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
}

TEST(RandomToken, NeverRepeatsInAThousandDraws) {
    std::set<std::string> seen;

    for (int i = 0; i < 1000; i++) seen.insert(random_token(16));

    EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace cc::auth
