// Password hashing with bcrypt through libcrypt, and random tokens for
// session ids and other secrets.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace cc::auth {

// bcrypt reads at most this many bytes; longer passwords are refused
// rather than silently cut.
constexpr size_t kMaxPasswordBytes = 72;

// Returns a `$2b$<cost>$...` hash with a fresh random salt. Errors:
// invalid_argument for an empty password, one over 72 bytes or holding a
// NUL byte, or a cost outside 4..31; internal when libcrypt fails.
Result<std::string> hash_password(std::string_view password, int cost = 12);

// True when `password` matches `hash`; compares in constant time. False
// for a malformed hash or a password that could never have been hashed.
bool verify_password(std::string_view password, const std::string& hash);

// `bytes` random bytes from OpenSSL, base64url without padding (32 bytes
// give 43 characters). Throws std::runtime_error if the system's random
// generator fails, which leaves nothing safe to do.
std::string random_token(size_t bytes);

}  // namespace cc::auth
