// The CSRF token and Origin rules, in one place for every handler.
#include "auth/csrf.h"

#include "auth/digest.h"

namespace cc::auth {

bool is_safe_method(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

Result<void> check_origin(const std::optional<std::string>& origin,
                          std::string_view site_origin) {
    if (!origin) return {};

    if (*origin != site_origin) {
        // The Origin is not echoed: nginx copies this text into JSON.
        return unexpected(ErrorCode::forbidden,
                          "cross-site request refused: Origin does not "
                          "match this site",
                          "origin=" + *origin);
    }
    return {};
}

Result<void> check_cross_site(std::string_view method,
                              std::string_view session_csrf,
                              const std::optional<std::string>& csrf_header,
                              const std::optional<std::string>& origin,
                              std::string_view site_origin) {
    if (is_safe_method(method)) return {};

    auto same_origin = check_origin(origin, site_origin);
    if (!same_origin) return same_origin;

    if (!csrf_header || csrf_header->empty()) {
        return unexpected(ErrorCode::forbidden,
                          "X-CSRF-Token header is missing; read it from "
                          "GET /api/me");
    }

    if (!constant_time_equal(*csrf_header, session_csrf)) {
        return unexpected(ErrorCode::forbidden, "X-CSRF-Token is not valid");
    }
    return {};
}

}  // namespace cc::auth
