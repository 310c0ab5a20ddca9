// The preview: one query for the people the file names, one for those it
// would drop, and nothing written.
#include <unordered_map>

#include "roster/import.h"

namespace cc::roster {

std::string text_array(const std::vector<std::string>& values) {
    std::string out = "{";
    for (size_t i = 0; i < values.size(); i++) {
        if (i > 0) out += ',';
        out += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

std::string int_array(const std::vector<int64_t>& values) {
    std::string out = "{";
    for (size_t i = 0; i < values.size(); i++) {
        if (i > 0) out += ',';
        out += std::to_string(values[i]);
    }
    out += '}';
    return out;
}

std::optional<std::string> account_problem(const Person& person,
                                           std::string_view account_role) {
    if (person.role != "faculty" || account_role != "student") {
        return std::nullopt;
    }
    return "this account is a student; faculty rows need a faculty account";
}

bool drops_everyone(const Roster& roster, bool sync) {
    return sync && roster.people.empty();
}

namespace {

struct Account {
    int64_t id = 0;
    std::string role;
    bool enrolled = false;
};

// Into add or keep, or into the errors when the account cannot take the
// row; a new address has no account yet.
void sort_person(const Person& p,
                 const std::unordered_map<std::string, Account>& accounts,
                 Preview& preview) {
    auto found = accounts.find(p.email);
    if (found == accounts.end()) {
        preview.add.push_back({p, 0});
        return;
    }

    const Account& account = found->second;
    if (auto problem = account_problem(p, account.role)) {
        preview.errors.push_back({p.line, "", *problem});
        return;
    }
    (account.enrolled ? preview.keep : preview.add).push_back({p, account.id});
}

void refuse_empty_sync(const Roster& roster, bool sync, Preview& preview) {
    if (!drops_everyone(roster, sync)) return;

    preview.errors.push_back(
        {0, "",
         "the file lists nobody, so a sync would drop all " +
             std::to_string(preview.drop.size()) +
             " students of the course; upload the whole class list, or "
             "import in add mode"});
}

}  // namespace

Result<Preview> preview_import(db::Pool& db, int64_t course_id,
                               const Roster& roster, bool sync) {
    std::vector<std::string> emails;
    for (const Person& p : roster.people) emails.push_back(p.email);

    // Accounts made before NFC was enforced still match by their NFC form.
    auto known = db.exec(
        "SELECT u.id, t.email, u.role, e.role AS enrolled"
        " FROM unnest($2::text[]) AS t(email)"
        " JOIN users u ON normalize(lower(u.email), NFC) = t.email"
        " LEFT JOIN enrollments e ON e.user_id = u.id AND e.course_id = $1",
        {course_id, text_array(emails)});
    if (!known) return unexpected(known.error());

    std::unordered_map<std::string, Account> accounts;
    for (int i = 0; i < known->size(); i++) {
        accounts[known->text(i, "email")] = {known->integer(i, "id"),
                                             known->text(i, "role"),
                                             !known->is_null(i, "enrolled")};
    }

    Preview preview;
    for (const Person& p : roster.people) sort_person(p, accounts, preview);
    if (!sync) return preview;

    // Only students are dropped: faculty leave a course by hand.
    auto gone = db.exec(
        "SELECT u.id, u.email, u.display_name, e.role FROM enrollments e"
        " JOIN users u ON u.id = e.user_id WHERE e.course_id = $1"
        " AND e.role = 'student'"
        " AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) AS t(email)"
        " WHERE t.email = normalize(lower(u.email), NFC))"
        " ORDER BY u.email",
        {course_id, text_array(emails)});
    if (!gone) return unexpected(gone.error());

    for (int i = 0; i < gone->size(); i++) {
        preview.drop.push_back({gone->integer(i, "id"), gone->text(i, "email"),
                                gone->text(i, "display_name"),
                                gone->text(i, "role")});
    }
    refuse_empty_sync(roster, sync, preview);
    return preview;
}

}  // namespace cc::roster
