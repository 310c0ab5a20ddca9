// Router: a route table (method, path pattern, who may call, function) and
// the matching that fills path parameters and enforces the role.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace cc::http {

// Who may call a route. nginx's auth subrequest has already refused
// requests without a valid identity on protected paths; the router checks
// again so a handler is safe behind a misconfigured proxy too.
enum class Access {
    public_,        // anyone, logged in or not
    authenticated,  // any logged-in user
    faculty,        // faculty or admin
    admin,          // admin only
};

using RouteFn = std::function<Result<Response>(Request&)>;

struct Route {
    std::string method;
    std::string pattern;  // "/api/vms/{id}/snapshots/{name}"
    Access access;
    RouteFn fn;
};

class Router {
  public:
    explicit Router(std::vector<Route> routes) : routes_(std::move(routes)) {}

    // Finds the route and fills req.path_params. Errors: not_found for an
    // unknown path, method_not_allowed for a known path with another
    // method, unauthenticated/forbidden by the route's access.
    Result<const Route*> match(Request& req) const;

    const std::vector<Route>& routes() const { return routes_; }

  private:
    std::vector<Route> routes_;
};

// True when `path` fits `pattern`, filling `out` with the {name} segments.
bool match_pattern(const std::string& pattern, const std::string& path,
                   std::map<std::string, std::string>& out);

}  // namespace cc::http
