// cc-roster: reads the config, opens the database, serves the route table.
#include "app/handler_setup.h"
#include "log/log.h"
#include "routes.h"

using namespace cc;

namespace {

int fail(const Error& err) {
    return log::startup_failed(err.message, err.detail);
}

Result<roster::Limits> read_limits(const config::Config& cfg) {
    auto bytes = cfg.get_int("roster.max_upload_bytes", 10 * 1024 * 1024);
    auto rows = cfg.get_int("roster.max_rows", 20000);
    if (!bytes) return unexpected(bytes.error());
    if (!rows) return unexpected(rows.error());

    return roster::Limits{static_cast<size_t>(*bytes),
                          static_cast<size_t>(*rows)};
}

}  // namespace

int main() {
    log::init("cc-roster");

    auto setup = app::setup_handler("roster", app::NeedsRedis::no);
    if (!setup) return fail(setup.error());

    auto limits = read_limits(setup->config);
    if (!limits) return fail(limits.error());

    // A multipart form wraps the file in a few hundred bytes of headers.
    setup->options.max_body =
        static_cast<int64_t>(limits->max_bytes) + 64 * 1024;

    std::string mail =
        setup->config.get("roster.new_account_mail", "set_password");
    if (mail != "set_password" && mail != "lab_ready") {
        return fail(make_error(ErrorCode::invalid_argument,
                               "roster.new_account_mail must be set_password "
                               "or lab_ready"));
    }

    rosterd::Context ctx{*setup->db, *limits, mail};
    http::Router router = rosterd::make_routes(ctx);
    return http::serve(router, setup->options);
}
