// A class list read from a CSV upload: the people in it, checked row by
// row, with every problem tied to the line it came from.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace cc::roster {

struct Limits {
    size_t max_bytes = 10 * 1024 * 1024;
    size_t max_rows = 20000;
};

struct Person {
    int line = 0;
    std::string email;  // normalised: trimmed, NFC, lower case
    std::string display_name;
    std::string role;  // student or faculty
};

struct LineProblem {
    int line = 0;
    std::string column;  // the header's own spelling, "" for the whole row
    std::string message;
};

struct Roster {
    char delimiter = ',';
    int rows = 0;  // data rows read, blank lines excluded
    std::vector<Person> people;
    std::vector<LineProblem> errors;

    // Rows naming someone already listed above: left out, not errors.
    std::vector<LineProblem> duplicates;

    // Header names that map to nothing ClassCloud reads.
    std::vector<std::string> ignored_columns;
};

// Reads and checks a whole upload. Errors for the upload as a whole:
// too_large (over max_bytes), unprocessable (not UTF-8, broken quoting,
// too many rows, no header, a missing e-mail column); each message names
// the limit, line or column. Problems in single rows land in `errors`.
Result<Roster> parse_roster(std::string_view file, const Limits& limits);

// "1 MiB", "10 MiB" or a byte count: limits as people read them.
std::string describe_bytes(size_t bytes);

}  // namespace cc::roster
