// ccctl seed-demo: the demo accounts and course, created once, with their
// logins kept in a file only the operator can read.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/password.h"
#include "cli.h"

namespace cc::ccctl {
namespace {

struct DemoAccount {
    const char* role;
    const char* email;
    const char* name;
};

constexpr DemoAccount kAccounts[] = {
    {"admin", "admin@demo.classcloud.test", "Demo Admin"},
    {"faculty", "faculty@demo.classcloud.test", "Demo Faculty"},
    {"student", "student1@demo.classcloud.test", "Demo Student One"},
    {"student", "student2@demo.classcloud.test", "Demo Student Two"},
    {"student", "student3@demo.classcloud.test", "Demo Student Three"},
};

constexpr int kAccountCount = sizeof kAccounts / sizeof kAccounts[0];

// 12 random bytes: 16 characters, 96 bits, easy to paste.
constexpr size_t kPasswordBytes = 12;

Result<int64_t> count_existing(db::Pool& pool) {
    std::vector<db::Param> emails;
    for (const auto& account : kAccounts) emails.emplace_back(account.email);

    auto rows = pool.exec(
        "SELECT count(*) AS n FROM users WHERE email IN ($1, $2, $3, $4, $5)",
        emails);
    if (!rows) return unexpected(rows.error());

    return rows->integer(0, "n");
}

Result<void> write_file_0600(const std::string& path, const std::string& text) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return unexpected(ErrorCode::internal,
                          "cannot write the logins file " + path,
                          std::strerror(errno));
    }

    // O_CREAT's mode does not apply to a file that was already there.
    bool written =
        fchmod(fd, 0600) == 0 && write(fd, text.data(), text.size()) ==
                                     static_cast<ssize_t>(text.size());
    int saved = errno;

    if (close(fd) != 0 || !written) {
        return unexpected(ErrorCode::internal,
                          "cannot write the logins file " + path,
                          std::strerror(written ? errno : saved));
    }
    return {};
}

// Creates a missing account or sets a new password on an existing one.
Result<int64_t> upsert_account(db::Conn& conn, const DemoAccount& account,
                               const std::string& hash) {
    auto rows = conn.exec(
        "INSERT INTO users (email, display_name, role, password_hash)"
        " VALUES ($1, $2, $3, $4)"
        " ON CONFLICT ((lower(email))) DO UPDATE"
        " SET password_hash = EXCLUDED.password_hash, disabled = false"
        " RETURNING id",
        {account.email, account.name, account.role, hash});
    if (!rows) return unexpected(rows.error());

    return rows->integer(0, "id");
}

Result<void> ensure_course(db::Conn& conn) {
    auto created = conn.exec(
        "INSERT INTO courses (code, title, term, vlan_tag)"
        " VALUES ('LAB101', 'Introduction to Linux Administration',"
        " '2026-fall', 101) ON CONFLICT (code) DO NOTHING");
    if (!created) return unexpected(created.error());

    // Enrols faculty and students by e-mail, so it also works when the
    // accounts were not touched in this run.
    auto enrolled = conn.exec(
        "INSERT INTO enrollments (course_id, user_id, role)"
        " SELECT c.id, u.id, u.role FROM courses c, users u"
        " WHERE c.code = 'LAB101' AND u.role IN ('faculty', 'student')"
        " AND u.email LIKE '%@demo.classcloud.test'"
        " ON CONFLICT (course_id, user_id) DO NOTHING");
    if (!enrolled) return unexpected(enrolled.error());

    return {};
}

// New passwords for every account, and the logins file's text.
Result<std::vector<std::string>> make_passwords(std::string& logins) {
    std::vector<std::string> hashes;

    for (const auto& account : kAccounts) {
        std::string password = auth::random_token(kPasswordBytes);

        auto hash = auth::hash_password(password);
        if (!hash) return unexpected(hash.error());

        hashes.push_back(std::move(hash.value()));
        logins += std::string(account.role) + " " + account.email + " " +
                  password + "\n";
    }
    return hashes;
}

}  // namespace

int run_seed_demo(const config::Config& config,
                  const std::vector<std::string>& args) {
    auto options = Options::parse(args, {"logins-file"}, {});
    if (!options) return usage(options.error().message);

    std::string path = options->get("logins-file");
    if (path.empty()) return usage("--logins-file is required");

    auto pool = open_pool(config);
    if (!pool) return fail(pool.error());

    auto existing = count_existing(**pool);
    if (!existing) return fail(existing.error());

    // Passwords live only in the file: without it they must be reset.
    std::error_code ignored;
    bool reset = existing.value() < kAccountCount ||
                 !std::filesystem::exists(path, ignored);

    std::string logins;
    std::vector<std::string> hashes;
    if (reset) {
        auto made = make_passwords(logins);
        if (!made) return fail(made.error());
        hashes = std::move(made.value());
    }

    // The file is written before COMMIT and renamed after it, so neither
    // can exist without the other.
    std::string temporary = path + ".tmp";
    auto seeded = (*pool)->transaction([&](db::Conn& conn) -> Result<void> {
        for (int i = 0; reset && i < kAccountCount; i++) {
            auto id = upsert_account(conn, kAccounts[i], hashes[i]);
            if (!id) return unexpected(id.error());
        }

        auto course = ensure_course(conn);
        if (!course) return course;

        return reset ? write_file_0600(temporary, logins) : Result<void>();
    });

    if (!seeded) {
        if (reset) unlink(temporary.c_str());
        return fail(seeded.error());
    }

    if (!reset) {
        std::cout << "demo already seeded; logins are in " << path << "\n";
        return kExitOk;
    }

    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        return fail(make_error(ErrorCode::internal,
                               "cannot move the logins file into place",
                               temporary + ": " + std::strerror(errno)));
    }

    std::cout << "demo seeded; logins written to " << path << "\n";
    return kExitOk;
}

}  // namespace cc::ccctl
