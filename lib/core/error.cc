// Names of error codes, shared by the HTTP boundary and the logs.
#include "core/error.h"

#include <utility>

namespace cc {

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument:
            return "invalid_argument";
        case ErrorCode::unauthenticated:
            return "unauthenticated";
        case ErrorCode::forbidden:
            return "forbidden";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::method_not_allowed:
            return "method_not_allowed";
        case ErrorCode::conflict:
            return "conflict";
        case ErrorCode::too_large:
            return "too_large";
        case ErrorCode::unsupported_media:
            return "unsupported_media";
        case ErrorCode::unprocessable:
            return "unprocessable";
        case ErrorCode::rate_limited:
            return "rate_limited";
        case ErrorCode::upstream_failed:
            return "upstream_failed";
        case ErrorCode::unavailable:
            return "unavailable";
        case ErrorCode::internal:
            return "internal";
    }
    return "internal";
}

Error make_error(ErrorCode code, std::string message, std::string detail) {
    return Error{code, std::move(message), std::move(detail), 0};
}

}  // namespace cc
