// Local login through nginx against the real stack: cookie flags, /api/me,
// wrong passwords, rate limits, CSRF, forged cookies and logout.
#include <gtest/gtest.h>

#include "http_client.h"

namespace cc::testing {
namespace {

class LoginTest : public ::testing::Test {
  protected:
    StackClient client;

    // Logs in as a demo role; returns the cookie pair and CSRF token.
    std::pair<std::string, std::string> session_of(const std::string& role) {
        auto [email, password] = client.demo_login(role);
        HttpAnswer login = client.login(email, password);
        EXPECT_EQ(login.status, 200) << login.body;

        std::string cookie = cookie_pair(login.header("set-cookie"));
        HttpAnswer me =
            client.send({"GET", "/api/me", "", {"Cookie: " + cookie}});
        EXPECT_EQ(me.status, 200) << me.body;

        size_t at = me.body.find("\"csrf_token\":\"");
        std::string csrf = me.body.substr(at + 14, 43);
        return {cookie, csrf};
    }
};

TEST_F(LoginTest, DemoStudentGetsSessionCookieWithSafeFlags) {
    auto [email, password] = client.demo_login("student");

    HttpAnswer res = client.login(email, password);

    ASSERT_EQ(res.status, 200) << res.body;
    std::string cookie = res.header("set-cookie");
    EXPECT_EQ(cookie.rfind("__Host-cc_session=", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("; Secure"), std::string::npos);
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("; SameSite=Lax"), std::string::npos);
    EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
    EXPECT_NE(res.body.find(email), std::string::npos);
    EXPECT_EQ(res.body.find("password"), std::string::npos);
}

TEST_F(LoginTest, MeAnswersTheLoggedInUserAndCsrfToken) {
    auto [email, password] = client.demo_login("student");
    HttpAnswer login = client.login(email, password);
    std::string cookie = cookie_pair(login.header("set-cookie"));

    HttpAnswer me = client.send({"GET", "/api/me", "", {"Cookie: " + cookie}});

    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_NE(me.body.find(email), std::string::npos);
    EXPECT_NE(me.body.find("\"role\":\"student\""), std::string::npos);
    EXPECT_NE(me.body.find("\"csrf_token\":\""), std::string::npos);
    EXPECT_NE(me.body.find("LAB101"), std::string::npos);
}

TEST_F(LoginTest, MeWithoutCookieIs401Json) {
    HttpAnswer me = client.send({"GET", "/api/me", "", {}});

    EXPECT_EQ(me.status, 401);
    EXPECT_EQ(me.header("content-type"), "application/json");
    EXPECT_NE(me.body.find("\"code\":\"unauthenticated\""), std::string::npos);
}

TEST_F(LoginTest, WrongPasswordIs401) {
    auto [email, password] = client.demo_login("faculty");

    HttpAnswer res = client.login(email, password + "x");

    EXPECT_EQ(res.status, 401);
    EXPECT_NE(res.body.find("wrong e-mail or password"), std::string::npos);
    EXPECT_TRUE(res.header("set-cookie").empty());
}

TEST_F(LoginTest, RepeatedFailuresForOneAccountAre429WithRetryAfter) {
    std::string email = "nobody-rate-test@demo.classcloud.test";
    for (int i = 0; i < 5; i++) {
        EXPECT_EQ(client.login(email, "wrong").status, 401);
    }

    HttpAnswer res = client.login(email, "wrong");

    EXPECT_EQ(res.status, 429) << res.body;
    EXPECT_FALSE(res.header("retry-after").empty());
}

TEST_F(LoginTest, PostWithoutCsrfTokenIs403) {
    auto [cookie, csrf] = session_of("student");

    HttpAnswer res =
        client.send({"POST", "/api/auth/logout", "", {"Cookie: " + cookie}});

    EXPECT_EQ(res.status, 403) << res.body;
    EXPECT_NE(res.body.find("X-CSRF-Token"), std::string::npos);
}

TEST_F(LoginTest, TextPlainFormPostIsRefused) {
    auto [cookie, csrf] = session_of("student");

    HttpAnswer res =
        client.send({"POST",
                     "/api/auth/logout",
                     "a=b",
                     {"Cookie: " + cookie, "Content-Type: text/plain",
                      "Origin: https://evil.example"}});

    EXPECT_EQ(res.status, 403) << res.body;
}

TEST_F(LoginTest, ForeignOriginIsRefusedEvenWithToken) {
    auto [cookie, csrf] = session_of("student");

    HttpAnswer res = client.send({"POST",
                                  "/api/auth/logout",
                                  "",
                                  {"Cookie: " + cookie, "X-CSRF-Token: " + csrf,
                                   "Origin: https://evil.example"}});

    EXPECT_EQ(res.status, 403) << res.body;
    EXPECT_NE(res.body.find("Origin"), std::string::npos);
}

TEST_F(LoginTest, CookieTheServerNeverIssuedIsIgnoredAndReplacedAtLogin) {
    std::string forged = "__Host-cc_session=" + std::string(43, 'A');
    auto [email, password] = client.demo_login("student");

    HttpAnswer me = client.send({"GET", "/api/me", "", {"Cookie: " + forged}});
    HttpAnswer login = client.send(
        {"POST",
         "/api/auth/login",
         "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
         {"Content-Type: application/json", "Cookie: " + forged}});

    EXPECT_EQ(me.status, 401);
    ASSERT_EQ(login.status, 200);
    EXPECT_NE(cookie_pair(login.header("set-cookie")), forged);
}

TEST_F(LoginTest, EachLoginIssuesANewSessionId) {
    auto [first, csrf1] = session_of("student");
    auto [second, csrf2] = session_of("student");

    EXPECT_NE(first, second);
    EXPECT_NE(csrf1, csrf2);
}

TEST_F(LoginTest, AfterLogoutTheOldCookieNoLongerWorks) {
    auto [cookie, csrf] = session_of("admin");

    HttpAnswer out = client.send({"POST",
                                  "/api/auth/logout",
                                  "",
                                  {"Cookie: " + cookie, "X-CSRF-Token: " + csrf,
                                   "Origin: " + client.origin()}});
    HttpAnswer me = client.send({"GET", "/api/me", "", {"Cookie: " + cookie}});

    EXPECT_EQ(out.status, 204) << out.body;
    EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(me.status, 401);
}

TEST_F(LoginTest, MalformedJsonIs400NamingThePosition) {
    HttpAnswer res = client.send({"POST",
                                  "/api/auth/login",
                                  "{\"email\":",
                                  {"Content-Type: application/json"}});

    EXPECT_EQ(res.status, 400);
    EXPECT_NE(res.body.find("malformed JSON"), std::string::npos);
}

TEST_F(LoginTest, WrongContentTypeIs415) {
    HttpAnswer res =
        client.send({"POST",
                     "/api/auth/login",
                     "email=a",
                     {"Content-Type: application/x-www-form-urlencoded"}});

    EXPECT_EQ(res.status, 415);
}

TEST_F(LoginTest, MissingFieldIs400NamingIt) {
    HttpAnswer res = client.send({"POST",
                                  "/api/auth/login",
                                  "{\"email\":\"a@b.test\"}",
                                  {"Content-Type: application/json"}});

    EXPECT_EQ(res.status, 400);
    EXPECT_NE(res.body.find("`password` is missing"), std::string::npos);
}

TEST_F(LoginTest, PasswordOver72BytesIsRefused) {
    HttpAnswer res =
        client.login("student1@demo.classcloud.test", std::string(73, 'p'));

    EXPECT_EQ(res.status, 400);
    EXPECT_NE(res.body.find("72 bytes"), std::string::npos);
}

TEST_F(LoginTest, OversizedBodyIs413Json) {
    std::string big(2 * 1024 * 1024, 'x');

    HttpAnswer res = client.send(
        {"POST", "/api/auth/login", big, {"Content-Type: application/json"}});

    EXPECT_EQ(res.status, 413);
    EXPECT_NE(res.body.find("\"code\":\"too_large\""), std::string::npos);
}

TEST_F(LoginTest, UnknownApiRouteIs404Json) {
    auto [cookie, csrf] = session_of("student");

    HttpAnswer res =
        client.send({"GET", "/api/nothing-here", "", {"Cookie: " + cookie}});

    EXPECT_EQ(res.status, 404);
    EXPECT_NE(res.body.find("\"code\":\"not_found\""), std::string::npos);
}

TEST_F(LoginTest, ClientIdentityHeadersAreIgnored) {
    HttpAnswer res = client.send(
        {"GET", "/api/me", "", {"X-CC-User-Id: 1", "X-CC-Role: admin"}});

    EXPECT_EQ(res.status, 401);
}

TEST_F(LoginTest, RequestWithoutAUsableUriIs400Json) {
    HttpCall call{"GET", "/%2e%2e/%2e%2e/etc/passwd", "", {}};

    HttpAnswer res = client.send(call);

    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_NE(res.body.find("\"code\":\"invalid_argument\""),
              std::string::npos);
}

TEST_F(LoginTest, GetOnTheLoginRouteIs405) {
    HttpAnswer res = client.send({"GET", "/api/auth/login", "", {}});

    EXPECT_EQ(res.status, 405) << res.body;
}

TEST_F(LoginTest, SecurityHeadersAreSet) {
    HttpAnswer res = client.send({"GET", "/", "", {}});

    EXPECT_EQ(res.status, 200);
    EXPECT_NE(res.header("strict-transport-security").find("max-age="),
              std::string::npos);
    EXPECT_EQ(res.header("x-content-type-options"), "nosniff");
    EXPECT_NE(res.header("content-security-policy").find("frame-ancestors"),
              std::string::npos);
}

}  // namespace
}  // namespace cc::testing
