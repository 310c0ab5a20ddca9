// PostgreSQL access: a pool of libpq connections, prepared statements
// cached per connection, and transactions.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct pg_result;
struct pg_conn;

namespace cc::db {

// One query parameter; std::nullopt is SQL NULL.
class Param {
  public:
    Param(std::nullopt_t) {}
    Param(std::string_view s) : text_(std::string(s)) {}
    Param(const std::string& s) : text_(s) {}
    Param(const char* s) : text_(std::string(s)) {}
    Param(int64_t v) : text_(std::to_string(v)) {}
    Param(int v) : text_(std::to_string(v)) {}
    Param(bool v) : text_(v ? "t" : "f") {}
    Param(std::optional<std::string> s) : text_(std::move(s)) {}

    const std::optional<std::string>& text() const { return text_; }

  private:
    std::optional<std::string> text_;
};

// Rows of one result, owning the PGresult. Columns are addressed by name.
class Rows {
  public:
    explicit Rows(pg_result* res);
    Rows(Rows&&) noexcept;
    Rows& operator=(Rows&&) noexcept;
    ~Rows();

    int size() const;
    bool empty() const { return size() == 0; }
    int64_t affected() const;  // rows touched by INSERT/UPDATE/DELETE

    bool is_null(int row, const char* column) const;
    std::string text(int row, const char* column) const;  // "" when NULL
    std::optional<std::string> opt_text(int row, const char* column) const;
    int64_t integer(int row, const char* column) const;  // 0 when NULL
    bool boolean(int row, const char* column) const;

  private:
    int column_index(const char* column) const;

    pg_result* res_ = nullptr;
};

// A connection leased from the pool. Statements are prepared once per
// connection, keyed by their SQL text.
class Conn {
  public:
    virtual ~Conn() = default;

    // Runs one statement; errors: unavailable (connection lost),
    // conflict (unique/exclusion violation, SQLSTATE 23505/23P01),
    // invalid_argument (other constraint violations), internal (the rest).
    virtual Result<Rows> exec(std::string_view sql,
                              std::initializer_list<Param> params = {}) = 0;
    virtual Result<Rows> exec(std::string_view sql,
                              const std::vector<Param>& params) = 0;
};

class Pool {
  public:
    // Opens lazily: connections are made on first use and re-made after
    // a failure, so a restarted PostgreSQL is picked up by itself.
    static std::unique_ptr<Pool> create(std::string conninfo, int size);
    virtual ~Pool() = default;

    // One statement on any free connection (autocommit).
    virtual Result<Rows> exec(std::string_view sql,
                              std::initializer_list<Param> params = {}) = 0;
    virtual Result<Rows> exec(std::string_view sql,
                              const std::vector<Param>& params) = 0;

    // Runs `work` inside BEGIN ... COMMIT on one connection; an error
    // result (or a failed COMMIT) rolls back. Serialization failures
    // (40001, 40P01) are retried up to three times.
    virtual Result<void> transaction(
        const std::function<Result<void>(Conn&)>& work) = 0;

    // Probes the database (SELECT 1); used by health checks.
    virtual Result<void> ping() = 0;
};

}  // namespace cc::db
