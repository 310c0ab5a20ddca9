// Reading users from the database and showing them as JSON, shared by the
// cc-login routes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/db.h"
#include "json/json.h"

namespace cc::login {

struct UserRow {
    int64_t id = 0;
    std::string email;
    std::string display_name;
    std::string role;
    std::optional<std::string> password_hash;
    bool disabled = false;
};

// Trimmed, Unicode NFC and lower-cased: the form every e-mail is stored
// and looked up in ("" when the text cannot be normalised).
std::string normalize_email(std::string_view email);

Result<std::optional<UserRow>> find_user_by_email(db::Pool& db,
                                                  const std::string& email);
Result<std::optional<UserRow>> find_user_by_id(db::Pool& db, int64_t id);

// {id, email, display_name, role}; never the hash.
json::Json user_json(const UserRow& user);

}  // namespace cc::login
