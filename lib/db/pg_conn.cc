// One libpq connection: lazy connect, prepared statements cached by SQL
// text, and the mapping of SQLSTATEs to ClassCloud error codes.
#include <cerrno>
#include <string>
#include <utility>

#include <libpq-fe.h>
#include <sys/socket.h>

#include "db/pg.h"

namespace cc::db::detail {
namespace {

struct PgResultCloser {
    void operator()(PGresult* res) const { PQclear(res); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultCloser>;

constexpr const char* kUnavailable = "the database is unavailable";

std::string trim_message(const char* text) {
    std::string message = text ? text : "";

    while (!message.empty() &&
           (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message;
}

// The first line of a statement is enough to find it in the code.
std::string abbreviate(std::string_view sql) {
    std::string_view line = sql.substr(0, sql.find('\n'));

    if (line.size() > 60) return std::string(line.substr(0, 60)) + "...";
    return std::string(line);
}

bool connection_lost(std::string_view sqlstate) {
    return sqlstate.starts_with("08") || sqlstate == "57P01" ||
           sqlstate == "57P02" || sqlstate == "57P03";
}

ErrorCode code_for(std::string_view sqlstate) {
    if (sqlstate == "23505" || sqlstate == "23P01") return ErrorCode::conflict;

    if (sqlstate.starts_with("23")) return ErrorCode::invalid_argument;

    // Still failing after the transaction's retries: contention, try later.
    if (sqlstate == "40001" || sqlstate == "40P01") {
        return ErrorCode::unavailable;
    }

    return ErrorCode::internal;
}

std::string message_for(ErrorCode code) {
    switch (code) {
        case ErrorCode::conflict:
            return "a record with these values already exists";
        case ErrorCode::invalid_argument:
            return "the values break a rule of the database";
        case ErrorCode::unavailable:
            return kUnavailable;
        default:
            return "a database query failed";
    }
}

// A server that went away while we sat idle shows up only on a read: its
// goodbye message first, then the end of the stream.
bool still_open(PGconn* conn) {
    if (PQstatus(conn) != CONNECTION_OK || PQconsumeInput(conn) != 1) {
        return false;
    }

    char byte = 0;
    ssize_t got = recv(PQsocket(conn), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (got == 0) return false;

    return got > 0 || errno == EAGAIN || errno == EWOULDBLOCK;
}

// Notices ("relation already exists, skipping") and the server's goodbye
// would otherwise go to stderr as bare text beside our JSON log lines.
void ignore_notice(void*, const char*) {}

}  // namespace

void PgConnCloser::operator()(pg_conn* conn) const { PQfinish(conn); }

void PgConn::drop() {
    conn_.reset();

    statements_.clear();
}

Result<void> PgConn::ensure_connected() {
    if (conn_ && still_open(conn_.get())) return {};

    drop();

    if (in_transaction_) {
        return unexpected(ErrorCode::unavailable, kUnavailable,
                          "connection lost inside a transaction");
    }

    // Later keywords win, so the operator's conninfo overrides our defaults.
    const char* keys[] = {"connect_timeout", "application_name", "dbname",
                          nullptr};
    const char* values[] = {"5", "classcloud", conninfo_.c_str(), nullptr};
    PgConnPtr conn(PQconnectdbParams(keys, values, 1));

    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
        std::string why =
            conn ? trim_message(PQerrorMessage(conn.get())) : "out of memory";
        return unexpected(ErrorCode::unavailable, kUnavailable,
                          "connecting to PostgreSQL: " + why);
    }

    PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
    conn_ = std::move(conn);
    return {};
}

Error PgConn::fail(std::string_view doing, std::string_view sql,
                   pg_result* res) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : "";
    last_sqlstate_ = state ? state : "";

    std::string libpq = trim_message(res ? PQresultErrorMessage(res)
                                         : PQerrorMessage(conn_.get()));
    const char* constraint =
        res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr;

    ErrorCode code = code_for(last_sqlstate_);
    if (PQstatus(conn_.get()) != CONNECTION_OK ||
        connection_lost(last_sqlstate_)) {
        code = ErrorCode::unavailable;
        drop();
    }

    std::string detail =
        std::string(doing) + " `" + abbreviate(sql) + "`: SQLSTATE " +
        (last_sqlstate_.empty() ? "none" : last_sqlstate_) + ": " + libpq;
    if (constraint) detail += " (constraint " + std::string(constraint) + ")";

    return make_error(code, message_for(code), std::move(detail));
}

Result<std::string> PgConn::prepare(std::string_view sql) {
    std::string text(sql);

    auto found = statements_.find(text);
    if (found != statements_.end()) return found->second;

    std::string name = "cc_" + std::to_string(statements_.size() + 1);
    PgResultPtr res(
        PQprepare(conn_.get(), name.c_str(), text.c_str(), 0, nullptr));

    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        return unexpected(fail("preparing", sql, res.get()));
    }

    statements_.emplace(std::move(text), name);
    return name;
}

Result<Rows> PgConn::run(std::string_view sql, const Param* params,
                         size_t count) {
    auto connected = ensure_connected();
    if (!connected) return unexpected(connected.error());

    auto name = prepare(sql);
    if (!name) return unexpected(name.error());

    std::vector<const char*> values(count);
    for (size_t i = 0; i < count; i++) {
        const auto& text = params[i].text();
        values[i] = text ? text->c_str() : nullptr;
    }

    PgResultPtr res(PQexecPrepared(conn_.get(), name->c_str(),
                                   static_cast<int>(count), values.data(),
                                   nullptr, nullptr, 0));

    ExecStatusType status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        return unexpected(fail("running", sql, res.get()));
    }

    last_sqlstate_.clear();
    return Rows(res.release());
}

Result<Rows> PgConn::exec(std::string_view sql,
                          std::initializer_list<Param> params) {
    return run(sql, params.begin(), params.size());
}

Result<Rows> PgConn::exec(std::string_view sql,
                          const std::vector<Param>& params) {
    return run(sql, params.data(), params.size());
}

Result<void> PgConn::exec_script(std::string_view sql) {
    auto connected = ensure_connected();
    if (!connected) return connected;

    std::string text(sql);
    PgResultPtr res(PQexec(conn_.get(), text.c_str()));

    ExecStatusType status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
        status != PGRES_EMPTY_QUERY) {
        return unexpected(fail("running script", sql, res.get()));
    }

    last_sqlstate_.clear();
    return {};
}

}  // namespace cc::db::detail
