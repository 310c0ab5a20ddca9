// Cross-site request checks for cookie sessions: a state-changing request
// needs the session's CSRF token in X-CSRF-Token and, when the browser
// names one, an Origin equal to the site's own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace cc::auth {

// GET, HEAD and OPTIONS change nothing and need no token.
bool is_safe_method(std::string_view method);

// forbidden, naming what was wrong, when the request may be cross-site.
Result<void> check_cross_site(std::string_view method,
                              std::string_view session_csrf,
                              const std::optional<std::string>& csrf_header,
                              const std::optional<std::string>& origin,
                              std::string_view site_origin);

// forbidden when a browser names an Origin other than the site's.
Result<void> check_origin(const std::optional<std::string>& origin,
                          std::string_view site_origin);

}  // namespace cc::auth
