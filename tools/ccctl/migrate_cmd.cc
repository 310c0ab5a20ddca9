// ccctl migrate: applies the SQL migrations that have not run yet.
#include <iostream>

#include "cli.h"
#include "db/migrate.h"

namespace cc::ccctl {

int run_migrate(const config::Config& config,
                const std::vector<std::string>& args) {
    auto options = Options::parse(args, {"sql-dir"}, {});
    if (!options) return usage(options.error().message);

    // --sql-dir, else sql.dir (CC_SQL_DIR), else the source tree's sql/.
    std::string dir = options->get("sql-dir");
    if (dir.empty()) dir = config.get("sql.dir", CC_DEFAULT_SQL_DIR);

    auto pool = open_pool(config);
    if (!pool) return fail(pool.error());

    auto applied = db::apply_migrations(**pool, dir);
    if (!applied) return fail(applied.error());

    for (const auto& version : applied.value()) {
        std::cout << "applied " << version << "\n";
    }
    if (applied->empty()) std::cout << "schema is up to date\n";
    return kExitOk;
}

}  // namespace cc::ccctl
