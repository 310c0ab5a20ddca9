// ccctl create-user: adds one account, with a password from stdin or none.
#include <iostream>

#include "auth/password.h"
#include "cli.h"

namespace cc::ccctl {

int run_create_user(const config::Config& config,
                    const std::vector<std::string>& args) {
    auto options =
        Options::parse(args, {"email", "role", "name"}, {"password-stdin"});
    if (!options) return usage(options.error().message);

    auto email = normalise_email(options->get("email"));
    if (!email) return usage("--email: " + email.error().message);

    std::string role = options->get("role");
    if (!valid_role(role)) {
        return usage("--role must be student, faculty or admin");
    }

    // Without a password the account can only sign in through SSO or after
    // set-password.
    std::optional<std::string> hash;
    if (options->has("password-stdin")) {
        auto password = read_password();
        if (!password) return fail(password.error());

        auto hashed = auth::hash_password(password.value());
        if (!hashed) return fail(hashed.error());
        hash = std::move(hashed.value());
    }

    auto pool = open_pool(config);
    if (!pool) return fail(pool.error());

    auto rows = (*pool)->exec(
        "INSERT INTO users (email, display_name, role, password_hash)"
        " VALUES ($1, $2, $3, $4) RETURNING id",
        {email.value(), options->get("name"), role, hash});
    if (!rows && rows.error().code == ErrorCode::conflict) {
        return fail(make_error(
            ErrorCode::conflict,
            "a user with e-mail " + email.value() + " already exists"));
    }
    if (!rows) return fail(rows.error());

    std::cout << "created user " << rows->integer(0, "id") << " "
              << email.value() << " (" << role << ")\n";
    return kExitOk;
}

}  // namespace cc::ccctl
