// Rows: read access to one PGresult by row number and column name.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include <libpq-fe.h>

#include "db/db.h"

namespace cc::db {

Rows::Rows(pg_result* res) : res_(res) {}

Rows::Rows(Rows&& other) noexcept : res_(std::exchange(other.res_, nullptr)) {}

Rows& Rows::operator=(Rows&& other) noexcept {
    if (this != &other) {
        PQclear(res_);
        res_ = std::exchange(other.res_, nullptr);
    }
    return *this;
}

Rows::~Rows() { PQclear(res_); }

int Rows::size() const { return res_ ? PQntuples(res_) : 0; }

int64_t Rows::affected() const {
    const char* text = res_ ? PQcmdTuples(res_) : "";

    int64_t count = 0;
    std::from_chars(text, text + std::char_traits<char>::length(text), count);
    return count;
}

// A wrong column name or row number is a bug in the caller's SQL, not a
// runtime condition, so it stops the program with the name in the message.
int Rows::column_index(const char* column) const {
    int index = res_ ? PQfnumber(res_, column) : -1;
    if (index < 0) {
        fprintf(stderr, "cc::db::Rows: no column named %s\n", column);
        std::abort();
    }

    return index;
}

bool Rows::is_null(int row, const char* column) const {
    int index = column_index(column);

    if (row < 0 || row >= size()) {
        fprintf(stderr, "cc::db::Rows: row %d out of %d\n", row, size());
        std::abort();
    }

    return PQgetisnull(res_, row, index) != 0;
}

std::string Rows::text(int row, const char* column) const {
    if (is_null(row, column)) return {};

    return PQgetvalue(res_, row, column_index(column));
}

std::optional<std::string> Rows::opt_text(int row, const char* column) const {
    if (is_null(row, column)) return std::nullopt;

    return text(row, column);
}

int64_t Rows::integer(int row, const char* column) const {
    std::string value = text(row, column);

    int64_t number = 0;
    std::from_chars(value.data(), value.data() + value.size(), number);
    return number;
}

bool Rows::boolean(int row, const char* column) const {
    return text(row, column) == "t";
}

}  // namespace cc::db
