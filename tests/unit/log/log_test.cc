// The log writes one JSON object per line and never a secret's value.
#include "log/log.h"

#include <gtest/gtest.h>

#include "json/json.h"

namespace cc::log {
namespace {

TEST(LogDenyList, NamesSecretFieldsWhateverTheirCase) {
    for (const char* key :
         {"password", "session_id", "csrf_token", "Ticket", "api_token",
          "SAMLResponse", "Authorization", "cookie", "token_secret"}) {
        EXPECT_TRUE(is_secret_key(key)) << key;
    }
}

TEST(LogDenyList, LeavesOrdinaryFieldsAlone) {
    for (const char* key : {"user_id", "route", "status", "dur_ms", "vmid"}) {
        EXPECT_FALSE(is_secret_key(key)) << key;
    }
}

TEST(LogRender, RedactsSecretValuesAndKeepsOthers) {
    std::string line = render(
        Level::info, "login",
        {{"user_id", 7}, {"password", "hunter2"}, {"session", "abcdef"}});

    auto parsed = json::parse(line);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->get_int("user_id"), 7);
    EXPECT_EQ(parsed->get_string("password"), "[redacted]");
    EXPECT_EQ(parsed->get_string("event"), "login");
    EXPECT_EQ(line.find("hunter2"), std::string::npos);
    EXPECT_EQ(line.find("abcdef"), std::string::npos);
}

TEST(LogRender, IsOneLineEvenWithNewlinesInValues) {
    std::string line =
        render(Level::warn, "x", {{"err_detail", "first\nsecond"}});

    EXPECT_EQ(line.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace cc::log
