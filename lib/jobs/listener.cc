// LISTEN cc_jobs on its own libpq connection, with a self-pipe for wake().
#include "jobs/listener.h"

#include <cerrno>

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include "log/log.h"

namespace cc::jobs {

void Listener::PgCloser::operator()(pg_conn* conn) const { PQfinish(conn); }

Listener::Listener(std::string conninfo) : conninfo_(std::move(conninfo)) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
        wake_read_ = fds[0];
        wake_write_ = fds[1];
    }
}

Listener::~Listener() {
    if (wake_read_ >= 0) close(wake_read_);
    if (wake_write_ >= 0) close(wake_write_);
}

Result<void> Listener::connect() {
    conn_.reset(PQconnectdb(conninfo_.c_str()));

    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string detail = PQerrorMessage(conn_.get());
        conn_.reset();
        return unexpected(ErrorCode::unavailable, "cannot listen for new jobs",
                          detail);
    }

    PGresult* res = PQexec(conn_.get(), "LISTEN cc_jobs");
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) {
        conn_.reset();
        return unexpected(ErrorCode::unavailable, "LISTEN failed");
    }
    return {};
}

// Consumes pending notifications; true when there was at least one.
bool Listener::drain() {
    bool any = false;

    if (PQconsumeInput(conn_.get()) != 1) {
        conn_.reset();
        return true;
    }

    while (PGnotify* note = PQnotifies(conn_.get())) {
        any = true;
        PQfreemem(note);
    }
    return any;
}

bool Listener::wait(std::chrono::milliseconds timeout) {
    if (!conn_) {
        auto made = connect();
        if (!made)
            log::warn("job_listener_down", {{"err", made.error().detail}});
    }

    if (conn_ && drain()) return true;

    pollfd fds[2] = {{wake_read_, POLLIN, 0}, {-1, POLLIN, 0}};
    if (conn_) fds[1].fd = PQsocket(conn_.get());

    int ready = poll(fds, 2, static_cast<int>(timeout.count()));
    if (ready <= 0) return false;

    bool woken = false;
    if (fds[0].revents & POLLIN) {
        char buf[64];
        while (read(wake_read_, buf, sizeof buf) > 0) woken = true;
    }

    if (conn_ && (fds[1].revents & (POLLIN | POLLERR | POLLHUP))) {
        woken = drain() || woken;
    }
    return woken;
}

void Listener::wake() {
    char byte = 1;
    ssize_t written = write(wake_write_, &byte, 1);
    (void)written;
}

}  // namespace cc::jobs
