// The authorization matrix: every route of every handler, read from the
// route tables themselves, called through nginx as anonymous, the owning
// student, another student, the course's faculty, another course's faculty
// and an admin. A route added without a row in kPolicies fails the test.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "auth/api_token.h"
#include "auth/password.h"
#include "config/config.h"
#include "fixture.h"
#include "http_client.h"

namespace cc::testing {
namespace {

// What each caller should get; kAllow is anything but 401, 403 and 404
// (the action may still be refused for its own reasons: 409, 422, 503).
constexpr int kAllow = 0;

// Public routes: anything but 401 and 403 (an unconfigured single sign-on
// method may answer 404).
constexpr int kReachable = -1;

struct Policy {
    int anonymous, owner, other_student, course_faculty, other_faculty, admin;
};

constexpr Policy kPublic = {kReachable, kReachable, kReachable,
                            kReachable, kReachable, kReachable};
constexpr Policy kSelf = {401, kAllow, kAllow, kAllow, kAllow, kAllow};
constexpr Policy kVm = {401, kAllow, 404, kAllow, 404, kAllow};
constexpr Policy kVmDestroy = {401, 403, 404, kAllow, 404, kAllow};
constexpr Policy kCourseMember = {401, kAllow, kAllow, kAllow, 404, kAllow};
constexpr Policy kCourseManage = {401, 403, 403, kAllow, 404, kAllow};
constexpr Policy kFacultyOnly = {401, 403, 403, kAllow, kAllow, kAllow};
constexpr Policy kOwnToken = {401, kAllow, 404, 404, 404, 404};
constexpr Policy kInternal = {404, 404, 404, 404, 404, 404};

// One row per route, keyed "METHOD pattern".
const std::map<std::string, Policy> kPolicies = {
    {"POST /api/auth/login", kPublic},
    {"POST /api/auth/password/set", kPublic},
    {"POST /api/auth/password/forgot", kPublic},
    {"GET /api/auth/methods", kPublic},
    {"GET /api/auth/saml/metadata", kPublic},
    {"GET /api/auth/saml/login", kPublic},
    {"POST /api/auth/saml/acs", kPublic},
    {"GET /api/auth/cas/login", kPublic},
    {"GET /api/auth/cas/callback", kPublic},
    {"GET /api/auth/oidc/login", kPublic},
    {"GET /api/auth/oidc/callback", kPublic},
    {"POST /api/auth/logout", kSelf},
    {"GET /api/me", kSelf},
    {"GET /_auth", kInternal},
    {"GET /api/tokens", kSelf},
    {"POST /api/tokens", kSelf},
    {"DELETE /api/tokens/{id}", kOwnToken},
    {"GET /api/vms", kSelf},
    {"GET /api/vms/{id}", kVm},
    {"POST /api/courses/{id}/vms", kCourseMember},
    {"POST /api/vms/{id}/actions/{action}", kVm},
    {"POST /api/courses/{id}/vms/actions/{action}", kCourseManage},
    {"GET /api/vms/{id}/snapshots", kVm},
    {"POST /api/vms/{id}/snapshots", kVm},
    {"POST /api/vms/{id}/snapshots/{name}/rollback", kVm},
    {"DELETE /api/vms/{id}/snapshots/{name}", kVm},
    {"POST /api/vms/{id}/rebuild", kVm},
    {"DELETE /api/vms/{id}", kVmDestroy},
    {"GET /api/jobs/{id}", kVm},
    {"POST /api/vms/{id}/console", kVm},
    {"GET /_console_auth", kInternal},
    {"GET /api/courses", kSelf},
    {"POST /api/courses", kFacultyOnly},
    {"GET /api/courses/{id}", kCourseMember},
    {"PATCH /api/courses/{id}", kCourseManage},
    {"GET /api/courses/{id}/templates", kCourseMember},
    {"POST /api/courses/{id}/templates", kCourseManage},
    {"GET /api/courses/{id}/members", kCourseManage},
    {"POST /api/courses/{id}/roster", kCourseManage},
    {"GET /api/courses/{id}/roster/imports", kCourseManage},
    {"GET /api/courses/{id}/roster/imports/{import_id}", kCourseManage},
};

const char* kWho[] = {"anonymous",      "owner",         "other student",
                      "course faculty", "other faculty", "admin"};

int expected_for(const Policy& p, int who) {
    const int all[] = {p.anonymous,      p.owner,         p.other_student,
                       p.course_faculty, p.other_faculty, p.admin};
    return all[who];
}

TEST(AuthorizationMatrix, EveryRouteHasAPolicy) {
    MatrixFixture fx;

    for (const auto& route : fx.all_routes()) {
        std::string key = route.method + " " + route.pattern;
        EXPECT_TRUE(kPolicies.count(key))
            << "route " << key << " has no row in the authorization matrix";
    }
}

TEST(AuthorizationMatrix, EachCallerGetsTheExpectedAnswer) {
    MatrixFixture fx;

    for (const auto& route : fx.all_routes()) {
        auto policy = kPolicies.find(route.method + " " + route.pattern);
        if (policy == kPolicies.end()) continue;

        for (int who = 0; who < 6; who++) {
            fx.reset_objects();
            HttpAnswer res = fx.call(route, who);
            int want = expected_for(policy->second, who);
            std::string label = route.method + " " + route.pattern + " as " +
                                kWho[who] + ": " + std::to_string(res.status) +
                                " " + res.body.substr(0, 200);
            if (want == kReachable) {
                EXPECT_TRUE(res.status != 401 && res.status != 403 &&
                            res.status != 0)
                    << label;
            } else if (want == kAllow) {
                EXPECT_TRUE(res.status != 401 && res.status != 403 &&
                            res.status != 404 && res.status != 0)
                    << label;
            } else {
                EXPECT_EQ(res.status, want) << label;
            }
        }
    }
}

TEST(CrossSiteRefusal, EveryStateChangingRouteRefusesCrossSiteRequests) {
    MatrixFixture fx;

    for (const auto& route : fx.all_routes()) {
        if (route.method == "GET") continue;

        fx.reset_objects();
        HttpAnswer no_token = fx.call_cross_site(route, "missing-token");
        HttpAnswer foreign = fx.call_cross_site(route, "foreign-origin");
        HttpAnswer form = fx.call_cross_site(route, "text-plain-form");
        std::string label = route.method + " " + route.pattern;

        EXPECT_GE(no_token.status, 400) << label << " without CSRF token";
        // The SAML assertion consumer is posted to by the identity
        // provider's page, so a foreign Origin is its normal case; a
        // signed assertion bound to this browser's login protects it.
        if (label != "POST /api/auth/saml/acs") {
            EXPECT_EQ(foreign.status, 403) << label << " from a foreign Origin";
        } else {
            EXPECT_GE(foreign.status, 400) << label << " without an assertion";
        }
        EXPECT_GE(form.status, 400) << label << " as a text/plain form";
        EXPECT_LT(form.status, 500) << label << " as a text/plain form";
    }
}

}  // namespace
}  // namespace cc::testing
