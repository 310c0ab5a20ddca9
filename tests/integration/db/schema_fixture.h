// A GoogleTest fixture giving each test its own PostgreSQL schema, so
// tests share the fixture's server without seeing each other's tables.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "db/db.h"
#include "test_servers.h"

namespace cc::testing {

class SchemaTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(test_dir().empty()) << "CC_TEST_DIR is not set";

        schema_ = unique_name("t");
        admin_ = db::Pool::create(pg_conninfo(), 1);
        auto created = admin_->exec("CREATE SCHEMA " + schema_);
        ASSERT_TRUE(created) << created.error().detail;

        pool_ = db::Pool::create(conninfo(), 3);
    }

    void TearDown() override {
        pool_.reset();

        if (admin_) (void)admin_->exec("DROP SCHEMA " + schema_ + " CASCADE");
    }

    // The fixture's conninfo with this test's schema first on the path.
    std::string conninfo() const {
        return pg_conninfo() + " options='-csearch_path=" + schema_ + "'";
    }

    std::string schema_;
    std::unique_ptr<db::Pool> admin_;
    std::unique_ptr<db::Pool> pool_;
};

}  // namespace cc::testing
