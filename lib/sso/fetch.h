// Outgoing HTTPS calls to identity providers through libcurl: bounded in
// time and size, TLS verified, redirects not followed.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace cc::sso {

struct FetchAnswer {
    long status = 0;
    std::string content_type;
    std::string body;
};

struct FetchCall {
    std::string url;
    std::string form_body;  // POST with this urlencoded body when not empty
    std::string ca_file;    // extra CA bundle; empty: the system's
    std::vector<std::string> headers;
    long timeout_ms = 5000;
};

// Errors: upstream_failed (with what curl said in detail) when the peer
// cannot be reached, the answer is over 1 MiB, or the URL is neither
// https nor http on a loopback address.
Result<FetchAnswer> fetch(const FetchCall& call);

}  // namespace cc::sso
