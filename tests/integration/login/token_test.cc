// Personal API tokens through nginx: created from a session, used with
// curl-style Bearer headers without CSRF, read-only scope, revocation.
#include <gtest/gtest.h>

#include "http_client.h"

namespace cc::testing {
namespace {

class TokenTest : public ::testing::Test {
  protected:
    StackClient client;
    std::string cookie;
    std::string csrf;

    void SetUp() override {
        auto [email, password] = client.demo_login("faculty");
        HttpAnswer login = client.login(email, password);
        ASSERT_EQ(login.status, 200) << login.body;
        cookie = cookie_pair(login.header("set-cookie"));

        HttpAnswer me =
            client.send({"GET", "/api/me", "", {"Cookie: " + cookie}});
        size_t at = me.body.find("\"csrf_token\":\"");
        ASSERT_NE(at, std::string::npos);
        csrf = me.body.substr(at + 14, 43);
    }

    HttpAnswer create(const std::string& json) {
        return client.send(
            {"POST",
             "/api/tokens",
             json,
             {"Cookie: " + cookie, "X-CSRF-Token: " + csrf,
              "Origin: " + client.origin(), "Content-Type: application/json"}});
    }

    static std::string secret_of(const HttpAnswer& created) {
        size_t at = created.body.find("\"token\":\"");
        return at == std::string::npos ? "" : created.body.substr(at + 9, 46);
    }

    static std::string id_of(const HttpAnswer& created) {
        size_t at = created.body.find("\"id\":");
        size_t end = created.body.find(',', at);
        return created.body.substr(at + 5, end - at - 5);
    }
};

TEST_F(TokenTest, BearerTokenWorksWithoutCsrf) {
    HttpAnswer created = create("{\"name\":\"grading script\"}");
    ASSERT_EQ(created.status, 201) << created.body;

    HttpAnswer me =
        client.send({"GET",
                     "/api/me",
                     "",
                     {"Authorization: Bearer " + secret_of(created)}});

    EXPECT_EQ(me.status, 200) << me.body;
    EXPECT_NE(me.body.find("faculty@"), std::string::npos);
}

TEST_F(TokenTest, ReadOnlyTokenCannotWrite) {
    HttpAnswer created = create("{\"name\":\"ro\",\"scope\":\"read\"}");
    ASSERT_EQ(created.status, 201);

    HttpAnswer write =
        client.send({"POST",
                     "/api/auth/logout",
                     "",
                     {"Authorization: Bearer " + secret_of(created)}});

    EXPECT_EQ(write.status, 403) << write.body;
    EXPECT_NE(write.body.find("read-only"), std::string::npos);
}

TEST_F(TokenTest, TokenCannotMintAnotherToken) {
    HttpAnswer created = create("{\"name\":\"rw\",\"scope\":\"write\"}");
    ASSERT_EQ(created.status, 201);

    HttpAnswer again =
        client.send({"POST",
                     "/api/tokens",
                     "{\"name\":\"x\"}",
                     {"Authorization: Bearer " + secret_of(created),
                      "Content-Type: application/json"}});

    EXPECT_EQ(again.status, 403) << again.body;
}

TEST_F(TokenTest, RevokedTokenIsRefused) {
    HttpAnswer created = create("{\"name\":\"short-lived\"}");
    ASSERT_EQ(created.status, 201);

    HttpAnswer revoked =
        client.send({"DELETE",
                     "/api/tokens/" + id_of(created),
                     "",
                     {"Cookie: " + cookie, "X-CSRF-Token: " + csrf,
                      "Origin: " + client.origin()}});
    HttpAnswer me =
        client.send({"GET",
                     "/api/me",
                     "",
                     {"Authorization: Bearer " + secret_of(created)}});

    EXPECT_EQ(revoked.status, 204) << revoked.body;
    EXPECT_EQ(me.status, 401);
}

TEST_F(TokenTest, UnknownTokenAndBadSchemeAre401) {
    HttpAnswer unknown =
        client.send({"GET",
                     "/api/me",
                     "",
                     {"Authorization: Bearer cc_" + std::string(43, 'x')}});
    HttpAnswer basic = client.send(
        {"GET", "/api/me", "", {"Authorization: Basic dXNlcjpwYXNz"}});

    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(basic.status, 401);
    EXPECT_NE(basic.body.find("Bearer"), std::string::npos);
}

TEST_F(TokenTest, SchemeNameIsCaseInsensitive) {
    HttpAnswer created = create("{\"name\":\"lower\"}");
    ASSERT_EQ(created.status, 201);

    HttpAnswer me =
        client.send({"GET",
                     "/api/me",
                     "",
                     {"Authorization: bearer " + secret_of(created)}});

    EXPECT_EQ(me.status, 200) << me.body;
}

TEST_F(TokenTest, ExpiryThatIsNotAWholeNumberIs422) {
    for (const char* days : {"\"30\"", "1.5", "true", "null"}) {
        HttpAnswer res = create(std::string("{\"name\":\"x\",") +
                                "\"expires_in_days\":" + days + "}");

        EXPECT_EQ(res.status, 422) << days << ": " << res.body;
    }
}

TEST_F(TokenTest, BadScopeIs422NamingTheField) {
    HttpAnswer res = create("{\"name\":\"x\",\"scope\":\"root\"}");

    EXPECT_EQ(res.status, 422);
    EXPECT_NE(res.body.find("`scope`"), std::string::npos);
}

TEST_F(TokenTest, ListShowsPrefixButNeverTheSecret) {
    HttpAnswer created = create("{\"name\":\"listed\"}");
    ASSERT_EQ(created.status, 201);

    HttpAnswer list =
        client.send({"GET", "/api/tokens", "", {"Cookie: " + cookie}});

    EXPECT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("listed"), std::string::npos);
    EXPECT_EQ(list.body.find(secret_of(created)), std::string::npos);
}

}  // namespace
}  // namespace cc::testing
