// POST /api/auth/password/forgot through nginx: the same answer for every
// address, a reset mail queued only for a real local account, and a limit
// per address.
#include <gtest/gtest.h>

#include "config/config.h"
#include "db/db.h"
#include "http_client.h"

namespace cc::testing {
namespace {

class ForgotTest : public ::testing::Test {
  protected:
    StackClient client;
    std::unique_ptr<db::Pool> db;

    void SetUp() override {
        auto cfg =
            config::Config::load(client.stack_dir() + "/etc/classcloud.conf");
        ASSERT_TRUE(cfg);
        db = db::Pool::create(cfg->get("db.conninfo"), 1);
    }

    HttpAnswer forgot(const std::string& email) {
        return client.send({"POST",
                            "/api/auth/password/forgot",
                            "{\"email\":\"" + email + "\"}",
                            {"Content-Type: application/json"}});
    }

    int64_t resets_for(const std::string& email) {
        auto rows = db->exec(
            "SELECT count(*) AS id FROM mail_outbox o JOIN users u ON "
            "u.id = o.user_id WHERE o.kind = 'password_reset' AND "
            "u.email = $1",
            {email});
        return rows && !rows->empty() ? rows->integer(0, "id") : -1;
    }
};

TEST_F(ForgotTest, KnownAndUnknownAddressesGetTheSameAnswer) {
    auto [email, password] = client.demo_login("student");
    int64_t before = resets_for(email);

    HttpAnswer known = forgot(email);
    HttpAnswer unknown = forgot("nobody-here@demo.classcloud.test");

    EXPECT_EQ(known.status, 202) << known.body;
    EXPECT_EQ(unknown.status, 202) << unknown.body;
    EXPECT_EQ(known.body.substr(0, known.body.find("request_id")),
              unknown.body.substr(0, unknown.body.find("request_id")));
    EXPECT_EQ(resets_for(email), before + 1);
}

TEST_F(ForgotTest, RepeatedRequestsForOneAddressAreLimited) {
    auto [email, password] = client.demo_login_nth("student", 2);
    for (int i = 0; i < 5; i++) forgot(email);

    HttpAnswer res = forgot(email);

    EXPECT_EQ(res.status, 429) << res.body;
    EXPECT_FALSE(res.header("retry-after").empty());
}

TEST_F(ForgotTest, MissingEmailIs400) {
    HttpAnswer res = client.send({"POST",
                                  "/api/auth/password/forgot",
                                  "{}",
                                  {"Content-Type: application/json"}});

    EXPECT_EQ(res.status, 400);
    EXPECT_NE(res.body.find("`email` is missing"), std::string::npos);
}

}  // namespace
}  // namespace cc::testing
