// Sending one rendered message over SMTP with libcurl: smtp:// with
// STARTTLS, or smtps:// (TLS from the first byte), with optional login.
#pragma once

#include <string>

#include "core/result.h"

namespace cc::mail {

struct SmtpConfig {
    std::string url;  // smtp://host:587 or smtps://host:465
    std::string username;
    std::string password;
    bool require_starttls = true;  // for smtp:// URLs
    std::string ca_file;           // "" = the system's CA store
    std::string from;              // envelope sender
    long timeout_seconds = 30;
};

// How a send ended. `code` is the server's last SMTP reply (0 when there
// was none, as when the connection failed).
struct SendOutcome {
    bool sent = false;
    bool temporary = false;  // 4xx or no answer: try again later
    long code = 0;
    std::string detail;  // curl's message; never contains the password
};

// Sends `data` (a whole RFC 5322 message) to one recipient. Thread-safe:
// one curl handle per call.
SendOutcome send_message(const SmtpConfig& config, const std::string& to,
                         const std::string& data);

}  // namespace cc::mail
