// Cookie requests that change state need the token and a same-site Origin.
#include "auth/csrf.h"

#include <gtest/gtest.h>

namespace cc::auth {
namespace {

constexpr const char* kSite = "https://lab.example.edu";

TEST(CrossSite, GetNeedsNoToken) {
    EXPECT_TRUE(
        check_cross_site("GET", "t", std::nullopt, std::nullopt, kSite));
}

TEST(CrossSite, PostWithoutTokenIsForbidden) {
    auto r = check_cross_site("POST", "t", std::nullopt, std::nullopt, kSite);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::forbidden);
    EXPECT_NE(r.error().message.find("missing"), std::string::npos);
}

TEST(CrossSite, PostWithWrongTokenIsForbidden) {
    EXPECT_FALSE(
        check_cross_site("POST", "right", std::string("wrong"), kSite, kSite));
}

TEST(CrossSite, PostFromForeignOriginIsForbiddenEvenWithToken) {
    auto r = check_cross_site("DELETE", "t", std::string("t"),
                              std::string("https://evil.example"), kSite);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("Origin"), std::string::npos);
}

TEST(CrossSite, PostWithTokenAndOwnOriginPasses) {
    EXPECT_TRUE(check_cross_site("POST", "t", std::string("t"),
                                 std::string(kSite), kSite));
}

}  // namespace
}  // namespace cc::auth
