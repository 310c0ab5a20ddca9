// cc-mailer: sends the mail outbox over SMTP, a batch every few seconds,
// until SIGTERM; `--once` sends what is due and exits (tests, cron).
#include <atomic>
#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include "config/config.h"
#include "db/db.h"
#include "log/log.h"
#include "mail/outbox.h"

using namespace cc;

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop = true; }

int fail(const Error& err) {
    return log::startup_failed(err.message, err.detail);
}

Result<mail::SmtpConfig> smtp_config(const config::Config& cfg) {
    auto url = cfg.require("smtp.url");
    if (!url) return unexpected(url.error());

    std::string tls = cfg.get("smtp.starttls", "required");
    if (tls != "required" && tls != "none") {
        return unexpected(ErrorCode::invalid_argument,
                          "smtp.starttls must be required or none");
    }

    auto timeout = cfg.get_int("smtp.timeout_seconds", 30);
    if (!timeout) return unexpected(timeout.error());

    mail::SmtpConfig s;
    s.url = *url;
    s.username = cfg.get("smtp.username");
    s.password = cfg.get("smtp.password");
    s.require_starttls = tls == "required" && url->rfind("smtp://", 0) == 0;
    s.ca_file = cfg.get("smtp.ca_file");
    s.from = cfg.get("smtp.from", "classcloud@localhost");
    s.timeout_seconds = static_cast<long>(*timeout);
    return s;
}

Result<mail::OutboxConfig> outbox_config(const config::Config& cfg,
                                         const mail::SmtpConfig& smtp) {
    auto origin = cfg.require("site.origin");
    if (!origin) return unexpected(origin.error());

    auto ttl = cfg.get_int("mail.link_ttl_hours", 72);
    auto attempts = cfg.get_int("mail.max_attempts", 8);
    auto base = cfg.get_int("mail.retry_base_seconds", 60);
    for (auto* r : {&ttl, &attempts, &base}) {
        if (!*r) return unexpected(r->error());
    }

    mail::OutboxConfig o;
    o.site_origin = *origin;
    o.from = {smtp.from, cfg.get("smtp.from_name", "ClassCloud")};
    o.link_ttl_hours = static_cast<int>(*ttl);
    o.max_attempts = static_cast<int>(*attempts);
    o.base_backoff_seconds = static_cast<int>(*base);
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    log::init("cc-mailer");
    bool once = argc > 1 && std::string(argv[1]) == "--once";

    auto cfg = config::Config::load(config::default_path());
    if (!cfg) return fail(cfg.error());

    auto smtp = smtp_config(*cfg);
    if (!smtp) return fail(smtp.error());

    auto outbox = outbox_config(*cfg, *smtp);
    if (!outbox) return fail(outbox.error());

    auto conninfo = cfg->require("db.conninfo");
    if (!conninfo) return fail(conninfo.error());

    auto db = db::Pool::create(*conninfo, 1);
    mail::Sender sender = [&](const std::string& to, const std::string& data) {
        return mail::send_message(*smtp, to, data);
    };

    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    log::info("mailer_started", {{"smtp_url", smtp->url}});

    while (!g_stop) {
        auto batch = mail::send_due(*db, *outbox, sender, 50);
        if (!batch) {
            log::error("outbox_failed", {{"err_detail", batch.error().detail}});
        }

        bool more = batch && batch->sent + batch->retrying + batch->failed > 0;
        if (once && !more) return batch ? 0 : 1;
        if (!more) std::this_thread::sleep_for(std::chrono::seconds(2));
    }
    return 0;
}
