// Session create, look-up with expiry renewal, and destroy, over Redis.
#include "auth/session.h"

#include <algorithm>
#include <charconv>
#include <ctime>

#include "auth/digest.h"
#include "auth/password.h"

namespace cc::auth {
namespace {

std::string key_for(const std::string& id) {
    return "cc:session:" + sha256_hex(id);
}

// The set of a user's session keys; entries of expired sessions linger
// until the set itself expires, which costs only a little memory.
std::string user_key(int64_t user_id) {
    return "cc:user-sessions:" + std::to_string(user_id);
}

int64_t to_int(const std::string& text) {
    int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

int64_t now_seconds() { return static_cast<int64_t>(std::time(nullptr)); }

bool plausible_id(const std::string& id) {
    if (id.size() != 43) return false;

    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

}  // namespace

Result<Session> SessionStore::create(int64_t user_id, const std::string& role) {
    Session s;
    s.id = random_token(32);
    s.user_id = user_id;
    s.role = role;
    s.csrf_token = random_token(32);
    s.created_at = now_seconds();
    s.expires_at = s.created_at + policy_.absolute_seconds;

    std::string key = key_for(s.id);
    auto set = redis_.command({"HSET", key, "uid", std::to_string(user_id),
                               "role", role, "csrf", s.csrf_token, "created",
                               std::to_string(s.created_at), "expires",
                               std::to_string(s.expires_at)});
    if (!set) return unexpected(set.error());

    auto ttl =
        redis_.command({"EXPIRE", key, std::to_string(policy_.idle_seconds)});
    if (!ttl) return unexpected(ttl.error());

    std::string index = user_key(user_id);
    auto added = redis_.command({"SADD", index, key});
    if (!added) return unexpected(added.error());
    auto kept = redis_.command(
        {"EXPIRE", index, std::to_string(policy_.absolute_seconds)});
    if (!kept) return unexpected(kept.error());

    return s;
}

Result<std::optional<Session>> SessionStore::find(const std::string& id) {
    if (!plausible_id(id)) return std::optional<Session>();

    std::string key = key_for(id);
    auto reply = redis_.command(
        {"HMGET", key, "uid", "role", "csrf", "created", "expires"});
    if (!reply) return unexpected(reply.error());

    const auto& f = reply->elements;
    if (f.size() != 5 || f[0].is_nil()) return std::optional<Session>();

    Session s{id,       to_int(f[0].str), f[1].str,
              f[2].str, to_int(f[3].str), to_int(f[4].str)};
    int64_t now = now_seconds();
    if (now >= s.expires_at) {
        (void)redis_.command({"DEL", key});
        return std::optional<Session>();
    }

    // Renew the idle timer, never past the absolute end.
    int64_t ttl = std::min(policy_.idle_seconds, s.expires_at - now);
    auto renewed = redis_.command({"EXPIRE", key, std::to_string(ttl)});
    if (!renewed) return unexpected(renewed.error());

    return std::optional<Session>(s);
}

Result<void> SessionStore::destroy(const std::string& id) {
    if (!plausible_id(id)) return {};

    auto reply = redis_.command({"DEL", key_for(id)});
    if (!reply) return unexpected(reply.error());
    return {};
}

std::string SessionStore::cookie_for(const Session& session) const {
    return std::string(kSessionCookie) + "=" + session.id +
           "; Path=/; Max-Age=" + std::to_string(policy_.absolute_seconds) +
           "; Secure; HttpOnly; SameSite=Lax";
}

std::string SessionStore::clearing_cookie() {
    return std::string(kSessionCookie) +
           "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
}

Result<void> SessionStore::destroy_all_of(int64_t user_id) {
    std::string index = user_key(user_id);
    auto keys = redis_.command({"SMEMBERS", index});
    if (!keys) return unexpected(keys.error());

    std::vector<std::string> del = {"DEL", index};
    for (const auto& k : keys->elements) del.push_back(k.str);
    auto gone = redis_.command(del);
    if (!gone) return unexpected(gone.error());
    return {};
}

}  // namespace cc::auth
