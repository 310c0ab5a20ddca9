// A per-test PostgreSQL schema with the migrations the provisioning code
// needs (accounts, audit, provisioning) applied.
#pragma once

#include <filesystem>
#include <string>

#include "db/migrate.h"
#include "db/schema_fixture.h"

namespace cc::testing {

class MigratedSchemaTest : public SchemaTest {
  protected:
    void SetUp() override {
        SchemaTest::SetUp();

        namespace fs = std::filesystem;
        std::string dir = test_dir() + "/" + schema_ + "-sql";
        fs::create_directories(dir);
        for (const char* name : {"001_users_courses.sql", "002_audit_log.sql",
                                 "010_provisioning.sql"}) {
            fs::copy_file(std::string(CC_SOURCE_DIR) + "/sql/" + name,
                          dir + "/" + name,
                          fs::copy_options::overwrite_existing);
        }

        auto applied = db::apply_migrations(*pool_, dir);
        ASSERT_TRUE(applied) << applied.error().detail;
    }
};

}  // namespace cc::testing
