// CSV reading as spreadsheets write it: RFC 4180 quoting, a UTF-8 byte
// order mark, ',' ';' or tab delimiters (with Excel's `sep=` line), and
// CRLF, LF or lone CR line ends.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace cc::roster {

struct CsvRecord {
    int line = 0;  // the physical line the record starts on, from 1
    std::vector<std::string> fields;
};

struct CsvTable {
    char delimiter = ',';
    std::vector<CsvRecord> records;  // the header first; blank lines left out
};

// Parses `text`. Errors (all unprocessable, naming the line): text that is
// not UTF-8 (with a hint to save as "CSV UTF-8"), a quote left open at the
// end, text after a closing quote, more than `max_records` records after
// the header.
Result<CsvTable> read_csv(std::string_view text, size_t max_records);

}  // namespace cc::roster
