// Finding, linking or creating the account behind an SSO identity.
#include "sso/linking.h"

namespace cc::sso {
namespace {

struct Found {
    LinkedUser user;
    bool disabled = false;
};

int rank(const std::string& role) {
    if (role == "admin") return 3;
    if (role == "faculty") return 2;
    if (role == "student") return 1;
    return 0;
}

std::string normalized(std::string_view email) {
    while (!email.empty() && email.front() == ' ') email.remove_prefix(1);
    while (!email.empty() && email.back() == ' ') email.remove_suffix(1);

    std::string out(email);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
}

std::optional<Found> first_row(const db::Rows& rows) {
    if (rows.empty()) return std::nullopt;

    Found f;
    f.user.id = rows.integer(0, "id");
    f.user.email = rows.text(0, "email");
    f.user.role = rows.text(0, "role");
    f.disabled = rows.boolean(0, "disabled");
    return f;
}

Result<std::optional<Found>> find_linked(db::Pool& db,
                                         const ExternalIdentity& id) {
    auto rows = db.exec(
        "SELECT u.id, u.email, u.role, u.disabled FROM identities i "
        "JOIN users u ON u.id = i.user_id "
        "WHERE i.issuer = $1 AND i.subject = $2",
        {id.issuer, id.subject});
    if (!rows) return unexpected(rows.error());

    return first_row(*rows);
}

Result<std::optional<Found>> find_by_email(db::Pool& db,
                                           const std::string& email) {
    auto rows = db.exec(
        "SELECT id, email, role, disabled FROM users WHERE lower(email) = $1",
        {email});
    if (!rows) return unexpected(rows.error());

    return first_row(*rows);
}

Result<void> insert_identity(db::Pool& db, const ExternalIdentity& id,
                             int64_t user_id) {
    auto rows = db.exec(
        "INSERT INTO identities (issuer, subject, user_id, kind, provider) "
        "VALUES ($1, $2, $3, $4, $5)",
        {id.issuer, id.subject, user_id, id.kind, id.provider});
    if (!rows) return unexpected(rows.error());
    return {};
}

Unexpected no_account(std::string detail) {
    return unexpected(ErrorCode::forbidden,
                      "no ClassCloud account is linked to this login; ask "
                      "your course staff to add you",
                      std::move(detail));
}

// The account and the identity row in one transaction.
Result<Found> create_account(db::Pool& db, const ExternalIdentity& id,
                             const LinkPolicy& policy) {
    std::string email = normalized(id.first(policy.email_attribute));
    if (email.find('@') == std::string::npos) {
        return no_account("no usable e-mail attribute to create an account");
    }

    Found made;
    made.user.email = email;
    made.user.role = mapped_role(id, policy).value_or(policy.default_role);
    made.user.created = true;
    made.user.linked = true;

    auto done = db.transaction([&](db::Conn& conn) -> Result<void> {
        auto user = conn.exec(
            "INSERT INTO users (email, display_name, role) "
            "VALUES ($1, $2, $3) RETURNING id",
            {email, id.first(policy.name_attribute), made.user.role});
        if (!user) return unexpected(user.error());
        made.user.id = user->integer(0, "id");

        auto link = conn.exec(
            "INSERT INTO identities (issuer, subject, user_id, kind, provider)"
            " VALUES ($1, $2, $3, $4, $5)",
            {id.issuer, id.subject, made.user.id, id.kind, id.provider});
        if (!link) return unexpected(link.error());
        return {};
    });
    if (!done && done.error().code == ErrorCode::conflict) {
        return no_account("an unlinked account already has this e-mail");
    }
    if (!done) return unexpected(done.error());
    return made;
}

Result<Found> link_or_create(db::Pool& db, const ExternalIdentity& id,
                             const LinkPolicy& policy) {
    std::string trusted;
    if (!policy.trusted_attribute.empty()) {
        trusted = normalized(id.first(policy.trusted_attribute));
    }

    if (!trusted.empty()) {
        auto existing = find_by_email(db, trusted);
        if (!existing) return unexpected(existing.error());

        if (*existing) {
            auto linked = insert_identity(db, id, (*existing)->user.id);
            if (!linked) return unexpected(linked.error());

            (*existing)->user.linked = true;
            return **existing;
        }
    }

    if (!policy.auto_create) {
        return no_account("identity not linked; no account to link or create");
    }
    return create_account(db, id, policy);
}

}  // namespace

std::optional<std::string> mapped_role(const ExternalIdentity& id,
                                       const LinkPolicy& policy) {
    if (policy.role_attribute.empty()) return std::nullopt;

    auto values = id.attributes.find(policy.role_attribute);
    if (values == id.attributes.end()) return std::nullopt;

    std::optional<std::string> best;
    for (const std::string& value : values->second) {
        auto it = policy.role_map.find(value);
        if (it == policy.role_map.end()) continue;
        if (!best || rank(it->second) > rank(*best)) best = it->second;
    }
    return best;
}

Result<LinkedUser> link_account(db::Pool& db, const ExternalIdentity& id,
                                const LinkPolicy& policy) {
    if (id.issuer.empty() || id.subject.empty()) {
        return no_account("identity without issuer or subject");
    }

    auto found = find_linked(db, id);
    if (!found) return unexpected(found.error());

    Found account;
    if (*found) {
        account = **found;
    } else {
        auto made = link_or_create(db, id, policy);
        if (!made) return unexpected(made.error());
        account = *made;
    }

    if (account.disabled) {
        return unexpected(ErrorCode::forbidden, "this account is disabled",
                          "account disabled");
    }

    // The identity provider is the source of roles for SSO accounts.
    auto role = mapped_role(id, policy);
    if (role && *role != account.user.role) {
        auto set = db.exec("UPDATE users SET role = $1 WHERE id = $2",
                           {*role, account.user.id});
        if (!set) return unexpected(set.error());
        account.user.role = *role;
    }

    auto touched = db.exec(
        "UPDATE identities SET last_login_at = now() "
        "WHERE issuer = $1 AND subject = $2",
        {id.issuer, id.subject});
    if (!touched) return unexpected(touched.error());
    return account.user;
}

}  // namespace cc::sso
