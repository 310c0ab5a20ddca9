// Listener: a dedicated PostgreSQL connection that LISTENs on cc_jobs, so
// an idle worker wakes the moment a job is written instead of polling.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"

struct pg_conn;

namespace cc::jobs {

class Listener {
  public:
    explicit Listener(std::string conninfo);
    ~Listener();

    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    // Waits until a notification arrives, wake() is called or `timeout`
    // passes; returns true for the first two. A lost connection is made
    // again on the next call (and the wait becomes a plain sleep).
    bool wait(std::chrono::milliseconds timeout);

    // Interrupts a wait from another thread or a signal handler.
    void wake();

  private:
    struct PgCloser {
        void operator()(pg_conn* conn) const;
    };

    Result<void> connect();
    bool drain();

    std::string conninfo_;
    std::unique_ptr<pg_conn, PgCloser> conn_;
    int wake_read_ = -1;
    int wake_write_ = -1;
};

}  // namespace cc::jobs
