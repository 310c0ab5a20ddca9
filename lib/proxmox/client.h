// Client: one Proxmox VE cluster over HTTPS with libcurl, with pinned or
// CA-verified TLS, API-token or ticket auth, reused connections and the
// error classification of errors.h. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "json/json.h"
#include "proxmox/curl_handle.h"

namespace cc::proxmox {

struct ClientOptions {
    // "https://host:8006"; the client adds /api2/json.
    std::string base_url;

    // API token (preferred): "user@realm!name" and its secret.
    std::string token_id;
    std::string token_secret;

    // Ticket auth, used when no token is given.
    std::string username;
    std::string password;

    // TLS: the server certificate's SHA-256 ("AB:CD:..", colons optional)
    // or a CA file; one of them is required, verification is never off.
    std::string fingerprint;
    std::string ca_file;

    long connect_timeout_ms = 5000;
    long request_timeout_ms = 30000;

    // A ticket is renewed once it is this old (Proxmox accepts 2 h).
    int ticket_renew_seconds = 3600;

    // GETs are retried this many times on retryable errors; writes never.
    int get_retries = 2;

    // Idle easy handles kept (each keeps its own connections alive).
    int max_idle_handles = 16;
};

using Params = std::vector<std::pair<std::string, std::string>>;

enum class Method { get, post, put, del };

class Client {
  public:
    // Errors: invalid_argument when neither a fingerprint nor a CA file,
    // or neither a token nor a user/password is given.
    static Result<std::unique_ptr<Client>> create(ClientOptions options);

    // One API call; returns the reply's `data` (may be JSON null).
    // GETs are retried with backoff on retryable errors; a POST, PUT or
    // DELETE is sent once, except after a 401 with an expired ticket,
    // which Proxmox answers before running anything.
    Result<json::Json> call(Method method, std::string_view path,
                            const Params& params = {});

    Result<json::Json> get(std::string_view path, const Params& params = {}) {
        return call(Method::get, path, params);
    }
    Result<json::Json> post(std::string_view path, const Params& params = {}) {
        return call(Method::post, path, params);
    }

    // Drops the ticket so the next call logs in again (tests, rotation).
    void forget_ticket();

    const ClientOptions& options() const { return options_; }

  private:
    struct Reply;
    struct Auth {
        std::string ticket;
        std::string csrf;
        std::chrono::steady_clock::time_point obtained;
    };

    explicit Client(ClientOptions options);

    Result<Reply> exchange(Method method, std::string_view path,
                           const Params& params, const Auth* auth);
    Result<json::Json> call_once(Method method, std::string_view path,
                                 const Params& params);
    Result<Auth> current_auth(bool force_login);
    Result<Auth> login(const std::string& secret);

    CurlEasy acquire_handle();
    void release_handle(CurlEasy handle);

    ClientOptions options_;
    std::string pin_;

    std::mutex handles_mutex_;
    std::vector<CurlEasy> idle_handles_;

    std::mutex auth_mutex_;
    Auth auth_;
};

// Milliseconds this thread spent waiting for Proxmox since the last call
// of this function; the worker puts it in each job step's log line.
int64_t take_pve_ms();

}  // namespace cc::proxmox
