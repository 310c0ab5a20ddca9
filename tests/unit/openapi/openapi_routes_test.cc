// docs/openapi.yaml against the handlers' own route tables: every route
// is described, and the file describes nothing no handler serves.
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "auth/limiter.h"
#include "auth/session.h"
#include "clusters/clusters.h"
#include "db/db.h"
#include "jobs/queue.h"
#include "redis/redis.h"

// The route tables; their contexts are only stored, never used, and every
// client below connects lazily, so no server is needed.
#include "../../../handlers/console/routes.h"
#include "../../../handlers/login/routes.h"
#include "../../../handlers/roster/routes.h"
#include "../../../handlers/vm/routes.h"

namespace cc {
namespace {

using Operation = std::pair<std::string, std::string>;  // method, path

// nginx's auth subrequests: internal locations, not part of the API.
const std::set<std::string> kInternalPaths = {"/_auth", "/_console_auth"};

// Served by nginx itself (proxied after cc-console's gate), so in the
// file but in no route table.
const std::set<Operation> kServedByNginx = {{"GET", "/console/ws"}};

std::string upper(std::string text) {
    for (char& c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return text;
}

// The operations in the file, read with the constraint stated at its
// top: under `paths:`, a path is a line of two spaces, the path and a
// colon; a method is a line of four spaces, the method and a colon.
std::set<Operation> read_openapi(const std::string& file) {
    static const std::set<std::string> kMethods = {
        "get", "put", "post", "delete", "patch", "head", "options"};
    std::ifstream in(file);
    EXPECT_TRUE(in) << "cannot read " << file;

    std::set<Operation> out;
    std::string line, path;
    bool in_paths = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;

        if (line[0] != ' ') {
            in_paths = line == "paths:";
            path.clear();
            continue;
        }
        if (!in_paths || line.back() != ':') continue;

        if (line.rfind("  /", 0) == 0) {
            path = line.substr(2, line.size() - 3);
        } else if (line.rfind("    ", 0) == 0 && line[4] != ' ' &&
                   kMethods.count(line.substr(4, line.size() - 5)) &&
                   !path.empty()) {
            out.insert({upper(line.substr(4, line.size() - 5)), path});
        }
    }
    return out;
}

template <typename Router>
void collect(const Router& router, std::set<Operation>& out) {
    for (const auto& r : router.routes()) {
        if (!kInternalPaths.count(r.pattern)) out.insert({r.method, r.pattern});
    }
}

std::set<Operation> route_tables() {
    auto db = db::Pool::create("host=/nonexistent dbname=none", 1);
    auto redis = redis::Client::create("/nonexistent/redis.sock", 1);
    clusters::ClientCache pve(*db);
    jobs::Backoff backoff(1000, 2000, 1);
    jobs::Queue queue(*db, backoff);

    login::Context login_ctx{*db,
                             *redis,
                             auth::SessionStore(*redis, {60, 60}),
                             auth::FailureLimiter(*redis, "a", 1, 1),
                             auth::FailureLimiter(*redis, "i", 1, 1),
                             "",
                             ""};
    vm::Context vm_ctx{*db, queue, pve, 5};
    console::Context console_ctx{
        *db, *redis, auth::SessionStore(*redis, {60, 60}), pve, 30, ""};
    rosterd::Context roster_ctx{*db, {}, ""};

    std::set<Operation> out;
    collect(login::make_routes(login_ctx), out);
    collect(vm::make_routes(vm_ctx), out);
    collect(console::make_routes(console_ctx), out);
    collect(rosterd::make_routes(roster_ctx), out);
    return out;
}

const std::string kFile = std::string(CC_SOURCE_DIR) + "/docs/openapi.yaml";

TEST(OpenApi, ParserFindsOperationsOnlyUnderPaths) {
    std::string file = ::testing::TempDir() + "/openapi_parse.yaml";
    std::ofstream(file) << "# comment\nopenapi: 3.0.3\npaths:\n"
                           "  /api/a/{id}:\n    parameters:\n"
                           "      - name: id\n    get:\n"
                           "      summary: x\n    post:\n"
                           "  /api/b:\n    delete:\n"
                           "components:\n  /api/c:\n    get:\n";

    std::set<Operation> want = {
        {"GET", "/api/a/{id}"}, {"POST", "/api/a/{id}"}, {"DELETE", "/api/b"}};
    EXPECT_EQ(read_openapi(file), want);
}

TEST(OpenApi, DescribesEveryRouteOfEveryHandler) {
    std::set<Operation> documented = read_openapi(kFile);
    std::set<Operation> served = route_tables();
    ASSERT_GT(served.size(), 30u);

    for (const auto& [method, path] : served) {
        EXPECT_TRUE(documented.count({method, path}))
            << method << " " << path << " is served but not in openapi.yaml";
    }
}

TEST(OpenApi, DescribesNothingNoHandlerServes) {
    std::set<Operation> documented = read_openapi(kFile);
    std::set<Operation> served = route_tables();
    ASSERT_FALSE(documented.empty());

    for (const auto& [method, path] : documented) {
        EXPECT_TRUE(served.count({method, path}) ||
                    kServedByNginx.count({method, path}))
            << method << " " << path
            << " is in openapi.yaml but no route serves it";
        EXPECT_FALSE(kInternalPaths.count(path))
            << path << " is internal to nginx and must stay out of the API";
    }
}

TEST(OpenApi, NginxServedOperationsAreDocumented) {
    std::set<Operation> documented = read_openapi(kFile);

    for (const auto& op : kServedByNginx) {
        EXPECT_TRUE(documented.count(op)) << op.first << " " << op.second;
    }
}

}  // namespace
}  // namespace cc
