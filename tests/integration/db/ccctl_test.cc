// The ccctl binary against a real database: migrate, create-user,
// set-password and seed-demo, with their exit codes and the logins file.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "auth/password.h"
#include "schema_fixture.h"

namespace cc::ccctl {
namespace {

namespace fs = std::filesystem;

class Ccctl : public cc::testing::SchemaTest {
  protected:
    void SetUp() override {
        SchemaTest::SetUp();

        dir_ = fs::path(cc::testing::test_dir()) / ("ccctl-" + schema_);
        fs::create_directories(dir_);
        ASSERT_EQ(run({"migrate"}), 0);
    }

    void TearDown() override {
        fs::remove_all(dir_);

        SchemaTest::TearDown();
    }

    // Runs ccctl with `stdin_text` as standard input; returns its status.
    int run(std::vector<std::string> args, const std::string& stdin_text = "") {
        fs::path input = dir_ / "stdin";
        std::ofstream(input) << stdin_text;

        std::vector<std::string> env = {
            "CC_CONFIG=" + (dir_ / "absent.conf").string(),
            "CC_DB_CONNINFO=" + conninfo(), "CC_SQL_DIR=" CC_SOURCE_DIR "/sql"};
        args.insert(args.begin(), CC_CCCTL);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, input.c_str(), O_RDONLY,
                                         0);
        pid_t pid = 0;
        int spawned = posix_spawn(&pid, CC_CCCTL, &actions, nullptr,
                                  pointers(args).data(), pointers(env).data());
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0) return -1;

        int status = 0;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    static std::vector<char*> pointers(std::vector<std::string>& words) {
        std::vector<char*> out;
        for (auto& word : words) out.push_back(word.data());
        out.push_back(nullptr);
        return out;
    }

    std::string hash_of(const std::string& email) {
        auto rows = pool_->exec(
            "SELECT password_hash FROM users WHERE email = $1", {email});
        return rows && !rows->empty() ? rows->text(0, "password_hash") : "";
    }

    static std::string slurp(const fs::path& path) {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    fs::path dir_;
};

TEST_F(Ccctl, CreatesAUserWithANormalisedEmailAndPassword) {
    int created = run({"create-user", "--email", " Ann@Example.TEST", "--role",
                       "faculty", "--password-stdin"},
                      "pa55word\n");

    ASSERT_EQ(created, 0);
    EXPECT_TRUE(auth::verify_password("pa55word", hash_of("ann@example.test")));
}

TEST_F(Ccctl, RefusesADuplicateUserWithExitCode1) {
    ASSERT_EQ(run({"create-user", "--email", "a@b.test", "--role", "student"}),
              0);

    EXPECT_EQ(run({"create-user", "--email", "A@b.test", "--role", "admin"}),
              1);
}

TEST_F(Ccctl, AnswersUsageErrorsWithExitCode2) {
    EXPECT_EQ(run({"create-user", "--email", "a@b.test", "--role", "root"}), 2);
    EXPECT_EQ(run({"create-user", "--email", "nope", "--role", "admin"}), 2);
    EXPECT_EQ(run({"set-password"}), 2);
    EXPECT_EQ(run({"seed-demo"}), 2);
    EXPECT_EQ(run({"no-such-command"}), 2);
}

TEST_F(Ccctl, SetsAPasswordFromStdinOnly) {
    ASSERT_EQ(run({"create-user", "--email", "a@b.test", "--role", "student"}),
              0);

    ASSERT_EQ(run({"set-password", "--email", "a@b.test"}, "n3w-secret\n"), 0);
    EXPECT_EQ(run({"set-password", "--email", "x@b.test"}, "whatever\n"), 1);
    EXPECT_EQ(run({"set-password", "--email", "a@b.test"}, ""), 1);

    EXPECT_TRUE(auth::verify_password("n3w-secret", hash_of("a@b.test")));
}

TEST_F(Ccctl, SeedsTheDemoOnceAndWritesWorkingLogins) {
    fs::path logins = dir_ / "demo-logins.txt";

    ASSERT_EQ(run({"seed-demo", "--logins-file", logins}), 0);
    std::string first = slurp(logins);
    ASSERT_EQ(run({"seed-demo", "--logins-file", logins}), 0);

    EXPECT_EQ(slurp(logins), first);
    EXPECT_EQ(fs::status(logins).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);

    std::istringstream lines(first);
    std::string role, email, password;
    int count = 0;
    while (lines >> role >> email >> password) {
        EXPECT_TRUE(auth::verify_password(password, hash_of(email))) << email;
        count++;
    }
    EXPECT_EQ(count, 5);

    auto enrolled = pool_->exec(
        "SELECT e.role FROM enrollments e JOIN courses c ON c.id = e.course_id"
        " WHERE c.code = 'LAB101' AND c.vlan_tag = 101");
    ASSERT_TRUE(enrolled);
    EXPECT_EQ(enrolled->size(), 4);
}

TEST_F(Ccctl, ResetsDemoPasswordsWhenTheLoginsFileIsGone) {
    fs::path logins = dir_ / "demo-logins.txt";
    ASSERT_EQ(run({"seed-demo", "--logins-file", logins}), 0);
    std::string first = slurp(logins);

    fs::remove(logins);
    ASSERT_EQ(run({"seed-demo", "--logins-file", logins}), 0);

    std::string second = slurp(logins);
    EXPECT_NE(second, first);
    EXPECT_NE(second.find("admin admin@demo.classcloud.test "),
              std::string::npos);
}

}  // namespace
}  // namespace cc::ccctl
