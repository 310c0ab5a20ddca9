// Applies numbered SQL files once each under an advisory lock and refuses
// to go on when a file that was applied has changed since.
#include "db/migrate.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <openssl/evp.h>

#include "db/pg.h"

namespace cc::db {
namespace {

// Any fixed number works; every runner of this schema must use the same.
constexpr int64_t kLockKey = 7426157001;

struct Migration {
    std::string version;  // the file name without .sql: 001_users_courses
    std::string sql;
    std::string checksum;
};

// NNN_name.sql with a lower-case name of letters, digits and underscores.
bool valid_name(const std::string& name) {
    if (name.size() < 9 || !name.ends_with(".sql") || name[3] != '_') {
        return false;
    }

    bool digits = std::all_of(name.begin(), name.begin() + 3,
                              [](char c) { return c >= '0' && c <= '9'; });
    bool rest = std::all_of(name.begin() + 4, name.end() - 4, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    return digits && rest;
}

Result<Migration> read_migration(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();

    if (!in) {
        return unexpected(ErrorCode::invalid_argument,
                          "cannot read migration " + path.string());
    }

    std::string sql = text.str();
    return Migration{path.stem().string(), sql, sha256_hex(sql)};
}

Result<std::vector<Migration>> read_migrations(const std::string& dir) {
    std::error_code failure;
    std::filesystem::directory_iterator entries(dir, failure);
    if (failure) {
        return unexpected(ErrorCode::invalid_argument,
                          "cannot read the migrations folder " + dir,
                          failure.message());
    }

    std::vector<Migration> found;
    for (const auto& entry : entries) {
        std::string name = entry.path().filename().string();
        if (!name.ends_with(".sql")) continue;

        if (!valid_name(name)) {
            return unexpected(ErrorCode::invalid_argument,
                              "migration " + name +
                                  " is not named NNN_name.sql (lower case)");
        }

        auto migration = read_migration(entry.path());
        if (!migration) return unexpected(migration.error());
        found.push_back(std::move(migration.value()));
    }

    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.version < b.version;
    });
    return found;
}

Result<void> refuse_duplicate_numbers(const std::vector<Migration>& files) {
    for (size_t i = 1; i < files.size(); i++) {
        if (files[i].version.substr(0, 3) !=
            files[i - 1].version.substr(0, 3)) {
            continue;
        }

        return unexpected(ErrorCode::invalid_argument,
                          "migrations " + files[i - 1].version + " and " +
                              files[i].version + " share a number");
    }
    return {};
}

Result<std::map<std::string, std::string>> read_applied(detail::PgConn& conn) {
    auto created = conn.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version text CONSTRAINT schema_migrations_pkey PRIMARY KEY,"
        " applied_at timestamptz NOT NULL DEFAULT now(),"
        " checksum text NOT NULL)");
    if (!created) return unexpected(created.error());

    auto rows = conn.exec("SELECT version, checksum FROM schema_migrations");
    if (!rows) return unexpected(rows.error());

    std::map<std::string, std::string> applied;
    for (int i = 0; i < rows->size(); i++) {
        applied[rows->text(i, "version")] = rows->text(i, "checksum");
    }
    return applied;
}

Result<void> refuse_changed(const std::vector<Migration>& files,
                            const std::map<std::string, std::string>& applied) {
    for (const auto& file : files) {
        auto recorded = applied.find(file.version);
        if (recorded == applied.end() || recorded->second == file.checksum) {
            continue;
        }

        return unexpected(ErrorCode::invalid_argument,
                          "migration " + file.version +
                              ".sql was changed after it was applied; add a "
                              "new migration instead",
                          "recorded checksum " + recorded->second +
                              ", file has " + file.checksum);
    }
    return {};
}

Result<void> apply_one(detail::PgConn& conn, const Migration& file) {
    auto applied = detail::run_transaction(conn, [&](Conn&) -> Result<void> {
        auto ran = conn.exec_script(file.sql);
        if (!ran) return ran;

        auto recorded = conn.exec(
            "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)",
            {file.version, file.checksum});
        if (!recorded) return unexpected(recorded.error());

        return {};
    });

    if (applied) return applied;

    Error error = applied.error();
    error.detail = "applying " + file.version + ".sql: " + error.detail;
    return unexpected(std::move(error));
}

Result<std::vector<std::string>> migrate_locked(
    detail::PgConn& conn, const std::vector<Migration>& files) {
    auto applied = read_applied(conn);
    if (!applied) return unexpected(applied.error());

    auto unchanged = refuse_changed(files, applied.value());
    if (!unchanged) return unexpected(unchanged.error());

    std::vector<std::string> done;
    for (const auto& file : files) {
        if (applied->count(file.version)) continue;

        auto ok = apply_one(conn, file);
        if (!ok) return unexpected(ok.error());
        done.push_back(file.version);
    }
    return done;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(),
               nullptr);

    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; i++) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0x0f];
    }
    return hex;
}

Result<std::vector<std::string>> apply_migrations(Pool& pool,
                                                  const std::string& sql_dir) {
    auto files = read_migrations(sql_dir);
    if (!files) return unexpected(files.error());

    auto distinct = refuse_duplicate_numbers(files.value());
    if (!distinct) return unexpected(distinct.error());

    // The lock is held by a session, so all steps share one connection.
    Result<std::vector<std::string>> outcome = std::vector<std::string>{};
    auto* pg = dynamic_cast<detail::PgPool*>(&pool);
    if (!pg) {
        return unexpected(ErrorCode::internal, "migrations need a real pool",
                          "apply_migrations called with a foreign Pool");
    }

    auto ran = pg->with_connection([&](detail::PgConn& conn) -> Result<void> {
        auto locked = conn.exec("SELECT pg_advisory_lock($1)", {kLockKey});
        if (!locked) return unexpected(locked.error());

        outcome = migrate_locked(conn, files.value());

        auto unlocked = conn.exec("SELECT pg_advisory_unlock($1)", {kLockKey});
        (void)unlocked;
        return {};
    });

    if (!ran) return unexpected(ran.error());
    return outcome;
}

}  // namespace cc::db
