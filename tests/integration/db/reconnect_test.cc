// The pool survives a PostgreSQL restart: unavailable while it is down,
// working again by itself once it is back.
#include <gtest/gtest.h>

#include "db/db.h"
#include "test_servers.h"

namespace cc::db {
namespace {

using cc::testing::pg_conninfo;
using cc::testing::servers_script;

TEST(DbReconnect, ReportsUnavailableWhileDownAndRecoversAfterRestart) {
    auto pool = Pool::create(pg_conninfo(), 1);
    ASSERT_TRUE(pool->ping());

    ASSERT_EQ(servers_script("pg-stop"), 0);
    auto down = pool->exec("SELECT 1");

    ASSERT_EQ(servers_script("pg-start"), 0);
    auto up = pool->exec("SELECT 1");

    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().code, ErrorCode::unavailable);
    EXPECT_TRUE(up) << up.error().detail;
}

TEST(DbReconnect, IdleConnectionIsRemadeAfterARestart) {
    auto pool = Pool::create(pg_conninfo(), 1);
    ASSERT_TRUE(pool->exec("SELECT $1::int AS n", {1}));

    ASSERT_EQ(servers_script("pg-stop"), 0);
    ASSERT_EQ(servers_script("pg-start"), 0);

    // The old connection died while idle; the first query must not fail.
    auto rows = pool->exec("SELECT $1::int AS n", {2});

    ASSERT_TRUE(rows) << rows.error().detail;
    EXPECT_EQ(rows->integer(0, "n"), 2);
}

TEST(DbReconnect, TransactionFailsCleanlyWhileDown) {
    auto pool = Pool::create(pg_conninfo(), 1);

    ASSERT_EQ(servers_script("pg-stop"), 0);
    auto done = pool->transaction([](Conn&) -> Result<void> { return {}; });
    ASSERT_EQ(servers_script("pg-start"), 0);

    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, ErrorCode::unavailable);
    EXPECT_TRUE(pool->ping());
}

}  // namespace
}  // namespace cc::db
