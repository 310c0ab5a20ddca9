// The PostgreSQL pool against a real server: parameters, NULLs, error
// mapping, transactions and concurrent use.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/db.h"
#include "schema_fixture.h"

namespace cc::db {
namespace {

using DbPool = cc::testing::SchemaTest;

constexpr const char* kCreateItems =
    "CREATE TABLE items (id bigserial PRIMARY KEY,"
    " name text NOT NULL CONSTRAINT items_name_key UNIQUE,"
    " note text, flag boolean NOT NULL DEFAULT false,"
    " size integer CONSTRAINT items_size_check CHECK (size >= 0))";

TEST_F(DbPool, RunsStatementsWithParametersAndNulls) {
    ASSERT_TRUE(pool_->exec(kCreateItems));

    auto inserted = pool_->exec(
        "INSERT INTO items (name, note, flag, size) VALUES ($1, $2, $3, $4)"
        " RETURNING id",
        {"first", std::nullopt, true, int64_t{42}});
    ASSERT_TRUE(inserted) << inserted.error().detail;
    int64_t id = inserted->integer(0, "id");
    EXPECT_GT(id, 0);

    auto rows = pool_->exec("SELECT * FROM items WHERE id = $1", {id});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1);
    EXPECT_EQ(rows->text(0, "name"), "first");
    EXPECT_TRUE(rows->is_null(0, "note"));
    EXPECT_EQ(rows->opt_text(0, "note"), std::nullopt);
    EXPECT_EQ(rows->text(0, "note"), "");
    EXPECT_TRUE(rows->boolean(0, "flag"));
    EXPECT_EQ(rows->integer(0, "size"), 42);
}

TEST_F(DbPool, CountsAffectedRows) {
    ASSERT_TRUE(pool_->exec(kCreateItems));
    ASSERT_TRUE(pool_->exec("INSERT INTO items (name) VALUES ('a'), ('b')"));

    auto updated = pool_->exec("UPDATE items SET note = $1", {"x"});

    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->affected(), 2);
    EXPECT_TRUE(updated->empty());
}

TEST_F(DbPool, MapsUniqueViolationToConflictWithSafeMessage) {
    ASSERT_TRUE(pool_->exec(kCreateItems));
    ASSERT_TRUE(pool_->exec("INSERT INTO items (name) VALUES ($1)", {"dup"}));

    auto again = pool_->exec("INSERT INTO items (name) VALUES ($1)", {"dup"});

    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::conflict);
    EXPECT_EQ(again.error().message.find("duplicate"), std::string::npos);
    EXPECT_NE(again.error().detail.find("23505"), std::string::npos);
    EXPECT_NE(again.error().detail.find("items_name_key"), std::string::npos);
}

TEST_F(DbPool, MapsCheckViolationToInvalidArgument) {
    ASSERT_TRUE(pool_->exec(kCreateItems));

    auto negative = pool_->exec(
        "INSERT INTO items (name, size) VALUES ($1, $2)", {"n", -1});

    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(negative.error().detail.find("items_size_check"),
              std::string::npos);
}

TEST_F(DbPool, MapsSyntaxErrorToInternal) {
    auto broken = pool_->exec("SELEC 1");

    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, ErrorCode::internal);
    EXPECT_NE(broken.error().detail.find("42601"), std::string::npos);
}

TEST_F(DbPool, CommitsWhenWorkSucceeds) {
    ASSERT_TRUE(pool_->exec(kCreateItems));

    auto done = pool_->transaction([](Conn& conn) -> Result<void> {
        auto a = conn.exec("INSERT INTO items (name) VALUES ('a')");
        if (!a) return unexpected(a.error());
        auto b = conn.exec("INSERT INTO items (name) VALUES ('b')");
        if (!b) return unexpected(b.error());
        return {};
    });

    ASSERT_TRUE(done) << done.error().detail;
    EXPECT_EQ(pool_->exec("SELECT * FROM items")->size(), 2);
}

TEST_F(DbPool, RollsBackWhenWorkReturnsAnError) {
    ASSERT_TRUE(pool_->exec(kCreateItems));

    auto done = pool_->transaction([](Conn& conn) -> Result<void> {
        auto a = conn.exec("INSERT INTO items (name) VALUES ('a')");
        if (!a) return unexpected(a.error());
        return unexpected(ErrorCode::forbidden, "changed my mind");
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, ErrorCode::forbidden);
    EXPECT_TRUE(pool_->exec("SELECT * FROM items")->empty());
}

TEST_F(DbPool, RollsBackWhenAStatementFails) {
    ASSERT_TRUE(pool_->exec(kCreateItems));

    auto done = pool_->transaction([](Conn& conn) -> Result<void> {
        auto a = conn.exec("INSERT INTO items (name) VALUES ('a')");
        if (!a) return unexpected(a.error());
        auto b = conn.exec("INSERT INTO items (name) VALUES ('a')");
        if (!b) return unexpected(b.error());
        return {};
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, ErrorCode::conflict);
    EXPECT_TRUE(pool_->exec("SELECT * FROM items")->empty());

    // The connection is usable again after the rollback.
    EXPECT_TRUE(pool_->exec("SELECT 1"));
}

constexpr const char* kRaiseSerializationFailure =
    "DO $$BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE ="
    " 'serialization_failure'; END$$";

TEST_F(DbPool, RetriesASerializationFailure) {
    ASSERT_TRUE(pool_->exec(kCreateItems));
    int attempts = 0;

    auto done = pool_->transaction([&](Conn& conn) -> Result<void> {
        attempts++;
        auto a = conn.exec("INSERT INTO items (name) VALUES ('once')");
        if (!a) return unexpected(a.error());
        if (attempts > 1) return {};

        auto raised = conn.exec(kRaiseSerializationFailure);
        return unexpected(raised.error());
    });

    ASSERT_TRUE(done) << done.error().detail;
    EXPECT_EQ(attempts, 2);
    EXPECT_EQ(pool_->exec("SELECT * FROM items")->size(), 1);
}

TEST_F(DbPool, GivesUpAfterThreeSerializationFailures) {
    int attempts = 0;

    auto done = pool_->transaction([&](Conn& conn) -> Result<void> {
        attempts++;
        auto raised = conn.exec(kRaiseSerializationFailure);
        return unexpected(raised.error());
    });

    ASSERT_FALSE(done);
    EXPECT_EQ(attempts, 3);
    EXPECT_EQ(done.error().code, ErrorCode::unavailable);
}

TEST_F(DbPool, ServesManyThreadsWithFewerConnections) {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;

    for (int t = 0; t < 8; t++) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; i++) {
                auto rows =
                    pool_->exec("SELECT $1::int + $2::int AS sum", {t, i});
                if (!rows || rows->integer(0, "sum") != t + i) failures++;
            }
        });
    }
    for (auto& thread : threads) thread.join();

    EXPECT_EQ(failures.load(), 0);
}

TEST_F(DbPool, PingsTheServer) { EXPECT_TRUE(pool_->ping()); }

TEST(DbPoolWithoutServer, ReportsUnavailable) {
    std::string nowhere = cc::testing::test_dir() + "/no-server-here";
    auto pool = Pool::create("host=" + nowhere + " dbname=classcloud", 1);

    auto rows = pool->exec("SELECT 1");

    ASSERT_FALSE(rows);
    EXPECT_EQ(rows.error().code, ErrorCode::unavailable);
    EXPECT_EQ(rows.error().message, "the database is unavailable");
}

}  // namespace
}  // namespace cc::db
