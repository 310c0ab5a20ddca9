// Request: what a handler sees of one HTTP request that nginx passed over
// FastCGI, including the identity nginx set from the auth subrequest.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "json/json.h"

namespace cc::http {

// Who is calling, as cc-login's /_auth told nginx. user_id 0 = anonymous.
struct Identity {
    int64_t user_id = 0;
    std::string role;         // student, faculty, admin; empty if anonymous
    std::string auth_method;  // session or token

    bool anonymous() const { return user_id == 0; }
};

struct Request {
    std::string method;
    std::string path;          // decoded path without the query
    std::string query_string;  // raw
    std::string content_type;  // lower-cased media type without parameters
    std::string body;
    std::string request_id;   // nginx's $request_id
    std::string remote_addr;  // the TCP peer nginx saw
    Identity identity;

    // Every FastCGI parameter, HTTP_* headers included.
    std::map<std::string, std::string> params;

    // Filled by the router from patterns like /api/vms/{id}.
    std::map<std::string, std::string> path_params;

    // A request header by its HTTP name ("X-CSRF-Token"), if sent.
    std::optional<std::string> header(std::string_view name) const;

    // A FastCGI parameter, "" if absent.
    std::string param(const std::string& name) const;

    // A query parameter, URL-decoded; the first one wins.
    std::optional<std::string> query(std::string_view name) const;

    // A cookie by name, if sent.
    std::optional<std::string> cookie(std::string_view name) const;

    // The body as a JSON object; errors name the problem (415 for another
    // content type, 400 for malformed JSON or a non-object).
    Result<json::Json> json_body() const;

    // A path parameter as a positive integer id; 404 if it is not one.
    Result<int64_t> id_param(const std::string& name) const;
};

// The client's address: X-Forwarded-For's last hop is believed only when
// the peer is one of the trusted proxies (comma-separated addresses).
std::string client_ip(const Request& req, std::string_view trusted_proxies);

// Percent-decoding for paths and query strings ('+' as space in queries).
std::string url_decode(std::string_view text, bool plus_is_space);

// A required string field of a JSON body, with a message naming it.
Result<std::string> require_string(const json::Json& body, const char* field);

}  // namespace cc::http
