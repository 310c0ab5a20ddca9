// The FastCGI serve loop: a thread pool accepting requests on one socket,
// the error boundary and the request log line.
#pragma once

#include <string>

#include "config/config.h"
#include "http/router.h"

namespace cc::http {

struct ServeOptions {
    std::string socket_path;  // unix socket path or ":port" for TCP
    int threads = 4;
    int backlog = 128;
    int64_t max_body = 1 << 20;
    int socket_mode = 0660;
    std::string socket_group;  // group that may connect (nginx's workers)
};

// Reads http.threads, http.max_body, http.socket_mode, http.socket_group
// and <program>.socket from the config.
Result<ServeOptions> serve_options(const config::Config& config,
                                   const std::string& program);

// Serves until SIGTERM or SIGINT, then lets running requests finish.
// Returns the process exit code.
int serve(const Router& router, const ServeOptions& options);

// Routes one request through the error boundary: every Error becomes its
// JSON answer here and nowhere else. Writes the request's log line.
Response dispatch(const Router& router, Request& req);

}  // namespace cc::http
