// One outbox pass: claim, render, send, record; each row on its own so a
// bad address never holds up the rest of the class.
#include "mail/outbox.h"

#include <algorithm>
#include <vector>

#include <openssl/rand.h>

#include "auth/digest.h"
#include "auth/password.h"
#include "log/log.h"

namespace cc::mail {
namespace {

struct Due {
    int64_t id = 0;
    std::string kind;
    int attempts = 0;
    int64_t user_id = 0;
    std::string email;
    std::string name;
    bool has_password = false;
    std::string course_code;
    std::string course_title;
};

Result<std::vector<Due>> claim(db::Pool& db, const OutboxConfig& config,
                               int limit) {
    auto rows = db.exec(
        "WITH picked AS (SELECT id FROM mail_outbox WHERE"
        " (status = 'queued' AND run_after <= now()) OR"
        " (status = 'sending' AND lease_until < now())"
        " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)"
        " UPDATE mail_outbox o SET status = 'sending',"
        " attempts = o.attempts + 1,"
        " lease_until = now() + $2 * interval '1 second'"
        " FROM picked, users u WHERE o.id = picked.id"
        " AND u.id = o.user_id"
        " RETURNING o.id, o.kind, o.attempts, u.id AS user_id, u.email,"
        " u.display_name, u.password_hash IS NOT NULL AS has_password,"
        // A password reset belongs to no course.
        " coalesce((SELECT c.code FROM courses c WHERE c.id = o.course_id),"
        " '') AS code, coalesce((SELECT c.title FROM courses c"
        " WHERE c.id = o.course_id), '') AS title",
        {limit, config.lease_seconds});
    if (!rows) return unexpected(rows.error());

    std::vector<Due> due;
    for (int i = 0; i < rows->size(); i++) {
        due.push_back({rows->integer(i, "id"), rows->text(i, "kind"),
                       static_cast<int>(rows->integer(i, "attempts")),
                       rows->integer(i, "user_id"), rows->text(i, "email"),
                       rows->text(i, "display_name"),
                       rows->boolean(i, "has_password"), rows->text(i, "code"),
                       rows->text(i, "title")});
    }
    return due;
}

// A new single-use token; older unused ones of the user stop working, so
// only the link in the newest mail is live.
Result<std::string> issue_token(db::Pool& db, const OutboxConfig& config,
                                int64_t user_id) {
    std::string token = auth::random_token(32);

    auto done = db.transaction([&](db::Conn& conn) -> Result<void> {
        auto old = conn.exec(
            "DELETE FROM password_tokens WHERE user_id = $1"
            " AND used_at IS NULL",
            {user_id});
        if (!old) return unexpected(old.error());

        auto made = conn.exec(
            "INSERT INTO password_tokens (token_hash, user_id, expires_at)"
            " VALUES ($1, $2, now() + $3 * interval '1 hour')",
            {auth::sha256_hex(token), user_id, config.link_ttl_hours});
        if (!made) return unexpected(made.error());
        return {};
    });
    if (!done) return unexpected(done.error());

    return token;
}

std::string greeting(const Due& d) {
    return "Hello" + (d.name.empty() ? std::string() : " " + d.name) + ",\n\n";
}

Result<Message> compose(db::Pool& db, const OutboxConfig& config,
                        const Due& d) {
    Message m{config.from, {d.email, d.name}, "", greeting(d)};
    std::string course = d.course_code + " " + d.course_title;

    // An account that set a password meanwhile needs no link any more.
    if (d.kind == "set_password" && !d.has_password) {
        auto token = issue_token(db, config, d.user_id);
        if (!token) return unexpected(token.error());

        m.subject = "Your ClassCloud account for " + d.course_code;
        m.body += "You have been enrolled in " + course +
                  " and have a lab account on ClassCloud.\n\n"
                  "Choose your password here (the link works once and "
                  "expires in " +
                  std::to_string(config.link_ttl_hours) + " hours):\n\n" +
                  config.site_origin + "/#/set-password?token=" + *token +
                  "\n\nThen log in at " + config.site_origin + "/ as " +
                  d.email + ".\n";
        return m;
    }

    if (d.kind == "password_reset") {
        auto token = issue_token(db, config, d.user_id);
        if (!token) return unexpected(token.error());

        m.subject = "Reset your ClassCloud password";
        m.body +=
            "Someone asked to reset the password of your ClassCloud "
            "account " +
            d.email +
            ". If it was you, choose a new "
            "password here (the link works once and expires in " +
            std::to_string(config.link_ttl_hours) + " hours):\n\n" +
            config.site_origin + "/#/set-password?token=" + *token +
            "\n\nIf it was not you, ignore this mail; your password "
            "stays as it is.\n";
        return m;
    }

    m.subject = d.kind == "lab_ready"
                    ? "Your lab for " + d.course_code + " is ready"
                    : "You were added to " + d.course_code;
    m.body += "You have been enrolled in " + course +
              " on ClassCloud. Log in at " + config.site_origin + "/ as " +
              d.email + " to reach your lab.\n";
    return m;
}

Result<void> record(db::Pool& db, const OutboxConfig& config, const Due& d,
                    const SendOutcome& outcome) {
    if (outcome.sent) {
        auto rows = db.exec(
            "UPDATE mail_outbox SET status = 'sent', sent_at = now(),"
            " lease_until = NULL, last_error = NULL WHERE id = $1",
            {d.id});
        return rows ? Result<void>() : unexpected(rows.error());
    }

    bool retry = outcome.temporary && d.attempts < config.max_attempts;
    std::string error = "SMTP " + std::to_string(outcome.code) + ": " +
                        outcome.detail.substr(0, 300);
    auto rows = db.exec(
        "UPDATE mail_outbox SET status = $2, last_error = $3,"
        " lease_until = NULL, run_after = now() + $4 * interval '1 second'"
        " WHERE id = $1",
        {d.id, retry ? "queued" : "failed", error,
         retry ? backoff_seconds(config, d.attempts) : 0});
    return rows ? Result<void>() : unexpected(rows.error());
}

}  // namespace

int backoff_seconds(const OutboxConfig& config, int attempts) {
    int64_t delay = config.base_backoff_seconds;
    for (int i = 1; i < attempts && delay < config.max_backoff_seconds; i++) {
        delay *= 2;
    }
    delay = std::min<int64_t>(delay, config.max_backoff_seconds);

    // Jitter keeps a class's retries from arriving at the server together.
    uint16_t random = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&random), sizeof random);
    int64_t jitter = delay / 4 * random / 65536;
    return static_cast<int>(delay - jitter);
}

Result<BatchOutcome> send_due(db::Pool& db, const OutboxConfig& config,
                              const Sender& sender, int limit) {
    auto due = claim(db, config, limit);
    if (!due) return unexpected(due.error());

    BatchOutcome batch;
    for (const Due& d : *due) {
        auto message = compose(db, config, d);
        auto data = message ? render(*message, "classcloud.invalid")
                            : Result<std::string>(unexpected(message.error()));

        SendOutcome outcome =
            data ? sender(d.email, *data)
                 : SendOutcome{false, false, 0, data.error().message};
        auto recorded = record(db, config, d, outcome);
        if (!recorded) return unexpected(recorded.error());

        bool retry = !outcome.sent && outcome.temporary &&
                     d.attempts < config.max_attempts;
        batch.sent += outcome.sent;
        batch.retrying += retry;
        batch.failed += !outcome.sent && !retry;
        log::write(outcome.sent ? log::Level::info : log::Level::warn,
                   "mail_send",
                   {{"outbox_id", d.id},
                    {"kind", d.kind},
                    {"attempt", d.attempts},
                    {"smtp_code", static_cast<int64_t>(outcome.code)},
                    {"outcome", outcome.sent ? "sent"
                                : retry      ? "retry"
                                             : "failed"}});
    }
    return batch;
}

}  // namespace cc::mail
