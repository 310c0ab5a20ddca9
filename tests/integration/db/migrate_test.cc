// The migration runner against a real server, with the project's own
// sql/ files and with small files made for the test.
#include "db/migrate.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "schema_fixture.h"

namespace cc::db {
namespace {

namespace fs = std::filesystem;

class DbMigrate : public cc::testing::SchemaTest {
  protected:
    void SetUp() override {
        SchemaTest::SetUp();

        dir_ = fs::path(cc::testing::test_dir()) / ("sql-" + schema_);
        fs::create_directories(dir_);
    }

    void TearDown() override {
        fs::remove_all(dir_);

        SchemaTest::TearDown();
    }

    void write(const std::string& name, const std::string& sql) {
        std::ofstream(dir_ / name) << sql;
    }

    // Copies sql/ and returns its migrations' names in order.
    std::vector<std::string> copy_project_sql() {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(CC_SOURCE_DIR "/sql")) {
            fs::copy_file(entry.path(), dir_ / entry.path().filename());
            names.push_back(entry.path().stem().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    fs::path dir_;
};

TEST_F(DbMigrate, AppliesTheProjectSchemaOnceAndRecordsIt) {
    std::vector<std::string> names = copy_project_sql();

    auto first = apply_migrations(*pool_, dir_);
    ASSERT_TRUE(first) << first.error().detail;
    auto second = apply_migrations(*pool_, dir_);
    ASSERT_TRUE(second) << second.error().detail;

    ASSERT_GE(names.size(), 2u);
    EXPECT_EQ(first.value(), names);
    EXPECT_TRUE(second->empty());

    auto recorded = pool_->exec(
        "SELECT version, checksum, applied_at FROM schema_migrations"
        " ORDER BY version");
    ASSERT_TRUE(recorded);
    ASSERT_EQ(recorded->size(), static_cast<int>(names.size()));
    EXPECT_EQ(recorded->text(0, "checksum").size(), 64u);
    EXPECT_FALSE(recorded->is_null(0, "applied_at"));
}

TEST_F(DbMigrate, RecordsTheSha256OfEachFile) {
    write("001_one.sql", "CREATE TABLE one (id int);\n");

    ASSERT_TRUE(apply_migrations(*pool_, dir_));

    auto recorded = pool_->exec("SELECT checksum FROM schema_migrations");
    ASSERT_TRUE(recorded);
    EXPECT_EQ(recorded->text(0, "checksum"),
              sha256_hex("CREATE TABLE one (id int);\n"));
}

TEST_F(DbMigrate, AppliesOnlyNewFilesInOrder) {
    write("001_one.sql", "CREATE TABLE one (id int);");
    ASSERT_TRUE(apply_migrations(*pool_, dir_));

    write("003_three.sql", "ALTER TABLE two ADD COLUMN c int;");
    write("002_two.sql", "CREATE TABLE two (id int);");
    auto applied = apply_migrations(*pool_, dir_);

    ASSERT_TRUE(applied) << applied.error().detail;
    EXPECT_EQ(applied.value(),
              (std::vector<std::string>{"002_two", "003_three"}));
}

TEST_F(DbMigrate, RefusesAnAppliedFileThatChanged) {
    write("001_one.sql", "CREATE TABLE one (id int);");
    ASSERT_TRUE(apply_migrations(*pool_, dir_));

    write("001_one.sql", "CREATE TABLE one (id bigint);");
    write("002_two.sql", "CREATE TABLE two (id int);");
    auto applied = apply_migrations(*pool_, dir_);

    ASSERT_FALSE(applied);
    EXPECT_EQ(applied.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(applied.error().message.find("001_one.sql was changed"),
              std::string::npos);

    // Nothing after the changed file was applied either.
    EXPECT_FALSE(pool_->exec("SELECT * FROM two"));
}

TEST_F(DbMigrate, RollsBackAFailingFileAndDoesNotRecordIt) {
    write("001_bad.sql", "CREATE TABLE half (id int);\nSELECT nonsense;");

    auto applied = apply_migrations(*pool_, dir_);

    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().detail.find("applying 001_bad.sql"),
              std::string::npos);
    EXPECT_FALSE(pool_->exec("SELECT * FROM half"));
    EXPECT_TRUE(pool_->exec("SELECT * FROM schema_migrations")->empty());
}

TEST_F(DbMigrate, RefusesBadlyNamedFiles) {
    write("1_short.sql", "SELECT 1;");

    auto applied = apply_migrations(*pool_, dir_);

    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().message.find("NNN_name.sql"), std::string::npos);
}

TEST_F(DbMigrate, RefusesTwoFilesWithOneNumber) {
    write("001_a.sql", "SELECT 1;");
    write("001_b.sql", "SELECT 1;");

    auto applied = apply_migrations(*pool_, dir_);

    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().message.find("share a number"),
              std::string::npos);
}

TEST_F(DbMigrate, RefusesAMissingFolder) {
    auto applied = apply_migrations(*pool_, dir_ / "absent");

    ASSERT_FALSE(applied);
    EXPECT_EQ(applied.error().code, ErrorCode::invalid_argument);
}

TEST_F(DbMigrate, SchemaKeepsEmailsUniqueAndNormalised) {
    copy_project_sql();
    ASSERT_TRUE(apply_migrations(*pool_, dir_));
    const char* insert =
        "INSERT INTO users (email, role) VALUES ($1, $2) RETURNING updated_at";

    auto first = pool_->exec(insert, {"ann@example.test", "student"});
    auto again = pool_->exec(insert, {"ann@example.test", "faculty"});
    auto upper = pool_->exec(insert, {"Bob@example.test", "student"});
    auto role = pool_->exec(insert, {"cy@example.test", "root"});

    ASSERT_TRUE(first) << first.error().detail;
    EXPECT_EQ(again.error().code, ErrorCode::conflict);
    EXPECT_NE(again.error().detail.find("users_email_key"), std::string::npos);
    EXPECT_EQ(upper.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(role.error().detail.find("users_role_check"), std::string::npos);
}

TEST_F(DbMigrate, SchemaRefusesAVlanTagOutOfRange) {
    copy_project_sql();
    ASSERT_TRUE(apply_migrations(*pool_, dir_));

    auto course = pool_->exec(
        "INSERT INTO courses (code, title, term, vlan_tag)"
        " VALUES ('X1', 'x', 't', $1)",
        {4095});

    ASSERT_FALSE(course);
    EXPECT_NE(course.error().detail.find("courses_vlan_tag_check"),
              std::string::npos);
}

}  // namespace
}  // namespace cc::db
