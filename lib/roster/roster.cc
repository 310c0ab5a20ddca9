// From CSV records to people: the header mapped through aliases, each row
// checked, and the same person listed twice folded into one.
#include "roster/roster.h"

#include <array>
#include <optional>
#include <unordered_map>

#include "roster/csv.h"
#include "roster/text.h"

namespace cc::roster {
namespace {

constexpr size_t kMaxNameChars = 200;

enum class Column { email, name, first_name, last_name, role };

struct Alias {
    std::string_view key;
    Column column;
};

// Header names after dropping case, spaces, '-', '_' and '.'.
constexpr std::array<Alias, 27> kAliases = {{
    {"email", Column::email},
    {"mail", Column::email},
    {"emailaddress", Column::email},
    {"mailaddress", Column::email},
    {"studentemail", Column::email},
    {"courriel", Column::email},
    {"adressemail", Column::email},
    {"name", Column::name},
    {"fullname", Column::name},
    {"displayname", Column::name},
    {"studentname", Column::name},
    {"firstname", Column::first_name},
    {"givenname", Column::first_name},
    {"forename", Column::first_name},
    {"first", Column::first_name},
    {"prenom", Column::first_name},
    {"vorname", Column::first_name},
    {"lastname", Column::last_name},
    {"surname", Column::last_name},
    {"familyname", Column::last_name},
    {"last", Column::last_name},
    {"nom", Column::last_name},
    {"nachname", Column::last_name},
    {"role", Column::role},
    {"type", Column::role},
    {"courserole", Column::role},
    {"enrollmentrole", Column::role},
}};

// Lower-cased ASCII with separators dropped; "E-Mail Address" -> emailaddress.
std::string header_key(std::string_view name) {
    std::string key;
    for (char c : trim(name)) {
        if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t') continue;
        key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }

    // "Prénom" and "Prenom" are the same column.
    size_t e = key.find("\xC3\xA9");
    if (e != key.npos) key.replace(e, 2, "e");
    return key;
}

struct Header {
    std::array<std::optional<size_t>, 5> index;  // by Column
    std::array<std::string, 5> spelling;
    std::vector<std::string> ignored;

    const std::optional<size_t>& at(Column c) const {
        return index[static_cast<size_t>(c)];
    }
};

Header map_header(const std::vector<std::string>& names) {
    Header header;
    for (size_t i = 0; i < names.size(); i++) {
        std::string key = header_key(names[i]);
        bool known = false;
        for (const Alias& alias : kAliases) {
            if (alias.key != key) continue;

            auto slot = static_cast<size_t>(alias.column);
            if (!header.index[slot]) {
                header.index[slot] = i;
                header.spelling[slot] = std::string(trim(names[i]));
            }
            known = true;
        }
        if (!known && !key.empty()) header.ignored.push_back(names[i]);
    }
    return header;
}

std::string field(const std::vector<std::string>& fields,
                  const std::optional<size_t>& index) {
    if (!index || *index >= fields.size()) return {};

    return std::string(trim(fields[*index]));
}

// An empty role is a student; teachers and instructors are faculty.
std::optional<std::string> read_role(std::string_view text) {
    std::string key = header_key(text);
    if (key.empty() || key == "student" || key == "learner") return "student";
    if (key == "faculty" || key == "teacher" || key == "instructor" ||
        key == "professor" || key == "ta") {
        return "faculty";
    }
    return std::nullopt;
}

std::optional<std::string> name_problem(const std::string& name) {
    if (has_control_character(name)) {
        return "the name contains a control character (a tab, line break "
               "or invisible character)";
    }
    if (count_code_points(name) > kMaxNameChars) {
        return "the name is longer than 200 characters";
    }
    return std::nullopt;
}

class RowChecker {
  public:
    RowChecker(const Header& header, Roster& roster)
        : header_(header), roster_(roster) {}

    void check(const CsvRecord& record, size_t header_width);

  private:
    void fail(int line, Column column, std::string message) {
        std::string name = header_.spelling[static_cast<size_t>(column)];
        roster_.errors.push_back({line, std::move(name), std::move(message)});
    }

    std::string display_name(const std::vector<std::string>& fields) const;

    const Header& header_;
    Roster& roster_;
    std::unordered_map<std::string, int> seen_;  // email -> first line
};

std::string RowChecker::display_name(
    const std::vector<std::string>& fields) const {
    std::string name = field(fields, header_.at(Column::name));
    if (!name.empty()) return name;

    std::string first = field(fields, header_.at(Column::first_name));
    std::string last = field(fields, header_.at(Column::last_name));
    if (first.empty() || last.empty()) return first + last;

    return first + " " + last;
}

void RowChecker::check(const CsvRecord& record, size_t header_width) {
    roster_.rows++;
    if (record.fields.size() > header_width) {
        roster_.errors.push_back(
            {record.line, "",
             "the row has " + std::to_string(record.fields.size()) +
                 " fields but the header has " + std::to_string(header_width) +
                 "; put a field holding the delimiter in double quotes"});
        return;
    }

    std::string raw = field(record.fields, header_.at(Column::email));
    auto email = normalise_email(raw);
    if (!email) return fail(record.line, Column::email, email.error().message);

    if (auto problem = email_problem(*email)) {
        return fail(record.line, Column::email, *problem);
    }

    std::string name = display_name(record.fields);
    if (auto problem = name_problem(name)) {
        Column c = header_.at(Column::name) ? Column::name : Column::first_name;
        return fail(record.line, c, *problem);
    }

    auto role = read_role(field(record.fields, header_.at(Column::role)));
    if (!role) {
        return fail(record.line, Column::role,
                    "the role must be student or faculty (empty means "
                    "student)");
    }

    auto [first, inserted] = seen_.emplace(*email, record.line);
    if (!inserted) {
        roster_.duplicates.push_back(
            {record.line, header_.spelling[0],
             "the same person as line " + std::to_string(first->second) +
                 " (addresses that differ only by case or accents' "
                 "Unicode form are one person); this row is left out"});
        return;
    }

    roster_.people.push_back({record.line, *email, name, *role});
}

}  // namespace

std::string describe_bytes(size_t bytes) {
    constexpr size_t kMiB = 1024 * 1024;
    if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";

    return std::to_string(bytes) + " bytes";
}

Result<Roster> parse_roster(std::string_view file, const Limits& limits) {
    if (file.size() > limits.max_bytes) {
        return unexpected(ErrorCode::too_large,
                          "the file is larger than the limit of " +
                              describe_bytes(limits.max_bytes));
    }

    auto table = read_csv(file, limits.max_rows);
    if (!table) return unexpected(table.error());

    if (table->records.empty()) {
        return unexpected(ErrorCode::unprocessable,
                          "the file is empty; the first line must name the "
                          "columns (email, first name, last name, role)");
    }

    const CsvRecord& head = table->records.front();
    Header header = map_header(head.fields);
    if (!header.at(Column::email)) {
        return unexpected(ErrorCode::unprocessable,
                          "the required column \"email\" is missing (also "
                          "accepted: e-mail, mail, email address); line " +
                              std::to_string(head.line) +
                              " must name the columns");
    }

    Roster roster;
    roster.delimiter = table->delimiter;
    roster.ignored_columns = header.ignored;

    RowChecker checker(header, roster);
    for (size_t i = 1; i < table->records.size(); i++) {
        checker.check(table->records[i], head.fields.size());
    }
    return roster;
}

}  // namespace cc::roster
