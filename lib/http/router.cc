// Route matching by path pattern, then by method, then by access.
#include "http/router.h"

#include <string_view>

namespace cc::http {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    size_t start = 1;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

Result<void> check_access(Access access, const Identity& who) {
    if (access == Access::public_) return {};

    if (who.anonymous()) {
        return unexpected(ErrorCode::unauthenticated, "not logged in");
    }

    bool faculty = who.role == "faculty" || who.role == "admin";
    if (access == Access::faculty && !faculty) {
        return unexpected(ErrorCode::forbidden,
                          "this action needs the faculty role");
    }

    if (access == Access::admin && who.role != "admin") {
        return unexpected(ErrorCode::forbidden,
                          "this action needs the admin role");
    }
    return {};
}

}  // namespace

bool match_pattern(const std::string& pattern, const std::string& path,
                   std::map<std::string, std::string>& out) {
    auto want = segments(pattern);
    auto have = segments(path);
    if (want.size() != have.size()) return false;

    std::map<std::string, std::string> found;
    for (size_t i = 0; i < want.size(); i++) {
        std::string_view w = want[i];
        if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
            if (have[i].empty()) return false;
            found[std::string(w.substr(1, w.size() - 2))] =
                std::string(have[i]);
        } else if (w != have[i]) {
            return false;
        }
    }

    out = std::move(found);
    return true;
}

Result<const Route*> Router::match(Request& req) const {
    bool path_known = false;
    for (const Route& route : routes_) {
        std::map<std::string, std::string> params;
        if (!match_pattern(route.pattern, req.path, params)) continue;

        path_known = true;
        if (route.method != req.method) continue;

        auto allowed = check_access(route.access, req.identity);
        if (!allowed) return unexpected(allowed.error());

        req.path_params = std::move(params);
        return &route;
    }

    if (path_known) {
        return unexpected(
            ErrorCode::method_not_allowed,
            "method " + req.method + " is not allowed on " + req.path);
    }
    return unexpected(ErrorCode::not_found, "no route for " + req.path);
}

}  // namespace cc::http
