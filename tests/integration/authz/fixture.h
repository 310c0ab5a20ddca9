// MatrixFixture: the objects, sessions and route list the authorization
// matrix needs, made in the test stack's own database through its own
// libraries, and the calls through nginx as each kind of caller.
#pragma once

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "http_client.h"

namespace cc::testing {

struct RouteKey {
    std::string method;
    std::string pattern;
};

class MatrixFixture {
  public:
    MatrixFixture();
    ~MatrixFixture();

    // Every route of cc-login, cc-vm, cc-console and cc-roster.
    const std::vector<RouteKey>& all_routes() const { return routes_; }

    // A fresh VM (own template slot) for the owning student, a job on it
    // and an API token of the owner, so earlier calls cannot leak state.
    void reset_objects();

    // Calls the route as caller `who` (0 anonymous ... 5 admin) with a
    // valid CSRF token and Origin.
    HttpAnswer call(const RouteKey& route, int who);

    // Calls the route as the owner in a cross-site way: "missing-token",
    // "foreign-origin" or "text-plain-form".
    HttpAnswer call_cross_site(const RouteKey& route, const std::string& mode);

  private:
    struct Caller {
        std::string email;
        std::string password;
        std::string cookie;
        std::string csrf;
    };
    struct State;

    std::string fill_path(const std::string& pattern) const;
    Caller log_in(const std::string& email, const std::string& password);

    StackClient client_;
    std::unique_ptr<State> state_;
    std::vector<RouteKey> routes_;
    std::vector<Caller> callers_;
};

}  // namespace cc::testing
