// Building JSON responses and mapping errors to HTTP statuses.
#include "http/response.h"

namespace cc::http {

Response json_response(int status, const json::Json& body) {
    Response res;
    res.status = status;
    res.body = body.dump();
    return res;
}

Response no_content() {
    Response res;
    res.status = 204;
    res.content_type.clear();
    return res;
}

int status_for(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument:
            return 400;
        case ErrorCode::unauthenticated:
            return 401;
        case ErrorCode::forbidden:
            return 403;
        case ErrorCode::not_found:
            return 404;
        case ErrorCode::method_not_allowed:
            return 405;
        case ErrorCode::conflict:
            return 409;
        case ErrorCode::too_large:
            return 413;
        case ErrorCode::unsupported_media:
            return 415;
        case ErrorCode::unprocessable:
            return 422;
        case ErrorCode::rate_limited:
            return 429;
        case ErrorCode::upstream_failed:
            return 502;
        case ErrorCode::unavailable:
            return 503;
        case ErrorCode::internal:
            return 500;
    }
    return 500;
}

Response error_response(const Error& error, const std::string& request_id) {
    bool hide = error.code == ErrorCode::internal || error.message.empty();
    std::string message = hide ? "internal error; see the server log for "
                                 "request " +
                                     request_id
                               : error.message;

    json::Json inner = json::Json::object();
    inner.set("code", error_code_name(error.code));
    inner.set("message", message);
    inner.set("request_id", request_id);

    json::Json body = json::Json::object();
    body.set("error", inner);

    Response res = json_response(status_for(error.code), body);
    if (error.retry_after > 0) {
        res.header("Retry-After", std::to_string(error.retry_after));
    }
    return res;
}

std::string status_line(int status) {
    const char* reason = "";
    switch (status) {
        case 200:
            reason = "OK";
            break;
        case 201:
            reason = "Created";
            break;
        case 202:
            reason = "Accepted";
            break;
        case 204:
            reason = "No Content";
            break;
        case 302:
            reason = "Found";
            break;
        case 400:
            reason = "Bad Request";
            break;
        case 401:
            reason = "Unauthorized";
            break;
        case 403:
            reason = "Forbidden";
            break;
        case 404:
            reason = "Not Found";
            break;
        case 405:
            reason = "Method Not Allowed";
            break;
        case 409:
            reason = "Conflict";
            break;
        case 413:
            reason = "Content Too Large";
            break;
        case 415:
            reason = "Unsupported Media Type";
            break;
        case 422:
            reason = "Unprocessable Content";
            break;
        case 429:
            reason = "Too Many Requests";
            break;
        case 500:
            reason = "Internal Server Error";
            break;
        case 502:
            reason = "Bad Gateway";
            break;
        case 503:
            reason = "Service Unavailable";
            break;
        default:
            reason = "Status";
            break;
    }
    return std::to_string(status) + " " + reason;
}

}  // namespace cc::http
