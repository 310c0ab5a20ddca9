// A one-pass CSV reader: a small state machine over the bytes, counting
// physical lines so every problem can be reported where the user sees it.
#include "roster/csv.h"

#include <algorithm>

#include "roster/text.h"

namespace cc::roster {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

int line_of(std::string_view text, size_t offset) {
    int line = 1;
    for (size_t i = 0; i < offset && i < text.size(); i++) {
        if (text[i] == '\n') line++;
        if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) {
            line++;
        }
    }
    return line;
}

// The first line up to its line end, without it.
std::string_view first_line(std::string_view text) {
    size_t end = text.find_first_of("\r\n");
    return end == text.npos ? text : text.substr(0, end);
}

// Excel's "sep=;" line names the delimiter and is not part of the data.
bool read_sep_line(std::string_view& text, char& delimiter, int& skipped) {
    std::string_view line = first_line(text);
    if (line.size() != 5 || line.substr(0, 4) != "sep=") return false;

    delimiter = line[4];
    text.remove_prefix(line.size());
    if (!text.empty() && text.front() == '\r') text.remove_prefix(1);
    if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
    skipped = 1;
    return true;
}

// The delimiter seen most often outside quotes on the header line.
char guess_delimiter(std::string_view text) {
    std::string_view line = first_line(text);
    size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
    }

    if (semicolons > commas && semicolons >= tabs) return ';';
    if (tabs > commas && tabs > semicolons) return '\t';
    return ',';
}

bool is_blank(const CsvRecord& record) {
    return std::all_of(record.fields.begin(), record.fields.end(),
                       [](const std::string& f) { return trim(f).empty(); });
}

Error at_line(int line, const std::string& message) {
    return make_error(ErrorCode::unprocessable,
                      "line " + std::to_string(line) + ": " + message);
}

class Reader {
  public:
    Reader(std::string_view text, char delimiter, int first_line)
        : text_(text), delimiter_(delimiter), line_(first_line) {}

    Result<void> run(CsvTable& table, size_t max_records);

  private:
    // Ends a line at CR, LF or CRLF; returns how many bytes it used.
    size_t line_end(size_t i) {
        line_++;
        return text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n'
                   ? 2
                   : 1;
    }

    Result<size_t> quoted_field(size_t i, std::string& field);

    std::string_view text_;
    char delimiter_;
    int line_;
};

// Reads a quoted field starting after its opening quote; returns the
// offset just past the closing quote.
Result<size_t> Reader::quoted_field(size_t i, std::string& field) {
    int opened = line_;
    while (i < text_.size()) {
        char c = text_[i];
        if (c == '"' && i + 1 < text_.size() && text_[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
        }
        if (c == '"') return i + 1;

        if (c == '\r' || c == '\n') {
            size_t used = line_end(i);
            field += '\n';
            i += used;
            continue;
        }
        field += c;
        i++;
    }
    return unexpected(at_line(opened, "a quoted field is never closed"));
}

Result<void> Reader::run(CsvTable& table, size_t max_records) {
    CsvRecord record{line_, {}};
    std::string field;
    size_t i = 0;

    while (i <= text_.size()) {
        bool at_end = i == text_.size();
        char c = at_end ? '\n' : text_[i];

        if (c == '"' && field.empty()) {
            auto after = quoted_field(i + 1, field);
            if (!after) return unexpected(after.error());

            i = *after;
            bool next_ok = i == text_.size() || text_[i] == delimiter_ ||
                           text_[i] == '\r' || text_[i] == '\n';
            if (!next_ok) {
                return unexpected(at_line(line_, "text after a closing quote"));
            }
            continue;
        }

        if (c == delimiter_) {
            record.fields.push_back(std::move(field));
            field.clear();
            i++;
            continue;
        }

        if (c == '\r' || c == '\n') {
            record.fields.push_back(std::move(field));
            field.clear();
            if (!is_blank(record)) table.records.push_back(std::move(record));
            // The header is a record too, hence the + 1.
            if (table.records.size() > max_records + 1) {
                return unexpected(ErrorCode::unprocessable,
                                  "the file has more than " +
                                      std::to_string(max_records) +
                                      " rows, the limit per upload");
            }

            i += at_end ? 1 : line_end(i);
            record = CsvRecord{line_, {}};
            continue;
        }

        field += c;
        i++;
    }
    return {};
}

}  // namespace

Result<CsvTable> read_csv(std::string_view text, size_t max_records) {
    if (auto bad = find_invalid_utf8(text)) {
        return unexpected(
            at_line(line_of(text, *bad),
                    "the file is not UTF-8 text; in Excel choose Save As > "
                    "\"CSV UTF-8 (Comma delimited)\" and upload it again"));
    }

    if (text.starts_with(kBom)) text.remove_prefix(kBom.size());

    CsvTable table;
    int skipped = 0;
    if (!read_sep_line(text, table.delimiter, skipped)) {
        table.delimiter = guess_delimiter(text);
    }

    Reader reader(text, table.delimiter, 1 + skipped);
    auto read = reader.run(table, max_records);
    if (!read) return unexpected(read.error());

    return table;
}

}  // namespace cc::roster
