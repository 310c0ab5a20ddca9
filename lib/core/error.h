// Error: what went wrong (a code from a short list), what we were doing and
// what the library underneath said.
#pragma once

#include <string>
#include <string_view>

namespace cc {

enum class ErrorCode {
    invalid_argument,    // the caller sent something malformed or wrong
    unauthenticated,     // no valid identity
    forbidden,           // identity known, action not allowed
    not_found,           // no such object, or not yours
    method_not_allowed,  // the path exists, the method does not
    conflict,            // the object's state forbids the action
    too_large,           // a body or a file over a configured limit
    unsupported_media,   // a body in a content type the route does not take
    unprocessable,       // well-formed input with values we cannot accept
    rate_limited,        // too many attempts; retry later
    upstream_failed,     // Proxmox or another peer answered with an error
    unavailable,         // a dependency (PostgreSQL, Redis) is down
    internal,            // a bug or an impossible state
};

// The stable lower-case name used in JSON error bodies and logs.
std::string_view error_code_name(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::internal;

    // A safe, user-facing sentence ("email is missing").
    std::string message;

    // What we were doing and what the library said; logged, never shown.
    std::string detail;

    // Seconds after which a rate-limited caller may retry (0 = unset).
    int retry_after = 0;
};

Error make_error(ErrorCode code, std::string message, std::string detail = {});

}  // namespace cc
