// ccctl set-password: replaces an account's password with one from stdin.
#include <iostream>

#include "auth/password.h"
#include "cli.h"

namespace cc::ccctl {

int run_set_password(const config::Config& config,
                     const std::vector<std::string>& args) {
    auto options = Options::parse(args, {"email"}, {});
    if (!options) return usage(options.error().message);

    auto email = normalise_email(options->get("email"));
    if (!email) return usage("--email: " + email.error().message);

    auto password = read_password();
    if (!password) return fail(password.error());

    auto hash = auth::hash_password(password.value());
    if (!hash) return fail(hash.error());

    auto pool = open_pool(config);
    if (!pool) return fail(pool.error());

    auto rows =
        (*pool)->exec("UPDATE users SET password_hash = $1 WHERE email = $2",
                      {hash.value(), email.value()});
    if (!rows) return fail(rows.error());

    if (rows->affected() == 0) {
        return fail(make_error(ErrorCode::not_found,
                               "no user with e-mail " + email.value()));
    }

    std::cout << "password set for " << email.value() << "\n";
    return kExitOk;
}

}  // namespace cc::ccctl
