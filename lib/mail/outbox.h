// The mail outbox: claiming due mail under a lease, writing each kind's
// text (with a fresh set-password link where needed) and recording how
// each send ended, with backoff on temporary failures.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "db/db.h"
#include "mail/message.h"
#include "mail/smtp.h"

namespace cc::mail {

struct OutboxConfig {
    std::string site_origin;  // https://classcloud.example.edu
    Address from;
    int link_ttl_hours = 72;
    int max_attempts = 8;
    int base_backoff_seconds = 60;
    int max_backoff_seconds = 6 * 3600;
    int lease_seconds = 300;
};

// Sends one rendered message; tests pass a fake, the mailer send_message.
using Sender =
    std::function<SendOutcome(const std::string& to, const std::string& data)>;

struct BatchOutcome {
    int sent = 0;
    int retrying = 0;
    int failed = 0;
};

// Claims up to `limit` due messages and sends them one by one. Errors only
// for database failures; a failed send is recorded on its row.
Result<BatchOutcome> send_due(db::Pool& db, const OutboxConfig& config,
                              const Sender& sender, int limit);

// The delay before attempt `attempts` + 1: base * 2^(attempts-1), capped,
// with up to a quarter of jitter taken off.
int backoff_seconds(const OutboxConfig& config, int attempts);

}  // namespace cc::mail
