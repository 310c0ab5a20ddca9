// Internals of cc_db shared by the pool and the migration runner: one libpq
// connection, the transaction loop and the pool that leases connections.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/db.h"

namespace cc::db::detail {

struct PgConnCloser {
    void operator()(pg_conn* conn) const;
};
using PgConnPtr = std::unique_ptr<pg_conn, PgConnCloser>;

// One connection, made lazily and re-made after it breaks. Not thread-safe:
// the pool hands it to one thread at a time.
class PgConn final : public Conn {
  public:
    explicit PgConn(const std::string& conninfo) : conninfo_(conninfo) {}

    Result<Rows> exec(std::string_view sql,
                      std::initializer_list<Param> params = {}) override;
    Result<Rows> exec(std::string_view sql,
                      const std::vector<Param>& params) override;

    // Runs SQL text that may hold several statements, without parameters
    // (migration files); nothing is prepared or cached.
    Result<void> exec_script(std::string_view sql);

    // Connects when there is no live connection; errors: unavailable.
    Result<void> ensure_connected();

    // SQLSTATE of the last failed statement ("" after a success).
    const std::string& last_sqlstate() const { return last_sqlstate_; }

    // Inside a transaction a lost connection is not silently re-made, so
    // later statements cannot run outside it in autocommit.
    void set_in_transaction(bool inside) { in_transaction_ = inside; }

  private:
    Result<Rows> run(std::string_view sql, const Param* params, size_t count);
    Result<std::string> prepare(std::string_view sql);
    Error fail(std::string_view doing, std::string_view sql, pg_result* res);
    void drop();

    std::string conninfo_;
    PgConnPtr conn_;
    std::unordered_map<std::string, std::string> statements_;
    std::string last_sqlstate_;
    bool in_transaction_ = false;
};

// BEGIN, work, COMMIT on one connection; rolls back on any error and
// retries serialization failures and deadlocks up to three times.
Result<void> run_transaction(PgConn& conn,
                             const std::function<Result<void>(Conn&)>& work);

class PgPool final : public Pool {
  public:
    PgPool(std::string conninfo, int size);

    Result<Rows> exec(std::string_view sql,
                      std::initializer_list<Param> params = {}) override;
    Result<Rows> exec(std::string_view sql,
                      const std::vector<Param>& params) override;
    Result<void> transaction(
        const std::function<Result<void>(Conn&)>& work) override;
    Result<void> ping() override;

    // Leases one connected connection for the whole of `work` (session
    // state such as advisory locks); errors: unavailable.
    Result<void> with_connection(
        const std::function<Result<void>(PgConn&)>& work);

  private:
    class Lease;

    Result<std::unique_ptr<PgConn>> acquire();
    void release(std::unique_ptr<PgConn> conn);

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<PgConn>> idle_;
};

}  // namespace cc::db::detail
