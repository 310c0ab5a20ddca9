// cc-worker: reads the config, builds the queue, the cluster clients and
// the caps, then runs the dispatcher until SIGTERM or SIGINT.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "config/config.h"
#include "context.h"
#include "jobs/listener.h"
#include "log/log.h"
#include "worker.h"

namespace {

std::atomic<bool> g_stopping{false};
cc::jobs::Listener* g_listener = nullptr;

void on_signal(int) {
    g_stopping = true;
    if (g_listener) g_listener->wake();
}

int read_int(const cc::config::Config& config, const char* key, int fallback) {
    auto value = config.get_int(key, fallback);
    return value ? static_cast<int>(*value) : fallback;
}

cc::worker::Settings read_settings(const cc::config::Config& c) {
    cc::worker::Settings s;
    s.concurrency = read_int(c, "worker.concurrency", s.concurrency);
    s.lease_seconds = read_int(c, "worker.lease_seconds", s.lease_seconds);
    s.heartbeat_seconds =
        read_int(c, "worker.heartbeat_seconds", s.heartbeat_seconds);
    s.clone_cap_per_node =
        read_int(c, "worker.clone_cap_per_node", s.clone_cap_per_node);
    s.clone_cap_per_storage =
        read_int(c, "worker.clone_cap_per_storage", s.clone_cap_per_storage);
    s.retry_base_ms =
        read_int(c, "worker.retry_base_ms", static_cast<int>(s.retry_base_ms));
    s.retry_cap_ms =
        read_int(c, "worker.retry_cap_ms", static_cast<int>(s.retry_cap_ms));
    s.reconcile_seconds =
        read_int(c, "worker.reconcile_seconds", s.reconcile_seconds);
    s.task_timeout_seconds =
        read_int(c, "worker.task_timeout_seconds", s.task_timeout_seconds);
    s.task_poll_first_ms = read_int(c, "worker.task_poll_first_ms",
                                    static_cast<int>(s.task_poll_first_ms));
    s.task_poll_max_ms = read_int(c, "worker.task_poll_max_ms",
                                  static_cast<int>(s.task_poll_max_ms));
    s.stop_grace_seconds =
        read_int(c, "worker.stop_grace_seconds", s.stop_grace_seconds);
    s.ticket_renew_seconds =
        read_int(c, "proxmox.ticket_renew_seconds", s.ticket_renew_seconds);
    return s;
}

}  // namespace

int main() {
    cc::log::init("cc-worker");

    auto config = cc::config::Config::load(cc::config::default_path());
    if (!config) {
        cc::log::error("config", {{"err", config.error().message},
                                  {"detail", config.error().detail}});
        return 1;
    }

    auto conninfo = config->require("db.conninfo");
    if (!conninfo) {
        cc::log::error("config", {{"err", conninfo.error().message}});
        return 1;
    }

    cc::worker::Settings settings = read_settings(*config);
    auto pool = cc::db::Pool::create(*conninfo, settings.concurrency + 4);

    std::random_device device;
    cc::jobs::Backoff backoff(settings.retry_base_ms, settings.retry_cap_ms,
                              device());
    cc::jobs::Queue queue(*pool, backoff);
    cc::worker::Clusters clusters(*pool, settings.ticket_renew_seconds);
    cc::worker::Caps caps(settings.clone_cap_per_node,
                          settings.clone_cap_per_storage);
    cc::worker::Placement placement;
    cc::jobs::Listener listener(*conninfo);
    g_listener = &listener;

    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::signal(SIGPIPE, SIG_IGN);

    cc::worker::Services services{*pool,     queue,    clusters,  caps,
                                  placement, settings, g_stopping};
    cc::worker::Worker worker(services, listener,
                              cc::worker::make_owner_name());
    worker.run();

    // Jobs still running after the grace period are abandoned to their
    // expiring leases; exiting here keeps their threads off freed state.
    std::fflush(nullptr);
    std::_Exit(0);
}
