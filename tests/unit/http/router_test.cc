// Routes match by pattern, then method, then the caller's role.
#include "http/router.h"

#include <gtest/gtest.h>

namespace cc::http {
namespace {

Result<Response> ok(Request&) {
    return json_response(200, json::Json::object());
}

Router sample_router() {
    return Router({
        {"GET", "/api/vms", Access::authenticated, ok},
        {"GET", "/api/vms/{id}", Access::authenticated, ok},
        {"POST", "/api/vms/{id}/snapshots/{name}/rollback",
         Access::authenticated, ok},
        {"POST", "/api/courses", Access::faculty, ok},
        {"GET", "/api/admin/audit", Access::admin, ok},
        {"POST", "/api/auth/login", Access::public_, ok},
    });
}

Request request(std::string method, std::string path, std::string role = "",
                int64_t user = 0) {
    Request req;
    req.method = std::move(method);
    req.path = std::move(path);
    req.identity.role = std::move(role);
    req.identity.user_id = user;
    return req;
}

TEST(RouterMatch, FillsPathParameters) {
    Router router = sample_router();
    Request req = request("POST", "/api/vms/12/snapshots/before-lab/rollback",
                          "student", 5);

    auto route = router.match(req);
    ASSERT_TRUE(route);
    EXPECT_EQ(req.path_params["id"], "12");
    EXPECT_EQ(req.path_params["name"], "before-lab");
}

TEST(RouterMatch, UnknownPathIsNotFound) {
    Router router = sample_router();
    Request req = request("GET", "/api/nothing", "admin", 1);

    auto route = router.match(req);
    ASSERT_FALSE(route);
    EXPECT_EQ(route.error().code, ErrorCode::not_found);
}

TEST(RouterMatch, KnownPathWithOtherMethodIsMethodNotAllowed) {
    Router router = sample_router();
    Request req = request("DELETE", "/api/vms", "admin", 1);

    auto route = router.match(req);
    ASSERT_FALSE(route);
    EXPECT_EQ(route.error().code, ErrorCode::method_not_allowed);
}

TEST(RouterMatch, AnonymousCallerIsUnauthenticated) {
    Router router = sample_router();
    Request req = request("GET", "/api/vms");

    auto route = router.match(req);
    ASSERT_FALSE(route);
    EXPECT_EQ(route.error().code, ErrorCode::unauthenticated);
}

TEST(RouterMatch, StudentIsForbiddenFacultyAndAdminRoutes) {
    Router router = sample_router();
    Request create = request("POST", "/api/courses", "student", 3);
    Request audit = request("GET", "/api/admin/audit", "faculty", 4);

    EXPECT_EQ(router.match(create).error().code, ErrorCode::forbidden);
    EXPECT_EQ(router.match(audit).error().code, ErrorCode::forbidden);
}

TEST(RouterMatch, PublicRouteNeedsNoIdentity) {
    Router router = sample_router();
    Request req = request("POST", "/api/auth/login");

    EXPECT_TRUE(router.match(req));
}

TEST(RouterMatch, EmptySegmentDoesNotFillAParameter) {
    Router router = sample_router();
    Request req = request("GET", "/api/vms/", "admin", 1);

    EXPECT_FALSE(router.match(req));
}

}  // namespace
}  // namespace cc::http
