// cc-roster: reads the config, opens the database, serves the route table.
#include "config/config.h"
#include "db/db.h"
#include "http/server.h"
#include "log/log.h"
#include "routes.h"

using namespace cc;

namespace {

int fail(const Error& err) {
    log::error("startup_failed",
               {{"err_msg", err.message}, {"err_detail", err.detail}});
    return 1;
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

    auto cfg = config::Config::load(config::default_path());
    if (!cfg) return fail(cfg.error());

    auto options = http::serve_options(*cfg, "roster");
    if (!options) return fail(options.error());

    auto limits = read_limits(*cfg);
    if (!limits) return fail(limits.error());

    // A multipart form wraps the file in a few hundred bytes of headers.
    options->max_body = static_cast<int64_t>(limits->max_bytes) + 64 * 1024;

    auto conninfo = cfg->require("db.conninfo");
    if (!conninfo) return fail(conninfo.error());

    std::string mail = cfg->get("roster.new_account_mail", "set_password");
    if (mail != "set_password" && mail != "lab_ready") {
        return fail(make_error(ErrorCode::invalid_argument,
                               "roster.new_account_mail must be set_password "
                               "or lab_ready"));
    }

    auto db = db::Pool::create(*conninfo, options->threads);
    rosterd::Context ctx{*db, *limits, mail};

    http::Router router = rosterd::make_routes(ctx);
    return http::serve(router, *options);
}
