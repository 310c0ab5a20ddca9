// Credential mail end to end: a roster import queues mail, cc-mailer sends
// it to a real SMTP server this test starts, the test follows the link,
// sets the password and logs in as the student through nginx. 4xx answers
// are retried later, 5xx answers are final.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include "db/db.h"
#include "faculty_session.h"
#include "http_client.h"

extern char** environ;

namespace cc::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string config_value(const std::string& dir, const std::string& key) {
    std::ifstream in(dir + "/etc/classcloud.conf");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + " = ", 0) == 0) return line.substr(key.size() + 3);
    }
    return "";
}

// Runs a program to its end; returns the exit status.
int run(std::vector<std::string> args, std::vector<std::string> env) {
    for (char** e = environ; *e; e++) env.emplace_back(*e);
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    for (auto& e : env) envp.push_back(e.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);

    pid_t pid = 0;
    if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(),
                     envp.data())) {
        return -1;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class MailFlow : public ::testing::Test {
  protected:
    void SetUp() override {
        sink_dir = fs::temp_directory_path() / unique_code("cc-smtp");
        std::string script =
            std::string(CC_SOURCE_DIR) + "/tests/support/smtp_sink.py";
        // Debian's interpreter: the one python3-aiosmtpd installs into.
        std::vector<char*> argv = {
            const_cast<char*>("/usr/bin/python3"), script.data(),
            const_cast<char*>(sink_dir.c_str()), nullptr};
        ASSERT_EQ(posix_spawn(&sink_pid, "/usr/bin/python3", nullptr, nullptr,
                              argv.data(), environ),
                  0);

        for (int i = 0; i < 100 && !fs::exists(sink_dir / "port"); i++) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ASSERT_TRUE(fs::exists(sink_dir / "port")) << "SMTP sink never started";
        port = read_file(sink_dir / "port");
        db = db::Pool::create(config_value(client.stack_dir(), "db.conninfo"),
                              1);
    }

    void TearDown() override {
        if (sink_pid > 0) {
            kill(sink_pid, SIGTERM);
            waitpid(sink_pid, nullptr, 0);
        }
        fs::remove_all(sink_dir);
    }

    // Sends this course's due mail; other tests' mail waits for a day.
    void send_mail(long long course) {
        auto deferred = db->exec(
            "UPDATE mail_outbox SET run_after = now() + interval '1 day'"
            " WHERE course_id <> $1 AND status = 'queued'",
            {static_cast<int64_t>(course)});
        ASSERT_TRUE(deferred) << deferred.error().detail;

        int status = run(
            {CC_MAILER, "--once"},
            {"CC_CONFIG=" + client.stack_dir() + "/etc/classcloud.conf",
             "CC_SMTP_URL=smtp://127.0.0.1:" + port, "CC_SMTP_STARTTLS=none"});
        ASSERT_EQ(status, 0);
    }

    std::string mail_to(const std::string& email) {
        for (const auto& entry : fs::directory_iterator(sink_dir)) {
            if (entry.path().extension() != ".eml") continue;
            std::string text = read_file(entry.path());
            if (text.find("<" + email + ">") != std::string::npos) return text;
        }
        return "";
    }

    std::string outbox_row(const std::string& email) {
        auto rows = db->exec(
            "SELECT o.status || ' ' || o.attempts || ' ' ||"
            " coalesce(o.last_error, '') AS s FROM mail_outbox o"
            " JOIN users u ON u.id = o.user_id WHERE u.email = $1",
            {email});
        EXPECT_TRUE(rows && !rows->empty());
        return rows && !rows->empty() ? rows->text(0, "s") : "";
    }

    StackClient client;
    Session faculty = demo_session(client, "faculty");
    fs::path sink_dir;
    pid_t sink_pid = 0;
    std::string port;
    std::unique_ptr<db::Pool> db;
};

TEST_F(MailFlow, StudentFollowsTheLinkSetsAPasswordAndLogsIn) {
    std::string code = unique_code("MAIL");
    HttpAnswer made = client.send(
        {"POST", "/api/courses",
         "{\"code\":\"" + code + "\",\"title\":\"Mail\",\"term\":\"2026\"}",
         write_headers(client, faculty, "application/json")});
    long long course = json_int(made.body, "id");
    std::string student = "zoe." + code + "@uni.example";
    for (char& c : student) c = static_cast<char>(std::tolower(c));
    std::string temp = "tempfail." + student, gone = "reject." + student;
    std::string csv = "email,name\n" + student + ",Zo\xC3\xAB \xC3\x9Cnal\n" +
                      temp + ",Busy Box\n" + gone + ",Gone Away\n";

    HttpAnswer applied = client.send(
        {"POST", "/api/courses/" + std::to_string(course) + "/roster", csv,
         write_headers(client, faculty, "text/csv")});
    ASSERT_EQ(applied.status, 202) << applied.body;
    send_mail(course);

    std::string mail = mail_to(student);
    ASSERT_FALSE(mail.empty()) << "no mail reached the SMTP server";
    EXPECT_NE(mail.find("To: =?UTF-8?B?Wm/DqyDDnG5hbA==?= <" + student + ">"),
              std::string::npos)
        << mail;
    EXPECT_EQ(mail.find("password:"), std::string::npos);
    size_t at = mail.find("/#/set-password?token=");
    ASSERT_NE(at, std::string::npos) << mail;
    std::string token = mail.substr(at + 22, 43);

    EXPECT_EQ(outbox_row(student).rfind("sent 1", 0), 0u);
    EXPECT_EQ(outbox_row(temp).rfind("queued 1 SMTP 451", 0), 0u)
        << outbox_row(temp);
    EXPECT_EQ(outbox_row(gone).rfind("failed 1 SMTP 550", 0), 0u)
        << outbox_row(gone);

    std::vector<std::string> json = {"Content-Type: application/json",
                                     "Origin: " + client.origin()};
    std::string body =
        "{\"token\":\"" + token + "\",\"password\":\"correct horse battery\"}";
    HttpAnswer set =
        client.send({"POST", "/api/auth/password/set", body, json});
    HttpAnswer again =
        client.send({"POST", "/api/auth/password/set", body, json});
    HttpAnswer login = client.login(student, "correct horse battery");

    EXPECT_EQ(set.status, 204) << set.body;
    EXPECT_EQ(again.status, 400) << again.body;
    EXPECT_NE(again.body.find("used already"), std::string::npos);
    ASSERT_EQ(login.status, 200) << login.body;
    EXPECT_NE(login.body.find(student), std::string::npos);
}

TEST_F(MailFlow, UnknownTokenIsRefusedAndShortPasswordIs422) {
    std::vector<std::string> json = {"Content-Type: application/json",
                                     "Origin: " + client.origin()};

    HttpAnswer unknown =
        client.send({"POST", "/api/auth/password/set",
                     "{\"token\":\"" + std::string(43, 'x') +
                         "\",\"password\":\"long enough pass\"}",
                     json});
    HttpAnswer short_one =
        client.send({"POST", "/api/auth/password/set",
                     "{\"token\":\"abc\",\"password\":\"short\"}", json});

    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(short_one.status, 422);
}

}  // namespace
}  // namespace cc::testing
