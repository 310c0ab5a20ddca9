// Response: status, headers and body a route returns, and the one mapping
// from an Error to an HTTP status and JSON error body.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "json/json.h"

namespace cc::http {

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    Response& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

Response json_response(int status, const json::Json& body);

// 204 with no body.
Response no_content();

// The HTTP status for an error code (invalid_argument -> 400 ...).
int status_for(ErrorCode code);

// {"error":{"code","message","request_id"}} with the status for the code;
// detail is never included (it goes to the log).
Response error_response(const Error& error, const std::string& request_id);

// "200 OK", "404 Not Found"... for the FastCGI Status line.
std::string status_line(int status);

}  // namespace cc::http
