// The browser console through nginx: a console token opens the websocket
// once, for its own user, before it expires; without a session the
// upgrade is refused with 401 before it happens.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "auth/digest.h"
#include "config/config.h"
#include "lab_fixture.h"
#include "redis/redis.h"

namespace cc::testing {
namespace {

class ConsoleTest : public LabFixture {
  protected:
    HttpAnswer upgrade(const std::string& ws_path, const std::string& cookie) {
        HttpCall call{"GET", ws_path, "", {}};
        call.headers = {"Connection: Upgrade", "Upgrade: websocket",
                        "Sec-WebSocket-Version: 13",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                        "Sec-WebSocket-Protocol: binary"};
        if (!cookie.empty()) call.headers.push_back("Cookie: " + cookie);
        call.timeout_ms = 1500;
        call.http1 = true;
        return client.send(call);
    }
};

TEST_F(ConsoleTest, TokenOpensTheWebsocketExactlyOnce) {
    Session s = log_in("student");
    std::string vm = running_vm(s);
    ASSERT_FALSE(vm.empty());

    HttpAnswer console = post(s, "/api/vms/" + vm + "/console");
    ASSERT_EQ(console.status, 200) << console.body;
    std::string ws_path = field(console.body, "ws_path");
    HttpAnswer first = upgrade(ws_path, s.cookie);
    HttpAnswer second = upgrade(ws_path, s.cookie);

    EXPECT_EQ(first.status, 101) << first.body;
    EXPECT_EQ(first.header("sec-websocket-accept"),
              "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    EXPECT_EQ(second.status, 403) << second.body;
    EXPECT_FALSE(field(console.body, "password").empty());
    EXPECT_EQ(console.body.find("PVEVNC"), std::string::npos);
    EXPECT_EQ(console.body.find("PVEAPIToken"), std::string::npos);
}

TEST_F(ConsoleTest, WebsocketWithoutSessionIs401BeforeUpgrade) {
    Session s = log_in("student");
    std::string vm = running_vm(s);
    HttpAnswer console = post(s, "/api/vms/" + vm + "/console");
    ASSERT_EQ(console.status, 200) << console.body;

    HttpAnswer res = upgrade(field(console.body, "ws_path"), "");

    EXPECT_EQ(res.status, 401) << res.body;
    EXPECT_TRUE(res.header("upgrade").empty());
}

TEST_F(ConsoleTest, AnotherUsersTokenIsRefused) {
    Session owner = log_in("student");
    Session other = log_in("student", 1);
    std::string vm = running_vm(owner);
    HttpAnswer console = post(owner, "/api/vms/" + vm + "/console");
    ASSERT_EQ(console.status, 200) << console.body;

    HttpAnswer res = upgrade(field(console.body, "ws_path"), other.cookie);

    EXPECT_EQ(res.status, 403) << res.body;
}

TEST_F(ConsoleTest, WebsocketFromAnotherSiteIsRefused) {
    Session s = log_in("student");
    std::string vm = running_vm(s);
    HttpAnswer console = post(s, "/api/vms/" + vm + "/console");
    ASSERT_EQ(console.status, 200) << console.body;

    HttpCall call{"GET", field(console.body, "ws_path"), "", {}};
    call.headers = {"Connection: Upgrade",
                    "Upgrade: websocket",
                    "Sec-WebSocket-Version: 13",
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "Origin: https://attacker.example",
                    "Cookie: " + s.cookie};
    call.timeout_ms = 1500;
    call.http1 = true;
    HttpAnswer res = client.send(call);

    EXPECT_EQ(res.status, 403) << res.body;
}

TEST_F(ConsoleTest, ExpiredTokenIsRefused) {
    Session s = log_in("student");
    std::string vm = running_vm(s);
    HttpAnswer console = post(s, "/api/vms/" + vm + "/console");
    ASSERT_EQ(console.status, 200) << console.body;
    std::string ws_path = field(console.body, "ws_path");
    std::string token = ws_path.substr(ws_path.find("token=") + 6);

    // Let the token's own Redis expiry run out now instead of in 30 s.
    auto cfg =
        config::Config::load(client.stack_dir() + "/etc/classcloud.conf");
    ASSERT_TRUE(cfg);
    auto redis = redis::Client::create(cfg->get("redis.address"), 1);
    auto set = redis->command(
        {"PEXPIRE", "cc:console:" + auth::sha256_hex(token), "1"});
    ASSERT_TRUE(set);
    ASSERT_EQ(set->integer, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));

    HttpAnswer res = upgrade(ws_path, s.cookie);

    EXPECT_EQ(res.status, 403) << res.body;
    EXPECT_NE(res.body.find("expired"), std::string::npos);
}

TEST_F(ConsoleTest, OtherStudentCannotOpenTheConsole) {
    Session owner = log_in("student");
    Session other = log_in("student", 1);
    std::string vm = running_vm(owner);

    HttpAnswer res = post(other, "/api/vms/" + vm + "/console");

    EXPECT_EQ(res.status, 404) << res.body;
}

}  // namespace
}  // namespace cc::testing
