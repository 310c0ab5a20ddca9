// Config files parse as key = value with environment overrides.
#include "config/config.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

namespace cc::config {
namespace {

std::string write_temp(const std::string& text) {
    char path[] = "/tmp/cc-config-test-XXXXXX";
    int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    close(fd);
    std::ofstream(path) << text;
    return path;
}

TEST(ConfigLoad, ReadsKeysIgnoringCommentsAndSpaces) {
    std::string path = write_temp(
        "# comment\n  db.conninfo = host=/x \n\n"
        "http.threads=8\n");

    auto cfg = Config::load(path);
    ASSERT_TRUE(cfg);
    EXPECT_EQ(cfg->get("db.conninfo"), "host=/x");
    EXPECT_EQ(cfg->get_int("http.threads", 4).value(), 8);
    EXPECT_EQ(cfg->get("missing", "fallback"), "fallback");
    std::remove(path.c_str());
}

TEST(ConfigLoad, RefusesALineWithoutEqualsNamingTheLine) {
    std::string path = write_temp("a = 1\nnonsense\n");

    auto cfg = Config::load(path);
    ASSERT_FALSE(cfg);
    EXPECT_NE(cfg.error().message.find(":2:"), std::string::npos);
    std::remove(path.c_str());
}

TEST(ConfigGet, EnvironmentOverridesTheFile) {
    Config cfg = Config::from_map({{"session.secret", "from-file"}});
    setenv("CC_SESSION_SECRET", "from-env", 1);

    EXPECT_EQ(cfg.get("session.secret"), "from-env");
    unsetenv("CC_SESSION_SECRET");
    EXPECT_EQ(cfg.get("session.secret"), "from-file");
}

TEST(ConfigGet, ReadsASecretFromTheFileNamedByTheFileKey) {
    std::string secret = write_temp("s3cret\nignored\n");
    Config cfg = Config::from_map({{"smtp.password_file", secret}});

    EXPECT_EQ(cfg.get("smtp.password"), "s3cret");
    std::remove(secret.c_str());
}

TEST(ConfigGetInt, RefusesTextThatIsNotANumber) {
    Config cfg = Config::from_map({{"http.threads", "four"}});

    auto n = cfg.get_int("http.threads", 4);
    ASSERT_FALSE(n);
    EXPECT_NE(n.error().message.find("http.threads"), std::string::npos);
}

TEST(ConfigRequire, NamesTheKeyAndItsVariable) {
    Config cfg = Config::from_map({});

    auto v = cfg.require("db.conninfo");
    ASSERT_FALSE(v);
    EXPECT_NE(v.error().message.find("CC_DB_CONNINFO"), std::string::npos);
}

}  // namespace
}  // namespace cc::config
