// User look-ups by e-mail and id, and their JSON form.
#include "user_json.h"

#include "roster/text.h"

namespace cc::login {
namespace {

constexpr const char* kUserColumns =
    "SELECT id, email, coalesce(display_name, '') AS display_name, role, "
    "password_hash, disabled FROM users ";

Result<std::optional<UserRow>> first_user(Result<db::Rows> rows) {
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) return std::optional<UserRow>();

    UserRow u;
    u.id = rows->integer(0, "id");
    u.email = rows->text(0, "email");
    u.display_name = rows->text(0, "display_name");
    u.role = rows->text(0, "role");
    u.password_hash = rows->opt_text(0, "password_hash");
    u.disabled = rows->boolean(0, "disabled");
    return std::optional<UserRow>(std::move(u));
}

}  // namespace

std::string normalize_email(std::string_view email) {
    // The same form rosters store: NFC and lower case, so an address typed
    // with another normalisation or case still finds its account. Text
    // ICU cannot normalise matches nothing.
    auto normal = roster::normalise_email(email);
    return normal ? *normal : std::string();
}

Result<std::optional<UserRow>> find_user_by_email(db::Pool& db,
                                                  const std::string& email) {
    return first_user(db.exec(
        std::string(kUserColumns) + "WHERE lower(email) = $1", {email}));
}

Result<std::optional<UserRow>> find_user_by_id(db::Pool& db, int64_t id) {
    return first_user(
        db.exec(std::string(kUserColumns) + "WHERE id = $1", {id}));
}

json::Json user_json(const UserRow& user) {
    json::Json out = json::Json::object();
    out.set("id", user.id);
    out.set("email", user.email);
    out.set("display_name", user.display_name);
    out.set("role", user.role);
    return out;
}

}  // namespace cc::login
