// The connection pool: leases connections to one thread at a time and runs
// statements and transactions on them.
#include <utility>

#include "db/pg.h"

namespace cc::db {
namespace detail {
namespace {

constexpr int kTransactionAttempts = 3;

// How long a caller waits for a free connection before giving up.
constexpr std::chrono::seconds kLeaseWait{10};

bool retryable(std::string_view sqlstate) {
    return sqlstate == "40001" || sqlstate == "40P01";
}

}  // namespace

// Gives the connection back to the pool when it goes out of scope.
class PgPool::Lease {
  public:
    Lease(PgPool& pool, std::unique_ptr<PgConn> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.release(std::move(conn_)); }

    PgConn& conn() { return *conn_; }

  private:
    PgPool& pool_;
    std::unique_ptr<PgConn> conn_;
};

Result<void> run_transaction(PgConn& conn,
                             const std::function<Result<void>(Conn&)>& work) {
    for (int attempt = 1;; attempt++) {
        auto begun = conn.exec_script("BEGIN");
        if (!begun) return begun;

        conn.set_in_transaction(true);
        Result<void> done = work(conn);
        conn.set_in_transaction(false);

        if (done) {
            auto committed = conn.exec_script("COMMIT");
            if (committed) return committed;

            done = unexpected(committed.error());
        }

        // Read the SQLSTATE before ROLLBACK clears it.
        std::string sqlstate = conn.last_sqlstate();

        auto rolled_back = conn.exec_script("ROLLBACK");
        (void)rolled_back;

        if (!retryable(sqlstate) || attempt == kTransactionAttempts) {
            return done;
        }
    }
}

PgPool::PgPool(std::string conninfo, int size) {
    for (int i = 0; i < size; i++) {
        idle_.push_back(std::make_unique<PgConn>(conninfo));
    }
}

Result<std::unique_ptr<PgConn>> PgPool::acquire() {
    std::unique_lock lock(mutex_);

    bool free = available_.wait_for(lock, kLeaseWait,
                                    [this] { return !idle_.empty(); });
    if (!free) {
        return unexpected(ErrorCode::unavailable, "the database is busy",
                          "no free connection in the pool after 10 s");
    }

    std::unique_ptr<PgConn> conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
}

void PgPool::release(std::unique_ptr<PgConn> conn) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(conn));
    }

    available_.notify_one();
}

Result<void> PgPool::with_connection(
    const std::function<Result<void>(PgConn&)>& work) {
    auto conn = acquire();
    if (!conn) return unexpected(conn.error());

    Lease lease(*this, std::move(conn.value()));

    auto connected = lease.conn().ensure_connected();
    if (!connected) return connected;

    return work(lease.conn());
}

Result<Rows> PgPool::exec(std::string_view sql,
                          std::initializer_list<Param> params) {
    return exec(sql, std::vector<Param>(params));
}

Result<Rows> PgPool::exec(std::string_view sql,
                          const std::vector<Param>& params) {
    auto conn = acquire();
    if (!conn) return unexpected(conn.error());

    Lease lease(*this, std::move(conn.value()));
    return lease.conn().exec(sql, params);
}

Result<void> PgPool::transaction(
    const std::function<Result<void>(Conn&)>& work) {
    auto conn = acquire();
    if (!conn) return unexpected(conn.error());

    Lease lease(*this, std::move(conn.value()));
    return run_transaction(lease.conn(), work);
}

Result<void> PgPool::ping() {
    auto rows = exec("SELECT 1");
    if (!rows) return unexpected(rows.error());

    return {};
}

}  // namespace detail

std::unique_ptr<Pool> Pool::create(std::string conninfo, int size) {
    return std::make_unique<detail::PgPool>(std::move(conninfo),
                                            size < 1 ? 1 : size);
}

}  // namespace cc::db
