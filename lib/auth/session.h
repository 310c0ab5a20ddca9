// Sessions in Redis: random 256-bit ids handed to the browser, stored only
// as their SHA-256, with idle and absolute expiry and a CSRF secret each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "redis/redis.h"

namespace cc::auth {

inline constexpr const char* kSessionCookie = "__Host-cc_session";

struct Session {
    std::string id;  // the secret the cookie carries
    int64_t user_id = 0;
    std::string role;
    std::string csrf_token;
    int64_t created_at = 0;  // unix seconds
    int64_t expires_at = 0;  // absolute end, unix seconds
};

struct SessionPolicy {
    int64_t idle_seconds = 2 * 3600;
    int64_t absolute_seconds = 12 * 3600;
};

class SessionStore {
  public:
    SessionStore(redis::Client& redis, SessionPolicy policy)
        : redis_(redis), policy_(policy) {}

    // A new session with a fresh id and CSRF token.
    Result<Session> create(int64_t user_id, const std::string& role);

    // The live session for this id, its idle timer renewed; nullopt when
    // unknown or expired. Errors only when Redis fails.
    Result<std::optional<Session>> find(const std::string& id);

    Result<void> destroy(const std::string& id);

    // Ends every session of a user (after a password change).
    Result<void> destroy_all_of(int64_t user_id);

    // The Set-Cookie value for a session, and the one that clears it.
    std::string cookie_for(const Session& session) const;
    static std::string clearing_cookie();

  private:
    redis::Client& redis_;
    SessionPolicy policy_;
};

}  // namespace cc::auth
